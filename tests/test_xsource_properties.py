"""Property tests: the cross-source stages never crash on odd readings, and
whatever they return follows the report contract with exact spans."""

import json
from importlib import resources

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.conflicts import find_conflicts
from storyweave.describe import descriptions_by_outlet
from storyweave.ledger import build_ledger
from storyweave.linking import link_entities
from storyweave.records import Description, Entity, Mention, Quantity, Quote, Reading, Sentence
from xsource_fixture import article

WORDS = ["Trump", "Zelensky", "Zelenskyy", "president", "former", "U.S.", "war", "years", "Türkiye", "the", "said",
         "“", "”", "drones", "100", "Sir", "Keir", ""]
SCHEMA = json.loads(resources.files("storyweave").joinpath("schema/report-1.schema.json").read_text())


def check(kind, item):
    jsonschema.validate(item, {"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{kind}"})


@st.composite
def story(draw):
    arts, readings = [], []
    for n in range(draw(st.integers(1, 3))):
        text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25)))
        art = article(text, f"S{n}", draw(st.sampled_from([None, "2025-05-12", "2019-01-01", "junk"])))
        size = len(text)
        span = st.tuples(st.integers(0, size), st.integers(0, size)).map(sorted)
        n_ent = draw(st.integers(0, 4))
        ents = tuple(Entity(i, draw(st.sampled_from(WORDS)), draw(st.sampled_from(["PERSON", "ORG", "GPE", "NORP"])))
                     for i in range(n_ent))
        index = st.integers(-1, n_ent + 1)

        def mention(s):
            return Mention(s[0], s[1], text[s[0]:s[1]], "PERSON", draw(index))

        def desc(s):
            return Description(draw(index), text[s[0]:s[1]], s[0], s[1], draw(st.sampled_from([None, "president", "general"])),
                               draw(st.sampled_from([None, "former", "then-", "deputy acting"])),
                               draw(st.sampled_from([None, "U.S.", "US", "Kremlin", ""])))

        def quote(s):
            return Quote(s[0], s[1], text[s[0]:s[1]], draw(st.booleans()), draw(st.one_of(st.none(), index)),
                         draw(st.sampled_from([None, "he", "Trump"])), fragment=draw(st.booleans()))

        def quantity(s):
            return Quantity(s[0], s[1], text[s[0]:s[1]], draw(st.floats(0, 1e6)), None, None,
                            draw(st.sampled_from([None, "year", "drone", "dollar", "day"])),
                            draw(st.sampled_from([None, "over", "about", "up to"])),
                            head=draw(st.sampled_from([None, "war", "drone", "year"])))

        spans = lambda: draw(st.lists(span, max_size=4))  # noqa: E731
        readings.append(Reading(art.id, (Sentence(0, 0, size),) if draw(st.booleans()) else (), ents,
                                tuple(mention(s) for s in spans()), tuple(desc(s) for s in spans()),
                                tuple(quote(s) for s in spans()), tuple(quantity(s) for s in spans()), ()))
        arts.append(art)
    return arts, readings


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(story())
def test_cross_source_stages_hold_the_contract_on_any_reading(data):
    arts, readings = data
    texts = {a.id: a.text for a in arts}
    entities = link_entities(arts, readings)
    conflicts, differences = find_conflicts(arts, readings, entities)
    for kind, items in (("conflict", conflicts), ("difference", differences)):
        for item in items:
            check(kind, item)
            for claim in item["claims"]:
                assert texts[claim["article_id"]][claim["start"]:claim["end"]] == claim["text"]
    for entry in build_ledger(arts, readings, entities):
        check("quote", entry)
        for occ in entry["occurrences"]:
            assert texts[occ["article_id"]][occ["start"]:occ["end"]] == occ["text"]
    for items in descriptions_by_outlet(arts, readings, entities).values():
        for item in items:
            check("description", item)
