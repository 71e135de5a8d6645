"""Grouping over the store: incremental assignment, corrections that survive
later ingests, explanations, and an index rebuilt from the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyweave.config import Settings
from storyweave.errors import UnknownId
from storyweave.grouping import correct, group_unassigned, load_clusterer, story_listing, why
from storyweave.pipeline import ingest
from storyweave.store import SqliteStore

QUAKE = [
    ("Quake Times", "A magnitude 6.8 earthquake struck off the coast of southern Peru early on Monday, "
     "the U.S. Geological Survey said. Officials in Arequipa reported damaged homes and two people injured. "
     "The quake was centred 40 km beneath the sea floor, and no tsunami warning was issued."),
    ("Andes Daily", "Two people were injured when a strong earthquake of magnitude 6.8 shook southern Peru "
     "on Monday, according to the U.S. Geological Survey. Houses were damaged in Arequipa, officials said, "
     "and Peru's navy said there was no tsunami risk."),
]


def write_corpus(folder: Path, items) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, (source, text) in enumerate(items):
        (folder / f"{source.replace(' ', '_')}_{i}.txt").write_text(f"Source: {source}\n\n{text}\n")
    return folder


@pytest.fixture
def store(tmp_path, demo_dir):
    with SqliteStore(tmp_path / "g.db") as s:
        ingest(s, [str(demo_dir)], Settings())
        ingest(s, [str(write_corpus(tmp_path / "quake", QUAKE))], Settings())
        yield s


def test_two_events_two_stories_each_article_once(store):
    rows = story_listing(store, Settings())
    sizes = sorted(len(r["members"]) for r in rows)
    assert sizes == [2, 5]
    members = [m["id"] for r in rows for m in r["members"]]
    assert len(members) == len(set(members)) == 7


def test_listing_counts_independent_sources(store):
    quake = next(r for r in story_listing(store, Settings()) if len(r["members"]) == 2)
    assert quake["independent_sources"] == 2
    assert {m["source"] for m in quake["members"]} == {"Quake Times", "Andes Daily"}


def test_why_explains_same_and_different_stories(store):
    rows = story_listing(store, Settings())
    demo = next(r for r in rows if len(r["members"]) == 5)["members"]
    quake = next(r for r in rows if len(r["members"]) == 2)["members"]
    same = why(store, demo[0]["id"], demo[1]["id"])
    apart = why(store, demo[0]["id"], quake[0]["id"][:10])
    assert same["same_story"] is True and apart["same_story"] is False
    assert same["score"] > apart["score"]
    assert {"components", "threshold", "decision"} <= set(same)


def test_why_unknown_article_is_a_usage_error(store):
    with pytest.raises(UnknownId, match="no article with id 'nope'"):
        why(store, "nope", "nope")


def test_merge_survives_a_later_ingest(store, tmp_path):
    rows = story_listing(store, Settings())
    a, b = (r["id"] for r in rows)
    before = set(store.story_assignments())
    correct(store, "merge", {"stories": [a, b]})
    assert len(store.story_rows()) == 1
    later = [("Late Wire", "Rescue teams searched damaged buildings in Arequipa on Tuesday after Monday's "
              "magnitude 6.8 earthquake in southern Peru, officials said.")]
    ingest(store, [str(write_corpus(tmp_path / "later", later))], Settings())
    assert store.count_articles() == 8
    assignments = store.story_assignments()
    assert len({assignments[article_id] for article_id in before}) == 1, "the merge was undone by a later ingest"


def test_split_and_move(store):
    demo = next(r for r in story_listing(store, Settings()) if len(r["members"]) == 5)
    first, second = demo["members"][0]["id"], demo["members"][1]["id"]
    correct(store, "split", {"articles": [first]})
    assert store.assignment(first)["story_id"] != store.assignment(second)["story_id"]
    correct(store, "move", {"article": first, "story": store.assignment(second)["story_id"]})
    assert store.assignment(first)["story_id"] == store.assignment(second)["story_id"]
    kinds = [k for k, _ in store.corrections()]
    assert kinds == ["split", "move"]


def test_index_is_rebuilt_from_the_store(store):
    clusterer = load_clusterer(store)
    assert sorted(len(v) for v in clusterer.stories().values()) == [2, 5]


def test_grouping_resumes_where_a_killed_run_stopped(tmp_path, demo_dir):
    with SqliteStore(tmp_path / "r.db") as s:
        ingest(s, [str(demo_dir)], Settings(), group=False)
        assert len(s.unassigned_article_ids()) == 5
        assert group_unassigned(s) == 5
        assert group_unassigned(s) == 0
        assert len(s.story_rows()) == 1


def test_story_key_is_respected(tmp_path):
    records = [
        {"id": "1", "source": "A", "title": "Budget vote", "text": "The council approved the city budget on Monday after a long debate.", "story": "k1"},
        {"id": "2", "source": "B", "title": "Storm", "text": "A storm cut power to thousands of homes across the valley overnight.", "story": "k1"},
    ]
    path = tmp_path / "keyed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records))
    with SqliteStore(tmp_path / "k.db") as s:
        ingest(s, [str(path)], Settings())
        [row] = s.story_rows()
        assert row["articles"] == 2 and row["key"] == "k1"


@pytest.mark.parametrize("consolidate, sizes", [(0.5, [2, 5]), (None, [7])])
def test_consolidation_pass_relabels_stories_in_the_store(tmp_path, demo_dir, monkeypatch, consolidate, sizes):
    from storyweave import grouping
    from storyweave.cluster import StoryClusterer

    # An online pass that joins everything: only the consolidation pass can separate the two events.
    monkeypatch.setattr(grouping, "load_clusterer",
                        lambda store: StoryClusterer(threshold=0.0, consolidate_threshold=consolidate))
    corpus = tmp_path / "both"
    for path in demo_dir.glob("*.txt"):
        (corpus / path.name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    write_corpus(corpus, QUAKE)
    with SqliteStore(tmp_path / "c.db") as s:
        ingest(s, [str(corpus)], Settings())
        rows = s.story_rows()
        assert sorted(r["articles"] for r in rows) == sizes
        assert len(set(s.story_assignments().values())) == len(sizes)
