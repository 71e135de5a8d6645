"""Quality gate: who-said-what on the PolNeAR dev split must not fall below
the floors pinned in eval_baseline.json (key "polnear"). Raise a floor when a
change improves the figure (measured value rounded down by ~0.01); never
lower one silently. Skipped when STORYWEAVE_BENCH_DIR is unset."""

import pytest

from evalkit import bench_data, bench_module, floors


@pytest.fixture(scope="module")
def scores():
    bench_data("polnear")
    return bench_module("polnear").run("dev")


FLOORS = floors("polnear")


@pytest.mark.parametrize("view, metric", [(v, m) for v in FLOORS for m in FLOORS[v]])
def test_polnear_dev_not_below_floor(scores, view, metric):
    assert scores[view][metric] >= FLOORS[view][metric], f"{view} {metric} {scores[view][metric]} < floor {FLOORS[view][metric]}"


def test_ann_parser_reads_discontinuous_spans(tmp_path):
    bench = bench_module("polnear")
    ann = tmp_path / "a.ann"
    ann.write_text(
        "T1\tSource 0 2\tHe\nT2\tCue 3 7\tsaid\nT3\tContent 9 14;20 25\tabcde fghij\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n",
        encoding="utf-8",
    )
    text = "He said “abcde” he “fghij”"
    (gold,) = bench.parse_ann(ann, text)
    assert gold.content == [(9, 14), (20, 25)] and gold.source == [(0, 2)]
