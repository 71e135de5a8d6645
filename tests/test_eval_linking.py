"""Quality gate: cross-document entity linking on the ECB+ dev topics must not
fall below the floors pinned in eval_baseline.json (key "linking"): pairwise
precision / recall / F1 over gold-linked cross-document mention pairs
(bench/linking_ecbplus.py). Raise a floor when a change improves the figure;
never lower one silently. Skipped when STORYWEAVE_BENCH_DIR is unset."""

from pathlib import Path

import pytest

from evalkit import bench_data, bench_module, floors

ROOT = Path(__file__).resolve().parents[1]
FLOORS = floors("linking")["ecbplus_dev"]


@pytest.fixture(scope="module")
def scores():
    value = bench_data("ecbplus", "topics")
    module = bench_module("linking_ecbplus")
    return module.run(Path(value), set(module.DEV_TOPICS))


@pytest.mark.parametrize("metric", list(FLOORS))
def test_linking_on_ecbplus_dev_not_below_floor(scores, metric):
    assert scores["linking"][metric] >= FLOORS[metric], f"{metric} {scores['linking'][metric]:.3f} < floor"


def test_linking_beats_equal_names(scores):
    assert scores["linking"]["f1"] > scores["equal names"]["f1"]
