import json
from importlib import resources

import jsonschema

from storyweave.describe import descriptions_by_outlet
from storyweave.linking import link_entities
from xsource_fixture import Builder, article


def described(*builders):
    arts = [b.art for b in builders]
    readings = [b.reading() for b in builders]
    entities = link_entities(arts, readings)
    return descriptions_by_outlet(arts, readings, entities), entities


def test_descriptions_are_listed_per_story_entity_and_outlet():
    a = Builder(article("Former U.S. President Donald Trump spoke. Trump left.", "Zeta News"))
    a.describe(a.entity("Donald Trump", "PERSON", "Trump"), "Former U.S. President", "president", "former", "U.S.")
    b = Builder(article("U.S. President Donald Trump urged talks.", "Alpha Post"))
    b.describe(b.entity("Donald Trump", "ORG"), "U.S. President", "president", None, "U.S.")
    out, entities = described(a, b)
    [trump] = entities.entities
    items = out[trump.id]
    assert [d["source"] for d in items] == ["Alpha Post", "Zeta News"]
    assert items[1] == {
        "text": "Former U.S. President", "article_id": a.art.id, "start": 0, "end": 21, "source": "Zeta News",
        "role": "president", "qualifier": "former", "affiliation": "U.S.", "pattern": "title",
    }
    schema = json.loads(resources.files("storyweave").joinpath("schema/report-1.schema.json").read_text())
    for item in items:
        jsonschema.validate(item, {"$defs": schema["$defs"], "$ref": "#/$defs/description"})


def test_the_same_wording_twice_in_one_article_is_listed_once():
    a = Builder(article("President Putin spoke. Later President Putin left.", "A"))
    who = a.entity("Putin")
    a.describe(who, "President", "president").describe(who, "President", "president", nth=1)
    out, entities = described(a)
    assert len(out[entities.entities[0].id]) == 1


def test_descriptions_of_unlinked_entities_are_left_out():
    a = Builder(article("President Putin spoke.", "A"))
    a.entity("Putin")
    a.describe(7, "President", "president")
    out, _ = described(a)
    assert out == {}
