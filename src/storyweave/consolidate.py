"""Batch consolidation of online story assignments: re-cluster a bounded
region of recent articles with average-link over article-article probabilities.

The online pass (``cluster``) compares each article with story *profiles*;
once the first articles of two same-kind events (two earthquakes, two DUI
arrests of one team) meet in one story, the profile absorbs both and the
story keeps taking articles of either. Comparing articles with articles and
joining groups by their *average* pair probability does not drift that way.

This module is pure: ``pair_logits`` turns the features of ``m`` articles
into an ``m x m`` matrix of logits of "same story" (a logistic model over
PAIR_COMPONENTS), and ``average_link`` cuts an average-link dendrogram at a
probability, then lets each article left alone join the group it is most like
on average (``attach_singletons``). ``StoryClusterer.consolidate`` picks the
region (stories touched since the last pass and the stories that competed for
their articles) and relabels stories.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse

from .features import GROUPS, ArticleFeatures

PAIR_COMPONENTS = (
    "cos",  # embedding cosine (title + lead)
    "terms",  # IDF-weighted key-term cosine
    "entities",  # IDF-weighted entity-key cosine, any type
    "person", "org", "place", "other",  # the same per entity type
    "person_none", "org_none", "place_none", "other_none",  # both name this type, no key shared
    "years_shared", "years_conflict", "latest_year_differs",
    "numbers_shared",  # shared numbers other than years (magnitudes, tolls), 0..1 (3 or more)
    "numbers_conflict",  # both give numbers, none shared
    "month_day_shared",  # both name one calendar day ("Nov. 27", "9 September")
)
# Logistic weights over PAIR_COMPONENTS (last entry: intercept). Fit on every
# pair of ECB+ train-topic documents (all topics except 2,5,12,18,21,23,34,35;
# document frequencies of all public documents), L2 1.0:
# `python bench/ecbplus.py --fit`. Re-run it after changing features or
# components.
PAIR_WEIGHTS = (
    8.764, 11.629, 2.222, 3.669, -0.477, 2.461, -1.045, -0.863, -0.275, -0.693, -0.164,
    2.344, 1.178, -2.235, -1.025, -1.28, 2.728, -9.219,
)
# Average pair probability at which two groups join. Chosen by train-topic
# B3 F1 of the whole pipeline (online + consolidation) on ECB+
# (`bench/ecbplus.py --fit`); see BENCHMARKS.md.
PAIR_THRESHOLD = 0.5
# An article the cut leaves alone joins the group it is most like on average
# when that average probability is this or more: average link asks a lone
# article to match a large group as well as the group's members match each
# other, and long or off-angle articles of one event (an opinion piece, a
# sidebar) fall short of that. Chosen by train-topic B3 F1 over 0.2-0.4
# (`bench/ecbplus.py --fit`); see BENCHMARKS.md.
ATTACH_THRESHOLD = 0.3
# ... and only a group of this many or more: the average over one or two
# pairs is no more evidence than the cut already weighed (over the passes on
# 924 PolNeAR election articles, groups of two took 51 of 81 attachments,
# mostly loosely related campaign pieces; on ECB+ it changes nothing).
ATTACH_MIN_GROUP = 3

_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


def _is_number(term: str) -> bool:
    return bool(_NUMBER.match(term)) and not (len(term) == 4 and term[:2] in ("19", "20"))


def _normalised(m: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


def _sparse(rows: Sequence[dict[int, float]], width: int) -> sparse.csr_matrix:
    indptr = np.cumsum([0] + [len(r) for r in rows])
    indices = np.fromiter((k for r in rows for k in r), dtype=np.int64, count=int(indptr[-1]))
    data = np.fromiter((v for r in rows for v in r.values()), dtype=np.float64, count=int(indptr[-1]))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(1, width)))


class PairSpace:
    """The articles of one consolidation pass as sparse rows, built once; the
    pair components of any subset (a region) are then a few row slices and
    products."""

    def __init__(self, feats: Sequence[ArticleFeatures], idf: Callable[[str], float]) -> None:
        vocab: dict[str, int] = {}
        weight: dict[str, float] = {}

        def column(key: str) -> int:
            found = vocab.get(key)
            if found is None:
                found = vocab[key] = len(vocab)
                weight[key] = idf(key)
            return found

        terms, keys, typed, years, numbers, days = [], [], [], [], [], []
        log = math.log
        for f in feats:
            terms.append({column("t:" + t): (1.0 + log(c)) * weight["t:" + t] for t, c in f.terms})
            counts: dict[str, int] = {}
            for _, key, n in f.entities:
                counts[key] = counts.get(key, 0) + n
            keys.append({column("k:" + k): (1.0 + log(n)) * weight["k:" + k] for k, n in counts.items()})
            typed.append({column(f"{g}:k:{k}"): (1.0 + log(n)) * idf("k:" + k) for g, k, n in f.entities})
            years.append({column(f"y:{y}"): 1.0 for y in f.years})
            numbers.append({column("n:" + t): 1.0 for t, _ in f.terms if _is_number(t)})
            days.append({column("d:" + d): 1.0 for d in f.month_days})
        width = len(vocab)
        self.vectors = np.stack([np.asarray(f.vector, dtype=np.float32) for f in feats])
        self.terms = _normalised(_sparse(terms, width))
        self.keys = _normalised(_sparse(keys, width))
        typed_all = _sparse(typed, width)
        self.typed = {}
        for group in GROUPS:
            mask = np.zeros(max(1, width))
            mask[[i for k, i in vocab.items() if k.startswith(group + ":k:")]] = 1.0
            self.typed[group] = _normalised(typed_all @ sparse.diags(mask))
        self.years, self.numbers = _sparse(years, width), _sparse(numbers, width)
        self.days = _sparse(days, width)
        self.latest = np.array([max(f.years) if f.years else 0 for f in feats])

    def components(self, rows: Sequence[int] | None = None):
        """Yield (name, m x m matrix) for each of PAIR_COMPONENTS over ``rows`` (all by default)."""
        rows = np.arange(len(self.vectors)) if rows is None else np.asarray(rows)

        def gram(m: sparse.csr_matrix) -> np.ndarray:
            sub = m[rows]
            return (sub @ sub.T).toarray()

        vectors = self.vectors[rows]
        yield "cos", (vectors @ vectors.T).astype(np.float64)
        yield "terms", gram(self.terms)
        yield "entities", gram(self.keys)
        typed = {g: gram(self.typed[g]) for g in GROUPS}
        yield from typed.items()
        for group in GROUPS:
            has = (self.typed[group][rows].getnnz(axis=1) > 0).astype(np.float64)
            yield f"{group}_none", np.outer(has, has) * (typed[group] == 0)
        shared, both = self._overlap(self.years, rows)
        latest = self.latest[rows]
        yield "years_shared", (shared > 0).astype(np.float64)
        yield "years_conflict", both * (shared == 0)
        yield "latest_year_differs", both * (latest[:, None] != latest[None, :])
        shared, both = self._overlap(self.numbers, rows)
        yield "numbers_shared", np.minimum(shared, 3.0) / 3.0
        yield "numbers_conflict", both * (shared == 0)
        shared, _ = self._overlap(self.days, rows)
        yield "month_day_shared", (shared > 0).astype(np.float64)

    @staticmethod
    def _overlap(m: sparse.csr_matrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(shared count, both non-empty) for every pair of rows."""
        sub = m[rows]
        has = (sub.getnnz(axis=1) > 0).astype(np.float64)
        return (sub @ sub.T).toarray(), np.outer(has, has)

    def logits(self, rows: Sequence[int] | None = None, weights: Sequence[float] = PAIR_WEIGHTS) -> np.ndarray:
        """m x m logits of "same story" for every pair of ``rows``."""
        m = len(self.vectors) if rows is None else len(rows)
        z = np.full((m, m), float(weights[-1]))
        for (_, matrix), w in zip(self.components(rows), weights):
            if w:
                z += w * matrix
        return z


def pair_logits(
    feats: Sequence[ArticleFeatures], idf: Callable[[str], float], weights: Sequence[float] = PAIR_WEIGHTS
) -> np.ndarray:
    """m x m logits of "same story" for every pair of ``feats``."""
    return PairSpace(feats, idf).logits(weights=weights)


def pair_matrix(feats: Sequence[ArticleFeatures], idf: Callable[[str], float]) -> np.ndarray:
    """m x m x len(PAIR_COMPONENTS) components (for fitting; ``pair_logits`` in use)."""
    return np.stack([matrix for _, matrix in PairSpace(feats, idf).components()], axis=-1)


# Logit of two articles published further apart than the time window: they
# are never one story on their own (probability ~0); a developing story still
# holds together through the articles in between, as in the online pass.
APART_LOGIT = -30.0


def apart(days: Sequence[int | None], window_days: int) -> np.ndarray:
    """m x m mask of article pairs both dated and more than ``window_days`` apart."""
    known = np.array([d is not None for d in days])
    value = np.array([d if d is not None else 0 for d in days], dtype=np.int64)
    return np.outer(known, known) & (np.abs(value[:, None] - value[None, :]) > window_days)


def average_link(
    logits: np.ndarray, threshold: float = PAIR_THRESHOLD, attach: float | None = ATTACH_THRESHOLD
) -> list[int]:
    """Cluster label of each item: average-link over pair probabilities, cut at
    ``threshold``; then each item left alone joins the group (of
    ATTACH_MIN_GROUP or more) with the highest average probability with it,
    when that is ``attach`` or more (``None``: no attaching)."""
    m = len(logits)
    if m < 2:
        return [0] * m
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    probability = 1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0)))
    probability = (probability + probability.T) / 2.0
    distance = 1.0 - probability
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(linkage(squareform(distance, checks=False), "average"), 1.0 - threshold, "distance") - 1
    return [int(x) for x in (labels if attach is None else attach_singletons(probability, labels, attach))]


def attach_singletons(probability: np.ndarray, labels: np.ndarray, attach: float) -> np.ndarray:
    """``labels`` with each item alone in its group moved to the group of
    ATTACH_MIN_GROUP or more with the highest average ``probability`` with
    it, if that is ``attach`` or more. Groups are those of the cut: the
    result does not depend on the order of the items."""
    sizes = np.bincount(labels)
    groups = np.flatnonzero(sizes >= ATTACH_MIN_GROUP)
    alone = np.flatnonzero(sizes[labels] == 1)
    if not len(groups) or not len(alone):
        return labels
    member = (labels[None, :] == groups[:, None]).astype(np.float64)  # groups x items
    average = (probability[alone] @ member.T) / sizes[groups]  # alone x groups
    best = average.argmax(axis=1)
    out = labels.copy()
    join = average[np.arange(len(alone)), best] >= attach
    out[alone[join]] = groups[best[join]]
    return out


def regions(links: Sequence[Sequence[str]], usable: Callable[[str], bool]) -> list[list[str]]:
    """Connected groups of story ids: stories linked when they competed for one article."""
    from scipy.cluster.hierarchy import DisjointSet

    sets = DisjointSet()
    for group in links:
        ids = [sid for sid in group if usable(sid)]
        for sid in ids:
            sets.add(sid)
        for sid in ids[1:]:
            sets.merge(ids[0], sid)
    return [sorted(s) for s in sets.subsets()]


def name_parts(members: Sequence[str], old: dict[str, str], labels: Sequence[int]) -> dict[int, str | None]:
    """Label -> the old story id it keeps (most shared articles first), None for a new part.

    Each old id names at most one part, so a story that is only relabelled
    keeps its id, and the larger piece of a split keeps the story's id.
    """
    overlap: dict[tuple[int, str], int] = {}
    for article_id, label in zip(members, labels):
        overlap[(label, old[article_id])] = overlap.get((label, old[article_id]), 0) + 1
    names: dict[int, str | None] = {}
    used: set[str] = set()
    for (label, sid), _ in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0])):
        if label not in names and sid not in used:
            names[label] = sid
            used.add(sid)
    return {label: names.get(label) for label in set(labels)}
