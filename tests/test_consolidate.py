from dataclasses import replace

import numpy as np
import pytest

from storyweave.consolidate import (
    PAIR_COMPONENTS, PAIR_WEIGHTS, PairSpace, apart, attach_singletons, average_link, name_parts, pair_logits,
)
from storyweave.features import ArticleFeatures


def feature(ident, vector, terms=(), entities=(), years=()):
    v = np.asarray(vector, dtype=np.float32)
    return ArticleFeatures(ident, v / np.linalg.norm(v), entities=tuple(entities), years=tuple(years), terms=tuple(terms))


def block_logits(sizes, inside=5.0, outside=-5.0):
    labels = np.repeat(np.arange(len(sizes)), sizes)
    return np.where(labels[:, None] == labels[None, :], inside, outside), labels


def test_average_link_finds_blocks():
    logits, labels = block_logits([3, 2, 1])
    found = average_link(logits, 0.5)
    assert len(set(found)) == 3
    assert all((found[i] == found[j]) == (labels[i] == labels[j]) for i in range(6) for j in range(6))


@pytest.mark.parametrize("threshold, groups", [(0.5, 2), (0.05, 1)])
def test_average_link_joins_by_average_probability(threshold, groups):
    # two pairs, linked across by one strong and three weak pairs: average p across is about 0.27
    logits = np.full((4, 4), 6.0)
    logits[:2, 2:] = logits[2:, :2] = -6.0
    logits[0, 2] = logits[2, 0] = 6.0
    assert len(set(average_link(logits, threshold))) == groups


def logit(p):
    return float(np.log(p / (1 - p)))


def lone_article(to_first, to_second, second_size=3):
    """Logits of a group of 3, a group of ``second_size`` and one article
    (last) with the given pair probabilities to each member of the groups."""
    sizes = [3, second_size]
    logits, _ = block_logits(sizes + [1])
    n = sum(sizes)
    for j, p in enumerate(list(to_first) + list(to_second)):
        logits[n, j] = logits[j, n] = logit(p)
    return logits


@pytest.mark.parametrize("attach, joins", [(None, False), (0.3, True), (0.45, False)])
def test_a_lone_article_joins_its_likeliest_group_above_attach(attach, joins):
    # average 0.4 with the first group (below the cut of 0.5), ~0.007 with the second
    logits = lone_article([0.6, 0.3, 0.3], [0.01, 0.01, 0.001])
    labels = average_link(logits, 0.5, attach)
    assert len(set(labels)) == (2 if joins else 3)
    assert (labels[-1] == labels[0]) == joins
    assert labels[3] != labels[0]


def test_a_lone_article_goes_by_average_not_by_its_strongest_pair():
    # one strong pair with the first group (average 0.35), uniform 0.4 with the second
    logits = lone_article([0.95, 0.05, 0.05], [0.4, 0.4, 0.4])
    labels = average_link(logits, 0.5, 0.3)
    assert labels[-1] == labels[3] != labels[0]


def test_a_lone_article_does_not_join_a_pair():
    # a pair's average is one or two probabilities: the cut already weighed them
    logits = lone_article([0.6, 0.3, 0.3], [0.45, 0.45], second_size=2)
    labels = average_link(logits, 0.5, 0.3)
    assert labels[-1] == labels[0]  # the group of three, at 0.4 on average
    logits = lone_article([0.1, 0.1, 0.1], [0.45, 0.45], second_size=2)
    labels = average_link(logits, 0.5, 0.3)
    assert len(set(labels)) == 3


def test_lone_articles_do_not_join_each_other():
    probability = np.full((3, 3), 0.9)
    labels = attach_singletons(probability, np.array([0, 1, 2]), 0.3)
    assert list(labels) == [0, 1, 2]


def test_attaching_does_not_depend_on_the_order_of_items():
    rng = np.random.default_rng(7)
    logits = lone_article([0.6, 0.3, 0.3], [0.2, 0.1, 0.3], second_size=3)
    logits += rng.normal(0, 0.1, logits.shape)
    logits = (logits + logits.T) / 2
    base = average_link(logits, 0.5, 0.3)
    for seed in range(5):
        order = np.random.default_rng(seed).permutation(len(logits))
        shuffled = average_link(logits[np.ix_(order, order)], 0.5, 0.3)
        same = lambda lab, i, j: lab[i] == lab[j]  # noqa: E731
        assert all(same(shuffled, i, j) == same(base, order[i], order[j]) for i in range(7) for j in range(7))


def test_tiny_inputs():
    assert average_link(np.zeros((0, 0))) == []
    assert average_link(np.zeros((1, 1))) == [0]


def test_name_parts_keeps_the_majority_id_and_names_new_parts_none():
    members = ["a", "b", "c", "d", "e"]
    old = {"a": "s1", "b": "s1", "c": "s1", "d": "s2", "e": "s1"}
    names = name_parts(members, old, [0, 0, 1, 1, 2])
    assert names == {0: "s1", 1: "s2", 2: None}


def test_pair_components_are_named_and_weighted():
    feats = [
        feature("a", [1, 0, 0], terms=[("quake", 2), ("6.4", 1)], entities=[("place", "iran", 2)], years=(2008,)),
        feature("b", [0.9, 0.1, 0], terms=[("quake", 1), ("6.4", 1)], entities=[("place", "iran", 1)], years=(2008,)),
        feature("c", [0, 1, 0], terms=[("rehab", 1), ("7", 1)], entities=[("person", "reid", 3)], years=(2012,)),
    ]
    space = PairSpace(feats, lambda key: 1.0)
    names = [name for name, _ in space.components()]
    assert tuple(names) == PAIR_COMPONENTS and len(PAIR_WEIGHTS) == len(PAIR_COMPONENTS) + 1
    parts = dict(space.components())
    assert parts["numbers_shared"][0, 1] > 0 and parts["numbers_conflict"][0, 2] == 1.0
    assert parts["years_conflict"][0, 2] == 1.0 and parts["years_shared"][0, 1] == 1.0
    z = pair_logits(feats, lambda key: 1.0)
    assert z[0, 1] > z[0, 2] and np.allclose(z, z.T)
    assert np.allclose(space.logits([0, 2]), z[np.ix_([0, 2], [0, 2])])


def test_a_shared_calendar_day_raises_the_pair_logit():
    base = dict(terms=[("quake", 1)], entities=[("place", "qeshm", 1)])
    feats = [
        replace(feature("a", [1, 0.2, 0], **base), month_days=("11-27",)),
        replace(feature("b", [1, 0.1, 0], **base), month_days=("11-27", "11-28")),
        replace(feature("c", [1, 0.1, 0], **base), month_days=("03-10",)),
        feature("d", [1, 0.1, 0], **base),
    ]
    space = PairSpace(feats, lambda key: 1.0)
    shared = dict(space.components())["month_day_shared"]
    assert shared[0, 1] == 1.0 and shared[0, 2] == 0.0 and shared[0, 3] == 0.0
    z = space.logits()
    assert z[0, 1] > z[0, 2] and z[0, 1] > z[0, 3]


def test_apart_marks_dated_pairs_beyond_the_window_only():
    mask = apart([0, 10, 30, None], 14)
    assert mask.tolist() == [
        [False, False, True, False],
        [False, False, True, False],
        [True, True, False, False],
        [False, False, False, False],
    ]
