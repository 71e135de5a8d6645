"""Quality gate: story grouping on ECB+ must not fall below the pinned floors.

Runs bench/ecbplus.py's evaluation (all public topics in one stream, scored
over all documents and over the dev topics). Skips when STORYWEAVE_BENCH_DIR
is unset. Raise the floors in eval_baseline.json when a change improves them.
"""

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASELINE = json.loads((ROOT / "tests" / "eval_baseline.json").read_text())["ecbplus"]

pytestmark = pytest.mark.skipif(not os.environ.get("STORYWEAVE_BENCH_DIR"), reason="STORYWEAVE_BENCH_DIR not set")


@pytest.fixture(scope="module")
def scores():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import ecbplus
    finally:
        sys.path.pop(0)
    topics = ecbplus.bench_dir()
    if not topics.is_dir():
        pytest.skip(f"no ECB+ topics under {topics}")
    docs = ecbplus.load_corpus(topics)
    feats = ecbplus.corpus_features(docs, Path(os.environ.get("STORYWEAVE_CACHE_DIR", "/tmp")))
    return ecbplus.evaluate(docs, feats)


@pytest.mark.parametrize("subset", ["all", "dev"])
@pytest.mark.parametrize("metric", ["precision", "recall", "f1"])
def test_bcubed_floor(scores, subset, metric):
    value = dict(zip(["precision", "recall", "f1"], scores[subset]))[metric]
    assert value >= BASELINE[subset][metric], f"ECB+ {subset} B-cubed {metric} {value:.4f} < floor"


def test_every_document_gets_a_story(scores):
    assert scores["documents"] == 772 and scores["orders"] >= 1
