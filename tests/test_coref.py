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
    ],
)
def test_links(paragraphs, expected):
    assert expected in _links(*paragraphs)


def test_nominal_with_two_fitting_entities_is_left_alone():
    links = _links("Russian President Vladimir Putin met US President Joe Biden.", "The president said little.")
    assert not [x for x in links if x[0] == "nominal"]
