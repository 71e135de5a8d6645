"""Quality gate: who-said-what on the PolNeAR dev split must not fall below
the floors pinned in eval_baseline.json (key "polnear"). Raise a floor when a
change improves the figure (measured value rounded down by ~0.01); never
lower one silently. Skipped when STORYWEAVE_BENCH_DIR is unset."""

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_polnear", ROOT / "bench" / "polnear.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_polnear"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores():
    value = os.environ.get("STORYWEAVE_BENCH_DIR")
    if not value or not (Path(value) / "polnear").is_dir():
        pytest.skip("STORYWEAVE_BENCH_DIR is not set to a folder with polnear/")
    return _bench_module().run("dev")


FLOORS = json.loads((ROOT / "tests" / "eval_baseline.json").read_text())["polnear"]


@pytest.mark.parametrize("view, metric", [(v, m) for v in FLOORS for m in FLOORS[v]])
def test_polnear_dev_not_below_floor(scores, view, metric):
    assert scores[view][metric] >= FLOORS[view][metric], f"{view} {metric} {scores[view][metric]} < floor {FLOORS[view][metric]}"


def test_ann_parser_reads_discontinuous_spans(tmp_path):
    bench = _bench_module()
    ann = tmp_path / "a.ann"
    ann.write_text(
        "T1\tSource 0 2\tHe\nT2\tCue 3 7\tsaid\nT3\tContent 9 14;20 25\tabcde fghij\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n",
        encoding="utf-8",
    )
    text = "He said “abcde” he “fghij”"
    (gold,) = bench.parse_ann(ann, text)
    assert gold.content == [(9, 14), (20, 25)] and gold.source == [(0, 2)]
