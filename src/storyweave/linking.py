"""Cross-article entity linking: one story entity per real-world referent.

Each article's reading already merges the name variants inside the article;
this stage links the article-level entities of a story's articles:

1. the same folded name ("Türkiye's" and "Turkiye") is one entity;
2. places naming the same country or city ("Turkey", "Türkiye"; "Kiev",
   "Kyiv") are one entity;
3. people whose surnames differ only in spelling ("Zelensky", "Zelenskyy")
   and whose given names agree (or one is missing) are one entity; a bare
   surname joins a full name only when exactly one full name fits.

spaCy's label is noisy (a person tagged ORG in some mentions), so the type of
a story entity is the majority label over all its mentions, and rules 1 and 3
accept PERSON/ORG mixes; NORP (nationalities) never joins a place or a person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz.fuzz import ratio
from scipy.cluster.hierarchy import DisjointSet

from .ids import content_id
from .names import country_key, fold, given_name_forms, names_something_else, place_of
from .records import Article, Entity, Reading

# Similarity (rapidfuzz ratio, 0-100) above which two folded surnames or
# one-word names are spellings of one name: "zelensky"/"zelenskyy" = 94,
# "trump"/"tusk" = 44, "putin"/"puting" = 91. Tuned on the unit cases in
# tests/test_linking.py; re-run them after a change.
NAME_SIMILARITY = 88
# Shortest one-word name that may be linked by similarity rather than equality.
MIN_FUZZY_LEN = 5

# Honorifics dropped before names are compared; after "Sir"/"Dame" a lone
# word is a given name ("Sir Keir" is Keir Starmer), per British usage.
_HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame lord lady".split())
_GIVEN_NAME_HONORIFICS = frozenset({"sir", "dame"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_ORGISH = {"ORG", "FAC"}
# Similarity (ratio) above which the one differing word of two organisation
# names is a spelling variant ("Centre"/"Center" = 83). Checked on ECB+ train
# topics with bench/linking_ecbplus.py; re-run it after a change.
ORG_WORD_SIMILARITY = 80
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "de", "la"})
_PERSONISH = {"PERSON", "ORG"}


@dataclass(frozen=True, slots=True)
class StoryEntity:
    """One real-world referent across a story's articles."""

    id: str
    name: str
    type: str  # majority label over its mentions: PERSON, ORG, GPE, ...
    aliases: tuple[str, ...]
    mentions: int
    article_ids: tuple[str, ...]
    members: tuple[tuple[str, int], ...]  # (article_id, article-level entity index)


@dataclass(frozen=True, slots=True)
class StoryEntities:
    entities: tuple[StoryEntity, ...] = ()
    index: Mapping[tuple[str, int], str] = field(default_factory=dict)

    def lookup(self, article_id: str, entity: int | None) -> StoryEntity | None:
        """The story entity of an article-level entity index, if linked."""
        if entity is None:
            return None
        ident = self.index.get((article_id, entity))
        return self.by_id(ident) if ident else None

    def name_index(self) -> dict[str, str]:
        """Folded name or alias -> story entity id (a name shared by two entities is left out)."""
        seen: dict[str, set[str]] = {}
        for entity in self.entities:
            for name in (entity.name, *entity.aliases):
                seen.setdefault(fold(name), set()).add(entity.id)
        return {key: next(iter(ids)) for key, ids in seen.items() if key and len(ids) == 1}

    def by_id(self, ident: str) -> StoryEntity | None:
        for entity in self.entities:
            if entity.id == ident:
                return entity
        return None


@dataclass(slots=True)
class _Node:
    article_id: str
    entity: Entity
    labels: Counter
    mentions: int
    key: str = ""  # folded name, honorifics dropped
    kind: str = ""  # majority label, GPE for a country named as PERSON/ORG
    given_only: bool = False  # "Sir Keir": the one word left is a given name

    personish: bool = False  # may be a person (spaCy tags people ORG, even NORP)

    def __post_init__(self) -> None:
        words = fold(self.entity.name).split()
        honorific = words[0] if len(words) > 1 and words[0] in _HONORIFICS else None
        self.given_only = honorific in _GIVEN_NAME_HONORIFICS and len(words) == 2
        words = words[1:] if honorific else words
        while len(words) > 1 and words[-1] in _SUFFIXES:
            words = words[:-1]
        self.key = " ".join(words)
        label = self.labels.most_common(1)[0][0] if self.labels else self.entity.label
        if label in _PERSONISH and len(self.key.split()) <= 3 and country_key(self.entity.name):
            label = "GPE"
        self.kind = label
        self.personish = label in _PERSONISH or (label == "NORP" and not country_key(self.entity.name))


def _nodes(readings: Sequence[Reading]) -> list[_Node]:
    nodes = []
    for reading in readings:
        labels: dict[int, Counter] = {}
        for mention in reading.mentions:
            if mention.kind == "name":
                labels.setdefault(mention.entity, Counter())[mention.label] += 1
        for entity in reading.entities:
            counts = labels.get(entity.index) or Counter({entity.label: 1})
            nodes.append(_Node(reading.article_id, entity, counts, sum(counts.values())))
    return [node for node in nodes if node.key]


def _place(node: _Node) -> bool:
    return node.kind in _PLACE_LABELS


def _same_name(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= MIN_FUZZY_LEN and ratio(a, b) >= NAME_SIMILARITY


def _given_names_agree(a: list[str], b: list[str]) -> bool:
    """First names equal, one an initial, a short form or a common
    hypocorism ("Mike" / "Michael") of the other, or spelled alike."""
    x, y = a[0], b[0]
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    short, long = sorted((x, y), key=len)
    return (_same_name(x, y) or (len(short) >= 3 and long.startswith(short))  # "Fred"/"Frederick"
            or bool(given_name_forms(x) & given_name_forms(y)))


def _person_match(a: _Node, b: _Node) -> bool:
    """Full names whose surnames and given names agree; or two one-word names."""
    if not (a.personish and b.personish):
        return False
    ta, tb = a.key.split(), b.key.split()
    if a.kind in _ORGISH and b.kind in _ORGISH and _one_word_differs(ta, tb):
        return True
    if len(ta) >= 2 and len(tb) >= 2:
        short, long = sorted((ta, tb), key=len)
        if long[-len(short):] == short and a.kind == b.kind == "PERSON":  # "Shooter Yvonne Hiller"
            return True
        return _same_name(ta[-1], tb[-1]) and _given_names_agree(ta, tb)
    if len(ta) == 1 and len(tb) == 1 and a.given_only == b.given_only:
        return _same_name(ta[0], tb[0])
    return False


def _one_word_differs(a: list[str], b: list[str]) -> bool:
    """Two names of equal length, one word spelled differently ("Betty Ford Centre"/"Center")."""
    if len(a) != len(b) or len(a) < 2:
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    return len(diff) == 1 and ratio(*diff[0]) >= ORG_WORD_SIMILARITY


def _link_pairs(nodes: list[_Node], union: DisjointSet) -> None:
    by_key: dict[str, int] = {}
    by_country: dict[str, int] = {}
    for i, node in enumerate(nodes):
        if node.key in by_key:
            union.merge(i, by_key[node.key])
        by_key.setdefault(node.key, i)
        place = place_of(node.entity.name) if _place(node) else None
        if place:
            if place.key in by_country:
                union.merge(i, by_country[place.key])
            by_country.setdefault(place.key, i)
    _link_people(nodes, union)


def _link_people(nodes: list[_Node], union: DisjointSet) -> None:
    """Person-like names matched pairwise: one representative per distinct
    (name, kind, given-only), blocked on the last word's first two letters
    (spelling variants of a surname share them)."""
    reps: dict[tuple, int] = {}
    for i, node in enumerate(nodes):
        if node.personish:
            reps.setdefault((node.key, node.kind, node.given_only), i)
    blocks: dict[str, list[int]] = {}
    for i in reps.values():
        blocks.setdefault(nodes[i].key.split()[-1][:2], []).append(i)
    for members in blocks.values():
        for n, i in enumerate(members):
            for j in members[n + 1:]:
                if union[i] != union[j] and _person_match(nodes[i], nodes[j]):
                    union.merge(i, j)


def _attach_surnames(nodes: list[_Node], union: DisjointSet) -> None:
    """A one-word person name joins the one full name whose surname it spells."""
    by_part: dict[tuple[int, str], set[int]] = {}
    for j, other in enumerate(nodes):
        words = other.key.split()
        if other.personish and len(words) >= 2:
            by_part.setdefault((-1, words[-1]), set()).add(j)
            by_part.setdefault((0, words[0]), set()).add(j)
    for i, node in enumerate(nodes):
        words = node.key.split()
        if len(words) != 1 or not node.personish:
            continue
        part = 0 if node.given_only else -1
        roots = {
            union[j]
            for (where, word), members in by_part.items()
            if where == part and _same_name(words[0], word)
            for j in members
        }
        if len(roots) == 1:
            union.merge(i, roots.pop())


def _unique_join(union: DisjointSet, i: int, candidates: list[int]) -> None:
    roots = {union[j] for j in candidates} - {union[i]}
    if len(roots) == 1:
        union.merge(i, roots.pop())


def _contains(long: list[str], short: list[str]) -> bool:
    n = len(short)
    return any(long[k:k + n] == short for k in range(len(long) - n + 1))


def _attach_org_parts(nodes: list[_Node], union: DisjointSet) -> None:
    """An organisation named by part of one longer name ("Promises Treatment
    Center" in "Malibu Promises Treatment Center") or by its initials ("AP")
    joins it, when exactly one longer name fits."""
    orgs = list({node.key: j for j, node in enumerate(nodes)  # equal names are one entity already
                 if node.kind in _ORGISH and len(node.key.split()) >= 2}.values())
    for i, node in enumerate(nodes):
        if node.kind not in _ORGISH:
            continue
        words = node.key.split()
        if len(words) >= 2:
            _unique_join(union, i, [j for j in orgs if len(nodes[j].key.split()) > len(words)
                                    and _contains(nodes[j].key.split(), words)
                                    and not names_something_else(words, nodes[j].key.split())])
        elif node.entity.name.isupper() and 2 <= len(node.entity.name) <= 6:
            _unique_join(union, i, [j for j in orgs if _initials(nodes[j].key) == words[0]])


def _initials(key: str) -> str:
    return "".join(word[0] for word in key.split() if word not in _ACRONYM_SKIP)


def _canonical_name(group: list[_Node]) -> str:
    counts: Counter = Counter()
    for node in group:
        counts[node.entity.name] += node.mentions
    return max(counts, key=lambda name: (len(fold(name).split()) >= 2, counts[name], len(name)))


def _story_entity(group: list[_Node]) -> StoryEntity:
    name = _canonical_name(group)
    labels: Counter = Counter()
    for node in group:
        labels.update(node.labels)
    kinds = Counter(node.kind for node in group for _ in range(max(node.mentions, 1)))
    label = kinds.most_common(1)[0][0] if kinds else labels.most_common(1)[0][0]
    variants = {node.entity.name for node in group} | {a for node in group for a in node.entity.aliases}
    aliases = tuple(sorted(v for v in variants if v != name))
    members = tuple(sorted((node.article_id, node.entity.index) for node in group))
    return StoryEntity(
        id=content_id("entity", label, fold(name), prefix="e-"),
        name=name,
        type=label,
        aliases=aliases,
        mentions=sum(node.mentions for node in group),
        article_ids=tuple(sorted({node.article_id for node in group})),
        members=members,
    )


def link_entities(articles: Sequence[Article], readings: Sequence[Reading]) -> StoryEntities:
    """Link the article-level entities of one story's readings into story entities."""
    nodes = _nodes(readings)
    union = DisjointSet(range(len(nodes)))
    _link_pairs(nodes, union)
    _attach_surnames(nodes, union)
    _attach_org_parts(nodes, union)
    groups: dict[int, list[_Node]] = {}
    for i, node in enumerate(nodes):
        groups.setdefault(union[i], []).append(node)
    entities = sorted(
        (_story_entity(group) for group in groups.values()), key=lambda e: (-e.mentions, e.name)
    )
    index = {member: entity.id for entity in entities for member in entity.members}
    return StoryEntities(entities=tuple(entities), index=index)
