"""Cited claims: a competing value with the sentence it stands in.

Conflicts and differences are made of claims (the report's ``claim``): the
value as read, where the value is (``value_start``/``value_end``), and the
whole sentence around it (``start``/``end``/``text``) so a reader can judge.
"""

from __future__ import annotations

import bisect
import re

from .ids import content_id
from .records import Article, Reading


def sentence_bounds(article: Article, reading: Reading, position: int) -> tuple[int, int]:
    """(start, end) of the sentence holding character ``position`` (else its block/line)."""
    starts = [s.start for s in reading.sentences]
    i = bisect.bisect_right(starts, position) - 1
    if 0 <= i < len(reading.sentences) and position < reading.sentences[i].end:
        return reading.sentences[i].start, reading.sentences[i].end
    start = article.text.rfind("\n", 0, position) + 1
    end = article.text.find("\n", position)
    return start, (len(article.text) if end < 0 else end)


# A line that is only a clock time ("2:45 p.m.", "10 a.m. ET", "Update 14:30
# GMT"): the heading of one update in a live article.
_UPDATE_STAMP = re.compile(
    r"^[ \t]*(?i:update[ds]?:?[ \t]*(?:at[ \t]+)?)?"
    r"(?:\d{1,2}:\d{2}(?:[ \t]*(?i:[ap]\.?[ \t]?m\.?))?|\d{1,2}[ \t]*(?i:[ap]\.?[ \t]?m\.?))"
    r"(?:[ \t]+[A-Z]{2,4})?\.?[ \t]*$",
    re.MULTILINE,
)


def update_starts(article: Article) -> tuple[int, ...]:
    """Offsets of a live article's update headings (lines that are only a
    clock time), when it has two or more; otherwise ()."""
    starts = tuple(m.start() for m in _UPDATE_STAMP.finditer(article.text))
    return starts if len(starts) >= 2 else ()


def update_of(article: Article, position: int) -> int:
    """Which update of a live article holds ``position`` (0 before the first
    heading, and always 0 in an article without update headings)."""
    return bisect.bisect_right(update_starts(article), position)


def same_update(article: Article, a: int, b: int) -> bool:
    """Whether offsets ``a`` and ``b`` of ``article`` fall in one update of a
    live article (always true for an article without update headings): a
    live article updated in place ("182 delegates" at 2 p.m., "221" at 9
    p.m.) does not contradict itself."""
    return update_of(article, a) == update_of(article, b)


def sentence_people(article: Article, reading: Reading, entities, position: int) -> frozenset[str]:
    """Story-entity ids of the people named (or referred to) in the sentence
    at ``position``; ``entities`` is the story's ``linking.StoryEntities``."""
    start, end = sentence_bounds(article, reading, position)
    out = set()
    for m in reading.mentions:
        if start <= m.start < end:
            entity = entities.lookup(article.id, m.entity)
            if entity is not None and entity.type == "PERSON":
                out.add(entity.id)
    return frozenset(out)


def different_people(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two sentences about different people only: not one event ("his win in
    Oklahoma" for one candidate, "an early win in Florida" for another)."""
    return bool(a) and bool(b) and not a & b


def make_claim(article: Article, reading: Reading, value: str, start: int, end: int) -> dict:
    """The report's ``claim`` for ``value`` found at ``article.text[start:end]``."""
    s_start, s_end = sentence_bounds(article, reading, start)
    s_end = max(s_end, min(end, len(article.text)))
    return {
        "value": value,
        "article_id": article.id,
        "start": s_start,
        "end": s_end,
        "text": article.text[s_start:s_end],
        "source": article.source_name,
        "value_start": start,
        "value_end": end,
    }


def with_id(item: dict) -> dict:
    """Give a conflict or difference a content id (kind, subject, claim places)."""
    places = sorted((c["article_id"], c.get("value_start"), c.get("value_end")) for c in item["claims"])
    item["id"] = content_id(item["kind"], item["subject"], places, prefix="c-")
    return item


def dedupe_claims(claims: list[dict]) -> list[dict]:
    """One claim per (article, value span), in input order."""
    seen, out = set(), []
    for claim in claims:
        key = (claim["article_id"], claim.get("value_start"), claim.get("value_end"))
        if key not in seen:
            seen.add(key)
            out.append(claim)
    return out
