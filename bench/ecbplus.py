"""ECB+ story-grouping benchmark: B-cubed P/R/F1 of the online clusterer.

Reads ECB+ from ``$STORYWEAVE_BENCH_DIR/ecbplus/topics``. Gold story =
(topic, ecb | ecbplus). All public topics are clustered together in one
stream (ECB+ has no publication dates, so the input order is the only time
signal) and scored over all documents and over the dev topics; figures are
means over five deterministic shuffles (seeds 13..17). Precision counts every member of a predicted story, whatever
its topic.

    PYTHONPATH=src python bench/ecbplus.py              # score
    PYTHONPATH=src python bench/ecbplus.py --fit        # refit weights on TRAIN topics only

Features are cached under ``--cache`` (default /tmp) keyed by the embedder
folder, so repeated runs skip spaCy.

The stream is consolidated every BATCH articles and at the end
(``StoryClusterer.consolidate``), as ``storyweave ingest`` does.

Measured 2026-11-25 (mean of five orders, B-cubed P / R / F1), online 0.4 +
consolidation 0.5 + lone articles attached at 0.3: all .965 / .922 / .943,
dev .947 / .950 / .948, train .971 / .912 / .941 (without attaching: all
.970 / .898 / .933, dev .947 / .911 / .928; online pass alone: all .933 /
.828 / .878, dev .933 / .821 / .873).
Reference (README): TF-IDF + average link, tuned on dev, dev F1 .880.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import numpy as np

from storyweave import embed
from storyweave.cluster import COMPONENTS, StoryClusterer
from storyweave.consolidate import PAIR_COMPONENTS, pair_matrix
from storyweave.features import ArticleFeatures, extract_many
from storyweave.ids import content_id
from storyweave.records import Article, Block

DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
SEED = 13
# Stream orders averaged per evaluation: one order moves dev F1 by +-0.05
# (a whole topic merged or not); five keep the figure stable.
ORDERS = 5
_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}'’”]|n't|'s)")
_SPACE_AFTER = re.compile(r"([(\[{$“]) ")


def bench_dir() -> Path | None:
    root = os.environ.get("STORYWEAVE_BENCH_DIR")
    return Path(root) / "ecbplus" / "topics" if root else None


# ECB+ tokenisation splits decimals and clock times ("5. 9", "$27. 5 million",
# "09: 01"); joined again, as the articles printed them.
_SPLIT_NUMBER = re.compile(r"(?<=\d)([.:]) (?=\d)")


def detokenize(tokens: list[str]) -> str:
    text = _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", " ".join(tokens)))
    return _SPLIT_NUMBER.sub(r"\1", text)


def read_document(path: Path) -> str:
    """Text of one ECB+ XML file; a first sentence that is a URL is dropped."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ET.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", 0))].append(token.text or "")
    lines = [detokenize(sentences[k]) for k in sorted(sentences)]
    if lines and re.match(r"^(https?\b|www\b)", lines[0].lower()):
        lines = lines[1:]
    return "\n".join(line for line in lines if line.strip())


def load_corpus(topics_dir: Path) -> list[tuple[Article, str, int]]:
    """(article, gold story, topic) for every public document, shuffled with SEED."""
    docs = []
    for path in sorted(topics_dir.glob("*/*.xml")):
        topic = int(path.parent.name)
        gold = f"{topic}-{'ecbplus' if path.stem.endswith('ecbplus') else 'ecb'}"
        text = read_document(path)
        article = Article(
            id=content_id(path.name, text, prefix="a"), ref=path.name, text=text,
            blocks=(Block("p", 0, len(text)),),
        )
        docs.append((article, gold, topic))
    random.Random(SEED).shuffle(docs)
    return docs


def corpus_features(docs, cache_dir: Path) -> list[ArticleFeatures]:
    from storyweave import features

    # Keyed by the embedder's files and the feature code, so a change never reads stale features.
    model = b"".join(f.read_bytes() for f in sorted(embed.model_dir().iterdir()) if f.is_file())
    code = Path(features.__file__).read_bytes() + model
    tag = hashlib.sha256(code).hexdigest()[:12]
    cache = cache_dir / f"storyweave-ecbplus-features-{tag}-{len(docs)}.jsonl"
    if cache.is_file():
        by_id = {f.article_id: f for f in map(ArticleFeatures.from_json, cache.read_text().splitlines())}
        if all(a.id in by_id for a, _, _ in docs):
            return [by_id[a.id] for a, _, _ in docs]
    feats = extract_many([a for a, _, _ in docs])
    cache.write_text("\n".join(f.to_json() for f in feats) + "\n")
    return feats


def bcubed(pred: dict[str, str], gold: dict[str, str], items) -> tuple[float, float, float]:
    """B-cubed over ``items``; predicted clusters count all their members."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item, label in pred.items():
        by_pred[label].add(item)
    for item, label in gold.items():
        by_gold[label].add(item)
    p = r = 0.0
    items = list(items)
    for item in items:
        cluster, truth = by_pred[pred[item]], by_gold[gold[item]]
        both = len(cluster & truth)
        p += both / len(cluster)
        r += both / len(truth)
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# Articles per consolidation pass: as `storyweave ingest` does, one pass per
# batch of grouping.BATCH articles, and one at the end.
BATCH = 256


def cluster_all(feats, clusterer: StoryClusterer) -> dict[str, str]:
    for i, f in enumerate(feats, 1):
        clusterer.assign(f)
        if i % BATCH == 0 or i == len(feats):
            clusterer.consolidate()
    return {f.article_id: clusterer.story_of(f.article_id) for f in feats}


def _scores(docs, feats, clusterer: StoryClusterer) -> dict[str, list[float]]:
    pred = cluster_all(feats, clusterer)
    gold = {a.id: g for a, g, _ in docs}
    dev = [a.id for a, _, t in docs if t in DEV_TOPICS]
    train = [a.id for a, _, t in docs if t not in DEV_TOPICS]
    return {
        "all": list(bcubed(pred, gold, gold)),
        "dev": list(bcubed(pred, gold, dev)),
        "train": list(bcubed(pred, gold, train)),
        "stories": len(set(pred.values())),
    }


def evaluate(docs, feats, clusterer: StoryClusterer | None = None, orders: int = ORDERS) -> dict:
    """Mean B-cubed over ``orders`` stream orders (one online pass is order-sensitive)."""
    params = (clusterer or StoryClusterer()).get_params()
    runs = []
    for seed in range(orders):
        order = list(range(len(docs)))
        if seed:
            random.Random(SEED + seed).shuffle(order)
        runs.append(_scores([docs[i] for i in order], [feats[i] for i in order], StoryClusterer(**params)))
    out: dict = {"orders": orders, "documents": len(docs)}
    for key in ("all", "dev", "train"):
        out[key] = [round(float(np.mean([r[key][i] for r in runs])), 4) for i in range(3)]
        out[key + "_f1_min"] = round(min(r[key][2] for r in runs), 4)
    out["stories"] = round(float(np.mean([r["stories"] for r in runs])), 1)
    return out


# --------------------------------------------------------------------------- fitting (train topics only)


def teacher_pairs(feats, gold_of: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Pair components of each article against the open candidate stories, gold stories built so far."""
    clusterer = StoryClusterer()
    rows, labels = [], []
    for f in feats:
        clusterer._ensure_state(len(f.vector))
        clusterer._count_document(f)
        for sid, comps in clusterer.scored_candidates(f):
            rows.append([comps[name] for name in COMPONENTS])
            labels.append(1.0 if sid == gold_of[f.article_id] else 0.0)
        clusterer.n_docs_ -= 1  # observe() counts it again
        clusterer.observe(f, gold_of[f.article_id])
    return np.asarray(rows), np.asarray(labels)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> np.ndarray:
    from scipy.optimize import minimize

    xb = np.hstack([x, np.ones((len(x), 1))])

    def loss(w):
        z = xb @ w
        nll = np.sum(np.logaddexp(0, z) - y * z)
        grad = xb.T @ (1 / (1 + np.exp(-z)) - y)
        reg = np.r_[w[:-1], 0.0]
        return nll + 0.5 * l2 * reg @ reg, grad + l2 * reg

    return minimize(loss, np.zeros(xb.shape[1]), jac=True, method="L-BFGS-B").x


def fit_pairs(feats, gold_of: dict[str, str]) -> tuple[float, ...]:
    """Pair weights from every pair of ``feats`` (train topics), IDF over all public documents."""
    from collections import Counter

    clusterer = StoryClusterer()
    for f in feats:
        clusterer._ensure_state(len(f.vector))
        clusterer._count_document(f)
    train = [f for f in feats if f.article_id in gold_of]
    x = pair_matrix(train, clusterer.idf)
    labels = np.array([gold_of[f.article_id] for f in train])
    upper = np.triu_indices(len(train), 1)
    y = (labels[:, None] == labels[None, :])[upper].astype(float)
    return tuple(round(float(w), 3) for w in fit_logistic(x[upper], y))


def fit(docs, feats) -> dict:
    """Weights from train-topic pairs; threshold by train-topic B3 F1 of the full stream.

    The threshold is chosen on the same stream as the evaluation (all public
    topics, so the clusterer meets as many documents), scored on train-topic
    documents only: no dev label is read.
    """
    train = [(f, g) for f, (_, g, t) in zip(feats, docs) if t not in DEV_TOPICS]
    gold = {f.article_id: g for f, g in train}
    x, y = teacher_pairs([f for f, _ in train], gold)
    weights = tuple(round(float(w), 3) for w in fit_logistic(x, y))
    pair_weights = fit_pairs(feats, gold)
    grid = {}
    for threshold in (0.25, 0.4, 0.55):
        for pair in (0.45, 0.5, 0.55, 0.6):
            for attach in (None, 0.2, 0.25, 0.3, 0.35, 0.4):
                clusterer = StoryClusterer(
                    weights=weights, threshold=threshold, pair_weights=pair_weights, consolidate_threshold=pair,
                    attach_threshold=attach,
                )
                grid[(threshold, pair, attach)] = evaluate(docs, feats, clusterer)["train"][2]
    (threshold, pair, attach), f1 = max(grid.items(), key=lambda kv: kv[1])
    return {
        "pairs": len(y), "positives": int(y.sum()), "weights": weights, "pair_weights": pair_weights,
        "threshold": threshold, "consolidate_threshold": pair, "attach_threshold": attach, "train_f1": f1,
        "grid": {f"{t}/{m}/{a}": v for (t, m, a), v in grid.items()},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="ECB+ B-cubed benchmark of storyweave.cluster")
    parser.add_argument("--fit", action="store_true", help="refit weights and threshold on train topics")
    parser.add_argument("--cache", type=Path, default=Path("/tmp"))
    args = parser.parse_args(argv)
    topics = bench_dir()
    if topics is None or not topics.is_dir():
        print("set STORYWEAVE_BENCH_DIR to the folder holding ecbplus/", file=sys.stderr)
        return 2
    started = time.perf_counter()
    docs = load_corpus(topics)
    feats = corpus_features(docs, args.cache)
    print(f"features: {len(feats)} documents in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    if args.fit:
        fitted = fit(docs, feats)
        print(json.dumps({"components": COMPONENTS, **fitted}, indent=1))
        clusterer = StoryClusterer(
            weights=fitted["weights"], threshold=fitted["threshold"], pair_weights=fitted["pair_weights"],
            consolidate_threshold=fitted["consolidate_threshold"], attach_threshold=fitted["attach_threshold"],
        )
        print(json.dumps(evaluate(docs, feats, clusterer)))
        return 0
    print(json.dumps({"params": StoryClusterer().get_params(), **evaluate(docs, feats)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
