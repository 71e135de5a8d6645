"""Offices and their holders: "US president" held by two people at once.

An office is (role, affiliation key): "U.S. President", "US President" and
"American President" are the office ("president", "US"). Only roles that one
person holds at a time are offices (a country has one president but many
ministers, spokespeople and generals). A description gives its entity as the
holder when it is current (no "former", "then-", "deputy", "acting"...) and
names an affiliation; two story entities holding one office in articles of
the same time frame are an ``office-holder`` conflict.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .compare import norm_role, rank, same_time_frame, status
from .describe import Described
from .names import affiliation_key, fold

# Roles held by one person at a time within one affiliation (general English
# usage). A multi-word role ending in "minister" or "secretary" with a
# portfolio ("foreign minister", "home secretary") is single too.
SINGLE_HOLDER_ROLES = frozenset({
    "president", "premier", "chancellor", "king", "queen", "emperor", "monarch", "pope", "mayor",
    "governor", "ceo", "prime minister", "supreme leader", "head of state", "secretary of state",
    "secretary general", "director general", "attorney general", "first lady", "vice president",
    "house speaker", "chief of staff", "national security adviser", "chief executive",
})
_GENERIC_PORTFOLIO = {"deputy", "junior", "state", "cabinet", "government", "senior", "former"}


def is_single_office(role: str | None) -> bool:
    role = norm_role(role)
    if not role:
        return False
    if role in SINGLE_HOLDER_ROLES:
        return True
    words = role.split()
    return len(words) == 2 and words[1] in {"minister", "secretary"} and words[0] not in _GENERIC_PORTFOLIO


def office_of(item: Described) -> tuple[str, str] | None:
    """(role, affiliation key) when the description says its entity holds the office now."""
    d = item.description
    role = norm_role(d.role)
    if not is_single_office(role) or status(d.qualifier) != "current" or rank(d.qualifier):
        return None
    key = affiliation_key(d.affiliation)
    if not key or key == fold(item.entity.name):  # "Trump's president" is no office
        return None
    return role, key


@dataclass(frozen=True, slots=True)
class OfficeClash:
    """Two or more holders of one office in one time frame."""

    office: str  # readable: "U.S. president"
    holders: dict[str, list[Described]]  # story entity id -> its describing items


def office_clashes(items: list[Described]) -> list[OfficeClash]:
    """Offices given to more than one story entity by articles of one time frame."""
    offices: dict[tuple[str, str], dict[str, list[Described]]] = {}
    for item in items:
        office = office_of(item)
        if office:
            offices.setdefault(office, {}).setdefault(item.entity.id, []).append(item)
    clashes = []
    for (role, _key), holders in sorted(offices.items()):
        if len(holders) < 2 or not _overlapping(holders):
            continue
        written = Counter(item.description.affiliation for group in holders.values() for item in group)
        clashes.append(OfficeClash(f"{written.most_common(1)[0][0]} {role}", holders))
    return clashes


def _overlapping(holders: dict[str, list[Described]]) -> bool:
    """Some two holders are named by articles of the same time frame."""
    groups = list(holders.values())
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            if any(same_time_frame(x.article.published_value, y.article.published_value) for x in a for y in b):
                return True
    return False
