import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from storyweave import features as F
from storyweave.cluster import COMPONENTS, WEIGHTS, StoryClusterer
from storyweave.consolidate import PAIR_COMPONENTS
from storyweave.explain import explain
from storyweave.records import Article, Block, Field

DEMO = Path(__file__).resolve().parent.parent / "examples" / "istanbul-2025"

QUAKE_A = (
    "A magnitude 6.4 earthquake struck near the town of Sarpol in western Iran early on Sunday, killing at least "
    "eleven people, the Iranian Red Crescent said. Rescue teams from Kermanshah searched collapsed houses."
)
QUAKE_B = (
    "A magnitude 7.1 earthquake hit the coast of southern Peru on Thursday, damaging roads near Arequipa. "
    "Peru's civil defence institute said two people were injured and a hospital in Acari was evacuated."
)


def make(text, ident, published=None, key=None, title=None):
    return Article(id=ident, ref=ident, text=text, blocks=(Block("p", 0, len(text)),),
                   published=Field(published, "t") if published else None, story_key=key,
                   title=Field(title, "t") if title else None)


@pytest.fixture(scope="module")
def demo():
    arts = [make(p.read_text(encoding="utf-8"), p.stem) for p in sorted(DEMO.glob("*.txt"))]
    return F.extract_many(arts)


@pytest.fixture(scope="module")
def quakes():
    return F.extract_many([make(QUAKE_A, "qa"), make(QUAKE_B, "qb")])


def run(clusterer, feats):
    return [clusterer.assign(f) for f in feats]


def test_articles_on_one_story_group_together(demo):
    out = run(StoryClusterer(), demo)
    assert len({a.story_id for a in out}) == 1
    assert out[0].new and not any(a.new for a in out[1:])


def test_same_kind_of_event_is_not_the_same_story(demo, quakes):
    out = run(StoryClusterer(), [*demo, *quakes])
    assert len({a.story_id for a in out}) == 3


def test_components_are_reported(demo):
    clusterer = StoryClusterer()
    run(clusterer, demo[:1])
    a = clusterer.assign(demo[1])
    assert set(a.components) == set(COMPONENTS)
    assert 0.0 <= a.score <= 1.0


def test_story_keys_are_respected(demo, quakes):
    keyed = [replace(f, story_key="my-story") for f in (quakes[0], demo[0])]
    clusterer = StoryClusterer()
    out = run(clusterer, [*keyed, demo[1]])
    assert out[0].story_id == out[1].story_id  # same key: together, however different
    assert out[2].story_id != out[0].story_id  # keyed stories take no articles by similarity
    assert out[2].new


def test_dates_bound_which_stories_can_take_an_article(demo):
    first = replace(demo[0], day=F.day_of("2025-05-12"))
    later = replace(demo[1], day=F.day_of("2025-07-01"))
    out = run(StoryClusterer(window_days=14), [first, later])
    assert out[1].new


def test_without_dates_input_order_bounds_candidates(demo, quakes):
    out = run(StoryClusterer(window_articles=1), [demo[0], quakes[0], quakes[1], demo[1]])
    assert out[3].new


@pytest.mark.parametrize("text", ["", "Hello.", "Der Bürgermeister von Istanbul wurde am Mittwoch festgenommen.",
                                  "12 34 56", "no entities at all here, only some words"])
def test_odd_articles_get_a_story(text, demo):
    clusterer = StoryClusterer()
    run(clusterer, demo[:2])
    a = clusterer.assign(F.extract(make(text, "odd")))
    assert a.story_id


def test_rebuild_gives_the_same_state(demo, quakes):
    feats = [*demo[:3], quakes[0]]
    clusterer = StoryClusterer()
    pairs = [(f, a.story_id) for f, a in zip(feats, run(clusterer, feats))]
    rebuilt = StoryClusterer().rebuild(pairs)
    assert rebuilt.stories() == clusterer.stories()
    assert rebuilt.assign(demo[3]) == clusterer.assign(demo[3])


def test_state_round_trips_through_json(demo, quakes):
    clusterer = StoryClusterer(threshold=0.2)
    run(clusterer, [*demo[:3], quakes[1]])
    restored = StoryClusterer.from_state(json.loads(json.dumps(clusterer.to_state())))
    assert restored.get_params() == clusterer.get_params()
    assert restored.assign(demo[4]) == clusterer.assign(demo[4])


def test_reassigning_a_known_article_is_a_no_op(demo):
    clusterer = StoryClusterer()
    first = clusterer.assign(demo[0])
    assert clusterer.assign(demo[0]).story_id == first.story_id
    assert len(clusterer.stories()) == 1


def test_candidates_are_bounded_and_hnsw_takes_over():
    rng = np.random.default_rng(7)
    clusterer = StoryClusterer(hnsw_from=50, max_candidates=8)
    for i in range(200):
        v = rng.normal(size=16).astype(np.float32)
        v /= np.linalg.norm(v)
        a = clusterer.assign(F.ArticleFeatures(f"a{i}", v, (("place", f"p{i % 40}", 1),)))
        assert a.candidates <= 8
    assert clusterer.index_.hnsw


def test_get_params_round_trip():
    params = StoryClusterer(window_days=3).get_params()
    assert params["window_days"] == 3 and params["weights"] == WEIGHTS
    assert StoryClusterer(**params).get_params() == params


def test_explain_same_and_different(demo, quakes):
    same = explain(demo[0], demo[1])
    assert same["decision"] == "same story"
    assert set(same["components"]) == set(COMPONENTS)
    assert "istanbul" in sum(same["shared_entities"].values(), [])
    different = explain(quakes[0], quakes[1])
    assert different["decision"] == "different stories"
    assert different["score"] < different["threshold"]
    # the consolidation pass's article-against-article view agrees
    assert set(same["pair"]["components"]) == set(PAIR_COMPONENTS)
    assert same["pair"]["score"] >= same["pair"]["threshold"] > different["pair"]["score"]


def test_explain_says_when_the_consolidation_pass_decides(demo):
    online_only = explain(demo[0], demo[1], StoryClusterer(consolidate_threshold=None))
    assert online_only["pair"] is None and online_only["decision"] == "same story"
    strict = explain(demo[0], demo[1], StoryClusterer(consolidate_threshold=0.9999))
    assert strict["decision"] == "different stories (consolidation pass, article against article)"


def test_explain_reports_keys_and_dates(demo):
    a = replace(demo[0], day=F.day_of("2025-05-12"))
    b = replace(demo[1], day=F.day_of("2025-09-12"))
    assert explain(a, b)["decision"].startswith("different stories (more than")
    assert explain(replace(a, story_key="k"), replace(b, story_key="k"))["decision"] == "same story (same story key)"


@pytest.mark.parametrize("state", [None, "{not json", '{"params": {}}', json.dumps({"articles": []})])
def test_missing_or_corrupt_state_is_rebuilt_from_the_store(demo, state):
    clusterer = StoryClusterer()
    pairs = [(f, a.story_id) for f, a in zip(demo[:3], run(clusterer, demo[:3]))]
    restored = StoryClusterer.restore(state, lambda: iter(pairs))
    assert restored.stories() == clusterer.stories()


def test_saved_state_is_used_when_sound(demo):
    clusterer = StoryClusterer(threshold=0.3)
    run(clusterer, demo[:2])
    restored = StoryClusterer.restore(json.dumps(clusterer.to_state()), lambda: iter(()))
    assert restored.stories() == clusterer.stories() and restored.threshold == 0.3


def test_explain_reports_minhash_when_present(demo):
    assert 0.0 <= explain(demo[0], demo[1])["minhash_jaccard"] < 0.2


# ------------------------------------------------------------------ consolidation


def merged_online(feats, **params):
    """Every article in one story: threshold 0 joins any candidate."""
    clusterer = StoryClusterer(threshold=0.0, **params)
    out = run(clusterer, feats)
    assert len({a.story_id for a in out}) == 1
    return clusterer, out[0].story_id


def test_consolidation_splits_a_story_of_different_events(demo, quakes):
    clusterer, first = merged_online([*demo, *quakes])
    result = clusterer.consolidate()
    assert set(result.moved) == {quakes[0].article_id, quakes[1].article_id}
    stories = {clusterer.story_of(f.article_id) for f in [*demo, *quakes]}
    assert len(stories) == 3
    assert {clusterer.story_of(f.article_id) for f in demo} == {first}  # the larger part keeps the id
    assert result.regions == 1 and result.articles == 7


def test_consolidation_merges_a_split_story(demo):
    clusterer = StoryClusterer(threshold=1.0)  # every article opens a story
    run(clusterer, demo)
    assert len(clusterer.stories()) == len(demo)
    clusterer.consolidate()
    assert len({clusterer.story_of(f.article_id) for f in demo}) == 1
    assert len(clusterer.stories()) == 1


def test_consolidation_never_joins_articles_further_apart_than_the_window(demo):
    # one event's articles on days 0, 0, 10, 20, 20: the day-10 article links
    # both ends into one region, but days 0 and 20 are further apart than the
    # 14-day window, so consolidation must not make them one story
    days = [F.day_of(d) for d in ("2025-05-01", "2025-05-01", "2025-05-11", "2025-05-21", "2025-05-21")]
    dated = [replace(f, day=d) for f, d in zip(demo, days)]
    clusterer = StoryClusterer(threshold=1.0)  # every article opens a story
    run(clusterer, dated)
    result = clusterer.consolidate()
    assert result.regions == 1 and result.articles == 5
    assert clusterer.story_of(dated[0].article_id) == clusterer.story_of(dated[1].article_id)
    assert clusterer.story_of(dated[3].article_id) == clusterer.story_of(dated[4].article_id)
    assert clusterer.story_of(dated[0].article_id) != clusterer.story_of(dated[4].article_id)


def test_consolidated_state_serves_later_articles_and_rebuilds(demo, quakes):
    clusterer, _ = merged_online([*demo[:4], *quakes])
    clusterer.consolidate()
    clusterer.threshold = StoryClusterer().threshold
    later = clusterer.assign(demo[4])
    assert later.story_id == clusterer.story_of(demo[0].article_id)
    assert clusterer.resolve(later.story_id) == later.story_id
    rebuilt = StoryClusterer.from_state(json.loads(json.dumps(clusterer.to_state())))
    assert sorted(map(sorted, rebuilt.stories().values())) == sorted(map(sorted, clusterer.stories().values()))


def test_consolidation_leaves_corrected_and_keyed_stories_alone(demo, quakes):
    clusterer, first = merged_online([*demo, *quakes])
    assert clusterer.consolidate(frozen=[quakes[0].article_id]).moved == {}
    keyed = [replace(f, story_key="k") for f in [*demo, *quakes]]
    clusterer = StoryClusterer()
    run(clusterer, keyed)
    assert clusterer.consolidate().moved == {}
    assert len(clusterer.stories()) == 1


def test_consolidation_can_be_switched_off(demo, quakes):
    clusterer, _ = merged_online([*demo, *quakes], consolidate_threshold=None)
    assert clusterer.consolidate().moved == {}
    assert len(clusterer.stories()) == 1


def test_consolidation_only_revisits_stories_touched_since_the_last_pass(demo, quakes):
    clusterer, _ = merged_online([*demo, *quakes])
    clusterer.consolidate()
    again = clusterer.consolidate()
    assert again.moved == {} and again.regions == 0
