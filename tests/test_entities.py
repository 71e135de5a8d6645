import pytest
from hypothesis import given, settings, strategies as st

from reading_fixture import article, parse
from storyweave.entities import extract_entities


def _read(*paragraphs, headings=()):
    return extract_entities(parse(article(*paragraphs, headings=headings)))


def _entity_of(result, text):
    hits = {m.entity for m in result.mentions if m.text == text}
    assert hits, f"{text!r} not mentioned"
    assert len(hits) == 1
    return result.entities[hits.pop()]


def test_name_variants_are_one_entity():
    r = _read("Ukrainian President Volodymyr Zelensky met troops. Zelensky’s aides said little. Later Zelensky left.")
    e = _entity_of(r, "Volodymyr Zelensky")
    assert _entity_of(r, "Zelensky") == e
    assert e.label == "PERSON" and e.name == "Volodymyr Zelensky"


@pytest.mark.parametrize(
    "text, longer, shorter",
    [
        ("The White House Council on Women met. The White House said it would act.", "White House Council on Women", "White House"),
        ("Troops left Fort Washington on Monday. Officials in Washington were told.", "Fort Washington", "Washington"),
    ],
)
def test_a_part_of_a_longer_name_for_something_else_is_its_own_entity(text, longer, shorter):
    r = _read(text)
    assert _entity_of(r, longer) != _entity_of(r, shorter)


def test_a_short_form_of_a_company_name_joins_it():
    r = _read("Dominion Voting Systems sued on Monday. Dominion said it had been defamed.")
    assert _entity_of(r, "Dominion Voting Systems") == _entity_of(r, "Dominion")


def test_near_spelling_of_surname_is_merged():
    r = _read("Volodymyr Zelenskyy spoke on Monday. Mr. Zelensky spoke again on Tuesday.")
    assert _entity_of(r, "Volodymyr Zelenskyy") == _entity_of(r, "Zelensky")


def test_untagged_occurrence_of_known_name_becomes_mention():
    r = _read("Kremlin spokesman Dmitry Peskov said talks would go on. Reporters asked Peskov again.")
    e = _entity_of(r, "Dmitry Peskov")
    assert sum(1 for m in r.mentions if m.entity == e.index and m.kind == "name") == 2


def test_gazetteer_tags_known_places():
    r = _read("Officials in Kyiv said the drones were shot down near Kharkiv overnight.")
    assert _entity_of(r, "Kyiv").label == "GPE"


def test_acronym_joins_full_name():
    r = _read("The United Nations called for calm. The UN also sent aid.")
    assert _entity_of(r, "United Nations") == _entity_of(r, "UN")


def test_headline_span_is_not_an_entity():
    r = _read("Kremlin Stays Silent on Putin Plans", "The Kremlin said nothing about Vladimir Putin.", headings=(0,))
    assert not any("Silent" in e.name for e in r.entities)


def test_subject_pronoun_links_to_person():
    r = _read("Vladimir Putin spoke for an hour. He said the talks could begin.")
    pron = [m for m in r.mentions if m.kind == "pronoun"]
    assert pron and r.entities[pron[0].entity].name == "Vladimir Putin"


@pytest.mark.parametrize("text", ["", "word", "no capitals anywhere here", "Ünïcödé 北京 Москва «test»", "\n\n\n"])
def test_degenerate_text(text):
    _read(text)


@settings(max_examples=20, deadline=None)
@given(st.text(max_size=150))
def test_junk_never_raises(text):
    r = _read(text)
    for m in r.mentions:
        assert 0 <= m.start < m.end <= len(text) and m.entity < len(r.entities)


def test_shouted_word_in_a_quote_is_not_a_name():
    r = _read("“Ukraine should agree to this, IMMEDIATELY,” Donald Trump wrote. NATO did not comment.")
    names = {e.name for e in r.entities}
    assert "IMMEDIATELY" not in names and "Donald Trump" in names


def test_a_name_that_is_only_a_title_opens_no_entity():
    """'Lord' alone normalises to no name tokens: it must not open an empty
    cluster (which broke the label vote on a real PolNeAR article)."""
    from storyweave.entities import _cluster_candidates, _vote

    cands = [(0, 4, "Lord", "PERSON", False), (10, 23, "Lance Wallnau", "PERSON", False), (30, 34, "LORD", "PERSON", False)]
    clusters, assign = _cluster_candidates(cands)
    assert len(clusters) == 1 and assign == [-1, 0, -1]
    assert [_vote(c) for c in clusters] == ["PERSON"]
