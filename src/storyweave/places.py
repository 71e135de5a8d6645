"""Places of one event compared across a story's articles.

``names.place_of(name)`` resolves a place name to a country or a city, so
that "Kiev" and "Kyiv" are one city and Istanbul lies in Türkiye.

A place mention in a prepositional phrase ("talks *in Istanbul*") dates
nothing but locates what it attaches to, read from the parse like a date
(``dates.event_nouns``). Two articles locating one event (same noun, not
sentences about different people only, and overlapping surroundings or
aligned sentences):

- in places that exclude each other (two cities, a city outside the other's
  country, two countries) are a ``place`` conflict;
- in a city and its country are a ``more-specific`` difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .claims import dedupe_claims, different_people, make_claim, sentence_bounds, sentence_people
from .linking import StoryEntities
from .names import NEARBY_KM, Place, distance_km, place_of
from .records import Article, Reading

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_LOCATING = frozenset({"in", "at"})



def compare_places(a: Place, b: Place) -> str | None:
    """None when the same place; 'more-specific' for a city and its country or
    two cities within ``NEARBY_KM``; else 'conflict'."""
    if a.key == b.key:
        return None
    if a.kind != b.kind and a.country == b.country:
        return "more-specific"
    if a.kind == b.kind == "city" and None not in (a.lat, b.lat) and distance_km(a, b) <= NEARBY_KM:
        return "more-specific"
    return "conflict"


@dataclass(frozen=True, slots=True)
class _Located:
    article: Article
    reading: Reading
    start: int
    end: int
    name: str
    place: Place
    event: frozenset[str]
    context: frozenset[str]
    people: frozenset[str] = frozenset()


def _located(articles: Sequence[Article], readings: Sequence[Reading], entities: StoryEntities) -> list[_Located]:
    from .dates import _context, event_nouns

    by_id = {a.id: a for a in articles}
    out = []
    for reading in readings:
        article = by_id.get(reading.article_id)
        for m in reading.mentions if article else ():
            before = article.text[max(0, m.start - 4):m.start].lower().split() if article else []
            if m.kind != "name" or m.label not in _PLACE_LABELS or not before or before[-1] not in _LOCATING:
                continue
            if article.text[m.end:m.end + 2] in {"'s", "\u2019s"}:
                continue  # "in Saudi Arabia's war": the place owns, it does not locate
            place = place_of(m.text)
            if place is None:
                continue
            bounds = sentence_bounds(article, reading, m.start)
            sentence = article.text[bounds[0]:bounds[1]]
            event = event_nouns(sentence, m.start - bounds[0], m.end - bounds[0])
            out.append(_Located(article, reading, m.start, m.end, m.text, place, event,
                                _context(article.text, m.start, m.end, bounds),
                                sentence_people(article, reading, entities, m.start)))
    return out


def _same_event(a: _Located, b: _Located, aligned) -> bool:
    from .dates import MIN_CONTEXT_OVERLAP, MIN_SHARED_STEMS

    if not a.event & b.event or different_people(a.people, b.people):
        return False
    if aligned(a, b):
        return True
    shared = a.context & b.context
    return len(shared) >= MIN_SHARED_STEMS and len(shared) / len(a.context | b.context) >= MIN_CONTEXT_OVERLAP


def _claim(item: _Located) -> dict:
    return make_claim(item.article, item.reading, item.name, item.start, item.end)


def place_findings(articles, readings, entities: StoryEntities, aligned) -> tuple[list[dict], list[dict]]:
    """(place conflicts, more-specific place differences) of a story."""
    items = _located(articles, readings, entities)
    conflicts, differences = [], []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if a.article.id == b.article.id or not _same_event(a, b, aligned):
                continue
            verdict = compare_places(a.place, b.place)
            if verdict is None:
                continue
            subject = "place: " + ", ".join(sorted(a.event & b.event) or sorted(a.event | b.event))
            item = {"kind": "place" if verdict == "conflict" else "more-specific", "subject": subject,
                    "claims": dedupe_claims([_claim(a), _claim(b)]),
                    "explanation": f"{a.name!r} versus {b.name!r}" if verdict == "conflict"
                    else f"{a.name!r} and {b.name!r}: one lies in the other"}
            (conflicts if verdict == "conflict" else differences).append(item)
    return conflicts, differences
