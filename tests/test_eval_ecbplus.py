"""Quality gate: story grouping on ECB+ must not fall below the pinned floors.

Runs bench/ecbplus.py's evaluation (all public topics in one stream, scored
over all documents and over the dev topics). Skips when STORYWEAVE_BENCH_DIR
is unset. Raise the floors in eval_baseline.json when a change improves them.
"""

import os
from pathlib import Path

import pytest

from evalkit import bench_data, bench_module, floors

BASELINE = floors("ecbplus")


@pytest.fixture(scope="module")
def scores():
    bench_data("ecbplus", "topics")
    ecbplus = bench_module("ecbplus")
    docs = ecbplus.load_corpus(ecbplus.bench_dir())
    feats = ecbplus.corpus_features(docs, Path(os.environ.get("STORYWEAVE_CACHE_DIR", "/tmp")))
    return ecbplus.evaluate(docs, feats)


@pytest.mark.parametrize("subset", ["all", "dev"])
@pytest.mark.parametrize("metric", ["precision", "recall", "f1"])
def test_bcubed_floor(scores, subset, metric):
    value = dict(zip(["precision", "recall", "f1"], scores[subset]))[metric]
    assert value >= BASELINE[subset][metric], f"ECB+ {subset} B-cubed {metric} {value:.4f} < floor"


def test_every_document_gets_a_story(scores):
    assert scores["documents"] == 772 and scores["orders"] >= 1
