import json
from pathlib import Path

import jsonschema

from storyweave import align, exclusives

from test_align import _story

SCHEMA = json.loads((Path(exclusives.__file__).parent / "schema" / "report-1.schema.json").read_text())


def test_single_group_facts_are_exclusives_and_copies_do_not_corroborate():
    arts, reads, groups = _story(with_copy=True)
    facts = align.align_facts(arts, reads, groups)
    texts = [i["text"] for i in exclusives.find_exclusives(facts, arts, groups)]
    assert "Local shops closed early as crowds gathered near the site." in texts
    assert "The bridge had been closed for repairs twice since 2019, records show." in texts  # only the owner's copies
    assert not any("collapsed" in t for t in texts)


def test_exclusive_items_match_schema_and_spans():
    arts, reads, groups = _story()
    by_id = {a.id: a for a in arts}
    validator = jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/exclusive"})
    items = exclusives.find_exclusives(align.align_facts(arts, reads, groups), arts, groups)
    assert items
    for item in items:
        validator.validate(item)
        assert by_id[item["article_id"]].text[item["start"] : item["end"]] == item["text"]


def test_a_story_from_one_source_has_no_exclusives():
    arts, reads, _ = _story(with_copy=False)
    one = {a.id: "same-owner" for a in arts}
    assert exclusives.find_exclusives(align.align_facts(arts, reads, one), arts, one) == []
