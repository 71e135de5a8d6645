"""Quality gate: cross-document entity linking on the ECB+ dev topics must not
fall below the floors pinned in eval_baseline.json (key "linking"): pairwise
precision / recall / F1 over gold-linked cross-document mention pairs
(bench/linking_ecbplus.py). Raise a floor when a change improves the figure;
never lower one silently. Skipped when STORYWEAVE_BENCH_DIR is unset."""

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "eval_baseline.json").read_text())["linking"]["ecbplus_dev"]


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_linking_ecbplus", ROOT / "bench" / "linking_ecbplus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_linking_ecbplus"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores():
    value = os.environ.get("STORYWEAVE_BENCH_DIR")
    if not value or not (Path(value) / "ecbplus" / "topics").is_dir():
        pytest.skip("STORYWEAVE_BENCH_DIR is not set to a folder with ecbplus/topics")
    module = _bench_module()
    return module.run(Path(value), set(module.DEV_TOPICS))


@pytest.mark.parametrize("metric", list(FLOORS))
def test_linking_on_ecbplus_dev_not_below_floor(scores, metric):
    assert scores["linking"][metric] >= FLOORS[metric], f"{metric} {scores['linking'][metric]:.3f} < floor"


def test_linking_beats_equal_names(scores):
    assert scores["linking"]["f1"] > scores["equal names"]["f1"]
