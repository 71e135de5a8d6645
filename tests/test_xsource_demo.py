"""Cross-source analysis on the demo corpus with the real reader.

These check general mechanisms (linking, ledger, description, office and
quantity comparison) on real coverage; nothing in the code knows the demo.
"""

import json
from importlib import resources

import jsonschema
import pytest

pytest.importorskip("storyweave.reading")

from storyweave.conflicts import find_conflicts  # noqa: E402
from storyweave.describe import descriptions_by_outlet  # noqa: E402
from storyweave.ledger import build_ledger  # noqa: E402
from storyweave.linking import link_entities  # noqa: E402
from xsource_fixture import demo_story  # noqa: E402


@pytest.fixture(scope="module")
def story():
    arts, readings = demo_story()
    entities = link_entities(arts, readings)
    conflicts, differences = find_conflicts(arts, readings, entities)
    return {
        "articles": {a.id: a for a in arts},
        "readings": readings,
        "entities": entities,
        "conflicts": conflicts,
        "differences": differences,
        "ledger": build_ledger(arts, readings, entities),
        "described": descriptions_by_outlet(arts, readings, entities),
    }


def _validate(kind, items):
    schema = json.loads(resources.files("storyweave").joinpath("schema/report-1.schema.json").read_text())
    for item in items:
        jsonschema.validate(item, {"$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"})


def test_outputs_follow_the_report_contract(story):
    _validate("conflict", story["conflicts"])
    _validate("difference", story["differences"])
    _validate("quote", story["ledger"])
    for items in story["described"].values():
        _validate("description", items)
    for item in story["conflicts"] + story["differences"]:
        for claim in item["claims"]:
            text = story["articles"][claim["article_id"]].text
            assert text[claim["start"]:claim["end"]] == claim["text"]
            assert claim["start"] <= claim["value_start"] <= claim["value_end"] <= claim["end"]


def test_spellings_of_one_person_are_one_entity(story):
    names = [{e.name, *e.aliases} for e in story["entities"].entities]
    holders = [n for n in names if {"Volodymyr Zelensky", "Volodymyr Zelenskyy"} <= n]
    assert len(holders) == 1
    assert not any(n & {"Zelensky", "Zelenskyy", "Volodymyr Zelensky"} for n in names if n is not holders[0])


def test_country_spellings_are_one_entity(story):
    assert any({"Turkey", "Türkiye"} <= {e.name, *e.aliases} for e in story["entities"].entities)


def test_quote_carried_by_four_outlets_is_one_ledger_entry(story):
    entries = [q for q in story["ledger"] if "There is no point in prolonging the killings" in q["text"]]
    assert len(entries) == 1
    entry = entries[0]
    assert "Zelensk" in entry["speaker"]
    assert len({occ["article_id"] for occ in entry["occurrences"]}) == 4
    assert any(op[0] != "equal" for occ in entry["occurrences"] for op in occ["diff"])


def test_the_shared_quote_has_no_speaker_conflict(story):
    assert not [c for c in story["conflicts"] if c["kind"] == "quote-speaker" and "prolonging" in c["subject"]]


def test_former_president_and_president_are_a_description_conflict(story):
    found = [c for c in story["conflicts"] if c["kind"] == "description" and c["subject"].startswith("Donald Trump")]
    assert len(found) == 1
    values = {c["value"].lower() for c in found[0]["claims"]}
    assert any(v.startswith("former") for v in values) and any(not v.startswith("former") for v in values)


def test_two_us_presidents_are_an_office_holder_conflict(story):
    found = [c for c in story["conflicts"] if c["kind"] == "office-holder"]
    assert len(found) == 1
    assert {c["value"] for c in found[0]["claims"]} == {"Donald Trump", "Joe Biden"}


def test_a_more_specific_title_is_only_a_difference(story):
    assert any(d["kind"] == "more-specific" and "Zelensk" in d["subject"] for d in story["differences"])
    assert not any(c["kind"] == "description" and "Zelensk" in c["subject"] for c in story["conflicts"])


def test_war_duration_is_a_self_contradiction_and_a_quantity_conflict(story):
    if not any(r.quantities for r in story["readings"]):
        pytest.skip("the reader gives no quantities yet")
    self_c = [c for c in story["conflicts"] if c["kind"] == "self-contradiction" and c["subject"].startswith("war")]
    assert len(self_c) == 1 and self_c[0]["self"] is True
    assert len({c["article_id"] for c in self_c[0]["claims"]}) == 1
    quantity = [c for c in story["conflicts"] if c["kind"] == "quantity" and c["subject"].startswith("war")]
    assert len(quantity) == 1
    assert len({c["article_id"] for c in quantity[0]["claims"]}) >= 2
