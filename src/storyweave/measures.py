"""Quantities compared across (and within) a story's articles.

A quantity's subject is its head noun and unit ("war" measured in years;
"drone" counted). Two quantities are compared when they share the subject
and are about the same statement:

- a duration of a named thing ("two-year-long war", "a war that has lasted
  more than three years") is specific enough on its own: same head, compare;
- a count ("65 drones", "10 drones") is only compared when the entities named
  nearest to it (before and after) meet (whose count it is: "China ... 81,285
  cases" is not "the U.S. ... 82,000 cases"), it hangs on the same verb
  ("left 11 people dead" is not "35,000 people signed"; a count of a named
  kind of thing of the same entity, "$13 billion aid package for Puerto
  Rico", needs no verb), and the two
  sentences are aligned (same fact from ``align``) or, without facts, share a
  story entity and enough content words (``MIN_TERM_OVERLAP``); a
  count given for an explicit date ("300,000 deaths on Dec. 17") is a
  snapshot, not compared as a conflict with a count of another date.

Bounds decide (``compare.compare_quantities``): disjoint bounds are a
conflict, compatible ones a difference.

The sentence's dependency parse fills in what the reader left open and
guards against comparing different things:

- a duration whose head is only its unit gets the noun it measures: "three
  years *of war*", "a *war* that has lasted three years";
- two values of one head noun conflict only when the noun carries the same
  modifiers in both places: "a *short* three-day ceasefire" may be another
  ceasefire than "the 30-day ceasefire", so that pair is a difference
  ("possibly-different").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .claims import dedupe_claims, make_claim, same_update, sentence_bounds
from .compare import compare_quantities, interval, is_measure_unit, same_time_frame, unit_key
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
# Verbs whose object or complement is the duration of their subject
# ("the war has lasted three years"; general English).
DURATION_VERBS = frozenset("last continue run rage drag stretch span go persist endure".split())
# Dependents of a noun that pick out one of several things of that name.
# Words inside a count that make it a count of another set (general English).
_ARGUMENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "dative", "oprd", "pobj"})
_SET_WORDS = frozenset("other another additional more further extra fewer new".split())
_MAGNITUDES = frozenset("hundred thousand million billion trillion dozen score".split())
_MODIFIER_DEPS = frozenset({"amod", "acl", "relcl", "compound", "nmod", "poss", "appos"})


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


def _with_head(q: Quantity, sentence: str, offset: int) -> Quantity:
    """The quantity with the noun it measures, from the parse, when the reader gave only the unit."""
    if unit_key(q.head or q.unit) != unit_key(q.unit):
        return q
    if unit_key(q.unit) == "duration":
        head = measured_noun(sentence, q.start - offset, q.end - offset)
    elif is_measure_unit(q.unit):
        head = measured_thing(sentence, q.start - offset, q.end - offset)
    else:
        head = counted_noun(sentence, q.start - offset, q.end - offset) or q.head
    return replace(q, head=head)


def counted_noun(sentence: str, start: int, end: int) -> str | None:
    """Lemma of what a count counts, past compound modifiers: "200 million
    coronavirus vaccine *doses*" counts doses, not vaccines."""
    tokens = _quantity_tokens(_parse(sentence), start, end)
    if not tokens:
        return None
    token = tokens[-1]
    while token.dep_ == "compound" and token.head.pos_ in {"NOUN", "PROPN"} and token.head is not token:
        token = token.head
    return token.lemma_.lower() if token.pos_ in {"NOUN", "PROPN"} else None


def _subject(q: Quantity) -> tuple[str, str] | None:
    unit = unit_key(q.unit)
    head = fold(q.head or "") or None
    if q.ordinal or not unit:
        return None
    if is_measure_unit(q.unit) and (not head or head == unit):
        return None  # "$500" or "20 percent" of what? nothing to compare
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
            span = sentence_bounds(article, reading, q.start)
            q = _with_head(q, article.text[span[0]:span[1]], span[0])
            subject = _subject(q)
            if subject:
                out.append(_Item(article, reading, q, span, subject))
    return out


# ------------------------------------------------------------------ parse


@lru_cache(maxsize=2048)
def _parse(sentence: str):
    from .nlp import get_nlp

    return get_nlp()(sentence)


def _quantity_tokens(doc, start: int, end: int) -> list:
    return [t for t in doc if start <= t.idx < end]


def measured_noun(sentence: str, start: int, end: int) -> str | None:
    """Lemma of the noun a duration measures ("war" in "three years of war")."""
    tokens = _quantity_tokens(_parse(sentence), start, end)
    if not tokens:
        return None
    unit = tokens[-1]
    for child in unit.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            nouns = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in {"NOUN", "PROPN"}]
            if nouns:
                return nouns[0].lemma_.lower()
    verb = unit.head
    if unit.dep_ not in {"dobj", "npadvmod", "attr"} or verb.lemma_.lower() not in DURATION_VERBS:
        return None
    if verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head.lemma_.lower()
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}]
    return subjects[0].lemma_.lower() if subjects else None


@lru_cache(maxsize=4096)
def measured_thing(sentence: str, start: int, end: int) -> str | None:
    """Lemma of what an amount or a percentage is of: "$900 billion relief *package*",
    "23% of *voters*", "a 5 percent pay *rise*"."""
    tokens = _quantity_tokens(_parse(sentence), start, end)
    inside = {t.i for t in tokens}

    def thing(t) -> bool:
        return t.pos_ in {"NOUN", "PROPN"} and not t.like_num and not is_measure_unit(t.lemma_) and \
            t.lemma_.lower() not in _MAGNITUDES
    for t in tokens:
        for child in t.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                nouns = [c for c in child.children if c.dep_ == "pobj" and thing(c)]
                if nouns:
                    return nouns[0].lemma_.lower()
    inner = [t for t in tokens if thing(t)]
    if inner:
        return inner[-1].lemma_.lower()
    tops = [t for t in tokens if t.head.i not in inside]
    for top in tops:
        if top.dep_ in {"nummod", "compound", "amod", "nmod", "quantmod"} and thing(top.head):
            return top.head.lemma_.lower()
    return None


@lru_cache(maxsize=4096)
def head_modifiers(sentence: str, start: int, end: int, head: str) -> frozenset[str]:
    """Modifiers of the head noun near the quantity, the quantity's own words left out."""
    doc = _parse(sentence)
    inside = {t.i for t in _quantity_tokens(doc, start, end)}
    nouns = [t for t in doc if t.lemma_.lower() == head and t.i not in inside]
    if not nouns:
        return frozenset()
    noun = min(nouns, key=lambda t: abs(t.idx - start))
    path = {t.i for i in inside for t in doc[i].ancestors} | inside
    return frozenset(
        c.lemma_.lower() for c in noun.children
        if c.dep_ in _MODIFIER_DEPS and c.i not in path and c.pos_ != "PUNCT" and c.like_num is False
    )


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


def _specific(q: Quantity) -> bool:
    """A count of a named kind of thing ("$13 billion aid package"), not a bare noun ("two students")."""
    from spacy.lang.en.lex_attrs import like_num

    words = [w for w in _WORD.findall(q.text.lower())
             if w not in _MAGNITUDES and not is_measure_unit(w) and not like_num(w)]
    if q.approx:
        words = [w for w in words if w not in q.approx.lower().split()]
    return len(words) >= 2


def _governor(item: _Item) -> str | None:
    """Lemma of the verb a count hangs on ("launch" in "Russia launched 10 drones")."""
    sentence = item.article.text[item.span[0]:item.span[1]]
    q = item.quantity
    tokens = _quantity_tokens(_parse(sentence), q.start - item.span[0], q.end - item.span[0])
    if not tokens:
        return None
    noun = tokens[-1]
    while noun.dep_ in {"compound", "nummod", "conj", "appos"} and noun.head is not noun:
        noun = noun.head
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ not in _ARGUMENT_DEPS:
        return None  # no argument of a verb: unknown rather than a far, misparsed verb
    return head.lemma_.lower() if head.pos_ in {"VERB", "AUX"} else None


def _anchors(item: _Item, entities: StoryEntities) -> frozenset[str]:
    """The story entities named nearest before and nearest after a count in its
    sentence: whose count it is ("China was second with 81,285 cases")."""
    start, end = item.span
    q = item.quantity
    before = after = None
    for m in item.reading.mentions:
        if not start <= m.start < end:
            continue
        entity = entities.lookup(item.article.id, m.entity)
        if entity is None:
            continue
        if m.end <= q.start and (before is None or m.end > before[0]):
            before = (m.end, entity.id)
        elif m.start >= q.end and (after is None or m.start < after[0]):
            after = (m.start, entity.id)
    return frozenset(x[1] for x in (before, after) if x)


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
        anchors_a, anchors_b = _anchors(a, self.entities), _anchors(b, self.entities)
        if anchors_a and anchors_b and not anchors_a & anchors_b:
            return False  # "81,285 cases" of China, "82,000 cases" of the U.S.
        named = bool(anchors_a & anchors_b) and _specific(a.quantity) and _specific(b.quantity)
        if not named and _governor(a) != _governor(b):
            return False  # "left 11 people dead" / "35,000 people have signed"
        if self.facts is not None:
            fa = self.facts.get((a.article.id, a.span[0]), set())
            if fa & self.facts.get((b.article.id, b.span[0]), set()):
                return True
        if not _sentence_entities(a, self.entities) & _sentence_entities(b, self.entities):
            return False
        ta, tb = _terms(a), _terms(b)
        return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= MIN_TERM_OVERLAP


def _another_set(q: Quantity) -> bool:
    """ "43 other Republicans", "17 more", "34,700 new cases": a count of another set than the plain one."""
    words = q.text.lower()
    if q.approx:
        words = words.replace(q.approx.lower(), " ", 1)
    return bool(set(_WORD.findall(words)) & _SET_WORDS)


def _modifiers(item: _Item) -> frozenset[str]:
    sentence = item.article.text[item.span[0]:item.span[1]]
    q = item.quantity
    return head_modifiers(sentence, q.start - item.span[0], q.end - item.span[0], item.subject[1])


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


def _changing(group: list[_Item]) -> set[int]:
    """Items whose sentence gives two values of the subject ("from 6 feet to 3
    feet"): a change or a comparison, not a claim to hold against others."""
    values: dict[tuple[str, tuple[int, int]], set[tuple[float, float]]] = {}
    for item in group:
        values.setdefault((item.article.id, item.span), set()).add(interval(item.quantity))
    return {id(item) for item in group if len(values[(item.article.id, item.span)]) > 1}


def _compare_subject(subject, group: list[_Item], related) -> tuple[list[dict], list[dict]]:
    clashes, compatible, self_clashes = [], [], []
    changing = _changing(group)
    group = [item for item in group if id(item) not in changing]
    for i, a in enumerate(group):
        for b in group[i + 1:]:
            if (a.article.id, a.span) == (b.article.id, b.span) or not related(a, b):
                continue
            verdict = compare_quantities(a.quantity, b.quantity)
            if verdict is None or _another_set(a.quantity) or _another_set(b.quantity):
                continue
            bucket, kind, explanation = _classify(a, b, verdict, subject)
            if bucket == "difference" and a.article.id != b.article.id:
                compatible.append((a, b, kind, explanation))
            elif bucket == "conflict":
                (self_clashes if a.article.id == b.article.id else clashes).append((a, b, explanation))
    return _assemble(_subject_label(subject), clashes, self_clashes, compatible)


def _classify(a: _Item, b: _Item, verdict, subject) -> tuple[str, str, str]:
    """("conflict" | "difference", kind, explanation) for two disagreeing or compatible values."""
    if a.article.id != b.article.id and not same_time_frame(a.article.published_value, b.article.published_value):
        return "difference", "different-time", f"{verdict.explanation}, written at different times"
    if verdict.verdict == "difference":
        return "difference", verdict.kind, verdict.explanation
    if a.article.id == b.article.id and not same_update(a.article, a.span[0], b.span[0]):
        return "difference", "different-time", f"{verdict.explanation}, given in different updates of a live article"
    if not a.duration and _dates(a) != _dates(b):
        return "difference", "different-time", f"{verdict.explanation}, given for different dates"
    if _modifiers(a) != _modifiers(b):
        return "difference", "possibly-different", (f"may not be the same {subject[1]}: "
                                                    "it is described differently where each value is given")
    return "conflict", "quantity", verdict.explanation


def _dates(item: _Item) -> frozenset[str]:
    """Explicit dates of the quantity's sentence ("300,000 deaths on Dec. 17"): a count as of then."""
    start, end = item.span
    return frozenset(t.value or t.text.lower() for t in item.reading.times
                     if start <= t.start < end and t.granularity in {"day", "month"}
                     and (not t.relative or any(ch.isdigit() for ch in t.text)))  # "Dec. 17" lacks only its year


def _value_summary(items: list[_Item]) -> str:
    """"2 articles: 'more than three years'" for the items giving one value."""
    texts: dict[str, set[str]] = {}
    for item in items:
        texts.setdefault(item.quantity.text.lower(), set()).add(item.article.id)
    return " versus ".join(f"{len(ids)} article{'s' if len(ids) > 1 else ''}: {text!r}"
                           for text, ids in sorted(texts.items(), key=lambda kv: -len(kv[1])))


def _assemble(label, clashes, self_clashes, compatible) -> tuple[list[dict], list[dict]]:
    conflicts = []
    pairs = clashes + self_clashes
    items = list({id(x): x for a, b, _ in pairs for x in (a, b)}.values())
    if len({item.article.id for item in items}) >= 2:
        conflicts.append({"kind": "quantity", "subject": label, "claims": dedupe_claims([_claim(x) for x in items]),
                          "explanation": _value_summary(items)})
    for a, b, explanation in self_clashes:
        conflicts.append({"kind": "self-contradiction", "subject": label, "self": True,
                          "claims": dedupe_claims([_claim(a), _claim(b)]),
                          "explanation": f"{a.article.source_name or a.article.ref} says {explanation}"})
    return conflicts, _differences(label, compatible)


def _differences(label, compatible) -> list[dict]:
    """One difference per kind and pair of values, with every article giving them."""
    merged: dict[tuple, tuple[str, list[_Item]]] = {}
    for a, b, kind, explanation in compatible:
        key = (kind, *sorted((a.quantity.text.lower(), b.quantity.text.lower())))
        merged.setdefault(key, (explanation, []))[1].extend((a, b))
    return [{"kind": key[0], "subject": label, "explanation": f"{_value_summary(items)}; {explanation}",
             "claims": dedupe_claims([_claim(x) for x in items])}
            for key, (explanation, items) in merged.items()]
