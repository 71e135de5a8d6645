"""Where a story's sources disagree, and where they merely differ.

No NLI model: contradictions are found by comparing structured values read
from the articles, each on its own subject:

- ``description``: one linked entity, one role, incompatible status or
  country ("former U.S. President" versus "U.S. President");
- ``office-holder``: one office (role + country), two holders in one time
  frame ("US President Joe Biden" versus "U.S. President Donald Trump");
- ``quantity``: one head noun and unit, disjoint bounds ("two-year-long war"
  versus "more than three years" of war; "over 100" and "120" agree);
- ``quote-speaker``: one quote (ledger) given to different speakers;
- ``date``: one event (same surrounding words, or aligned sentences) with
  dates that cannot both hold ("February 2022" versus "March 2022");
- ``place``: one event located in places that exclude each other
  ("talks in Istanbul" versus "talks in Ankara"; a city and its country
  are only a difference);
- ``self-contradiction``: any of the above inside one article (``self``);
  a live article (update headings that are only clock times, "2:45 p.m.")
  is not held against itself across its updates.

What is not a contradiction (a more specific title, compatible bounds,
different times, a trimmed quote) goes to the differences, so the conflict
list stays worth reading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .claims import dedupe_claims, make_claim, same_update, sentence_bounds, update_of, with_id
from .compare import Verdict, compare_descriptions, norm_role, rank, status
from .dates import date_findings, sentence_aligner
from .describe import Described, iter_described
from .linking import StoryEntities
from .names import affiliation_key, country_key, fold
from .measures import quantity_findings
from .offices import is_single_office, office_clashes
from .places import place_findings
from .records import Article, Reading


def find_conflicts(
    articles: Sequence[Article], readings: Sequence[Reading], entities: StoryEntities, facts=None
) -> tuple[list[dict], list[dict]]:
    """(conflicts, differences) of one story, as the report's dicts."""
    from .ledger import ledger_findings

    items = _comparable(list(iter_described(articles, readings, entities)), entities, _story_year(readings))
    conflicts: list[dict] = []
    differences: list[dict] = []
    for found, diffs in (
        _description_findings(items, _affiliation_keys(entities)),
        (_office_conflicts(items), []),
        quantity_findings(articles, readings, entities, facts),
        ledger_findings(articles, readings, entities),
        date_findings(articles, readings, sentence_aligner(facts), entities),
        place_findings(articles, readings, entities, sentence_aligner(facts)),
    ):
        conflicts.extend(found)
        differences.extend(diffs)
    conflicts = [with_id(c) for c in conflicts]
    differences = [with_id(d) for d in differences]
    return _unique(conflicts), _unique(differences)


def _unique(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for item in items:
        if item["id"] not in seen:
            seen.add(item["id"])
            out.append(item)
    return out


# A status word just before the description that the reader left out
# ("then-President", "former\u00a0President", "presumptive Democratic nominee");
# "under President X" speaks of X's time in office.
_STATUS_PREFIX = re.compile(r"\b([a-z]+)[-\u2010\u2011\s]$", re.IGNORECASE)
_PREFIX_QUALIFIERS = {"then": "then-", "ex": "ex-", "under": "then-", "former": "former", "onetime": "onetime",
                      "erstwhile": "erstwhile", "presumptive": "presumptive", "incoming": "incoming",
                      "outgoing": "outgoing"}
# Descriptions relative to another person ("his former Senate colleague")
# follow that person's timeline, not the entity's: no status comparison.
_RELATIVE_OPENERS = frozenset("his her their its our my your".split())


def _comparable(items: list[Described], entities: StoryEntities, story_year: int | None = None) -> list[Described]:
    """The descriptions that are the outlet's own claim about one entity now:
    not inside a direct quote, not in a sentence about an earlier year, not
    one span given to two entities ("Japan's Prime Minister Abe and IOC
    president Bach"); an affiliation naming the entity itself is dropped."""
    owners: dict[tuple[str, int, int], set[str]] = {}
    for item in items:
        d = item.description
        owners.setdefault((item.article.id, d.start, d.end), set()).add(item.entity.id)
    names = entities.name_index()
    out = []
    for item in items:
        d = item.description
        if _quoted(item) or _historical(item, story_year) or len(owners[(item.article.id, d.start, d.end)]) > 1:
            continue
        if d.affiliation and names.get(fold(d.affiliation)) == item.entity.id:
            d = replace(d, affiliation=None)
        out.append(replace(item, description=_with_prefix(item.article.text, d)))
    return out


def _with_prefix(text: str, d):
    """The description with a status word found just before it added to its qualifier."""
    if status(d.qualifier) != "current":
        return d
    prefix = _STATUS_PREFIX.search(text[max(0, d.start - 12):d.start])
    words = [prefix.group(1).lower()] if prefix else []
    words += [w.strip(",").lower() for w in d.text.split()]  # "the onetime Trump campaign adviser"
    qualifier = next((_PREFIX_QUALIFIERS[w] for w in words if w in _PREFIX_QUALIFIERS), None)
    if qualifier is None or status(qualifier) == "current":
        return d
    return replace(d, qualifier=" ".join(filter(None, (qualifier, d.qualifier))))


def _quoted(item: Described) -> bool:
    """A description inside a direct quotation is the speaker's wording, not the outlet's claim."""
    d = item.description
    return any(q.direct and q.start <= d.start and d.end <= q.end for q in item.reading.quotes)


def _story_year(readings: Sequence[Reading]) -> int | None:
    """The latest year any article states outright: "now" when articles carry no date."""
    years = [int(t.value[:4]) for r in readings for t in r.times
             if t.value and not t.relative and t.value[:4].isdigit()]
    return max(years) if years else None


def _historical(item: Described, story_year: int | None = None) -> bool:
    """A description in a sentence dated to an earlier year than the article
    (its publication year, else the story's latest stated year: "Implemented
    in 2011 during President Obama's term") speaks of then, not now."""
    published = item.article.published_value
    now = int(published[:4]) if published and published[:4].isdigit() else story_year
    if now is None:
        return False
    start, end = sentence_bounds(item.article, item.reading, item.description.start)
    return any(
        t.value and not t.relative and t.value[:4].isdigit() and int(t.value[:4]) < now
        and start <= t.start < end
        for t in item.reading.times
    )


def _claim(item: Described, value: str | None = None) -> dict:
    d = item.description
    return make_claim(item.article, item.reading, value or d.text, d.start, d.end)


# ------------------------------------------------------------------ descriptions


def _affiliation_keys(entities: StoryEntities):
    """Affiliation -> key: a country code, a story entity ("Zelenskyy's aide"), else the folded text."""
    names = entities.name_index()

    def key(text: str | None) -> str | None:
        return affiliation_key(text) if country_key(text) else names.get(fold(text or ""), affiliation_key(text))

    return key


def _description_findings(items: list[Described], aff_key=affiliation_key) -> tuple[list[dict], list[dict]]:
    by_role: dict[tuple[str, str], list[Described]] = {}
    for item in items:
        role = norm_role(item.description.role)
        if role:
            by_role.setdefault((item.entity.id, role), []).append(item)
    conflicts, differences = [], []
    for (_entity, role), group in by_role.items():
        found, diffs = _compare_group(group, is_single_office(role), aff_key)
        conflicts += found
        differences += diffs
    return conflicts, differences


def _verdicts(group: list[Described], single: bool, aff_key) -> list[tuple[int, int, Verdict]]:
    out = []
    for i, a in enumerate(group):
        for j in range(i + 1, len(group)):
            b = group[j]
            verdict = compare_descriptions(
                a.description, b.description, a.article.published_value, b.article.published_value, single, aff_key
            )
            if verdict and verdict.verdict == "conflict" and (_relative(a) or _relative(b)):
                verdict = Verdict("difference", "relative-description", verdict.explanation)
            elif verdict and verdict.verdict == "conflict" and _said_of_other_years(a, b):
                verdict = Verdict("difference", "different-time", f"{verdict.explanation}, said of different years")
            if verdict:
                out.append((i, j, verdict))
    return out


def _stated_year(item: Described) -> int | None:
    """The latest year stated outright in the description's sentence ("in 2011
    during President Obama's term"): the description speaks of that year."""
    start, end = sentence_bounds(item.article, item.reading, item.description.start)
    years = [int(t.value[:4]) for t in item.reading.times
             if t.value and not t.relative and t.value[:4].isdigit() and start <= t.start < end]
    return max(years) if years else None


def _said_of_other_years(a: Described, b: Described) -> bool:
    """One sentence states its year and the two speak of different years."""
    if _stated_year(a) is None and _stated_year(b) is None:
        return False  # publication dates decide (compare.same_time_frame)
    return _effective_year(a) != _effective_year(b)


def _effective_year(item: Described) -> int | None:
    """The year a description speaks of: stated in its sentence, else the article's year."""
    published = item.article.published_value or ""
    return _stated_year(item) or (int(published[:4]) if published[:4].isdigit() else None)


def _dated_elsewhere(item: Described) -> bool:
    """The sentence states a year that is not (known to be) the article's own."""
    year = _stated_year(item)
    published = item.article.published_value or ""
    return year is not None and not (published[:4].isdigit() and int(published[:4]) == year)


def _relative(item: Described) -> bool:
    """"his former colleague", "President Trump's first adviser": said relative to another person."""
    text = item.description.text.lower().replace("\u2019", "'")
    words = text.split()
    return bool(words) and (words[0] in _RELATIVE_OPENERS or "'s " in text or item.description.pattern == "possessive")


def _components(n: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in edges:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i, j in edges:
        groups.setdefault(root(i), [])
    for i in range(n):
        if root(i) in groups:
            groups[root(i)].append(i)
    return list(groups.values())


def _value_class(item: Described, aff_key) -> tuple:
    """What a description says about its entity, spelling aside."""
    d = item.description
    words = frozenset((d.qualifier or "").lower().split())
    return status(d.qualifier), rank(d.qualifier), aff_key(d.affiliation), words


def _class_summary(items: list[Described]) -> str:
    """"3 articles: 'former U.S. President'" for the items of one value class."""
    texts = Counter(item.description.text for item in items)
    n = len({item.article.id for item in items})
    return f"{n} article{'s' if n > 1 else ''}: {texts.most_common(1)[0][0]!r}"


def _compare_group(group: list[Described], single: bool, aff_key) -> tuple[list[dict], list[dict]]:
    verdicts = _verdicts(group, single, aff_key)
    clashes = [(i, j) for i, j, v in verdicts if v.verdict == "conflict"]
    subject = f"{group[0].entity.name}: role"
    classes = [_value_class(item, aff_key) for item in group]
    conflicts = []
    for members in _components(len(group), clashes):
        by_class: dict[tuple, list[Described]] = {}
        for k in members:
            by_class.setdefault(classes[k], []).append(group[k])
        if len({group[k].article.id for k in members}) >= 2:
            conflicts.append({"kind": "description", "subject": subject,
                              "claims": dedupe_claims([_claim(group[k]) for k in members]),
                              "explanation": " versus ".join(_class_summary(v) for v in by_class.values())})
        conflicts += _self_contradictions(group, [(i, j) for i, j in clashes if i in members], subject)
    return [c for c in conflicts if len(c["claims"]) >= 2], _differences(group, verdicts, classes, subject)


def _differences(group, verdicts, classes, subject) -> list[dict]:
    """One difference per pair of value classes (all the articles on each side)."""
    in_conflict = {k for i, j, v in verdicts if v.verdict == "conflict" for k in (i, j)}
    pairs: dict[tuple, tuple[Verdict, set[int]]] = {}
    for i, j, v in verdicts:
        if v.verdict != "difference" or {i, j} <= in_conflict or group[i].article.id == group[j].article.id:
            continue
        key = (v.kind, *sorted((classes[i], classes[j]), key=repr))
        pairs.setdefault(key, (v, set()))[1].update((i, j))
    return [{"kind": v.kind, "subject": subject, "explanation": v.explanation,
             "claims": dedupe_claims([_claim(group[k]) for k in sorted(members)])}
            for v, members in pairs.values()]


def _self_contradictions(group: list[Described], clashes: list[tuple[int, int]], subject: str) -> list[dict]:
    out = []
    for i, j in clashes:
        if group[i].article.id == group[j].article.id and same_update(
                group[i].article, group[i].description.start, group[j].description.start):
            out.append({"kind": "self-contradiction", "subject": subject, "self": True,
                        "claims": dedupe_claims([_claim(group[i]), _claim(group[j])]),
                        "explanation": f"{group[i].article.source_name or group[i].article.ref} says both "
                                       f"{group[i].description.text!r} and {group[j].description.text!r}"})
    return out


# ------------------------------------------------------------------ offices


def _office_conflicts(items: list[Described]) -> list[dict]:
    conflicts = []
    for clash in office_clashes([item for item in items if not _dated_elsewhere(item)]):
        claims = []
        names = []
        for group in clash.holders.values():
            names.append(group[0].entity.name)
            claims += [_claim(item, item.entity.name) for item in group]
        if len({c["article_id"] for c in claims}) >= 2:  # one article alone is a self-contradiction
            conflicts.append({"kind": "office-holder", "subject": clash.office, "claims": dedupe_claims(claims),
                              "explanation": f"{' and '.join(names)} are each named {clash.office} "
                                             "in the same time frame"})
        conflicts += _office_self_contradictions(clash)
    return conflicts


def _office_self_contradictions(clash) -> list[dict]:
    """One article naming two holders of one office."""
    by_article: dict[tuple[str, int], dict[str, Described]] = {}  # (article, update of a live article)
    for entity_id, group in clash.holders.items():
        for item in group:
            key = (item.article.id, update_of(item.article, item.description.start))
            by_article.setdefault(key, {}).setdefault(entity_id, item)
    out = []
    for holders in by_article.values():
        if len(holders) >= 2:
            items = list(holders.values())
            out.append({"kind": "self-contradiction", "subject": clash.office, "self": True,
                        "claims": dedupe_claims([_claim(item, item.entity.name) for item in items]),
                        "explanation": f"{' and '.join(i.entity.name for i in items)} are both named {clash.office}"})
    return out
