from types import SimpleNamespace as NS

import pytest

from storyweave.compare import compare_descriptions, compare_quantities, interval, same_time_frame


def desc(role, qualifier=None, affiliation=None):
    return NS(role=role, qualifier=qualifier, affiliation=affiliation)


def qty(text, value, unit, approx=None, low=None, high=None):
    return NS(text=text, value=value, unit=unit, approx=approx, low=low, high=high)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (desc("president", "former", "U.S."), desc("president", None, "US"), ("conflict", "description")),
        (desc("president", "former", "U.S."), desc("president", None, "American"), ("conflict", "description")),
        (desc("president", None, "Ukrainian"), desc("president"), ("difference", "more-specific")),
        (desc("president", None, "Ukraine"), desc("president", None, "Ukrainian"), None),
        (desc("president", "then-", "U.S."), desc("president", "former", "U.S."), None),
        (desc("prime minister", "deputy"), desc("prime minister"), ("conflict", "description")),
        (desc("president", "acting"), desc("president"), ("difference", "different-rank")),
        (desc("general", "retired"), desc("general"), ("difference", "more-specific")),
        (desc("president", None, "Russian"), desc("president", None, "U.S."), ("difference", "different-affiliation")),
        (desc("envoy"), desc("general"), None),
        (desc(None), desc("president"), None),
        (desc("spokesman", None, "Kremlin"), desc("spokeswoman", None, "Kremlin"), None),
        (desc("president", "incoming", "US"), desc("president", None, "US"), ("conflict", "description")),
    ],
)
def test_compare_descriptions(a, b, expected):
    verdict = compare_descriptions(a, b)
    assert (verdict and (verdict.verdict, verdict.kind)) == expected


def test_single_office_of_two_countries_is_a_conflict():
    verdict = compare_descriptions(desc("president", None, "Russian"), desc("president", None, "U.S."),
                                   single_office=True)
    assert (verdict.verdict, verdict.kind) == ("conflict", "description")


def test_former_at_clearly_different_times_is_a_difference():
    verdict = compare_descriptions(desc("president", "former", "US"), desc("president", None, "US"),
                                   "2021-03-01", "2019-05-01")
    assert (verdict.verdict, verdict.kind) == ("difference", "different-time")


def test_former_in_the_same_news_cycle_is_a_conflict():
    verdict = compare_descriptions(desc("president", "former", "US"), desc("president", None, "US"),
                                   "2025-05-12", "2025-05-11T09:00:00Z")
    assert verdict.verdict == "conflict"


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (qty("over 100 rounds", 100, "round", "over"), qty("120 rounds", 120, "round"), "difference"),
        (qty("more than 100", 100, "round", low=100), qty("120", 120, "round"), "difference"),
        (qty("two-year-long", 2, "year"), qty("more than three years", 3, "year", "more than"), "conflict"),
        (qty("10 drones", 10, "drone"), qty("65 drones", 65, "drone"), "conflict"),
        (qty("30-day", 30, "day"), qty("30 days", 30, "days"), None),
        (qty("about 100", 100, "death", "about"), qty("110", 110, "death"), "difference"),
        (qty("about 100", 100, "death", "about"), qty("150", 150, "death"), "conflict"),
        (qty("nearly 50", 50, "soldier", "nearly"), qty("51", 51, "soldier"), "conflict"),
        (qty("nearly 50", 50, "soldier", "nearly"), qty("48", 48, "soldier"), "difference"),
        (qty("up to 20", 20, "drone", "up to"), qty("25", 25, "drone"), "conflict"),
        (qty("two years", 2, "year"), qty("24 months", 24, "month"), "difference"),
        (qty("10 drones", 10, "drone"), qty("10 missiles", 10, "missile"), None),
        (qty("$741 billion", 741e9, "dollar"), qty("$740.5 billion", 740.5e9, "dollar"), "difference"),
        (qty("$13 billion", 13e9, "dollar"), qty("$11.6 billion", 11.6e9, "dollar"), "conflict"),
        (qty("10 drones", 10, "drone"), qty("12 drones", 12, "drone"), "conflict"),
    ],
)
def test_compare_quantities(a, b, expected):
    verdict = compare_quantities(a, b)
    assert (verdict and verdict.verdict) == expected


def test_interval_of_durations_is_in_days():
    assert interval(qty("two weeks", 2, "weeks")) == (14.0, 14.0)
    assert interval(qty("3 days", 3, "day")) == (2.5, 3.5)


@pytest.mark.parametrize(
    "a, b, same",
    [(None, "2025-05-12", True), ("2025-05-12", "2025-05-20", True), ("2025-01-01", "2025-05-12", False),
     ("not a date", "2025-05-12", True)],
)
def test_same_time_frame(a, b, same):
    assert same_time_frame(a, b) is same


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (desc("senator", "late"), desc("senator"), ("difference", "more-specific")),
        (desc("chair", None, "House Judiciary"), desc("chair", None, "House Judiciary Committee"),
         ("difference", "more-specific")),
    ],
)
def test_compare_descriptions_more_cases(a, b, expected):
    verdict = compare_descriptions(a, b)
    assert (verdict.verdict, verdict.kind) == expected


@pytest.mark.parametrize(
    "a, b, single, expected",
    [
        (desc("ceo", None, "ExxonMobil"), desc("ceo", None, "Exxon Mobil"), True, None),
        (desc("governor", None, "Republican"), desc("governor", None, "Florida"), True,
         ("difference", "different-affiliation")),
        (desc("national security adviser", "former"), desc("national security adviser", "outgoing"), True, None),
    ],
)
def test_compare_descriptions_of_offices(a, b, single, expected):
    verdict = compare_descriptions(a, b, single_office=single)
    assert (verdict and (verdict.verdict, verdict.kind)) == expected
