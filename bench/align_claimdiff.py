"""Measure statement alignment scores on ClaimDiff train pairs.

ClaimDiff pairs are claims from two outlets' articles on the same story. A pair
counts as *related* (positive) when either variant (strength / weakness) marks
it relation=1: one claim strengthens or weakens the other, so they speak about
the same thing. The rest are negatives. "Related" is looser than "the same
fact", so the alignment threshold is chosen for precision, not F1.

    STORYWEAVE_BENCH_DIR=/path/to/bench PYTHONPATH=src python bench/align_claimdiff.py

Prints ROC AUC of the TF-IDF score (IDF over the topic's claims, as within a
story) and, when ``storyweave.embed`` and ``storyweave.reading`` are available,
of the embedding mix and the entity/number bonus; then precision / recall / F1
at a grid of thresholds.
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from storyweave import align


def load_pairs(bench: Path) -> list[dict]:
    folder = bench / "claimdiff"
    strength = json.loads((folder / "ClaimDiff-strength-train.json").read_text())["data"]
    weak = {p["pair_id"]: p for p in json.loads((folder / "ClaimDiff-weak-train.json").read_text())["data"]}
    pairs = []
    for p in strength:
        if p["pair_id"].endswith("_rev"):
            continue  # the same pair reversed: score is symmetric
        label = int(p["relation"] or weak.get(p["pair_id"], {}).get("relation", 0))
        pairs.append({**p, "label": label})
    return pairs


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    pos = labels == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _statement(text: str, article: int, reading=None) -> align.Statement:
    ents, vals = frozenset(), frozenset()
    if reading is not None:
        ents = align._sentence_entities(reading, 0, len(text))
        vals = align._sentence_values(reading, 0, 0, len(text))
    return align.Statement("x", 0, 0, len(text), text, 0, article, ents, vals)


def score_pairs(pairs: list[dict], *, vectors: bool, read: bool) -> np.ndarray:
    by_topic: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pairs):
        by_topic[p["topic"]].append(i)
    readings = {}
    if read:
        from storyweave.reading import read_article  # noqa: PLC0415
        from storyweave.records import Article, Block  # noqa: PLC0415

        for text in {t for p in pairs for t in (p["claim_a"], p["claim_b"])}:
            art = Article(id="x", ref="x", text=text, blocks=(Block("p", 0, len(text)),))
            readings[text] = read_article(art)
    emb = {}
    if vectors:
        from storyweave.embed import embed  # noqa: PLC0415

        texts = sorted({t for p in pairs for t in (p["claim_a"], p["claim_b"])})
        emb = dict(zip(texts, embed(texts)))
    scores = np.zeros(len(pairs))
    for idxs in by_topic.values():
        claims = sorted({t for i in idxs for t in (pairs[i]["claim_a"], pairs[i]["claim_b"])})
        where = {t: k for k, t in enumerate(claims)}
        stmts = [_statement(t, k, readings.get(t)) for k, t in enumerate(claims)]
        sim = _similarity(stmts, [emb[t] for t in claims] if emb else None)
        for i in idxs:
            scores[i] = sim[where[pairs[i]["claim_a"]], where[pairs[i]["claim_b"]]]
    return scores


def _similarity(stmts, emb_rows):
    vectors = None
    if emb_rows is not None:
        vectors = {f"x:{k}": v for k, v in enumerate(emb_rows)}
        stmts = [align.Statement("x", k, s.start, s.end, s.text, 0, k, s.entities, s.values) for k, s in enumerate(stmts)]
    return align.similarity(stmts, (), vectors)


def report(name: str, scores: np.ndarray, labels: np.ndarray, configured: float) -> None:
    print(f"{name}: AUC {auc(scores, labels):.3f}  (pairs {len(labels)}, related {int(labels.sum())}); "
          f"configured threshold {configured}")
    for t in sorted({*np.round(np.arange(0.15, 0.71, 0.05), 2), configured}):
        pred = scores >= t
        tp = int((pred & (labels == 1)).sum())
        p = tp / max(pred.sum(), 1)
        r = tp / max(labels.sum(), 1)
        f = 2 * p * r / max(p + r, 1e-9)
        print(f"  t={t:.2f}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  linked {int(pred.sum())}")


def main() -> int:
    bench = os.environ.get("STORYWEAVE_BENCH_DIR")
    if not bench:
        print("set STORYWEAVE_BENCH_DIR", file=sys.stderr)
        return 2
    pairs = load_pairs(Path(bench))
    labels = np.array([p["label"] for p in pairs])
    report("tfidf", score_pairs(pairs, vectors=False, read=False), labels, align.TFIDF_THRESHOLD)
    for name, kw in (("embed+tfidf", {"vectors": True, "read": False}), ("embed+tfidf+entities/numbers", {"vectors": True, "read": True})):
        try:
            report(name, score_pairs(pairs, **kw), labels, align.EMBED_THRESHOLD)
        except ImportError as exc:
            print(f"{name}: skipped ({exc})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
