import pytest

from reading_fixture import article, parse
from storyweave.coref import link_nominals
from storyweave.descriptions import extract_descriptions
from storyweave.entities import extract_entities


def _links(*paragraphs):
    p = parse(article(*paragraphs))
    r = extract_entities(p)
    descs = extract_descriptions(p, r.entities, r.mentions)
    nominal = link_nominals(p, r.entities, r.mentions, descs)
    return [(m.kind, m.text, r.entities[m.entity].name) for m in r.mentions + nominal if m.kind != "name"]


@pytest.mark.parametrize(
    "paragraphs, expected",
    [
        (("Vladimir Putin spoke for an hour. He said the talks could begin.",), ("pronoun", "He", "Vladimir Putin")),
        (
            ("Ukrainian President Volodymyr Zelensky met Emmanuel Macron in Kyiv.", "The Ukrainian leader said talks could start."),
            ("nominal", "The Ukrainian leader", "Volodymyr Zelensky"),
        ),
        (
            ("Donald Trump urged Volodymyr Zelensky to talk.", "“President Putin wants peace,” he wrote."),
            ("pronoun", "he", "Donald Trump"),
        ),
        (("Acme Corp fired 200 workers on Monday. It said the cuts were needed.",), ("pronoun", "It", "Acme Corp")),
        (("Democrats won the vote in Ohio. They said the bill would pass.",), ("pronoun", "They", "Democrats")),
    ],
)
def test_links(paragraphs, expected):
    assert expected in _links(*paragraphs)


def test_nominal_with_two_fitting_entities_is_left_alone():
    links = _links("Russian President Vladimir Putin met US President Joe Biden.", "The president said little.")
    assert not [x for x in links if x[0] == "nominal"]


@pytest.mark.parametrize(
    "text",
    [
        # the subject is an unnamed "administration": Congress, the object, is not "it"
        "The Trump administration sought to blame Congress for the policy, and it said only lawmakers could change it.",
        # "it" is not the subject of a speech verb
        "Acme Corp fired 200 workers on Monday. It was the largest cut in years.",
    ],
)
def test_group_pronoun_left_alone(text):
    assert not [x for x in _links(text) if x[1].lower() == "it"]
