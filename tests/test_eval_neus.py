"""Quality gate: the verbatim summary's ROUGE on NeuS val (words=75, against
the AllSides roundup) must not fall below the floors pinned in
eval_baseline.json (key "neus"). Raise a floor when a change improves the
figure (measured value rounded down by ~0.3); never lower one silently.
Skipped when STORYWEAVE_BENCH_DIR is unset."""

import pytest

from evalkit import bench_data, bench_module, floors


@pytest.fixture(scope="module")
def scores():
    bench_data("neus")
    return bench_module("neus").run("val", words=75)


FLOORS = floors("neus")["val"]


@pytest.mark.parametrize("metric", list(FLOORS))
def test_neus_val_not_below_floor(scores, metric):
    assert scores[metric] >= FLOORS[metric], f"{metric} {scores[metric]} < floor {FLOORS[metric]}"
