import json
from pathlib import Path

import jsonschema
import pytest

from storyweave import align, timeline

from story_fixture import article, reading

SCHEMA = json.loads((Path(timeline.__file__).parent / "schema" / "report-1.schema.json").read_text())


def _build(specs):
    """specs: (source, lines, published, times) -> articles, readings, facts, timeline."""
    arts, reads = [], []
    for source, lines, published, times in specs:
        art = article(lines, source=source, published=published)
        arts.append(art)
        reads.append(reading(art, times=times, anchor=published or "publication date"))
    facts = align.align_facts(arts, reads, {a.id: a.source_name for a in arts})
    return arts, reads, facts, timeline.build_timeline(arts, reads, facts)


STORY = [
    (
        "Harbor Times",
        [
            "# Talks in Geneva",
            "Negotiators met in Geneva on Thursday for a first round of trade talks.",
            "The previous agreement expired in March 2024 after two extensions.",
            "A second round is planned for next week, officials said.",
        ],
        "2025-05-16",
        [("Thursday", "2025-05-15", "day"), ("March 2024", "2024-03", "month"), ("next week", "2025-05-19", "day")],
    ),
    (
        "City Post",
        [
            "Trade negotiators gathered in Geneva on Wednesday for the first round of talks.",
            "The old agreement lapsed in 2024.",
        ],
        "2025-05-16",
        [("Wednesday", "2025-05-14", "day"), ("2024", "2024", "year")],
    ),
]


def test_items_are_ordered_by_date_and_cited():
    arts, _, _, items = _build(STORY)
    by_id = {a.id: a for a in arts}
    dates = [i["date"] for i in items if i["date"]]
    assert dates == sorted(dates)
    assert dates[0].startswith("2024")
    for item in items:
        assert by_id[item["article_id"]].text[item["start"] : item["end"]] == item["text"]


def test_same_event_with_different_days_is_a_conflict():
    _, _, _, items = _build(STORY)
    talks = [i for i in items if "Geneva" in i["text"]]
    assert {i["date"] for i in talks} == {"2025-05-14", "2025-05-15"}
    assert all(i["conflict"] for i in talks)


def test_coarser_date_agrees_with_finer_one():
    _, _, _, items = _build(STORY)
    expiry = [i for i in items if "agreement" in i["text"]]
    assert len(expiry) == 1  # "March 2024" and "2024" are the same event date: one item, the finer
    assert expiry[0]["date"] == "2024-03" and not expiry[0]["conflict"]


def test_an_extra_date_in_one_article_is_not_a_conflict():
    specs = [
        ("A", ["On Monday the minister said the bridge would reopen on Friday."], "2025-05-14",
         [("Monday", "2025-05-12", "day"), ("Friday", "2025-05-16", "day")]),
        ("B", ["The minister said the bridge would reopen on Friday."], "2025-05-14",
         [("Friday", "2025-05-16", "day")]),
    ]
    _, _, facts, items = _build(specs)
    assert len(facts) == 1
    assert not any(i["conflict"] for i in items)
    assert [i["date"] for i in items] == ["2025-05-12", "2025-05-16"]


def test_unresolved_relative_dates_are_kept_after_dated_ones():
    specs = [
        ("A", ["The summit opened in Oslo on Tuesday with forty leaders."], "2025-06-04", [("Tuesday", "2025-06-03", "day")]),
        ("B", ["Protesters marched through the capital on Sunday night."], None, [("Sunday night", None, "part-of-day")]),
    ]
    _, _, _, items = _build(specs)
    assert items[0]["date"] == "2025-06-03"
    last = items[-1]
    assert last["date"] is None and last["relative"] and last["anchor"] == "publication date"
    assert last["expression"] == "Sunday night"


def test_durations_and_headings_are_not_events():
    specs = [
        ("A", ["# Ceasefire on Monday", "Both sides agreed to a ceasefire lasting 30 days."], "2025-05-14",
         [("Monday", "2025-05-12", "day"), ("30 days", None, "duration")]),
    ]
    _, _, _, items = _build(specs)
    assert items == []


def test_items_match_schema():
    _, _, _, items = _build(STORY)
    validator = jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/timeline_item"})
    assert items
    for item in items:
        validator.validate(item)


@pytest.mark.parametrize(
    "a, b, same",
    [("2025-05", "2025-05-15", True), ("2025", "2025-05-15", True), ("2025-05-14", "2025-05-15", False), ("2024", "2025-01", False)],
)
def test_compatible_dates_by_granularity(a, b, same):
    assert timeline.compatible(a, b) is same
