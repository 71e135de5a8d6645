import json
from pathlib import Path

import jsonschema
import pytest

from storyweave import align
from storyweave.records import Fact

from story_fixture import article, reading

SCHEMA = json.loads((Path(align.__file__).parent / "schema" / "report-1.schema.json").read_text())
ENTS = {"Riverton": "GPE", "Ana Ruiz": "PERSON", "Ruiz": "PERSON"}

HARBOR = [
    "# Bridge collapses in Riverton",
    "A highway bridge collapsed in Riverton on Tuesday, killing at least 12 people.",
    "Mayor Ana Ruiz said rescue teams were searching the river for survivors.",
    "The bridge had been closed for repairs twice since 2019, records show.",
]
POST = [
    "At least 12 people died when a motorway bridge in Riverton gave way on Tuesday.",
    "Rescuers are searching the river for survivors, according to Mayor Ana Ruiz.",
    "Local shops closed early as crowds gathered near the site.",
]
LEDGER = [
    "Officials said 15 people were killed in the collapse of the Riverton bridge on Tuesday.",
    "The governor promised a full inquiry into the disaster at a press conference.",
]


def _story(with_copy: bool = True):
    arts = [article(HARBOR, source="Harbor Times"), article(POST, source="City Post"), article(LEDGER, source="Daily Ledger")]
    if with_copy:  # the same wire text, published by a second outlet of the same owner
        arts.append(article(HARBOR, source="Harbor Evening", ref="copy.txt"))
    nums = {"12": 12.0, "15": 15.0}
    times = [("Tuesday", "2025-05-13", "day")]
    reads = [reading(a, entities=ENTS, numbers=nums, times=times) for a in arts]
    groups = {a.id: a.source_name for a in arts}
    if with_copy:
        groups[arts[3].id] = groups[arts[0].id]
    return arts, reads, groups


def _fact_with(facts: list[Fact], art, sentence: int) -> Fact:
    return next(f for f in facts if any(aid == art.id and idx == sentence for aid, idx, _, _ in f.statements))


def _aligned(facts, a, i, b, j) -> bool:
    return _fact_with(facts, a, i) is _fact_with(facts, b, j)


@pytest.mark.parametrize(
    "a, i, b, j",
    [
        (0, 1, 1, 0),  # collapse, paraphrased
        (0, 2, 1, 1),  # rescue search, paraphrased with the attribution moved
        (0, 1, 2, 0),  # collapse with a different death toll: numbers never block alignment
    ],
)
def test_paraphrases_across_articles_align(a, i, b, j):
    arts, reads, groups = _story(with_copy=False)
    facts = align.align_facts(arts, reads, groups)
    assert _aligned(facts, arts[a], i, arts[b], j)


@pytest.mark.parametrize("a, i, b, j", [(1, 2, 2, 1), (0, 3, 1, 2), (0, 2, 2, 1)])
def test_unrelated_statements_do_not_align(a, i, b, j):
    arts, reads, groups = _story(with_copy=False)
    facts = align.align_facts(arts, reads, groups)
    assert not _aligned(facts, arts[a], i, arts[b], j)


def test_copies_count_once_in_support():
    arts, reads, groups = _story(with_copy=True)
    facts = align.align_facts(arts, reads, groups)
    collapse = _fact_with(facts, arts[0], 1)
    assert {aid for aid, *_ in collapse.statements} == {a.id for a in arts}
    assert collapse.support == 3  # Harbor Times and its copy share one group
    assert set(collapse.sources) == {"Harbor Times", "City Post", "Daily Ledger", "Harbor Evening"}


def test_a_fact_repeated_only_by_copies_is_single_source():
    arts, reads, groups = _story(with_copy=True)
    facts = align.align_facts(arts, reads, groups)
    repairs = _fact_with(facts, arts[0], 3)
    assert len(repairs.statements) == 2 and repairs.support == 1


def test_at_most_one_statement_per_article_per_fact():
    arts, reads, groups = _story()
    for fact in align.align_facts(arts, reads, groups):
        ids = [aid for aid, *_ in fact.statements]
        assert len(ids) == len(set(ids))


def test_every_statement_is_in_exactly_one_fact_and_headings_in_none():
    arts, reads, groups = _story()
    facts = align.align_facts(arts, reads, groups)
    seen = [(aid, idx) for f in facts for aid, idx, _, _ in f.statements]
    assert len(seen) == len(set(seen)) == sum(len(r.sentences) for r in reads) - 2  # two heading lines
    assert (arts[0].id, 0) not in seen


def test_facts_sorted_by_support_and_ids_stable():
    arts, reads, groups = _story()
    first = align.align_facts(arts, reads, groups)
    again = align.align_facts(arts, reads, groups)
    assert [f.id for f in first] == [f.id for f in again]
    assert [f.support for f in first] == sorted((f.support for f in first), reverse=True)
    assert all(f.id.startswith("f-") for f in first)


def test_fact_entities_merge_name_variants():
    arts, reads, groups = _story(with_copy=False)
    rescue = _fact_with(align.align_facts(arts, reads, groups), arts[0], 2)
    assert rescue.entities == ("Ana Ruiz",)


def test_fact_to_json_matches_schema_and_spans():
    arts, reads, groups = _story()
    by_id = {a.id: a for a in arts}
    validator = jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/fact"})
    for fact in align.align_facts(arts, reads, groups):
        item = align.fact_to_json(fact, arts)
        validator.validate(item)
        for m in item["mentions"]:
            assert by_id[m["article_id"]].text[m["start"] : m["end"]] == m["text"]
        assert item["status"] == ("corroborated" if fact.support > 1 else "single-source")


def test_empty_story_has_no_facts():
    assert align.align_facts([], [], {}) == []


def _pair_story():
    a = article(["The transport minister resigned on Friday after weeks of pressure.", "He will stay on as a lawmaker."], source="A")
    b = article(["After mounting criticism, the minister quit at the end of the week."], source="B")
    arts = [a, b]
    return arts, [reading(x) for x in arts]


def test_vectors_mix_embedding_cosine_into_the_score():
    np = pytest.importorskip("numpy")
    arts, reads = _pair_story()
    stmts = align.statements(arts, reads)
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(3, 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    per_article = {arts[0].id: vecs[:2], arts[1].id: vecs[2:]}
    tfidf = align.similarity(stmts, reads)
    mixed = align.similarity(stmts, reads, per_article)
    expected = align.EMBED_WEIGHT * max(float(vecs[0] @ vecs[2]), 0.0) + (1 - align.EMBED_WEIGHT) * tfidf[0, 2]
    assert mixed[0, 2] == pytest.approx(expected, abs=1e-6)
    per_sentence = {f"{arts[0].id}:0": vecs[0], f"{arts[0].id}:1": vecs[1], f"{arts[1].id}:0": vecs[2]}
    assert np.allclose(align.similarity(stmts, reads, per_sentence), mixed)


def test_incomplete_vectors_fall_back_to_tfidf():
    arts, reads = _pair_story()
    stmts = align.statements(arts, reads)
    partial = {f"{arts[0].id}:0": [1.0, 0.0]}
    assert (align.similarity(stmts, reads, partial) == align.similarity(stmts, reads)).all()


def test_real_embeddings_keep_unrelated_news_apart():
    pytest.importorskip("model2vec")
    from storyweave.embed import embed

    arts, reads = _pair_story()
    c = article(["Heavy rain flooded several streets in the old town overnight."], source="C")
    arts, reads = arts + [c], reads + [reading(c)]
    vectors = {x.id: embed([x.text[s.start : s.end] for s in r.sentences]) for x, r in zip(arts, reads)}
    facts = align.align_facts(arts, reads, {x.id: x.id for x in arts}, vectors=vectors)
    assert not _aligned(facts, arts[0], 0, c, 0)
    assert not _aligned(facts, arts[1], 0, c, 0)


def test_a_short_sentence_links_only_to_its_repeat():
    a = article(["Have the meeting, now!", "The leaders may meet in Geneva next week, officials said."], source="A")
    b = article(["If the two leaders meet in Geneva, it would be their first meeting in years."], source="B")
    c = article(["Have the meeting, now!"], source="C")
    arts = [a, b, c]
    reads = [reading(x) for x in arts]
    facts = align.align_facts(arts, reads, {x.id: x.id for x in arts})
    assert _aligned(facts, a, 0, c, 0)
    assert not _aligned(facts, a, 0, b, 0)


from hypothesis import given, settings, strategies as st  # noqa: E402

_WORDS = st.sampled_from("the council budget vote city mayor said on Monday river flood 12 people police".split())
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_SENTENCE, min_size=1, max_size=5), min_size=1, max_size=5), st.integers(min_value=1, max_value=5))
def test_fact_invariants_on_arbitrary_stories(texts, owners):
    arts = [article(lines, source=f"outlet-{k}") for k, lines in enumerate(texts)]
    reads = [reading(a) for a in arts]
    groups = {a.id: f"owner-{k % owners}" for k, a in enumerate(arts)}
    facts = align.align_facts(arts, reads, groups)
    seen = [(aid, idx) for f in facts for aid, idx, _, _ in f.statements]
    assert len(seen) == len(set(seen)) == len(align.statements(arts, reads))
    for f in facts:
        ids = [aid for aid, *_ in f.statements]
        assert len(ids) == len(set(ids))
        assert f.support == len({groups[a] for a in ids}) <= owners


def test_an_article_the_reading_layer_failed_on_adds_no_statements():
    from storyweave.records import Reading

    arts, reads, groups = _story(with_copy=False)
    empty = Reading(arts[2].id, (), (), (), (), (), (), ())
    facts = align.align_facts(arts, [reads[0], reads[1], empty], groups)
    assert all(aid != arts[2].id for f in facts for aid, *_ in f.statements)
    assert _aligned(facts, arts[0], 1, arts[1], 0)
