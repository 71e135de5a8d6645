"""A cited, verbatim summary of a story.

Only whole sentences of the articles are used, each cited by its span
(``text == article.text[start:end]``), so the summary can never say what no
source said. Sentences are scored by

* centrality: TF-IDF cosine to the story's centroid (what the story is about),
* corroboration: how many independent sources back the sentence's fact,
* position: news puts the essentials first (inverted pyramid),

and picked greedily with maximal marginal relevance (MMR), never two sentences
of one fact, until the word budget is used. Headings, questions, quote-only
fragments and site furniture are skipped when anything else is left.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from .align import Statement, statements, tfidf_matrix
from .records import Article, Fact, Reading

# Score weights, MMR trade-off and ordering. Tuned on NeuS train by
# ``bench/neus.py --split train --grid`` (ROUGE-1/2/Lsum F1 against the
# AllSides roundup, words=75) and reported on val; re-run both after changing.
CENTRALITY_WEIGHT = 1.0
SUPPORT_WEIGHT = 0.3
POSITION_WEIGHT = 0.3
TITLE_WEIGHT = 0.0  # weight of the articles' headlines in the story centroid
LEXRANK_WEIGHT = 0.0  # share of centrality from LexRank (graph) rather than the centroid
MMR_LAMBDA = 0.7  # 1.0 = pure relevance, lower = more penalty for redundancy
ORDER = "position"  # "position": by article position then story order; "importance": pick order

_QUOTES = "\"“”‘’'«»"
# Site furniture that survives cleaning in some inputs (general web boilerplate).
_FURNITURE = re.compile(
    r"^(?:click here|sign up|subscribe|read more|follow us|advertisement|related:|share this|"
    r"copyright|all rights reserved|photo:|image:|watch:|listen:)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\S+")
_QUOTED = re.compile(r"\"[^\"]+\"|“[^”]+”|«[^»]+»")
QUOTE_SHARE = 0.5  # sentences mostly inside quotation marks read badly out of context


def _quoted_share(text: str) -> float:
    inside = sum(len(m.group()) for m in _QUOTED.finditer(text))
    return inside / max(len(text), 1)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _is_weak(text: str) -> bool:
    """Questions, quote-only fragments and furniture make poor summary sentences."""
    t = text.strip()
    if t.endswith("?") or t.rstrip(_QUOTES).endswith("?"):
        return True
    if _FURNITURE.match(t):
        return True
    if _quoted_share(t) >= QUOTE_SHARE:
        return True  # a quotation with at most a short attribution
    return t[:1].islower()  # a fragment continuing the previous sentence


def _support_of(stmts: Sequence[Statement], facts: Sequence[Fact]) -> tuple[list[int], list[str | None]]:
    fact_of: dict[tuple[str, int], Fact] = {}
    for fact in facts:
        for aid, index, _, _ in fact.statements:
            fact_of[(aid, index)] = fact
    support, fact_ids = [], []
    for s in stmts:
        fact = fact_of.get((s.article_id, s.sentence))
        support.append(fact.support if fact else 1)
        fact_ids.append(fact.id if fact else None)
    return support, fact_ids


def relevance(stmts: Sequence[Statement], support: Sequence[int], sim: np.ndarray, tf, titles=None) -> np.ndarray:
    """Per-statement importance: centrality, corroboration and lead position.

    ``titles`` are TF-IDF rows of the headlines (same vocabulary as ``tf``):
    a headline is the outlet's own one-line summary, so it pulls the centroid.
    """
    centroid = np.asarray(tf.mean(axis=0)).ravel()
    if titles is not None and titles.shape[0] and TITLE_WEIGHT:
        centroid = centroid + TITLE_WEIGHT * np.asarray(titles.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid) or 1.0
    central = np.asarray(tf @ (centroid / norm)).ravel()
    central = central / (central.max() or 1.0)
    if LEXRANK_WEIGHT:
        graph = _lexrank(sim)
        central = (1 - LEXRANK_WEIGHT) * central + LEXRANK_WEIGHT * graph / (graph.max() or 1.0)
    top = max(max(support, default=1), 2)
    corroboration = (np.asarray(support, dtype=float) - 1.0) / (top - 1.0)
    position = np.array([1.0 / (1.0 + s.position) for s in stmts])
    return CENTRALITY_WEIGHT * central + SUPPORT_WEIGHT * corroboration + POSITION_WEIGHT * position


def _lexrank(sim: np.ndarray, threshold: float = 0.1, damping: float = 0.85) -> np.ndarray:
    """Stationary distribution of a random walk on the thresholded similarity graph."""
    n = len(sim)
    adj = (sim >= threshold).astype(float)
    np.fill_diagonal(adj, 1.0)  # a sentence with no content words still has a row
    adj /= adj.sum(axis=1, keepdims=True)
    p = np.full(n, 1.0 / n)
    for _ in range(50):
        p = (1 - damping) / n + damping * adj.T @ p
    return p


def summarize(
    articles: Sequence[Article],
    readings: Sequence[Reading],
    facts: Sequence[Fact],
    *,
    words: int = 100,
) -> list[dict]:
    """Verbatim sentences covering the story within ``words`` words.

    Items: ``{text, article_id, start, end, support, source, fact_id}``.
    The first pick is kept even when it alone exceeds the budget, so a story
    with only long sentences still gets a summary.
    """
    stmts = statements(articles, readings)
    if not stmts:
        return []
    support, fact_ids = _support_of(stmts, facts)
    titles = [a.title_value for a in articles if a.title_value]
    both = tfidf_matrix([s.text for s in stmts] + titles)
    tf, title_rows = both[: len(stmts)], both[len(stmts) :]
    sim = (tf @ tf.T).toarray()
    rel = relevance(stmts, support, sim, tf, title_rows)
    weak = np.array([_is_weak(s.text) for s in stmts])
    if not weak.all():
        rel = np.where(weak, -np.inf, rel)
    chosen = _mmr(stmts, rel, sim, fact_ids, words)
    if ORDER == "position":
        chosen.sort(key=lambda i: (stmts[i].position, stmts[i].article))
    by_id = {a.id: a for a in articles}
    return [
        {
            "text": stmts[i].text,
            "article_id": stmts[i].article_id,
            "start": stmts[i].start,
            "end": stmts[i].end,
            "support": int(support[i]),
            "source": by_id[stmts[i].article_id].source_name,
            "fact_id": fact_ids[i],
        }
        for i in chosen
    ]


def _mmr(stmts, rel: np.ndarray, sim: np.ndarray, fact_ids, budget: int) -> list[int]:
    lengths = [_words(s.text) for s in stmts]
    chosen: list[int] = []
    used_facts: set[str] = set()
    used = 0
    candidates = [i for i in range(len(stmts)) if np.isfinite(rel[i])]
    while candidates:
        redundancy = sim[np.ix_(candidates, chosen)].max(axis=1) if chosen else np.zeros(len(candidates))
        gain = MMR_LAMBDA * rel[candidates] - (1 - MMR_LAMBDA) * redundancy
        best = None
        for k in np.argsort(-gain, kind="stable"):
            i = candidates[k]
            if chosen and used + lengths[i] > budget:
                continue
            best = i
            break
        if best is None:
            break
        chosen.append(best)
        used += lengths[best]
        if fact_ids[best]:
            used_facts.add(fact_ids[best])
        candidates = [i for i in candidates if i != best and fact_ids[i] not in used_facts and used + lengths[i] <= budget]
        if used >= budget:
            break
    return chosen
