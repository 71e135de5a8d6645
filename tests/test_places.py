import pytest

from storyweave.conflicts import find_conflicts
from storyweave.linking import link_entities
from storyweave.names import Place, place_of
from storyweave.places import compare_places
from xsource_fixture import Builder, article


@pytest.mark.parametrize(
    "name, kind, country",
    [("Istanbul", "city", "TR"), ("Kyiv", "city", "UA"), ("Kiev", "city", "UA"), ("Türkiye", "country", "TR"),
     ("U.S.", "country", "US")],
)
def test_place_of(name, kind, country):
    place = place_of(name)
    assert (place.kind, place.country) == (kind, country)


def test_unknown_place_is_none():
    assert place_of("Xqzzyville") is None


@pytest.mark.parametrize(
    "a, b, verdict",
    [("Istanbul", "Istanbul", None), ("Istanbul", "Turkey", "more-specific"), ("Istanbul", "Ankara", "conflict"),
     ("Istanbul", "Ukraine", "conflict"), ("Turkey", "Ukraine", "conflict"), ("Kiev", "Kyiv", None),
     ("Brooklyn", "New York", "more-specific"), ("Los Angeles", "San Francisco", "conflict")],
)
def test_compare_places(a, b, verdict):
    assert compare_places(place_of(a), place_of(b)) == verdict


def test_place_is_a_plain_record():
    assert Place("country", "TR", "TR") == place_of("Turkey")
    assert place_of("Istanbul").lat is not None


def located(text, source, place):
    b = Builder(article(text, source))
    b.entity(place, "GPE")
    return b


def _find(*builders):
    arts, readings = [b.art for b in builders], [b.reading() for b in builders]
    return find_conflicts(arts, readings, link_entities(arts, readings))


def test_one_event_in_two_cities_is_a_place_conflict():
    a = located("Peace talks between Russia and Ukraine were held in Istanbul on Monday.", "A", "Istanbul")
    b = located("Peace talks between Russia and Ukraine were held in Ankara on Monday.", "B", "Ankara")
    conflicts, _ = _find(a, b)
    assert [(c["kind"], c["subject"]) for c in conflicts] == [("place", "place: talk")]
    assert {c["value"] for c in conflicts[0]["claims"]} == {"Istanbul", "Ankara"}


def test_a_city_and_its_country_are_a_difference():
    a = located("Peace talks between Russia and Ukraine were held in Istanbul on Monday.", "A", "Istanbul")
    b = located("Peace talks between Russia and Ukraine were held in Turkey on Monday.", "B", "Turkey")
    conflicts, differences = _find(a, b)
    assert conflicts == [] and [d["kind"] for d in differences] == ["more-specific"]


def test_places_of_different_things_are_not_compared():
    a = located("Peace talks between Russia and Ukraine were held in Istanbul on Monday.", "A", "Istanbul")
    b = located("Leaders of Russia and Ukraine last met in Paris in 2019.", "B", "Paris")
    assert _find(a, b) == ([], [])


def test_a_possessive_place_does_not_locate():
    a = located("Trump vetoed a bill to end U.S. assistance in Saudi Arabia's war in Yemen.", "A", "Saudi Arabia")
    a.entity("Yemen", "GPE")
    b = located("Trump vetoed a resolution to end U.S. involvement in the Saudi-led war in Yemen.", "B", "Yemen")
    conflicts, _ = _find(a, b)
    assert [c for c in conflicts if c["kind"] == "place"] == []


@pytest.mark.parametrize("other, conflict", [("Hillary Clinton", False), ("Bernie Sanders", True)])
def test_one_kind_of_event_by_different_people_is_not_one_event(other, conflict):
    a = located("Bernie Sanders celebrated a primary win in Oklahoma on Tuesday night.", "A", "Oklahoma")
    a.entity("Bernie Sanders")
    b = located(f"{other} celebrated a primary win in Florida on Tuesday night.", "B", "Florida")
    b.entity(other)
    conflicts, _ = _find(a, b)
    assert bool([c for c in conflicts if c["kind"] == "place"]) is conflict
