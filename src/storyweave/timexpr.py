"""Time expressions, resolved against the publication date when known.

Candidates are spaCy's DATE and TIME entities plus a regex for what the
model misses (weekday and month names, today/yesterday/tomorrow, last/next
week, "months earlier", years). No dateparser: the forms news uses are few,
and the rules below are explicit.

Resolution rule for a weekday ("on Thursday", "late Sunday", "this Friday")
and month-day without a year: the tense of the clause decides. A clause
with "will"/"shall", or a verb under "set to", "going to", "due to",
"expected to", "scheduled to", "plans to" (or "next"/"this" with a present
verb) is future: the first such day on or after publication. A past verb
(VBD/VBN) or "last" is past: the latest such day on or before publication.
Otherwise the nearer of the two (ties: past). Without a publication date,
relative expressions stay unresolved (``value=None``) with ``anchor``
naming what they are relative to.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .records import TimeExpr

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_PARTS = ("morning", "afternoon", "evening", "night", "overnight")
_FUTURE_HEADS = frozenset({"set", "go", "due", "schedule", "expect", "plan", "intend", "poise", "slate"})
_UNIT_WORDS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
               "year": "year", "years": "year", "hour": "hour", "hours": "hour", "minute": "minute", "minutes": "minute"}

_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MO = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)"
_PATTERN = re.compile(
    rf"\b(?:(?:early|late|on|this|next|last|past)\s+)?{_WD}(?:\s+(?:morning|afternoon|evening|night))?\b"
    rf"|\b{_MO}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+(?:19|20)\d\d)?\b"
    r"|\b(?:[Tt]oday|[Tt]onight|[Yy]esterday|[Tt]omorrow)\b"
    r"|\b(?:[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast)\s+(?:week|month|year|weekend)\b|\b[Tt]he\s+weekend\b"
    r"|\b(?:days|weeks|months|years|hours)\s+(?:earlier|later|ago|before)\b"
    r"|\b(?:19|20)\d\d\b"
)


def _pub_date(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def _weekday_date(pub: date, weekday: int, direction: str) -> date:
    back = pub - timedelta(days=(pub.weekday() - weekday) % 7)
    ahead = pub + timedelta(days=(weekday - pub.weekday()) % 7)
    if direction == "past":
        return back
    if direction == "future":
        return ahead
    return back if (pub - back) <= (ahead - pub) else ahead


def _direction(words: list[str], verb) -> str:
    if "last" in words or "past" in words:
        return "past"
    if "next" in words:
        return "future"
    tense = _tense(verb) if verb is not None else None
    if tense:
        return tense
    return "future" if "this" in words else "nearest"


def _tense(verb) -> str | None:
    """"future", "past" or None for the clause governed by ``verb``."""
    if any(c.lower_ in {"will", "'ll", "shall", "’ll"} for c in verb.children):
        return "future"
    tok = verb
    for _ in range(3):
        if tok.dep_ == "xcomp" and tok.head.lemma_ in _FUTURE_HEADS:
            return "future"
        if tok.head.i == tok.i:
            break
        tok = tok.head
    if verb.tag_ == "VB" and any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children):
        return "future"  # "invited him to meet on Thursday"
    if verb.tag_ in {"VBD", "VBN"} or any(c.tag_ == "VBD" and c.dep_ in {"aux", "auxpass"} for c in verb.children):
        return "past"
    return None


# --------------------------------------------------------------------------- resolution


def _number(words: list[str]) -> int | None:
    from .quantities import WORD_NUMBERS

    for w in words:
        if w.isdigit():
            return int(w)
        if w in WORD_NUMBERS:
            return WORD_NUMBERS[w]
    return None


def _shift(pub: date, n: int, unit: str) -> tuple[str, str]:
    if unit == "year":
        return f"{pub.year - n:04d}", "year"
    if unit == "month":
        m = pub.year * 12 + pub.month - 1 - n
        return f"{m // 12:04d}-{m % 12 + 1:02d}", "month"
    days = {"week": 7 * n, "day": n}.get(unit, 0)
    return (pub - timedelta(days=days)).isoformat(), "day"


def _offset_expr(words, pub):
    unit = next((_UNIT_WORDS[w] for w in words if w in _UNIT_WORDS), None)
    n = _number(words)
    if "ago" in words and n is not None and pub is not None and unit in {"year", "month", "week", "day"}:
        value, gran = _shift(pub, n, unit)
        return value, True, pub.isoformat(), gran
    if "ago" in words:
        return None, True, pub.isoformat() if pub else "publication date", "duration"
    return None, True, "preceding event", "duration"


def _month_of(word: str) -> int | None:
    if word in MONTHS:
        return MONTHS.index(word) + 1
    return _MONTH_ABBR.get(word)


def _month_expr(words, pub, direction):
    month = next(m for m in map(_month_of, words) if m)
    year = next((int(w) for w in words if len(w) == 4 and w.isdigit()), None)
    day = next((int(w.rstrip("stndrh")) for w in words if w[:1].isdigit() and len(w.rstrip("stndrh")) <= 2), None)
    if year is not None:
        if day is not None and 1 <= day <= 31:
            return _safe_date(year, month, day), False, None, "day"
        return f"{year:04d}-{month:02d}", False, None, "month"
    if pub is None:
        return None, True, "publication date", "day" if day else "month"
    year = pub.year
    probe = date(year, month, min(day or 1, 28))
    if direction == "past" and probe > pub + timedelta(days=1):
        year -= 1
    elif direction == "future" and probe < pub - timedelta(days=1) and (pub - probe).days > 31:
        year += 1
    if day is not None and 1 <= day <= 31:
        return _safe_date(year, month, day), True, pub.isoformat(), "day"
    return f"{year:04d}-{month:02d}", True, pub.isoformat(), "month"


def _safe_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def _deictic(words, pub):
    """today / yesterday / tomorrow / last week / next month / this year."""
    shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
    for w, d in shift.items():
        if w in words:
            gran = "part-of-day" if w == "tonight" else "day"
            return ((pub + timedelta(days=d)).isoformat() if pub else None), True, _anchor(pub), gran
    step = -1 if ("last" in words or "past" in words) else 1 if "next" in words else 0
    if pub is None:
        return None, True, "publication date", "unknown"
    if "week" in words or "weekend" in words:
        iso = (pub + timedelta(weeks=step)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}", True, pub.isoformat(), "unknown"
    if "month" in words:
        m = pub.year * 12 + pub.month - 1 + step
        return f"{m // 12:04d}-{m % 12 + 1:02d}", True, pub.isoformat(), "month"
    return f"{pub.year + step:04d}", True, pub.isoformat(), "year"


def _anchor(pub: date | None) -> str:
    return pub.isoformat() if pub else "publication date"


def resolve(text: str, pub: date | None, verb=None) -> tuple[str | None, bool, str | None, str]:
    """(value, relative, anchor, granularity) of one expression."""
    words = re.findall(r"[a-z]+\.?|\d+(?:st|nd|rd|th)?", text.lower())
    words = [w.rstrip(".") for w in words]
    if any(w in {"ago", "earlier", "later", "before"} for w in words) and any(w in _UNIT_WORDS for w in words):
        return _offset_expr(words, pub)
    wd = next((WEEKDAYS.index(w) for w in words if w in WEEKDAYS), None)
    if wd is not None:
        gran = "part-of-day" if any(w in _PARTS or w in {"late", "early"} for w in words) else "day"
        if pub is None:
            return None, True, "publication date", gran
        return _weekday_date(pub, wd, _direction(words, verb)).isoformat(), True, pub.isoformat(), gran
    if any(_month_of(w) for w in words):
        return _month_expr(words, pub, _direction(words, verb))
    if "weekend" in words:  # the weekend's Saturday, by the clause's tense
        if pub is None:
            return None, True, "publication date", "unknown"
        return _weekday_date(pub, 5, _direction(words, verb)).isoformat(), True, pub.isoformat(), "unknown"
    if any(w in {"today", "tonight", "yesterday", "tomorrow"} for w in words) or (
        any(w in {"last", "next", "this", "past"} for w in words) and any(w in {"week", "weekend", "month", "year"} for w in words)
    ):
        return _deictic(words, pub)
    years = [w for w in words if len(w) == 4 and w.isdigit()]
    if len(years) == 1 and not any(w in _UNIT_WORDS for w in words):
        return years[0], False, None, "year"  # "2024", "early 2022"
    if any(w in _UNIT_WORDS for w in words):
        return None, False, None, "duration"
    return None, False, None, "unknown"


# --------------------------------------------------------------------------- extraction


def _candidates(doc) -> list[tuple[int, int]]:
    """Character spans (doc-local): spaCy DATE/TIME entities, then regex
    matches that no entity covers."""
    text = doc.text  # built anew on every access: read it once
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"DATE", "TIME"}]
    for m in _PATTERN.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in spans):
            spans.append((m.start(), m.end()))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        # "Saturday" + "night": spaCy tags them DATE and TIME separately
        if merged and text[merged[-1][1] : s] == " " and text[s:e].lower() in _PARTS:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _governing_verb(tok):
    for _ in range(6):
        if tok.pos_ in {"VERB", "AUX"}:
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _plausible(span) -> bool:
    """Drop a bare month word that is not a name ("may", "march on") and a
    four-digit number that counts something ("2000 troops")."""
    if len(span) == 1:
        tok = span[0]
        if tok.lower_ in MONTHS and tok.pos_ != "PROPN":
            return False
        if tok.text.isdigit() and tok.dep_ == "nummod":
            return False
    return any(ch.isalnum() for ch in span.text)


def _clause(verb, sent) -> str | None:
    if verb is None:
        return None
    toks = [t for t in verb.subtree if sent.start <= t.i < sent.end]
    if not toks:
        return None
    return verb.doc[toks[0].i : toks[-1].i + 1].text[:300]


def extract_times(parsed, published: str | None) -> list[TimeExpr]:
    """Time expressions of one article, resolved against ``published``."""
    pub = _pub_date(published)
    text = parsed.article.text
    out: list[TimeExpr] = []
    for offset, doc in parsed.docs:
        for s, e in _candidates(doc):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or not len(span) or not _plausible(span):
                continue
            verb = _governing_verb(span.root)
            # An expression hanging on a noun ("talks ... this Thursday") dates
            # that noun's event, not the clause: the verb's tense says nothing.
            on_noun = span.root.head.pos_ in {"NOUN", "PROPN"} and span.root.dep_ in {"npadvmod", "nmod", "compound"}
            value, relative, anchor, gran = resolve(span.text, pub, None if on_noun else verb)
            start, end = offset + span.start_char, offset + span.end_char
            out.append(TimeExpr(start, end, text[start:end], value, relative, anchor, parsed.locate(start), gran, _clause(verb, span.sent)))
    return out
