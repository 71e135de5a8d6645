"""What the story clusterer keeps per story, how an article compares with it,
and the article-vector index.

A ``StoryProfile`` aggregates its members' features (centroid, key-term and
entity counts, years, first/last day, last stream position) so a new article
is compared with a story in time independent of the story's size.
``VectorIndex`` is an append-only faiss inner-product index over article
vectors: exact (``IndexFlatIP``) while small, HNSW from ``hnsw_from`` vectors
on, so a look-up costs about log n.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import math

import numpy as np

from .features import GROUPS, ArticleFeatures

# Story profiles keep at most this many key terms (the most frequent), pruned
# when they hold twice as many. Re-run bench/ecbplus.py and bench/stream.py.
STORY_TERMS = 300

@dataclass(slots=True)
class StoryProfile:
    id: str
    key: str | None = None
    n: int = 0
    vec_sum: np.ndarray | None = None
    centroid: np.ndarray | None = None
    terms: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)  # (group, key) -> mentions
    entity_docs: Counter = field(default_factory=Counter)  # (group, key) -> member articles naming it
    keys: Counter = field(default_factory=Counter)  # key -> mentions, whatever the type
    years: Counter = field(default_factory=Counter)
    first_day: int | None = None
    last_day: int | None = None
    last_index: int = 0
    article_ids: list[str] = field(default_factory=list)
    term_norm: float = 0.0
    entity_norm: float = 0.0
    latest_years: Counter = field(default_factory=Counter)  # each member's latest year mentioned
    top_keys: tuple[str, ...] = ()  # most mentioned entity keys, any type
    norms_at: int = 0  # document count when the norms were last computed in full


class VectorIndex:
    """Append-only inner-product index over article vectors."""

    def __init__(self, dim: int, hnsw_from: int, hnsw_m: int, ef_search: int) -> None:
        import faiss

        # One query at a time: faiss' OpenMP threads cost ~70x more than they
        # save on a single-vector search (measured 48 ms vs 0.7 ms at 12k vectors
        # on 2 cores). This is process-wide, hence set here, where it matters.
        faiss.omp_set_num_threads(1)
        self.dim, self.hnsw_from, self.hnsw_m, self.ef_search = dim, hnsw_from, hnsw_m, ef_search
        self.index = faiss.IndexFlatIP(dim)
        self.hnsw = False

    def add(self, vector: np.ndarray) -> None:
        self.index.add(vector.reshape(1, -1))
        if not self.hnsw and self.index.ntotal >= self.hnsw_from:
            self._to_hnsw()

    def _to_hnsw(self) -> None:
        import faiss

        data = self.index.reconstruct_n(0, self.index.ntotal)
        index = faiss.IndexHNSWFlat(self.dim, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = self.ef_search
        index.add(data)
        self.index, self.hnsw = index, True

    def search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        if self.index.ntotal == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores, rows = self.index.search(vector.reshape(1, -1), min(k, self.index.ntotal))
        keep = rows[0] >= 0
        return scores[0][keep], rows[0][keep]


def grow(story: StoryProfile, features: ArticleFeatures, n_docs: int) -> bool:
    """Add an article to a profile; True when the key terms were pruned."""
    vector = np.asarray(features.vector, dtype=np.float32)
    story.vec_sum = vector.copy() if story.vec_sum is None else story.vec_sum + vector
    norm = float(np.linalg.norm(story.vec_sum))
    story.centroid = story.vec_sum / norm if norm > 0 else story.vec_sum
    story.n += 1
    story.terms.update(dict(features.terms))
    pruned = len(story.terms) > 2 * STORY_TERMS
    if pruned:
        story.terms = Counter(dict(story.terms.most_common(STORY_TERMS)))
    for group, key, n in features.entities:
        story.entities[(group, key)] += n
        story.entity_docs[(group, key)] += 1
        story.keys[key] += n
    _update_top(story, {key for _, key, _ in features.entities})
    story.years.update(features.years)
    if features.years:
        story.latest_years[max(features.years)] += 1
    if features.day is not None:
        story.first_day = features.day if story.first_day is None else min(story.first_day, features.day)
        story.last_day = features.day if story.last_day is None else max(story.last_day, features.day)
    story.last_index = n_docs
    story.article_ids.append(features.article_id)
    return pruned


def absorb(story: StoryProfile, other: StoryProfile) -> None:
    story.vec_sum = story.vec_sum + other.vec_sum
    norm = float(np.linalg.norm(story.vec_sum))
    story.centroid = story.vec_sum / norm if norm > 0 else story.vec_sum
    story.n += other.n
    story.terms.update(other.terms)
    story.entities.update(other.entities)
    story.entity_docs.update(other.entity_docs)
    story.keys.update(other.keys)
    _update_top(story, set(other.keys))
    story.years.update(other.years)
    story.latest_years.update(other.latest_years)
    days = [d for d in (story.first_day, story.last_day, other.first_day, other.last_day) if d is not None]
    story.first_day, story.last_day = (min(days), max(days)) if days else (None, None)
    story.last_index = max(story.last_index, other.last_index)
    story.article_ids.extend(other.article_ids)


# Entity keys a story is "about": its most mentioned ones.
TOP_KEYS = 5


def _update_top(story: StoryProfile, touched: set[str]) -> None:
    """Counts only grow, so the new top is among the old top and the touched keys."""
    pool = set(story.top_keys) | touched
    story.top_keys = tuple(sorted(pool, key=lambda k: (-story.keys[k], k))[:TOP_KEYS])


# --------------------------------------------------------------------------- comparing an article with a profile


@dataclass(slots=True)
class Query:
    """An article's weights, computed once and compared with each candidate profile."""

    terms: list[tuple[str, float, int]]  # (term, (1 + log count) * idf^2, count)
    term_norm: float
    keys: list[tuple[str, float, int]]  # entity key (any type), weight as for terms, mentions
    key_norm: float
    typed: list[tuple[str, str, float]]  # (group, key, idf)
    main: tuple[str, ...] = ()  # the article's most mentioned entity keys


def cosine(query: list[tuple[str, float, int]], norm: float, counts: Counter, other_norm: float) -> float:
    """IDF-weighted cosine of log-scaled counts (the story side's norm is kept incrementally)."""
    if norm == 0.0 or other_norm == 0.0:
        return 0.0
    dot = 0.0
    log = math.log
    for key, weight, _ in query:
        other = counts.get(key)
        if other:
            dot += weight * (1.0 + log(other))
    return dot / (norm * other_norm)


def main_entities(main: tuple[str, ...], story: StoryProfile) -> dict[str, float]:
    """Is the article about what the story is about? Its top names against the story's top names."""
    if not main or not story.top_keys:
        return {"main_shared": 0.0, "main_missing": 0.0}
    shared = any(k in story.top_keys for k in main)
    return {"main_shared": float(shared), "main_missing": float(not story.keys.get(main[0]))}


def entity_coverage(typed: list[tuple[str, str, float]], story: StoryProfile) -> dict[str, float]:
    """Per type: IDF-weighted share of the article's entities that are typical of the story.

    An entity counts in full when at least half the story's articles name it,
    in part when fewer do: a large story names everything once, and must not
    win every article for that (measured on bench/stream.py: wrong joins had
    higher plain coverage than right ones).
    """
    have = dict.fromkeys(GROUPS, 0.0)
    total = dict.fromkeys(GROUPS, 0.0)
    half = max(story.n, 1) / 2.0
    for group, key, w in typed:
        total[group] += w
        docs = story.entity_docs.get((group, key))
        if docs:
            have[group] += w * min(1.0, docs / half)
    return {f"ent_{g}": (have[g] / total[g] if total[g] else 0.0) for g in GROUPS}


def log_weight(count: int, idf: float) -> float:
    return (1.0 + math.log(count)) * idf if count > 0 else 0.0


def updated_norm(norm: float, old: dict[str, int], counts: Counter, idf, prefix: str) -> float:
    """Norm after the counts of ``old``'s keys changed (other keys keep their weights)."""
    square = norm * norm
    for key, before in old.items():
        w = idf(prefix + key)
        square += log_weight(counts.get(key, 0), w) ** 2 - log_weight(before, w) ** 2
    return math.sqrt(max(square, 0.0))


def year_components(years: tuple[int, ...], story_years: Counter, latest: Counter) -> dict[str, float]:
    """Years mentioned: any shared; none shared; the article's latest year (news
    rarely mentions years after its own) is no member's latest year."""
    if not years or not story_years:
        return {"years_shared": 0.0, "years_conflict": 0.0, "latest_year_differs": 0.0}
    shared = any(y in story_years for y in years)
    differs = bool(latest) and max(years) not in latest
    return {"years_shared": float(shared), "years_conflict": float(not shared), "latest_year_differs": float(differs)}


def day_components(day: int | None, first: int | None, last: int | None) -> dict[str, float]:
    if day is None or first is None or last is None:
        return {"day_gap": 0.0, "day_known": 0.0}
    gap = 0 if first <= day <= last else min(abs(day - first), abs(day - last))
    return {"day_gap": min(1.0, math.log1p(gap) / math.log(31.0)), "day_known": 1.0}
