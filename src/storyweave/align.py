"""Align statements across a story's articles into facts.

A *statement* is a non-heading sentence of an article. Two statements from
different articles align when they say the same thing: their meaning is close
(embedding cosine when sentence vectors are given, TF-IDF cosine over stemmed
content words otherwise), and shared entities and shared numbers or dates add
evidence. Aligned statements are grouped into a :class:`~storyweave.records.Fact`
by average-link agglomeration under the constraint that a fact holds at most
one statement per article (an article that repeats itself is not a second
witness). ``support`` counts distinct independent-source groups, so wire
copies and one owner's outlets count once; a fact backed by one group only is
an *exclusive*.

Numbers never *prevent* alignment: "at least 30 killed" and "25 killed" must
align so that the conflict stage can compare them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse

from .ids import content_id
from .records import Article, Fact, Reading

# Weights of the alignment score and its thresholds.
# Measured on ClaimDiff train (same-story claim pairs from two outlets; pairs
# marked relation=1 in either variant count as related, 728 of 899) by
# ``bench/align_claimdiff.py`` -- re-run it after changing any of these.
# ROC AUC: TF-IDF 0.714; static embeddings alone 0.675; 0.3 embedding + 0.7
# TF-IDF 0.719 (the best mix). "Related" is looser than "the same fact", so the
# thresholds sit at the top decile of scores, where precision is 0.93-0.94
# (base rate 0.81), rather than at the F1 optimum.
EMBED_WEIGHT = 0.3  # with vectors: semantic = w * cosine + (1 - w) * tfidf cosine
TFIDF_THRESHOLD = 0.20  # pair score needed to link two statements, TF-IDF only
EMBED_THRESHOLD = 0.34  # the same with the embedding mix
LINK_RATIO = 1.0  # groups merge only when their average pair score also reaches the threshold (average link; 0.75 chained loosely related quotes on the demo story)
# Extra evidence from the reading layer, measured on the same ClaimDiff pairs
# read by reading.read_article: at EMBED_THRESHOLD it lifts precision 0.939 ->
# 0.951 and recall 0.128 -> 0.240 (AUC unchanged, 0.719); twice these weights
# lowers precision to 0.914.
ENTITY_WEIGHT = 0.10  # share of the smaller sentence's entities found in the other
NUMBER_WEIGHT = 0.05  # bonus when the two sentences share a number or a date

MIN_STATEMENT_WORDS = 4  # shorter sentences are bylines, captions or fragments
# A sentence with fewer content words than this ("Have the meeting, now!")
# matches anything sharing its one or two words, so it links only to a
# near-verbatim repeat (score >= SHORT_LINK).
MIN_CONTENT_TERMS = 3
SHORT_LINK = 0.8

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence that can carry a fact (internal to analysis)."""

    article_id: str
    sentence: int  # Sentence.index
    start: int
    end: int
    text: str
    position: int  # ordinal among the article's statements (0 = lede)
    article: int  # index of the article in the story
    entities: frozenset[str] = frozenset()
    values: frozenset[str] = frozenset()  # numbers and dates, normalised


# --------------------------------------------------------------------------- text


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


def terms(text: str) -> list[str]:
    """Stemmed content words of ``text`` (stop words and 1-letter words dropped)."""
    return list(_terms(text))


@lru_cache(maxsize=50_000)  # alignment and summary read the same sentences
def _terms(text: str) -> tuple[str, ...]:
    stop = _stopwords()
    out = []
    for match in _WORD.finditer(text.lower()):
        word = match.group().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) < 2 or word in stop:
            continue
        out.append(_stem(word))
    return tuple(out)


def tfidf_matrix(texts: Sequence[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows (sublinear tf, smoothed idf over ``texts``)."""
    bags = [Counter(_terms(t)) for t in texts]
    vocab: dict[str, int] = {}
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
        for term in bag:
            vocab.setdefault(term, len(vocab))
    n = len(texts)
    rows, cols, vals = [], [], []
    for i, bag in enumerate(bags):
        for term, tf in bag.items():
            rows.append(i)
            cols.append(vocab[term])
            vals.append((1.0 + math.log(tf)) * (math.log((1 + n) / (1 + df[term])) + 1.0))
    # float32: story-sized n x n similarity matrices stay at half the memory
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(len(vocab), 1)), dtype=np.float32)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags((1.0 / norms).astype(np.float32)) @ matrix)


# --------------------------------------------------------------------------- statements


def _entity_key(name: str) -> str:
    return " ".join(_WORD.findall(name.lower()))


def _sentence_entities(reading: Reading, start: int, end: int) -> frozenset[str]:
    names = set()
    for mention in reading.mentions:
        if mention.kind == "name" and start <= mention.start < end and 0 <= mention.entity < len(reading.entities):
            names.add(_entity_key(reading.entities[mention.entity].name))
    return frozenset(n for n in names if n)


def _sentence_values(reading: Reading, index: int, start: int, end: int) -> frozenset[str]:
    values = set()
    for q in reading.quantities:
        if start <= q.start < end:
            values.add(f"n:{q.value:g}")
    for t in reading.times:
        if start <= t.start < end and t.value and t.granularity != "duration":
            values.add(f"t:{t.value[:10]}")
    return frozenset(values)


def statements(articles: Sequence[Article], readings: Sequence[Reading]) -> list[Statement]:
    """Every non-heading sentence of at least ``MIN_STATEMENT_WORDS`` words, in story order."""
    out: list[Statement] = []
    for a, (article, reading) in enumerate(zip(articles, readings, strict=True)):
        heading_blocks = {i for i, b in enumerate(article.blocks) if b.kind == "h"}
        position = 0
        for sentence in reading.sentences:
            if sentence.heading or sentence.block in heading_blocks:
                continue
            text = article.text[sentence.start : sentence.end]
            if len(_WORD.findall(text)) < MIN_STATEMENT_WORDS:
                continue
            out.append(
                Statement(
                    article_id=article.id,
                    sentence=sentence.index,
                    start=sentence.start,
                    end=sentence.end,
                    text=text,
                    position=position,
                    article=a,
                    entities=_sentence_entities(reading, sentence.start, sentence.end),
                    values=_sentence_values(reading, sentence.index, sentence.start, sentence.end),
                )
            )
            position += 1
    return out


# --------------------------------------------------------------------------- similarity


def _entity_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set's entities that match one in the other.

    Names match when one's words are a subset of the other's ("Trump" and
    "Donald Trump").
    """
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if small <= large:
        return 1.0
    large_words = [_name_words(n) for n in large]
    hits = 0
    for n in small:
        words = _name_words(n)
        hits += any(words <= w or w <= words for w in large_words)
    return hits / len(small)


@lru_cache(maxsize=20_000)
def _name_words(name: str) -> frozenset[str]:
    return frozenset(name.split())


def statement_vectors(stmts: Sequence[Statement], readings: Sequence[Reading], vectors) -> np.ndarray | None:
    """Statement embeddings from ``vectors``: article_id -> (n_sentences, d) rows
    in ``Reading.sentences`` order, or "article_id:sentence_index" -> (d,)."""
    if not vectors:
        return None
    row_of = {}
    for reading in readings:
        for row, sentence in enumerate(reading.sentences):
            row_of[(reading.article_id, sentence.index)] = row
    out = []
    for s in stmts:
        matrix = vectors.get(s.article_id)
        if matrix is not None and np.ndim(matrix) == 2:
            out.append(np.asarray(matrix[row_of[(s.article_id, s.sentence)]], dtype=np.float32))
            continue
        vec = vectors.get(f"{s.article_id}:{s.sentence}")
        if vec is None:
            return None  # incomplete vectors: fall back to TF-IDF for the whole story
        out.append(np.asarray(vec, dtype=np.float32))
    mat = np.vstack(out) if out else np.zeros((0, 1), dtype=np.float32)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return mat / norms


def similarity(stmts: Sequence[Statement], readings: Sequence[Reading] = (), vectors=None) -> np.ndarray:
    """Pairwise alignment scores between statements (symmetric, diagonal 1)."""
    return _scores(stmts, readings, vectors)[0]


def _scores(stmts: Sequence[Statement], readings: Sequence[Reading], vectors) -> tuple[np.ndarray, float]:
    """Pairwise scores and the threshold that applies to them."""
    n = len(stmts)
    if n == 0:
        return np.zeros((0, 0)), TFIDF_THRESHOLD
    tf = tfidf_matrix([s.text for s in stmts])
    score = (tf @ tf.T).toarray()  # updated in place below: one n x n matrix
    emb = statement_vectors(stmts, readings, vectors)
    threshold = TFIDF_THRESHOLD
    if emb is not None:
        score *= 1 - EMBED_WEIGHT
        score += EMBED_WEIGHT * np.clip(emb @ emb.T, 0.0, 1.0)
        threshold = EMBED_THRESHOLD
    sem = score  # row i's entries j > i are only changed after row i has been read
    if any(s.entities for s in stmts) or any(s.values for s in stmts):
        for i in range(n):
            if not (stmts[i].entities or stmts[i].values):
                continue
            for j in np.nonzero(sem[i] > threshold / 2)[0]:
                if j <= i:
                    continue
                b = ENTITY_WEIGHT * _entity_overlap(stmts[i].entities, stmts[j].entities)
                if stmts[i].values & stmts[j].values:
                    b += NUMBER_WEIGHT
                score[i, j] += b
                score[j, i] += b
    short = np.array([len(_terms(s.text)) < MIN_CONTENT_TERMS for s in stmts])
    if short.any():
        mask = (short[:, None] | short[None, :]) & (score < SHORT_LINK)
        score[mask] = np.minimum(score[mask], threshold / 2)
    np.fill_diagonal(score, 1.0)
    return score, threshold


# --------------------------------------------------------------------------- grouping


def _cluster(stmts: Sequence[Statement], score: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-link agglomeration over cross-article links, one statement per article."""
    parent = list(range(len(stmts)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(stmts))}
    arts: dict[int, set[int]] = {i: {s.article} for i, s in enumerate(stmts)}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    iu, ju = np.nonzero(np.triu(score >= threshold, k=1))
    order = np.argsort(-score[iu, ju], kind="stable")
    for k in order:
        i, j = int(iu[k]), int(ju[k])
        if stmts[i].article == stmts[j].article:
            continue
        ri, rj = root(i), root(j)
        if ri == rj or arts[ri] & arts[rj]:
            continue
        if score[np.asarray(members[ri])[:, None], np.asarray(members[rj])].mean() < LINK_RATIO * threshold:
            continue
        parent[rj] = ri
        members[ri].extend(members.pop(rj))
        arts[ri] |= arts.pop(rj)
    return [sorted(m) for m in members.values()]


def align_facts(
    articles: Sequence[Article],
    readings: Sequence[Reading],
    groups: Mapping[str, str],
    *,
    vectors: Mapping[str, np.ndarray] | None = None,
) -> list[Fact]:
    """Group the story's statements into facts, best supported first.

    ``groups`` maps article_id to its independent-source key (missing ids count
    as their own group). ``vectors`` optionally maps article_id to sentence
    embeddings (rows in ``Reading.sentences`` order).
    """
    by_id = {a.id: a for a in articles}
    stmts = statements(articles, readings)
    score, threshold = _scores(stmts, readings, vectors)
    facts = []
    for cluster in _cluster(stmts, score, threshold):
        facts.append(_make_fact([stmts[i] for i in cluster], score[np.ix_(cluster, cluster)], by_id, readings, groups))
    facts.sort(key=lambda f: (-f.support, -len(f.statements), _first_position(f, stmts), f.id))
    return facts


def _first_position(fact: Fact, stmts: Sequence[Statement]) -> tuple[int, int]:
    aid, idx = fact.statements[0][0], fact.statements[0][1]
    for s in stmts:
        if s.article_id == aid and s.sentence == idx:
            return (s.position, s.article)
    return (0, 0)


def _make_fact(members: list[Statement], sub: np.ndarray, by_id, readings, groups) -> Fact:
    members = sorted(members, key=lambda s: (s.position, s.article))
    group_keys = sorted({groups.get(s.article_id, s.article_id) for s in members})
    sources = []
    for s in members:
        article = by_id[s.article_id]
        name = article.source_name or article.ref
        if name not in sources:
            sources.append(name)
    entity_names = _display_entities(members, readings)
    n = len(members)
    cohesion = 1.0 if n == 1 else float((sub.sum() - n) / (n * (n - 1)))
    spans = tuple((s.article_id, s.sentence, s.start, s.end) for s in members)
    return Fact(
        id=content_id(sorted(spans), prefix="f-"),
        statements=spans,
        support=len(group_keys),
        sources=tuple(sources),
        entities=entity_names,
        groups=tuple(group_keys),
        cohesion=round(cohesion, 4),
    )


def _display_entities(members: Iterable[Statement], readings: Sequence[Reading]) -> tuple[str, ...]:
    """Entity names in the statements, longest spelling per key, first-seen order."""
    reading_of = {r.article_id: r for r in readings}
    names: dict[str, str] = {}
    for s in members:
        reading = reading_of[s.article_id]
        for mention in reading.mentions:
            if mention.kind != "name" or not (s.start <= mention.start < s.end):
                continue
            if not 0 <= mention.entity < len(reading.entities):
                continue
            name = reading.entities[mention.entity].name
            key = _entity_key(name)
            match = next((k for k in names if set(k.split()) <= set(key.split()) or set(key.split()) <= set(k.split())), None)
            if match is None:
                names[key] = name
            elif len(name) > len(names[match]):
                names[match] = name
    return tuple(names.values())


# --------------------------------------------------------------------------- JSON


def _span(article: Article, start: int, end: int) -> dict:
    return {
        "article_id": article.id,
        "start": start,
        "end": end,
        "text": article.text[start:end],
        "source": article.source_name,
    }


def fact_to_json(fact: Fact, articles: Sequence[Article] | Mapping[str, Article]) -> dict:
    """The schema's ``fact``: representative sentence, support, sources, mentions."""
    by_id = articles if isinstance(articles, Mapping) else {a.id: a for a in articles}
    mentions = [_span(by_id[aid], start, end) for aid, _, start, end in fact.statements]
    return {
        "id": fact.id,
        "text": mentions[0]["text"],
        "support": fact.support,
        "sources": list(fact.sources),
        "mentions": mentions,
        "entities": list(fact.entities),
        "status": "corroborated" if fact.support >= 2 else "single-source",
    }


def exclusive_json(fact: Fact, articles: Sequence[Article] | Mapping[str, Article]) -> dict:
    """The schema's ``exclusive`` item for a single-source fact (see
    ``exclusives.find_exclusives`` for which facts are worth listing)."""
    from .exclusives import exclusive_to_json

    return exclusive_to_json(fact, articles)
