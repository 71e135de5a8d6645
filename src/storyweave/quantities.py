"""Numbers with what they count, their bounds and the noun they qualify.

``over 100 rounds`` -> value 100, low 100, high None, unit "round";
``a 30-day ceasefire`` -> value 30, unit "day", head "ceasefire";
``two-year-long war`` -> value 2, unit "year", head "war";
``80th anniversary`` -> value 80, ordinal, unit "anniversary".

Written numbers are read ("three", "a dozen", "2.5 million"); years,
calendar dates and clock times are left to ``timexpr``. Approximators
become bounds (see ``APPROXIMATORS``) so that ``compare`` can tell "over
100" and "120" apart from "two-year-long" and "more than three years".
Durations are compared in days.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from .records import Quantity

WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90})
WORD_NUMBERS.update({"dozen": 12, "a dozen": 12, "half a dozen": 6, "a hundred": 100, "a thousand": 1000})
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6}
# Plural round numbers with no exact value ("hundreds of drones"): lower bound.
VAGUE = {"tens": 20, "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "millions": 2e6, "billions": 2e9}
# approximator -> (low factor, high factor); None = open-ended. General English.
APPROXIMATORS = {
    "more than": (1.0, None), "over": (1.0, None), "above": (1.0, None), "upwards of": (1.0, None),
    "at least": (1.0, None), "no fewer than": (1.0, None), "no less than": (1.0, None),
    "fewer than": (None, 1.0), "less than": (None, 1.0), "under": (None, 1.0), "below": (None, 1.0),
    "at most": (None, 1.0), "up to": (None, 1.0), "as many as": (None, 1.0), "no more than": (None, 1.0),
    "nearly": (0.9, 1.0), "almost": (0.9, 1.0), "close to": (0.9, 1.0), "just under": (0.9, 1.0),
    "about": (0.9, 1.1), "around": (0.9, 1.1), "approximately": (0.9, 1.1), "roughly": (0.9, 1.1),
    "some": (0.9, 1.1), "an estimated": (0.9, 1.1), "estimated": (0.9, 1.1), "~": (0.9, 1.1),
    "just over": (1.0, 1.1), "exactly": (1.0, 1.0), "only": (1.0, 1.0),
}
DURATION_DAYS = {"year": 365.0, "month": 30.0, "week": 7.0, "day": 1.0, "hour": 1 / 24, "minute": 1 / 1440}
CURRENCIES = {"$": "dollar", "€": "euro", "£": "pound", "¥": "yen", "us$": "dollar"}
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.I)
_NUMERIC = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_YEARLIKE = re.compile(r"^(1[89]|20)\d\d$")


def _number_value(words: list[str]) -> float | None:
    """Value of a run of number words ("2.5", "million") or None."""
    joined = " ".join(words)
    if joined in WORD_NUMBERS:
        return float(WORD_NUMBERS[joined])
    value: float | None = None
    for w in words:
        if _NUMERIC.match(w):
            value = (value or 0) + float(w.replace(",", ""))
        elif w in WORD_NUMBERS:
            value = (value or 0) + WORD_NUMBERS[w]
        elif w in SCALES and value is not None:
            value *= SCALES[w]
        elif w in SCALES:
            value = SCALES[w]
        elif w != "a":
            return None
    return value


def _is_number_word(tok) -> bool:
    w = tok.lower_
    return bool(_NUMERIC.match(w)) or w in WORD_NUMBERS or w in SCALES or (w == "a" and _next_is(tok, {"dozen", "hundred", "thousand"}))


def _next_is(tok, words) -> bool:
    return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in words


def compare(a: Quantity, b: Quantity) -> Literal["equal", "compatible", "conflict", "unrelated"]:
    """How two quantities relate: same unit, then by their bounds."""
    ua, ub = _unit_key(a), _unit_key(b)
    if ua is None or ub is None or ua != ub or a.ordinal != b.ordinal:
        return "unrelated"
    fa, fb = _factor(a), _factor(b)
    la, ha = _bounds(a, fa)
    lb, hb = _bounds(b, fb)
    if la == ha == lb == hb:
        return "equal"
    if la <= hb and lb <= ha:
        return "compatible"
    return "conflict"


def _unit_key(q: Quantity) -> str | None:
    if q.unit is None:
        return None
    return "duration" if q.unit in DURATION_DAYS else q.unit


def _factor(q: Quantity) -> float:
    return DURATION_DAYS.get(q.unit or "", 1.0)


def _bounds(q: Quantity, factor: float) -> tuple[float, float]:
    low = q.low if q.low is not None else -math.inf
    high = q.high if q.high is not None else math.inf
    return low * factor, high * factor


# --------------------------------------------------------------------------- extraction

_COMPOUND_TAILS = frozenset({"long", "old", "strong", "wide", "high", "deep", "tall", "year"})
_DATE_LIKE = frozenset({"DATE", "TIME"})


def _approximator(doc, i: int) -> tuple[str | None, int]:
    """The approximator ending right before token ``i`` and its first token."""
    for n in (3, 2, 1):
        if i - n < 0:
            continue
        phrase = " ".join(t.lower_ for t in doc[i - n : i])
        if phrase in APPROXIMATORS:
            return phrase, i - n
    return None, i


def _unit_after(doc, j: int):
    """(unit token, head token, end index) of what the number at ``j-1`` counts."""
    n = len(doc)
    if j < n and doc[j].text in {"%", "percent"}:
        return doc[j], None, j + 1
    if j + 1 < n and doc[j].lower_ == "per" and doc[j + 1].lower_ == "cent":
        return doc[j + 1], None, j + 2
    if j + 1 < n and doc[j].text == "-" and doc[j + 1].pos_ in {"NOUN", "PROPN", "ADJ"}:
        unit, k = doc[j + 1], j + 2
        if k + 1 < n and doc[k].text == "-" and doc[k + 1].lower_ in _COMPOUND_TAILS:
            k += 2
        head = next((t for t in doc[k : k + 3] if t.pos_ == "NOUN"), None)
        return unit, head, k
    num = doc[j - 1]
    if num.dep_ in {"nummod", "quantmod"} and num.head.i >= j and num.head.i - j <= 3 and num.head.pos_ in {"NOUN", "PROPN"}:
        return num.head, None, num.head.i + 1
    if j < n and doc[j].pos_ == "NOUN":
        return doc[j], None, j + 1
    return None, None, j


def _unit_word(tok) -> str:
    if tok.text in {"%", "percent", "cent"}:
        return "percent"
    return tok.lemma_.lower() if tok.pos_ != "PROPN" else tok.lower_


def _cardinal(doc, i: int):
    """(value, unit tok, head tok, first index, end index, currency) or None."""
    j = i
    while j < len(doc) and _is_number_word(doc[j]):
        j += 1
    value = _number_value([t.lower_ for t in doc[i:j]])
    if value is None:
        return None
    unit, head, end = _unit_after(doc, j)
    currency = CURRENCIES.get(doc[i - 1].lower_) if i > 0 else None
    return value, unit, head, i - (currency is not None), end, currency, j


def _skip(doc, i: int, j: int, unit_word: str | None) -> bool:
    """Dates, years, clock times and bare "one" are not quantities."""
    first = doc[i]
    if first.ent_type_ in _DATE_LIKE and unit_word not in DURATION_DAYS:
        return True
    if _YEARLIKE.match(first.text) and unit_word is None:
        return True
    return j - i == 1 and first.lower_ in {"one", "a"} and unit_word is None


def _make(doc, offset, text, locate, start_i, end_i, value, low, high, unit, approx, head, ordinal=False):
    start = offset + doc[start_i].idx
    last = doc[end_i - 1]
    end = offset + last.idx + len(last.text)
    return Quantity(start, end, text[start:end], value, low, high, unit, approx, locate(start), head, ordinal)


def _bounded(value: float, approx: str | None) -> tuple[float | None, float | None]:
    lf, hf = APPROXIMATORS.get(approx, (1.0, 1.0)) if approx else (1.0, 1.0)
    return (value * lf if lf is not None else None), (value * hf if hf is not None else None)


def _vague(doc, i: int, offset: int, text: str, locate) -> tuple[Quantity, int]:
    """"hundreds of drones" -> at least 200; "tens of thousands of people"
    -> at least 20,000 (a lower bound only)."""
    v = float(VAGUE.get(doc[i].lower_, 20))
    j = i + 2
    if j < len(doc) and doc[j].lower_ in VAGUE and j + 1 < len(doc) and doc[j + 1].lower_ == "of":
        v *= VAGUE[doc[j].lower_] / 2  # "hundreds of thousands": 2 x 100 x 1,000
        j += 2
    unit = next((t for t in doc[j : j + 3] if t.pos_ == "NOUN"), None)
    word = _unit_word(unit) if unit is not None else None
    end = unit.i + 1 if unit is not None else i + 1
    approx = " ".join(t.lower_ for t in doc[i : max(i + 1, j - 1)] if t.lower_ != "of") or None
    return _make(doc, offset, text, locate, i, end, v, v, None, word, approx, word), end


def _doc_quantities(doc, offset: int, text: str, locate) -> list[Quantity]:
    out: list[Quantity] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        ordm = _ORDINAL.match(tok.text)
        if ordm:
            unit = doc[i + 1] if i + 1 < len(doc) and doc[i + 1].pos_ == "NOUN" else None
            word = _unit_word(unit) if unit is not None else None
            v = float(ordm.group(1))
            out.append(_make(doc, offset, text, locate, i, i + 1 + (unit is not None), v, v, v, word, None, word, True))
            i += 1
            continue
        if tok.lower_ in VAGUE and _next_is(tok, {"of"}):
            q, i = _vague(doc, i, offset, text, locate)
            out.append(q)
            continue
        got = _cardinal(doc, i) if _is_number_word(tok) else None
        if got is None:
            i += 1
            continue
        value, unit, head, first, end, currency, j = got
        word = currency or (_unit_word(unit) if unit is not None else None)
        if _skip(doc, i, j, word):
            i = j
            continue
        approx, first = _approximator(doc, first)
        low, high = _bounded(value, approx)
        head_word = head.lemma_.lower() if head is not None else word
        out.append(_make(doc, offset, text, locate, first, max(end, j), value, low, high, word, approx, head_word))
        i = max(end, j)
    return out


def extract_quantities(parsed) -> list[Quantity]:
    """Quantities of one article, in text order."""
    text = parsed.article.text
    out: list[Quantity] = []
    for offset, doc in parsed.docs:
        out.extend(_doc_quantities(doc, offset, text, parsed.locate))
    return out
