import pytest

from storyweave.corrections import apply_corrections, split_story_id, stories_of
from storyweave.errors import UsageError
from storyweave.records import Correction

STATE = {"a1": "s1", "a2": "s1", "a3": "s1", "b1": "s2", "b2": "s2", "c1": "s3"}


def test_merge_folds_the_other_stories_into_the_first():
    out = apply_corrections(STATE, [Correction("merge", ("b1", "a2", "c1"))])
    assert set(out.values()) == {"s2"}


def test_split_makes_a_new_story_of_the_given_articles():
    out = apply_corrections(STATE, [Correction("split", ("a2", "a3"))])
    assert out["a2"] == out["a3"] == split_story_id(["a3", "a2"])
    assert out["a1"] == "s1"


def test_move_to_the_story_of_another_article():
    out = apply_corrections(STATE, [Correction("move", ("c1",), target_article="b2")])
    assert out["c1"] == "s2"


def test_move_to_a_named_story():
    assert apply_corrections(STATE, [Correction("move", ("a1",), target_story="s3")])["a1"] == "s3"


def test_input_is_not_modified():
    before = dict(STATE)
    apply_corrections(STATE, [Correction("merge", ("a1", "b1"))])
    assert STATE == before


def test_corrections_survive_renamed_stories():
    # Re-clustering gave other story ids; the correction names articles, so it still applies.
    renamed = {k: "new-" + v for k, v in STATE.items()}
    out = apply_corrections(renamed, [Correction("merge", ("a1", "b1"))])
    assert out["b2"] == out["a3"] == "new-s1"


def test_corrections_apply_in_order():
    out = apply_corrections(STATE, [Correction("merge", ("a1", "b1")), Correction("split", ("b1",))])
    assert out["b2"] == "s1" and out["b1"] == split_story_id(["b1"])


def test_unknown_articles_are_skipped():
    assert apply_corrections(STATE, [Correction("merge", ("zz", "a1")), Correction("split", ("zz",))]) == STATE


@pytest.mark.parametrize(
    "correction, message",
    [
        (Correction("rename", ("a1",)), "unknown correction kind 'rename'"),
        (Correction("split", ()), "needs at least one article id"),
        (Correction("merge", ("a1",)), "merge needs one article from each"),
        (Correction("move", ("a1",)), "move needs a target"),
    ],
)
def test_malformed_corrections_are_usage_errors(correction, message):
    with pytest.raises(UsageError, match=message):
        apply_corrections(STATE, [correction])


def test_stories_of():
    assert stories_of({"a": "s", "b": "t", "c": "s"}) == {"s": ["a", "c"], "t": ["b"]}
