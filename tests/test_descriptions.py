import pytest
from hypothesis import given, settings, strategies as st

from reading_fixture import article, parse
from storyweave.descriptions import extract_descriptions
from storyweave.entities import extract_entities


def _descriptions(text):
    p = parse(article(text))
    r = extract_entities(p)
    return [(r.entities[d.entity].name, d) for d in extract_descriptions(p, r.entities, r.mentions)]


@pytest.mark.parametrize(
    "text, name, role, qualifier, affiliation, pattern",
    [
        ("Former U.S. President Donald Trump spoke on Monday.", "Donald Trump", "president", "former", "U.S.", "title"),
        ("Kremlin spokesman Dmitry Peskov declined to comment.", "Dmitry Peskov", "spokesman", None, "Kremlin", "title"),
        ("UK Prime Minister Sir Keir Starmer arrived in Kyiv.", "Keir Starmer", "prime minister", None, "UK", "title"),
        (
            "Oksana Markarova, Ukraine's ambassador to the U.S., said the talks mattered.",
            "Oksana Markarova", "ambassador", None, "Ukraine", "appositive",
        ),
        ("The bill was signed by then-President Barack Obama.", "Barack Obama", "president", "then-", None, "title"),
        ("Acting Defense Secretary Chris Miller resigned.", "Chris Miller", "defense secretary", "acting", None, "title"),
        ("Dmitry Peskov, the Kremlin spokesman, declined to comment.", "Dmitry Peskov", "spokesman", None, "Kremlin", "appositive"),
        (
            "Gen. Valery Gerasimov, Russia’s chief of general staff, spoke.",
            "Valery Gerasimov", "chief of general staff", None, "Russia", "appositive",
        ),
        (
            "Ukrainian President Volodymyr Zelenskyy spoke first. Zelenskyy’s top aide, Andriy Yermak, spoke later.",
            "Andriy Yermak", "aide", "top", "Volodymyr Zelenskyy", "possessive",
        ),
    ],
)
def test_role_descriptions(text, name, role, qualifier, affiliation, pattern):
    found = [d for n, d in _descriptions(text) if n == name and d.pattern == pattern]
    assert found, _descriptions(text)
    d = found[0]
    assert (d.role, d.qualifier, d.affiliation) == (role, qualifier, affiliation)


@pytest.mark.parametrize(
    "text, name, literal, affiliation",
    [
        # the parser takes "blasted" / "pressed" for adjectives of the title
        ("On the same day, Trump blasted Senate Majority Leader Mitch McConnell as weak.",
         "Mitch McConnell", "Senate Majority Leader", "Senate"),
        ("The group on Friday pressed Minority Leader Kevin McCarthy to act.", "Kevin McCarthy", "Minority Leader", None),
        ("The newly elected President Joe Biden spoke.", "Joe Biden", "The newly elected President", None),
    ],
)
def test_a_title_starts_after_a_misread_verb(text, name, literal, affiliation):
    found = [d for n, d in _descriptions(text) if n == name]
    assert [(d.text, d.affiliation) for d in found] == [(literal, affiliation)]


def test_relative_clause_is_kept_without_role():
    text = "Trump, who is widely expected to contest the 2024 US presidential election, spoke on Sunday."
    rel = [d for _, d in _descriptions(text) if d.pattern == "relative"]
    assert rel and rel[0].role is None and rel[0].text.startswith("who is widely expected")


def test_description_offsets_index_text():
    text = "Former U.S. President Donald Trump spoke."
    for _, d in _descriptions(text):
        assert text[d.start : d.end] == d.text


@settings(max_examples=20, deadline=None)
@given(st.text(max_size=150))
def test_junk_never_raises(text):
    _descriptions(text)
