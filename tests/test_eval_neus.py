"""Quality gate: the verbatim summary's ROUGE on NeuS val (words=75, against
the AllSides roundup) must not fall below the floors pinned in
eval_baseline.json (key "neus"). Raise a floor when a change improves the
figure (measured value rounded down by ~0.3); never lower one silently.
Skipped when STORYWEAVE_BENCH_DIR is unset."""

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_neus", ROOT / "bench" / "neus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_neus"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores():
    value = os.environ.get("STORYWEAVE_BENCH_DIR")
    if not value or not (Path(value) / "neus").is_dir():
        pytest.skip("STORYWEAVE_BENCH_DIR is not set to a folder with neus/")
    return _bench_module().run("val", words=75)


FLOORS = json.loads((ROOT / "tests" / "eval_baseline.json").read_text())["neus"]["val"]


@pytest.mark.parametrize("metric", list(FLOORS))
def test_neus_val_not_below_floor(scores, metric):
    assert scores[metric] >= FLOORS[metric], f"{metric} {scores[metric]} < floor {FLOORS[metric]}"
