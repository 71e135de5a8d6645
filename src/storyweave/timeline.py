"""The story's dated events, in order, each cited to its sentence.

An *event* is a fact (statements aligned across articles, see align.py) or,
for a sentence that joined no fact, the sentence itself. Its dates are the
time expressions the reading layer found in its sentences, resolved against
each article's publication date. Durations ("for three days") are not dates
and are left out.

Dates are compared at the coarser granularity of the two ("May 2025" agrees
with "15 May 2025"), and at most to the day (clock times are too often
approximate to contradict each other). Within one event, two articles
conflict when *each* gives a date the other has no compatible date for
("said on Monday ... talks on Thursday" against "said on Tuesday ... talks on
Thursday" conflicts on Monday/Tuesday; a sentence that merely adds a date does
not). The conflicting items are flagged ``conflict: true``.

Relative expressions that could not be resolved (an article with no
publication date) are kept with ``date: null``, ``relative: true`` and their
anchor, after the dated items in story order. They are *not* re-anchored to
other articles' dates: an undated article may be days older or newer than
the rest of the story, and a wrong date is worse than none.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from .records import Article, Fact, Reading, TimeExpr

_DAY = 10  # len("2025-05-15")


@dataclass(frozen=True, slots=True)
class _Dated:
    article: int  # story order of the article
    sentence: int  # Sentence.index
    start: int
    end: int
    time: TimeExpr
    key: str | None  # comparable date: YYYY, YYYY-MM or YYYY-MM-DD


def comparable(value: str | None, granularity: str = "day") -> str | None:
    """The part of an ISO value that a comparison may use (at most the day)."""
    if not value:
        return None
    date = value[:_DAY]
    if granularity == "year":
        return date[:4]
    if granularity == "month":
        return date[:7]
    return date


def compatible(a: str, b: str) -> bool:
    """Same date at the coarser granularity of the two."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _event_dates(
    articles: Sequence[Article], readings: Sequence[Reading], facts: Sequence[Fact]
) -> dict[object, list[_Dated]]:
    fact_of = {(aid, idx): f.id for f in facts for aid, idx, _, _ in f.statements}
    events: dict[object, list[_Dated]] = defaultdict(list)
    for a, (article, reading) in enumerate(zip(articles, readings, strict=True)):
        heading_blocks = {i for i, b in enumerate(article.blocks) if b.kind == "h"}
        sentences = {s.index: s for s in reading.sentences}
        for t in reading.times:
            s = sentences.get(t.sentence)
            if s is None or s.heading or s.block in heading_blocks or t.granularity == "duration":
                continue
            key = fact_of.get((article.id, s.index), (article.id, s.index))
            events[key].append(_Dated(a, s.index, s.start, s.end, t, comparable(t.value, t.granularity)))
    return events


def _conflicting(items: Sequence[_Dated]) -> set[int]:
    """Indices of items whose dates clash with another article's in the same event."""
    by_article: dict[int, list[int]] = defaultdict(list)
    for k, item in enumerate(items):
        if item.key:
            by_article[item.article].append(k)
    clashes: set[int] = set()
    arts = sorted(by_article)
    for x, a in enumerate(arts):
        for b in arts[x + 1 :]:
            lone_a = [k for k in by_article[a] if not any(compatible(items[k].key, items[j].key) for j in by_article[b])]
            lone_b = [k for k in by_article[b] if not any(compatible(items[k].key, items[j].key) for j in by_article[a])]
            if lone_a and lone_b:
                clashes.update(lone_a + lone_b)
    return clashes


def _item(item: _Dated, article: Article, conflict: bool) -> dict:
    t = item.time
    return {
        "date": t.value[:_DAY] if item.key and t.granularity not in ("year", "month") else item.key,
        "expression": t.text,
        "relative": bool(t.relative),
        "anchor": t.anchor,
        "text": article.text[item.start : item.end],
        "article_id": article.id,
        "start": item.start,
        "end": item.end,
        "source": article.source_name,
        "conflict": conflict,
    }


def _event_items(items: list[_Dated], articles: Sequence[Article]) -> list[tuple[tuple, dict]]:
    """One item per distinct date of the event (most specific wording kept),
    every clashing date kept, and each unresolved expression once."""
    clashes = _conflicting(items)
    out: list[tuple[tuple, dict]] = []
    kept: list[_Dated] = []
    for k, item in sorted(enumerate(items), key=lambda p: (-len(p[1].key or ""), p[1].article, p[1].start)):
        if item.key is None:
            continue
        same = next((j for j, other in enumerate(kept) if compatible(other.key, item.key)), None)
        if same is not None and k not in clashes:
            continue
        if same is not None and k in clashes and kept[same].article == item.article:
            continue
        kept.append(item)
        out.append(((0, item.key, item.article, item.start), _item(item, articles[item.article], k in clashes)))
    seen_text = set()
    for item in items:
        if item.key is None and item.time.relative and item.time.text.lower() not in seen_text:
            seen_text.add(item.time.text.lower())
            out.append(((1, "", item.article, item.start), _item(item, articles[item.article], False)))
    return out


def build_timeline(articles: Sequence[Article], readings: Sequence[Reading], facts: Sequence[Fact]) -> list[dict]:
    """Timeline items (schema ``timeline_item``): dated events by date, then
    unresolved ones in story order; clashing dates of one event flagged."""
    rows: list[tuple[tuple, dict]] = []
    for items in _event_dates(articles, readings, facts).values():
        rows.extend(_event_items(items, articles))
    rows.sort(key=lambda r: r[0])
    return [item for _, item in rows]
