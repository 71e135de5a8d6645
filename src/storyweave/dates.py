"""Dates of one event compared across a story's articles.

A resolved time expression (``TimeExpr.value``: "2022-02", "2022",
"2025-05-10") is tied to what it dates, read from the parse (the noun it
attaches to, or the subject of its verb: "Russia's full-scale *invasion* in
February 2022", "*talks* were held in March 2022"). Two expressions from
different articles are about the same event when they date the same noun and
their sentences are aligned in one fact or the words around them overlap
enough (``MIN_CONTEXT_OVERLAP``); then

- values that cannot both hold ("March 2022" / "February 2022") are a
  ``date`` conflict;
- a value inside the other ("2022" / "February 2022") is a
  ``more-specific`` difference.

Weekday names ("on Saturday") are compared only between articles published
on the same day, where they name the same date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .claims import dedupe_claims, different_people, make_claim, sentence_bounds, sentence_people
from .compare import parse_day
from .records import Article, Reading, TimeExpr

# Share of context stems (Jaccard) two time expressions' surroundings need to
# be taken for the same event, and the least number of shared stems. Set for
# precision by hand on the unit cases of tests/test_dates.py and the demo
# corpus' dated events (general mechanism; re-run those tests after a change).
MIN_CONTEXT_OVERLAP = 0.4
MIN_SHARED_STEMS = 2
CONTEXT_WORDS = 5  # words taken on each side of the expression
STEM = 5  # characters kept of each word: a crude stem ("invasion"/"invaded" -> "invas"/"invad")

_WORD = re.compile(r"[^\W\d_]{3,}")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True, slots=True)
class _Dated:
    article: Article
    reading: Reading
    time: TimeExpr
    value: str  # ISO value, or "weekday:<name>"
    context: frozenset[str]
    event: frozenset[str]  # lemmas of the nouns naming what is dated
    people: frozenset[str] = frozenset()  # story-entity ids of the people in its sentence


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | set(_WEEKDAYS) | {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "early", "late", "mid", "last", "next", "this", "year", "month", "week", "day"}


def _context(text: str, start: int, end: int, sentence: tuple[int, int]) -> frozenset[str]:
    """Stems of the words around ``text[start:end]`` inside its sentence."""
    before = _WORD.findall(text[max(sentence[0], start - 80):start])[-CONTEXT_WORDS:]
    after = _WORD.findall(text[end:min(sentence[1], end + 80)])[:CONTEXT_WORDS]
    return frozenset(w.lower()[:STEM] for w in before + after if w.lower() not in _stopwords())


def _value(time: TimeExpr) -> str | None:
    if time.value and time.granularity in {"day", "month", "year"}:
        return time.value[:10]
    words = time.text.lower().split()
    weekday = next((w for w in words if w in _WEEKDAYS), None)
    if weekday and time.granularity in {"day", "part-of-day"}:
        return f"weekday:{weekday}"
    return None


def _dated(articles: Sequence[Article], readings: Sequence[Reading], entities=None) -> list[_Dated]:
    by_id = {a.id: a for a in articles}
    out = []
    for reading in readings:
        article = by_id.get(reading.article_id)
        for time in reading.times if article else ():
            value = _value(time)
            if value:
                bounds = sentence_bounds(article, reading, time.start)
                sentence = article.text[bounds[0]:bounds[1]]
                event = event_nouns(sentence, time.start - bounds[0], time.end - bounds[0])
                people = sentence_people(article, reading, entities, time.start) if entities else frozenset()
                out.append(_Dated(article, reading, time, value,
                                  _context(article.text, time.start, time.end, bounds), event, people))
    return out


# Events are named by common nouns ("invasion", "talks"); a person or a place
# as the subject does many things at many dates, so it names no event.
_NOUNS = {"NOUN"}


def _verb_nouns(verb) -> set[str]:
    """Nouns of a verb that say what happened: subject, object of 'with', head of a relative clause."""
    found = {c.lemma_.lower() for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ in _NOUNS}
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"):
        found |= {c.lemma_.lower() for c in prep.children if c.dep_ == "pobj" and c.pos_ in _NOUNS}
    if verb.dep_ == "relcl" and verb.head.pos_ in _NOUNS:
        found.add(verb.head.lemma_.lower())
    return found


def event_nouns(sentence: str, start: int, end: int) -> frozenset[str]:
    """What a time expression dates, from the parse: "invasion in February 2022" -> {invasion};
    "talks were held in March 2022" -> {talk}; "the war, which began in 2022" -> {war}."""
    from .measures import _parse, _quantity_tokens

    doc = _parse(sentence)
    tokens = _quantity_tokens(doc, start, end)
    inside = {t.i for t in tokens}
    tops = [t for t in tokens if t.head.i not in inside]
    if not tops:
        return frozenset()
    top = tops[0]
    governor = top.head.head if top.dep_ == "pobj" else top.head
    if governor.pos_ in _NOUNS:
        return frozenset({governor.lemma_.lower()})
    if governor.pos_ in {"VERB", "AUX"}:
        return frozenset(_verb_nouns(governor))
    return frozenset()


def _same_event(a: _Dated, b: _Dated, aligned) -> bool:
    """One dated noun, in aligned sentences or with surroundings that overlap
    (an aligned sentence may date several things: the noun must agree)."""
    if not a.event & b.event or different_people(a.people, b.people):
        return False
    if aligned(a, b):
        return True
    shared = a.context & b.context
    union = a.context | b.context
    return len(shared) >= MIN_SHARED_STEMS and len(shared) / len(union) >= MIN_CONTEXT_OVERLAP


def compare_dates(a: str, b: str) -> str | None:
    """None when equal, 'more-specific' when one contains the other, else 'conflict'."""
    if a == b:
        return None
    if a.startswith("weekday:") or b.startswith("weekday:"):
        return "conflict" if a.startswith("weekday:") and b.startswith("weekday:") else None
    if a.startswith(b) or b.startswith(a):
        return "more-specific"
    return "conflict"


def _comparable(a: _Dated, b: _Dated) -> bool:
    if a.article.id == b.article.id:
        return False
    if a.value.startswith("weekday:") or b.value.startswith("weekday:"):
        da, db = parse_day(a.article.published_value), parse_day(b.article.published_value)
        return da is not None and da == db
    return True


def _claim(item: _Dated) -> dict:
    t = item.time
    return make_claim(item.article, item.reading, t.text, t.start, t.end)


def _subject(a: _Dated, b: _Dated) -> str:
    """"date: invasion": what both expressions date."""
    return "date: " + ", ".join(sorted(a.event & b.event) or sorted(a.event | b.event) or [a.time.text])


def date_findings(articles, readings, aligned, entities=None) -> tuple[list[dict], list[dict]]:
    """(date conflicts, more-specific date differences) of a story.

    ``aligned(a_sentence_place, b_sentence_place)`` tells whether two
    sentences were aligned in one fact (see ``measures``). With the story's
    ``entities``, sentences about different people only are not one event."""
    items = _dated(articles, readings, entities)
    conflicts, differences = [], []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if not _comparable(a, b) or not _same_event(a, b, aligned):
                continue
            verdict = compare_dates(a.value, b.value)
            if verdict == "conflict":
                conflicts.append({"kind": "date", "subject": _subject(a, b),
                                  "claims": dedupe_claims([_claim(a), _claim(b)]),
                                  "explanation": f"{a.time.text!r} versus {b.time.text!r} for the same event"})
            elif verdict == "more-specific":
                differences.append({"kind": "more-specific", "subject": _subject(a, b),
                                    "claims": dedupe_claims([_claim(a), _claim(b)]),
                                    "explanation": f"{a.time.text!r} and {b.time.text!r}: one is more precise"})
    return conflicts, differences


def sentence_aligner(facts):
    """A predicate over two dated or located items: are their sentences in one fact?"""
    from .measures import _fact_index

    index = _fact_index(facts) if facts is not None else {}

    def place(item) -> tuple[str, int]:
        start = item.time.start if hasattr(item, "time") else item.start
        return item.article.id, sentence_bounds(item.article, item.reading, start)[0]

    def aligned(a, b) -> bool:
        return bool(index.get(place(a), set()) & index.get(place(b), set()))

    return aligned
