"""A cited, verbatim summary of a story.

Only whole sentences of the articles are used, each cited by its span
(``text == article.text[start:end]``), so the summary can never say what no
source said. Each sentence gets an importance score from a linear model over
a few signals -- how central it is to the story (TF-IDF and embedding
similarity to the other sentences and to the centroid), how close it is to
the outlets' headlines (a headline is the outlet's own one-line summary),
how many independent sources back its fact, its position in the article
(news puts the essentials first), its length and how much of it is quotation.
Sentences are then picked greedily with maximal marginal relevance (MMR),
never two sentences of one fact, until the word budget is used. Headings,
questions, quote-only sentences, fragments and site furniture are skipped
when anything else is left.
"""

from __future__ import annotations

import re
from typing import Collection, Mapping, Sequence

import numpy as np

from .align import Statement, statement_vectors, statements, tfidf_matrix
from .records import Article, Fact, Reading

# The importance model: weights of FEATURES, fitted by least squares on NeuS
# train stories 0-799 (target: each sentence's ROUGE-1-style F1 of stemmed
# content words against the AllSides roundup) with ``bench/neus.py --fit``;
# MMR_LAMBDA and the label were chosen on train stories 1200-1799; scores are
# reported on val. Re-run ``bench/neus.py --fit`` and ``bench/neus.py`` after
# changing any feature. Stories without headlines use the second set, fitted
# on the same stories with the headlines removed.
FEATURES = (
    "bias", "lead", "centroid", "title_max", "title_mean", "own_title",
    "support", "log_words", "quoted", "degree", "embed_title", "embed_degree",
)
WEIGHTS_TITLED = (-0.2025, 0.0465, 0.2595, -0.0002, 0.3911, -0.0479, 0.0152, 0.0455, -0.0297, 0.5619, 0.1788, -0.0983)
WEIGHTS_UNTITLED = (-0.1794, 0.0999, 0.2088, 0.0, 0.0, 0.0, 0.0293, 0.0467, -0.0326, 0.8787, 0.0, -0.0067)
MMR_LAMBDA = 0.8  # 1.0 = pure relevance, lower = more penalty for redundancy
# TF-IDF cosine at which two sentences are repeats: never both in a summary.
# Aligned statements of one fact are *not* excluded as such: outlets add
# different details to one fact, and excluding them cost 1.4 ROUGE-1 on NeuS val.
REPEAT = 0.7
# Two sentences of one aligned fact are both kept only when they are less
# similar than this (TF-IDF cosine): a second outlet's sentence of a fact
# must add its own details, not restate it. Chosen on NeuS train stories
# 1200-1799 (bench/neus.py --split train --offset 1200 --limit 600): R-1
# 41.85 without the rule; 0.5: 41.86; 0.4: 41.76; 0.3: 41.42; 0.0 (one
# sentence per fact): 40.58. The lowest value whose cost is within noise.
SAME_FACT_REPEAT = 0.4
# Output order: "importance" (pick order) or "position" (article position,
# then story order). ROUGE-1/2/Lsum ignore it; ROUGE-L on the joined summary
# does not: on NeuS val importance 27.52, position 27.33 -- see bench/neus.py.
ORDER = "importance"

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
    """Questions, quote-only sentences, fragments and furniture make poor summary sentences."""
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


def _mean_off_diagonal(sim: np.ndarray) -> np.ndarray:
    n = len(sim)
    return (sim.sum(axis=1) - np.diag(sim)) / max(n - 1, 1)


def _embeddings(stmts, readings, titles: Sequence[str], vectors) -> tuple[np.ndarray, np.ndarray]:
    from .embed import embed  # the static model: loaded once per process

    rows = statement_vectors(stmts, readings, vectors)
    if rows is None:
        rows = embed([s.text for s in stmts])
    heads = embed(list(titles)) if titles else np.zeros((0, rows.shape[1]), dtype=rows.dtype)
    return rows, heads


def features(
    stmts: Sequence[Statement],
    articles: Sequence[Article],
    readings: Sequence[Reading],
    support: Sequence[int],
    *,
    groups: int | None = None,
    vectors=None,
) -> tuple[np.ndarray, np.ndarray]:
    """The FEATURES matrix (one row per statement) and TF-IDF sentence similarity.

    ``groups`` is the story's number of independent sources (support is
    scaled by it); by default, the number of articles."""
    titled = [k for k, a in enumerate(articles) if a.title_value]
    titles = [articles[k].title_value for k in titled]
    both = tfidf_matrix([s.text for s in stmts] + titles)
    tf, heads = both[: len(stmts)], both[len(stmts) :]
    sim = (tf @ tf.T).toarray()
    centroid = np.asarray(tf.mean(axis=0)).ravel()
    centroid /= np.linalg.norm(centroid) or 1.0
    title_sim = (tf @ heads.T).toarray() if titles else np.zeros((len(stmts), 1))
    row_of_title = {k: r for r, k in enumerate(titled)}
    own = [title_sim[i, row_of_title[s.article]] if s.article in row_of_title else 0.0 for i, s in enumerate(stmts)]
    emb, emb_heads = _embeddings(stmts, readings, titles, vectors)
    emb_title = (emb @ emb_heads.T).mean(axis=1) if titles else np.zeros(len(stmts))
    groups = groups or len(articles)
    x = np.column_stack(
        [
            np.ones(len(stmts)),
            [1.0 / (1.0 + s.position) for s in stmts],
            np.asarray(tf @ centroid).ravel(),
            title_sim.max(axis=1),
            title_sim.mean(axis=1),
            own,
            (np.asarray(support, dtype=float) - 1.0) / max(groups - 1, 1),
            [np.log(max(_words(s.text), 1)) for s in stmts],
            [_quoted_share(s.text) for s in stmts],
            _mean_off_diagonal(sim),
            emb_title,
            _mean_off_diagonal(emb @ emb.T),
        ]
    )
    return x, sim


def relevance(x: np.ndarray, titled: bool) -> np.ndarray:
    """Predicted importance of each statement (see WEIGHTS_*)."""
    return x @ np.asarray(WEIGHTS_TITLED if titled else WEIGHTS_UNTITLED)


def summarize(
    articles: Sequence[Article],
    readings: Sequence[Reading],
    facts: Sequence[Fact],
    *,
    words: int = 100,
    vectors: Mapping[str, np.ndarray] | None = None,
    avoid: Collection[tuple[str, int, int]] = (),
) -> list[dict]:
    """Verbatim sentences covering the story within ``words`` words.

    ``avoid``: (article_id, start, end) spans of contested claims (the
    report's conflicts); sentences overlapping them are passed over unless
    nothing else is left, so the summary states what the sources agree on.

    Items: ``{text, article_id, start, end, support, source, fact_id}``.
    The first pick is kept even when it alone exceeds the budget, so a story
    with only long sentences still gets a summary. ``vectors`` (optional) are
    sentence embeddings as in ``align.align_facts``; computed when not given.
    """
    stmts = statements(articles, readings)
    if not stmts:
        return []
    support, fact_ids = _support_of(stmts, facts)
    n_groups = len({g for f in facts for g in f.groups}) or len(articles)
    x, sim = features(stmts, articles, readings, support, groups=n_groups, vectors=vectors)
    rel = relevance(x, any(a.title_value for a in articles))
    weak = np.array([_is_weak(s.text) or _overlaps(s, avoid) for s in stmts])
    if not weak.all():
        rel = np.where(weak, -np.inf, rel)
    chosen = _mmr(stmts, rel, sim, words, fact_ids)
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


def _overlaps(stmt, spans: Collection[tuple[str, int, int]]) -> bool:
    return any(aid == stmt.article_id and start < stmt.end and stmt.start < end for aid, start, end in spans)


def _same_fact_repeat(fact_ids, i: int, j: int, sim: np.ndarray) -> bool:
    return fact_ids[i] is not None and fact_ids[i] == fact_ids[j] and sim[i, j] >= SAME_FACT_REPEAT


def _mmr(stmts, rel: np.ndarray, sim: np.ndarray, budget: int, fact_ids=None) -> list[int]:
    """Greedy MMR within the word budget; near-repeats (similarity >= REPEAT,
    or >= SAME_FACT_REPEAT within one fact) never both."""
    fact_ids = fact_ids if fact_ids is not None else [None] * len(stmts)
    lengths = [_words(s.text) for s in stmts]
    chosen: list[int] = []
    used = 0
    candidates = [i for i in range(len(stmts)) if np.isfinite(rel[i])]
    while candidates:
        redundancy = sim[np.ix_(candidates, chosen)].max(axis=1) if chosen else np.zeros(len(candidates))
        gain = MMR_LAMBDA * rel[candidates] - (1 - MMR_LAMBDA) * redundancy
        best = candidates[int(np.argmax(gain))]
        chosen.append(best)
        used += lengths[best]
        candidates = [i for i in candidates if i != best and used + lengths[i] <= budget and sim[i, best] < REPEAT
                      and not _same_fact_repeat(fact_ids, i, best, sim)]
    return chosen
