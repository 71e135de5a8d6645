"""Why two articles would (not) be grouped: the clusterer's components of
one against a story made of the other, the consolidation pass's
article-against-article components, and what they share (``storyweave why``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .cluster import StoryClusterer, _sigmoid
from .features import GROUPS, ArticleFeatures
from .profiles import StoryProfile, grow


def explain(a: ArticleFeatures, b: ArticleFeatures, clusterer: StoryClusterer | None = None) -> dict[str, Any]:
    """Why two articles would (not) be grouped: components, score, threshold, decision.

    ``a`` is scored against a story made of ``b`` alone, with the document
    frequencies of ``clusterer`` when given (the store's rebuilt clusterer),
    otherwise of the two articles only.
    """
    if clusterer is None or getattr(clusterer, "stories_", None) is None:
        clusterer = StoryClusterer(**(clusterer.get_params() if clusterer else {}))
        clusterer._ensure_state(len(a.vector))
        for f in (a, b):
            clusterer._count_document(f)
    story = StoryProfile(id="explain")
    grow(story, b, 0)
    clusterer._refresh_norms(story)
    cosine = float(np.dot(np.asarray(a.vector, dtype=np.float32), np.asarray(b.vector, dtype=np.float32)))
    components = clusterer.components(a, story, cosine, cosine)
    score = clusterer.probability(components)
    from .dedup import jaccard

    pair = _pair(a, b, clusterer)
    return {
        "pair": pair,
        "components": {k: round(v, 4) for k, v in components.items()},
        "shared_entities": {g: sorted(a.entity_keys(g) & b.entity_keys(g)) for g in GROUPS},
        "shared_terms": sorted(set(dict(a.terms)) & set(dict(b.terms)))[:20],
        "years": {"a": list(a.years), "b": list(b.years)},
        "date_gap_days": None if a.day is None or b.day is None else abs(a.day - b.day),
        "minhash_jaccard": jaccard(a.minhash, b.minhash),
        "same_key": a.story_key is not None and a.story_key == b.story_key,
        "score": round(score, 4),
        "threshold": clusterer.threshold,
        "decision": _decision(a, b, score, clusterer, pair),
    }


def _pair(a: ArticleFeatures, b: ArticleFeatures, clusterer: StoryClusterer) -> dict[str, Any] | None:
    """The consolidation pass's view: article-against-article components and
    the probability that average link weighs (None when the pass is off)."""
    from .consolidate import PairSpace

    if clusterer.consolidate_threshold is None:
        return None
    space = PairSpace([a, b], clusterer.idf)
    components = {name: round(float(matrix[0, 1]), 4) for name, matrix in space.components()}
    probability = _sigmoid(float(space.logits(weights=clusterer.pair_weights)[0, 1]))
    return {
        "components": components,
        "month_days": {"a": list(a.month_days), "b": list(b.month_days)},
        "score": round(probability, 4),
        "threshold": clusterer.consolidate_threshold,
    }


def _decision(a: ArticleFeatures, b: ArticleFeatures, score: float, clusterer: StoryClusterer,
              pair: dict[str, Any] | None = None) -> str:
    if a.story_key is not None or b.story_key is not None:
        same = a.story_key == b.story_key
        return "same story (same story key)" if same else "different stories (story keys differ)"
    if a.day is not None and b.day is not None and abs(a.day - b.day) > clusterer.window_days:
        return f"different stories (more than {clusterer.window_days} days apart)"
    same = score >= clusterer.threshold
    if pair is not None and (pair["score"] >= pair["threshold"]) != same:
        # two articles alone: the consolidation pass has the last word
        return ("different stories" if same else "same story") + " (consolidation pass, article against article)"
    return "same story" if same else "different stories"
