import pytest

from storyweave.linking import link_entities
from storyweave.names import country_key, fold, place_of
from storyweave.records import Entity, Mention, Reading


def reading(article_id, *entities):
    """A Reading with the given (name, label, mention_count) entities."""
    ents, mentions = [], []
    for i, (name, label, count) in enumerate(entities):
        ents.append(Entity(index=i, name=name, label=label))
        mentions += [Mention(start=0, end=len(name), text=name, label=label, entity=i)] * count
    return Reading(article_id, (), tuple(ents), tuple(mentions), (), (), (), ())


def linked(*readings):
    story = link_entities([], readings)
    return {frozenset(e.members) for e in story.entities}, story


@pytest.mark.parametrize(
    "raw, key",
    [("U.S.", "US"), ("US", "US"), ("American", "US"), ("United States", "US"),
     ("Türkiye", "TR"), ("Turkey", "TR"), ("Turkish", "TR"), ("Ukrainian", "UA"),
     ("Ukrainians", "UA"), ("Russian", "RU"), ("UK", "GB"), ("British", "GB"),
     ("Kazakh", "KZ"), ("Kremlin", None), ("", None), (None, None)],
)
def test_country_key(raw, key):
    assert country_key(raw) == key


@pytest.mark.parametrize(
    "raw, folded",
    [("Zelenskyy’s", "zelenskyy"), ("the U.S.", "us"), ("Erdoğan", "erdogan"), ("Türkiye", "turkiye")],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_spelling_variants_of_a_person_are_one_entity():
    groups, story = linked(
        reading("a", ("Volodymyr Zelenskyy", "PERSON", 5)),
        reading("b", ("Volodymyr Zelensky", "PERSON", 3)),
    )
    assert groups == {frozenset({("a", 0), ("b", 0)})}
    entity = story.entities[0]
    assert entity.name == "Volodymyr Zelenskyy"
    assert entity.aliases == ("Volodymyr Zelensky",)


def test_bare_surname_joins_the_single_full_name():
    groups, story = linked(
        reading("a", ("Donald Trump", "PERSON", 2), ("Donald Tusk", "PERSON", 1)),
        reading("b", ("Trump", "ORG", 3)),
    )
    assert frozenset({("a", 0), ("b", 0)}) in groups
    assert story.lookup("b", 0).name == "Donald Trump"
    assert story.lookup("a", 1).name == "Donald Tusk"


def test_bare_surname_stays_alone_when_two_full_names_fit():
    groups, _ = linked(
        reading("a", ("Bill Clinton", "PERSON", 1), ("Hillary Clinton", "PERSON", 1)),
        reading("b", ("Clinton", "PERSON", 1)),
    )
    assert frozenset({("b", 0)}) in groups
    assert len(groups) == 3


def test_different_given_names_are_different_people():
    groups, _ = linked(reading("a", ("Donald Trump", "PERSON", 1)), reading("b", ("Melania Trump", "PERSON", 1)))
    assert len(groups) == 2


def test_country_spellings_are_one_place():
    groups, story = linked(reading("a", ("Turkey", "GPE", 4)), reading("b", ("Türkiye", "GPE", 2)))
    assert groups == {frozenset({("a", 0), ("b", 0)})}
    assert story.entities[0].type == "GPE"


def test_nationality_does_not_join_the_country():
    groups, _ = linked(reading("a", ("Ukraine", "GPE", 1)), reading("b", ("Ukrainian", "NORP", 1)))
    assert len(groups) == 2


def test_type_is_the_majority_label():
    _, story = linked(
        reading("a", ("Donald Trump", "PERSON", 4)), reading("b", ("Donald Trump", "ORG", 1))
    )
    assert [e.type for e in story.entities] == ["PERSON"]
    assert story.entities[0].mentions == 5


def test_short_similar_names_are_not_merged():
    groups, _ = linked(reading("a", ("Tusk", "PERSON", 1)), reading("b", ("Task", "PERSON", 1)))
    assert len(groups) == 2


def test_lookup_of_unknown_entity_is_none():
    _, story = linked(reading("a", ("Putin", "PERSON", 1)))
    assert story.lookup("a", None) is None
    assert story.lookup("zz", 0) is None


def test_honorifics_are_dropped_and_sir_takes_the_given_name():
    groups, story = linked(
        reading("a", ("Sir Keir Starmer", "PERSON", 2)),
        reading("b", ("Keir Starmer", "PERSON", 1)),
        reading("c", ("Sir Keir", "PERSON", 1)),
        reading("d", ("Mr Starmer", "PERSON", 1)),
    )
    assert len(groups) == 1
    assert story.entities[0].name == "Sir Keir Starmer"


def test_city_spellings_are_one_place():
    groups, _ = linked(reading("a", ("Kyiv", "GPE", 2)), reading("b", ("Kiev", "GPE", 1)),
                       reading("c", ("Istanbul", "GPE", 1)))
    assert frozenset({("a", 0), ("b", 0)}) in groups and len(groups) == 2


@pytest.mark.parametrize(
    "a, b, same",
    [
        (("Fred LaRue", "PERSON"), ("Frederick LaRue", "PERSON"), True),
        (("Shooter Yvonne Hiller", "PERSON"), ("Yvonne Hiller", "PERSON"), True),
        (("Arcade Joseph Comeaux Jr.", "PERSON"), ("Arcade Joseph Comeaux", "PERSON"), True),
        (("Wladimir Klitschko", "NORP"), ("Wladimir Klitschko", "PERSON"), True),
        (("Betty Ford Centre", "ORG"), ("Betty Ford Center", "ORG"), True),
        (("Promises Treatment Center", "ORG"), ("Malibu Promises Treatment Center", "ORG"), True),
        (("AP", "ORG"), ("Associated Press", "ORG"), True),
        (("Tom Jenkin", "PERSON"), ("Kathryn Jenkin", "PERSON"), False),
        (("Betty Ford Center", "ORG"), ("Betty Ford Clinic", "ORG"), False),
        (("New York", "GPE"), ("New York Times", "ORG"), False),
        (("White House", "ORG"), ("White House Council on Women", "ORG"), False),
        (("Mike Bloomberg", "PERSON"), ("Michael R. Bloomberg", "PERSON"), True),
        (("Bill Clinton", "PERSON"), ("William Jefferson Clinton", "PERSON"), True),
        (("Bill Clinton", "PERSON"), ("Hillary Clinton", "PERSON"), False),
    ],
)
def test_name_variants_across_articles(a, b, same):
    groups, _ = linked(reading("a", (*a, 1)), reading("b", (*b, 1)))
    assert (len(groups) == 1) is same


def test_an_ambiguous_part_of_two_organisation_names_stays_alone():
    groups, _ = linked(reading("a", ("Red Cross", "ORG", 1)),
                       reading("b", ("American Red Cross", "ORG", 1), ("British Red Cross", "ORG", 1)))
    assert len(groups) == 3


def test_a_borough_is_not_its_city_but_a_far_namesake_yields_to_the_larger():
    # New York City lists "Manhattan" among its alternate names; the borough is
    # its own geonames entry nearby. "Odessa" is also a small city in Texas.
    assert place_of("Manhattan").key != place_of("New York").key
    assert place_of("Odessa").key == place_of("Odesa").key
    assert place_of("Kiev").key == place_of("Kyiv").key
