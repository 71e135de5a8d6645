"""The report contract end to end, on the demo corpus, as a reader would check it."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import jsonschema
import pytest

from storyweave.config import Settings
from storyweave.pipeline import analyze
from storyweave.report import SCHEMA_ID, schema

DEMO = Path(__file__).resolve().parents[1] / "examples" / "istanbul-2025"


@lru_cache(maxsize=None)
def demo_report() -> dict:
    return analyze([str(DEMO)], Settings())


def iter_spans(report: dict):
    """Every (article_id, start, end, text) the report cites."""
    for story in report["stories"]:
        for item in story["summary"] + story["exclusives"]:
            yield story, item
        for fact in story["facts"]:
            yield from ((story, m) for m in fact["mentions"])
        for conflict in story["conflicts"] + story.get("differences", []):
            yield from ((story, c) for c in conflict["claims"])
        for quote in story["quotes"]:
            yield from ((story, o) for o in quote["occurrences"])
        for entity in story["entities"]:
            yield from ((story, d) for d in entity["descriptions"])
        yield from ((story, t) for t in story["timeline"])


def check_spans(report: dict) -> int:
    count = 0
    for story, span in iter_spans(report):
        texts = {a["id"]: a["text"] for a in story["articles"]}
        assert span["article_id"] in texts, span
        assert texts[span["article_id"]][span["start"]:span["end"]] == span["text"], span
        count += 1
    return count


def test_report_validates_against_the_versioned_schema():
    report = demo_report()
    assert report["schema"] == SCHEMA_ID
    jsonschema.validate(report, schema())


def test_every_span_is_exact():
    assert check_spans(demo_report()) > 20


def test_one_story_of_five_articles():
    stories = demo_report()["stories"]
    assert len(stories) == 1
    assert len(stories[0]["articles"]) == 5


def _story():
    return demo_report()["stories"][0]


def test_killings_quote_is_one_ledger_entry_given_to_zelensky_in_four_outlets():
    entries = [q for q in _story()["quotes"] if "no point in prolonging the killings" in q["text"]]
    assert len(entries) == 1
    entry = entries[0]
    assert re.search(r"Zelensk", entry["speaker"] or "")
    assert len({o["article_id"] for o in entry["occurrences"]}) == 4
    assert any(any(op[0] != "equal" for op in o.get("diff", [])) for o in entry["occurrences"]), \
        "the wording differences between outlets are shown"


def test_former_president_and_president_conflict():
    kinds = [c for c in _story()["conflicts"] if c["kind"] == "description"]
    assert any("Trump" in c["subject"] and {"former"} & {w for cl in c["claims"] for w in cl["value"].lower().split()}
               for c in kinds), kinds


def test_biden_and_trump_as_us_president_conflict():
    holders = [c for c in _story()["conflicts"] if c["kind"] == "office-holder"]
    assert any(any("Biden" in cl["value"] for cl in c["claims"]) and any("Trump" in cl["value"] for cl in c["claims"])
               for c in holders), holders


def test_war_length_self_contradiction_and_cross_outlet_conflict():
    story = _story()
    selfs = [c for c in story["conflicts"] if c["kind"] == "self-contradiction"]
    assert any(any("two-year" in cl["text"] for cl in c["claims"]) and any("three years" in cl["text"] for cl in c["claims"])
               for c in selfs), selfs
    quantity = [c for c in story["conflicts"] if c["kind"] == "quantity"]
    assert any(len({cl["article_id"] for cl in c["claims"]}) > 1 and any("two-year" in cl["text"] for cl in c["claims"])
               for c in quantity), quantity


def test_zelensky_and_zelenskyy_are_one_entity():
    people = [e for e in _story()["entities"] if any("Zelensk" in n for n in [e["name"], *e["aliases"]])]
    assert len(people) == 1
    names = {people[0]["name"], *people[0]["aliases"]}
    assert any(n.endswith("Zelensky") for n in names) and any(n.endswith("Zelenskyy") for n in names)


def test_belgorod_strikes_are_reported_by_one_outlet_only():
    exclusives = [e for e in _story()["exclusives"] if "Belgorod" in e["text"]]
    assert exclusives
    assert len({e["article_id"] for e in exclusives}) == 1


FURNITURE = ["Leave A Comment", "Live Tv", "Newsletter", "Subscribe to our newsletter", "Photo Credit",
             "Only registered members", "RECENT NEWS", "AROUND THE CITIES", "ISLAMABAD (PEN)"]


@pytest.mark.parametrize("line", FURNITURE)
def test_no_furniture_reaches_the_report(line):
    story = _story()
    for article in story["articles"]:
        assert line not in article["text"]
    without_articles = {k: v for k, v in story.items() if k != "articles"}
    assert line not in json.dumps(without_articles, ensure_ascii=False)


def test_summary_is_verbatim_cited_and_within_budget():
    story = _story()
    words = sum(len(s["text"].split()) for s in story["summary"])
    assert 0 < words <= 100
    assert all(s["support"] >= 1 for s in story["summary"])


def test_summary_does_not_state_a_contested_claim():
    story = _story()
    contested = {(c["article_id"], c["start"]) for conflict in story["conflicts"] for c in conflict["claims"]}
    assert contested
    assert not [s for s in story["summary"] if (s["article_id"], s["start"]) in contested]
