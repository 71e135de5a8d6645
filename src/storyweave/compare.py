"""Pure comparators of structured values: descriptions and quantities.

Each comparator returns ``None`` (nothing to report: same value, or values
that cannot be compared) or a ``Verdict``: a ``conflict`` (the two values
cannot both be true of the same thing at the same time) or a ``difference``
(both can be true: one is more specific, compatible bounds, other times).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from .names import affiliation_key, country_key, fold

# Two articles published further apart than this (days) may describe a
# person's status at different times ("president" then "former president"):
# a change of status is then a difference, not a conflict. Chosen so that
# articles of one news cycle (about a month) are compared strictly.
TIME_FRAME_DAYS = 30

# Relative tolerance of "about N" / "around N" (0.2 -> [0.8 N, 1.2 N]), and
# the lower bound of "nearly N" / "almost N" (0.85 N). Checked against the
# ClaimDiff numeric pairs (bench/claimdiff_quantities.py); re-run after a change.
ABOUT_TOLERANCE = 0.2
NEARLY_FLOOR = 0.85

# "outgoing" is current when written and former soon after: not comparable.
# "late" (deceased) is left out on purpose: news keeps a dead person's last
# title ("Sen. John McCain ... passed away"), so "late Sen." is only more specific.
_STATUS = {
    "former": "former", "ex": "former", "ex-": "former", "erstwhile": "former", "onetime": "former",
    "one-time": "former", "previous": "former", "past": "former",
    "current": "current", "incumbent": "current", "sitting": "current", "outgoing": "then",
    "incoming": "future", "designate": "future", "presumptive": "future", "presumed": "future",
    "would-be": "future", "elect": "future",
    "then": "then", "then-": "then",
}
_RANK = {"deputy": "deputy", "vice": "deputy", "acting": "acting", "interim": "acting"}
_ROLE_SPELLINGS = {"advisor": "adviser", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
                   "chairman": "chair", "chairwoman": "chair", "chairperson": "chair"}


@dataclass(frozen=True, slots=True)
class Verdict:
    verdict: Literal["conflict", "difference"]
    kind: str  # conflict: "description", "quantity"; difference: "more-specific", ...
    explanation: str


# ------------------------------------------------------------------ descriptions


def norm_role(role: str | None) -> str | None:
    if not role:
        return None
    words = role.lower().replace("-", " ").split()
    return " ".join(_ROLE_SPELLINGS.get(w, w) for w in words) or None


def _qualifier_words(qualifier: str | None) -> list[str]:
    return (qualifier or "").lower().replace("then-", "then ").split()


def status(qualifier: str | None) -> str:
    """'former', 'current', 'future' or 'then' (historical: not comparable)."""
    for word in _qualifier_words(qualifier):
        if word in _STATUS:
            return _STATUS[word]
    return "current"


def rank(qualifier: str | None) -> str | None:
    for word in _qualifier_words(qualifier):
        if word in _RANK:
            return _RANK[word]
    return None


def parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def same_time_frame(a: str | None, b: str | None, days: int = TIME_FRAME_DAYS) -> bool:
    """True unless both dates are known and lie more than ``days`` apart."""
    da, db = parse_day(a), parse_day(b)
    return da is None or db is None or abs((da - db).days) <= days


def _label(role: str, qualifier: str | None, affiliation: str | None) -> str:
    return " ".join(part for part in (qualifier, affiliation, role) if part)


def compare_descriptions(a, b, date_a: str | None = None, date_b: str | None = None,
                         single_office: bool = False, aff_key=affiliation_key) -> Verdict | None:
    """Compare two descriptions (objects with role, qualifier, affiliation) of one entity.

    ``aff_key`` maps an affiliation to a comparable key (default: a country
    code or the folded text; the story passes one that knows its entities, so
    "Zelenskyy's aide" and "Zelensky's aide" agree)."""
    role = norm_role(a.role)
    if role is None or role != norm_role(b.role):
        return None
    sa, sb = status(a.qualifier), status(b.qualifier)
    if "then" in (sa, sb):
        return None
    la = _label(role, a.qualifier, a.affiliation)
    lb = _label(role, b.qualifier, b.affiliation)
    ka, kb = aff_key(a.affiliation), aff_key(b.affiliation)
    if ka and kb and ka != kb:
        if _nested(a.affiliation, b.affiliation):  # "House Judiciary chair" / "House Judiciary Committee chair"
            return Verdict("difference", "more-specific", f"{la!r} and {lb!r}")
        if single_office and sa == sb and country_key(a.affiliation) and country_key(b.affiliation):
            return Verdict("conflict", "description", f"{la!r} and {lb!r}: same office of different countries")
        return Verdict("difference", "different-affiliation", f"{la!r} and {lb!r}")
    if sa != sb:
        if not same_time_frame(date_a, date_b):
            return Verdict("difference", "different-time", f"{la!r} and {lb!r}, written at different times")
        if _courtesy_title(a, sa, ka) or _courtesy_title(b, sb, kb):
            return Verdict("difference", "courtesy-title", f"{la!r} and {lb!r}: a bare title is also "
                                                             "kept for former holders")
        return Verdict("conflict", "description", f"{sa} ({la!r}) versus {sb} ({lb!r})")
    return _compare_rank(a, b, la, lb, ka, kb)


def _courtesy_title(d, state: str, key: str | None) -> bool:
    """"President George H.W. Bush" of a former president: a bare current title
    (no qualifier, no affiliation) is the usual courtesy, not a claim of office."""
    return state == "current" and not key and not (d.qualifier or "").strip()


def _nested(a: str | None, b: str | None) -> bool:
    """One affiliation's words all inside the other's (not two countries)."""
    if country_key(a) and country_key(b):
        return False
    wa, wb = set(fold(a or "").split()), set(fold(b or "").split())
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _compare_rank(a, b, la: str, lb: str, ka: str | None, kb: str | None) -> Verdict | None:
    ra, rb = rank(a.qualifier), rank(b.qualifier)
    if ra != rb:
        kind = "conflict" if "deputy" in (ra, rb) else "difference"
        return Verdict(kind, "description" if kind == "conflict" else "different-rank", f"{la!r} versus {lb!r}")
    if bool(ka) != bool(kb):
        return Verdict("difference", "more-specific", f"{la!r} and {lb!r}")
    qa, qb = set(_qualifier_words(a.qualifier)), set(_qualifier_words(b.qualifier))
    if qa != qb:
        return Verdict("difference", "more-specific", f"{la!r} and {lb!r}")
    return None


# ------------------------------------------------------------------ quantities

# Durations are compared in days.
_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0,
         "fortnight": 14.0, "month": 30.44, "year": 365.25, "decade": 3652.5, "century": 36525.0}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_ABOUT = {"about", "around", "roughly", "approximately", "some", "estimated", "an estimated", "approx",
          "close to", "circa", "or so"}
_NEARLY = {"nearly", "almost", "just under", "just shy of", "close to"}
_AT_LEAST = {"at least", "more than", "over", "above", "in excess of", "upwards of", "no fewer than",
             "no less than", "at minimum", "exceeding", "plus", "just over"}
_AT_MOST = {"up to", "at most", "less than", "fewer than", "under", "below", "no more than", "as many as",
            "as much as", "maximum", "not more than"}


@lru_cache(maxsize=1)
def _measure_units() -> frozenset[str]:
    """Units that say how much but not of what: currencies (pycountry) and percentages."""
    import pycountry

    words = {c.name.split()[-1].lower() for c in pycountry.currencies}
    return frozenset(w for w in words if w.isalpha()) | {"percent", "per cent", "percentage point", "%",
                                                          "cent", "buck"}


def is_measure_unit(unit: str | None) -> bool:
    """True for '$', 'percent', 'euro': the quantity's subject must come from elsewhere."""
    return bool(unit) and unit_key(unit) in _measure_units()


def unit_key(unit: str | None) -> str | None:
    """The unit a quantity counts, singular, durations grouped as 'duration'."""
    if not unit:
        return None
    word = unit.lower().strip()
    if word.endswith("s") and word[:-1] in _DAYS:
        word = word[:-1]
    return "duration" if word in _DAYS else word


def interval(q) -> tuple[float, float]:
    """(low, high) of what a quantity allows, in a common unit for durations."""
    scale = _DAYS.get((q.unit or "").lower().rstrip("s"), 1.0) if unit_key(q.unit) == "duration" else 1.0
    value = q.value * scale
    approx = (q.approx or "").lower().strip()
    if approx in _NEARLY:
        return value * NEARLY_FLOOR, value
    if approx in _ABOUT:
        return value * (1 - ABOUT_TOLERANCE), value * (1 + ABOUT_TOLERANCE)
    if approx in _AT_LEAST:
        return value, math.inf
    if approx in _AT_MOST:
        return 0.0, value
    low = q.low * scale if q.low is not None else None
    high = q.high * scale if q.high is not None else None
    if (low is None and high is None) or low == high == value:
        half = _rounding(q) * scale
        return value - half, value + half
    return (low if low is not None else 0.0), (high if high is not None else math.inf)


def _rounding(q) -> float:
    """Half a unit of the last digit written: "$741 billion" may be $740.5
    billion rounded (+-0.5 billion); "65 drones" is 65 (+-0.5)."""
    match = _NUMBER.search(q.text or "")
    if not match:
        return 0.0
    digits = match.group(0).replace(",", "")
    try:
        written = float(digits)
    except ValueError:
        return 0.0
    if not written:
        return 0.0
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return 0.5 * 10 ** -decimals * (q.value / written)


def compare_quantities(a, b) -> Verdict | None:
    """Compare two quantities (value, low, high, unit, approx) of one subject."""
    if unit_key(a.unit) != unit_key(b.unit):
        return None
    la, ha = interval(a)
    lb, hb = interval(b)
    # Month and year lengths are averages: "two years" and "24 months" differ by 0.01 %.
    rel = 0.01 if unit_key(a.unit) == "duration" else 1e-9
    eps = rel * max(1.0, abs(ha if math.isfinite(ha) else la), abs(hb if math.isfinite(hb) else lb))
    if (la, ha) == (lb, hb):
        return None
    if la <= hb + eps and lb <= ha + eps:
        return Verdict("difference", "compatible-quantity", f"{a.text!r} and {b.text!r} can both be true")
    return Verdict("conflict", "quantity", f"{a.text!r} versus {b.text!r}")
