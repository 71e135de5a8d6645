"""Quantities compared across (and within) a story's articles.

A quantity's subject is its head noun and unit ("war" measured in years;
"drone" counted). Two quantities are compared when they share the subject
and are about the same statement:

- a duration of a named thing ("two-year-long war", "a war that has lasted
  more than three years") is specific enough on its own: same head, compare;
- a count ("65 drones", "10 drones") is only compared when the two sentences
  are aligned (same fact from ``align``) or, without facts, share a story
  entity and enough content words (``MIN_TERM_OVERLAP``).

Bounds decide (``compare.compare_quantities``): disjoint bounds are a
conflict, compatible ones a difference.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .claims import dedupe_claims, make_claim, sentence_bounds
from .compare import compare_quantities, same_time_frame, unit_key
from .linking import StoryEntities
from .names import fold
from .records import Article, Quantity, Reading

# Share of content words (Jaccard) two sentences need, with a shared entity,
# for their counts of one thing to be compared without aligned facts. Set
# high for precision: counts of one noun in one story are often of different
# events ("65 drones" fired, "10 drones" shot down). Tuned by hand on the
# unit cases of tests/test_conflicts.py.
MIN_TERM_OVERLAP = 0.3

_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True, slots=True)
class _Item:
    article: Article
    reading: Reading
    quantity: Quantity
    span: tuple[int, int]  # sentence bounds
    subject: tuple[str, str]  # (unit key, head)

    @property
    def duration(self) -> bool:
        return self.subject[0] == "duration"


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _subject(q: Quantity) -> tuple[str, str] | None:
    unit = unit_key(q.unit)
    head = fold(q.head or "") or None
    if q.ordinal or not unit:
        return None
    if unit == "duration":
        if not head or unit_key(head) == "duration":
            return None  # "three days" of what? nothing to compare
        return unit, head
    return unit, head or unit


def _items(articles: Sequence[Article], readings: Sequence[Reading]) -> list[_Item]:
    by_id = {a.id: a for a in articles}
    out = []
    for reading in readings:
        article = by_id.get(reading.article_id)
        for q in reading.quantities if article else ():
            subject = _subject(q)
            if subject:
                out.append(_Item(article, reading, q, sentence_bounds(article, reading, q.start), subject))
    return out


def _fact_index(facts) -> dict[tuple[str, int], set[str]]:
    """(article_id, sentence start) -> ids of the facts holding that sentence."""
    index: dict[tuple[str, int], set[str]] = {}
    for fact in facts or ():
        if isinstance(fact, dict):
            places = [(m["article_id"], m["start"]) for m in fact.get("mentions", ())]
            ident = fact.get("id", "")
        else:
            places = [(aid, start) for aid, _s, start, _e in fact.statements]
            ident = fact.id
        for place in places:
            index.setdefault(place, set()).add(ident)
    return index


def _sentence_entities(item: _Item, entities: StoryEntities) -> set[str]:
    start, end = item.span
    found = set()
    for m in item.reading.mentions:
        if start <= m.start < end:
            entity = entities.lookup(item.article.id, m.entity)
            if entity:
                found.add(entity.id)
    return found


def _terms(item: _Item) -> set[str]:
    text = item.article.text[item.span[0]:item.span[1]].lower()
    return {w for w in _WORD.findall(text) if w not in _stopwords()}


class _Relatedness:
    def __init__(self, entities: StoryEntities, facts) -> None:
        self.entities = entities
        self.facts = _fact_index(facts) if facts is not None else None

    def __call__(self, a: _Item, b: _Item) -> bool:
        if a.duration:
            return True
        if self.facts is not None:
            fa = self.facts.get((a.article.id, a.span[0]), set())
            if fa & self.facts.get((b.article.id, b.span[0]), set()):
                return True
        if not _sentence_entities(a, self.entities) & _sentence_entities(b, self.entities):
            return False
        ta, tb = _terms(a), _terms(b)
        return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= MIN_TERM_OVERLAP


def _claim(item: _Item) -> dict:
    q = item.quantity
    return make_claim(item.article, item.reading, q.text, q.start, q.end)


def _subject_label(subject: tuple[str, str]) -> str:
    unit, head = subject
    return f"{head}: duration" if unit == "duration" else f"{head}: number"


def quantity_findings(articles, readings, entities: StoryEntities, facts=None) -> tuple[list[dict], list[dict]]:
    """(conflicts, differences) over the story's quantities."""
    groups: dict[tuple[str, str], list[_Item]] = {}
    for item in _items(articles, readings):
        groups.setdefault(item.subject, []).append(item)
    related = _Relatedness(entities, facts)
    conflicts, differences = [], []
    for subject, group in groups.items():
        found, diffs = _compare_subject(subject, group, related)
        conflicts += found
        differences += diffs
    return conflicts, differences


def _compare_subject(subject, group: list[_Item], related) -> tuple[list[dict], list[dict]]:
    label = _subject_label(subject)
    clashes, compatible, self_clashes = [], [], []
    for i, a in enumerate(group):
        for b in group[i + 1:]:
            if (a.article.id, a.span) == (b.article.id, b.span) or not related(a, b):
                continue
            verdict = compare_quantities(a.quantity, b.quantity)
            if verdict is None:
                continue
            if a.article.id != b.article.id and not same_time_frame(
                a.article.published_value, b.article.published_value
            ):
                compatible.append((a, b, "different-time", f"{verdict.explanation}, written at different times"))
            elif verdict.verdict == "difference":
                if a.article.id != b.article.id:
                    compatible.append((a, b, verdict.kind, verdict.explanation))
            elif a.article.id == b.article.id:
                self_clashes.append((a, b, verdict.explanation))
            else:
                clashes.append((a, b, verdict.explanation))
    return _assemble(label, clashes, self_clashes, compatible)


def _assemble(label, clashes, self_clashes, compatible) -> tuple[list[dict], list[dict]]:
    conflicts = []
    if clashes or self_clashes:
        pairs = clashes + self_clashes
        claims = dedupe_claims([_claim(x) for a, b, _ in pairs for x in (a, b)])
        if len({c["article_id"] for c in claims}) >= 2:
            conflicts.append({"kind": "quantity", "subject": label, "claims": claims,
                              "explanation": "; ".join(sorted({e for _, _, e in pairs}))})
    for a, b, explanation in self_clashes:
        conflicts.append({"kind": "self-contradiction", "subject": label, "self": True,
                          "claims": dedupe_claims([_claim(a), _claim(b)]),
                          "explanation": f"{a.article.source_name or a.article.ref} says {explanation}"})
    differences = [{"kind": kind, "subject": label, "claims": [_claim(a), _claim(b)], "explanation": e}
                   for a, b, kind, e in compatible]
    return conflicts, differences
