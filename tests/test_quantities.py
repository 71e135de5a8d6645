import pytest
from hypothesis import given, settings, strategies as st

from reading_fixture import article, parse
from storyweave.quantities import compare, extract_quantities
from storyweave.records import Quantity


def _quantities(text):
    return extract_quantities(parse(article(text)))


@pytest.mark.parametrize(
    "text, span, value, low, high, unit, approx, head, ordinal",
    [
        ("Ukraine downed 10 drones overnight.", "10 drones", 10, 10, 10, "drone", None, "drone", False),
        ("There were 133 clashes on the front.", "133 clashes", 133, 133, 133, "clash", None, "clash", False),
        ("Troops fired over 100 rounds at the city.", "over 100 rounds", 100, 100, None, "round", "over", "round", False),
        ("Leaders called for a 30-day ceasefire.", "30-day", 30, 30, 30, "day", None, "ceasefire", False),
        ("The war has lasted more than three years.", "more than three years", 3, 3, None, "year", "more than", "year", False),
        ("They want to end the two-year-long war.", "two-year-long", 2, 2, 2, "year", None, "war", False),
        ("Russia marks the 80th anniversary on Friday.", "80th anniversary", 80, 80, 80, "anniversary", None, "anniversary", True),
        ("Prices rose 5% in a month.", "5%", 5, 5, 5, "percent", None, "percent", False),
        ("Nearly 2.5 million people fled.", "Nearly 2.5 million people", 2.5e6, 2.25e6, 2.5e6, "people", "nearly", "people", False),
        ("They sent a dozen tanks.", "a dozen tanks", 12, 12, 12, "tank", None, "tank", False),
        ("The deal is worth $40 billion.", "$40 billion", 40e9, 40e9, 40e9, "dollar", None, "dollar", False),
        ("Hundreds of drones hit the city.", "Hundreds of drones", 200, 200, None, "drone", "hundreds", "drone", False),
        ("Tens of thousands of people fled.", "Tens of thousands of people", 20_000, 20_000, None, "people", "tens thousands", "people", False),
    ],
)
def test_quantity_parsing(text, span, value, low, high, unit, approx, head, ordinal):
    found = [q for q in _quantities(text) if q.text == span]
    assert found, _quantities(text)
    q = found[0]
    assert (q.value, q.low, q.high, q.unit, q.approx, q.head, q.ordinal) == pytest.approx(
        (value, low, high, unit, approx, head, ordinal)
    )


@pytest.mark.parametrize("text", ["The talks began in 2022.", "They met at 10 p.m. on Monday.", "One of them left."])
def test_dates_years_and_bare_one_are_not_quantities(text):
    assert _quantities(text) == []


def _q(value, low, high, unit, ordinal=False):
    return Quantity(0, 1, "x", value, low, high, unit, None, ordinal=ordinal)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (_q(100, 100, None, "round"), _q(120, 120, 120, "round"), "compatible"),
        (_q(2, 2, 2, "year"), _q(3, 3, None, "year"), "conflict"),
        (_q(10, 10, 10, "drone"), _q(10, 10, 10, "drone"), "equal"),
        (_q(10, 10, 10, "drone"), _q(12, 12, 12, "drone"), "conflict"),
        (_q(10, 10, 10, "drone"), _q(10, 10, 10, "tank"), "unrelated"),
        (_q(3, 3, 3, "month"), _q(90, 90, 90, "day"), "equal"),
        (_q(50, 45, 55, "drone"), _q(52, 52, 52, "drone"), "compatible"),
        (_q(80, 80, 80, "anniversary", True), _q(80, 80, 80, "anniversary"), "unrelated"),
        (_q(5, 5, 5, None), _q(5, 5, 5, None), "unrelated"),
    ],
)
def test_compare(a, b, expected):
    assert compare(a, b) == expected


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-%$abcmillion dozen over about")), max_size=80))
def test_junk_never_raises(text):
    for q in _quantities(text):
        assert text[q.start : q.end] == q.text
