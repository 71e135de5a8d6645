import json
from pathlib import Path

import jsonschema
import pytest

from storyweave import align, summary

from story_fixture import article, reading

SCHEMA = json.loads((Path(summary.__file__).parent / "schema" / "report-1.schema.json").read_text())

STORY = [
    (
        "Harbor Times",
        [
            "# Floods in the valley",
            "Floods swept through the Ebro valley on Sunday, forcing 3,000 residents from their homes.",
            "Emergency crews used boats to reach villages cut off by the water.",
            "Will the dams hold?",
            "Click here to subscribe to our newsletter for daily updates.",
            "The regional government declared a state of emergency late on Sunday.",
        ],
    ),
    (
        "City Post",
        [
            "About 3,000 residents were forced from their homes as floods hit the Ebro valley on Sunday.",
            "A state of emergency was declared by the regional government.",
            "\"We lost everything,\" one farmer said.",
            "Forecasters expect more rain over the coming days in the north.",
        ],
    ),
    (
        "Daily Ledger",
        [
            "Floods in the Ebro valley forced thousands of residents from their homes on Sunday.",
            "The regional government has declared a state of emergency across the valley.",
            "Insurance claims are expected to reach record levels this year.",
        ],
    ),
]


def _story():
    arts = [article(lines, source=src) for src, lines in STORY]
    reads = [reading(a, entities={"Ebro": "LOC"}) for a in arts]
    groups = {a.id: a.source_name for a in arts}
    return arts, reads, align.align_facts(arts, reads, groups)


@pytest.mark.parametrize("words", [20, 40, 75, 100])
def test_items_are_verbatim_spans_within_budget(words):
    arts, reads, facts = _story()
    by_id = {a.id: a for a in arts}
    items = summary.summarize(arts, reads, facts, words=words)
    assert items
    for item in items:
        assert by_id[item["article_id"]].text[item["start"] : item["end"]] == item["text"]
    assert sum(len(i["text"].split()) for i in items) <= words


def test_items_match_schema():
    arts, reads, facts = _story()
    validator = jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/summary_item"})
    for item in summary.summarize(arts, reads, facts, words=100):
        validator.validate(item)
        assert set(item) == {"text", "article_id", "start", "end", "support", "source", "fact_id"}


def test_corroborated_facts_come_first_and_carry_support():
    arts, reads, facts = _story()
    items = summary.summarize(arts, reads, facts, words=30)
    corroborated = {f.id for f in facts if f.support == 3}
    assert len(corroborated) == 2 and corroborated <= {i["fact_id"] for i in items}
    assert all(i["support"] == 3 for i in items if i["fact_id"] in corroborated)
    texts = " ".join(i["text"] for i in items)
    assert "3,000" in texts or "thousands" in texts
    assert "state of emergency" in texts


def test_repeated_sentences_are_given_once():
    arts, reads, _ = _story()
    copy = article(STORY[0][1], source="Harbor Evening")  # a wire copy of the first article
    arts, reads = arts + [copy], reads + [reading(copy, entities={"Ebro": "LOC"})]
    facts = align.align_facts(arts, reads, {a.id: a.source_name for a in arts})
    texts = [i["text"] for i in summary.summarize(arts, reads, facts, words=500)]
    assert len(texts) == len(set(texts))


def test_headings_questions_furniture_and_bare_quotes_are_skipped():
    arts, reads, facts = _story()
    texts = [i["text"] for i in summary.summarize(arts, reads, facts, words=500)]
    assert "Floods in the valley" not in texts
    assert not any(t.endswith("?") or t.startswith("Click here") or t.startswith('"We lost') for t in texts)


def test_a_first_sentence_longer_than_the_budget_is_still_given():
    art = article(["A very long opening sentence that says a great many things about the event at once."], source="A")
    reads = [reading(art)]
    items = summary.summarize([art], reads, align.align_facts([art], reads, {}), words=5)
    assert len(items) == 1


def test_empty_story_gives_empty_summary():
    assert summary.summarize([], [], [], words=75) == []


from hypothesis import given, settings, strategies as st  # noqa: E402

_WORDS = st.sampled_from("the council budget vote city mayor said on Monday river flood 12 people police report new".split())
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")
_ARTICLE = st.lists(_SENTENCE, min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(st.lists(_ARTICLE, min_size=1, max_size=4), st.integers(min_value=1, max_value=120))
def test_summary_invariants_on_arbitrary_stories(texts, words):
    arts = [article(lines, source=f"outlet-{k}") for k, lines in enumerate(texts)]
    reads = [reading(a) for a in arts]
    groups = {a.id: a.source_name for a in arts}
    facts = align.align_facts(arts, reads, groups)
    by_id = {a.id: a for a in arts}
    items = summary.summarize(arts, reads, facts, words=words)
    spans = [(i["article_id"], i["start"]) for i in items]
    assert len(spans) == len(set(spans))
    for item in items:
        assert by_id[item["article_id"]].text[item["start"] : item["end"]] == item["text"]
        assert 1 <= item["support"] <= len(arts)
    if len(items) > 1:
        assert sum(len(i["text"].split()) for i in items) <= words


def test_contested_sentences_are_passed_over_unless_nothing_else_is_left():
    from storyweave.summary import _overlaps
    from types import SimpleNamespace

    stmt = SimpleNamespace(article_id="a", start=10, end=50)
    assert _overlaps(stmt, {("a", 0, 11)})
    assert not _overlaps(stmt, {("a", 50, 60), ("b", 10, 50)})


def test_two_sentences_of_one_fact_must_not_restate_each_other():
    import numpy as np

    from storyweave.summary import SAME_FACT_REPEAT, _same_fact_repeat

    sim = np.array([[1.0, SAME_FACT_REPEAT + 0.05, 0.9], [SAME_FACT_REPEAT + 0.05, 1.0, 0.1], [0.9, 0.1, 1.0]])
    facts = ["f1", "f1", None]
    assert _same_fact_repeat(facts, 0, 1, sim)
    assert not _same_fact_repeat(facts, 0, 2, sim)  # no shared fact: only REPEAT applies
