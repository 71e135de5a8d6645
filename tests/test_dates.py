import pytest

from storyweave.conflicts import find_conflicts
from storyweave.dates import compare_dates, event_nouns
from storyweave.linking import link_entities
from xsource_fixture import Builder, article


@pytest.mark.parametrize(
    "a, b, verdict",
    [("2022-02", "2022-02", None), ("2022", "2022-02", "more-specific"), ("2022-02", "2022-03", "conflict"),
     ("2022-02-24", "2022-02", "more-specific"), ("weekday:saturday", "weekday:sunday", "conflict"),
     ("weekday:saturday", "2025-05-10", None)],
)
def test_compare_dates(a, b, verdict):
    assert compare_dates(a, b) == verdict


@pytest.mark.parametrize(
    "sentence, expression, nouns",
    [
        ("It began with Russia's full-scale invasion in February 2022.", "February 2022", {"invasion"}),
        ("The last talks were held in Istanbul in March 2022.", "March 2022", {"talk"}),
        ("In March 2022, early talks also took place in Istanbul.", "March 2022", {"talk"}),
        ("It is the war, which began in 2022.", "2022", {"war"}),
    ],
)
def test_event_nouns(sentence, expression, nouns):
    start = sentence.index(expression)
    assert event_nouns(sentence, start, start + len(expression)) == nouns


def _find(*builders):
    arts, readings = [b.art for b in builders], [b.reading() for b in builders]
    return find_conflicts(arts, readings, link_entities(arts, readings))


def dated(text, source, expression, value, granularity="month", published=None):
    return Builder(article(text, source, published)).time(expression, value, granularity)


def test_one_event_with_two_dates_is_a_date_conflict():
    a = dated("The war began with Russia's full-scale invasion in February 2022.", "A", "February 2022", "2022-02")
    b = dated("The war began with Russia's full-scale invasion in March 2022.", "B", "March 2022", "2022-03")
    conflicts, _ = _find(a, b)
    assert [c["kind"] for c in conflicts] == ["date"]
    assert {c["value"] for c in conflicts[0]["claims"]} == {"February 2022", "March 2022"}


def test_a_year_and_a_month_of_one_event_are_a_difference():
    a = dated("The war began with Russia's full-scale invasion in February 2022.", "A", "February 2022", "2022-02")
    b = dated("It is the first contact since Russia's full-scale invasion of Ukraine in early 2022.", "B",
              "early 2022", "2022", "year")
    conflicts, differences = _find(a, b)
    assert conflicts == [] and [d["kind"] for d in differences] == ["more-specific"]


def test_a_person_is_no_event_to_date():
    a = dated("Vice President Pence attended the rally in 2019.", "A", "2019", "2019", "year")
    b = dated("Vice President Pence in 2017 became the first vice president to attend the rally.", "B",
              "2017", "2017", "year")
    assert _find(a, b)[0] == []


def test_dates_of_different_events_are_not_compared():
    a = dated("The last talks were held in Istanbul in March 2022.", "A", "March 2022", "2022-03")
    b = dated("It is the first contact since Russia's full-scale invasion of Ukraine in early 2023.", "B",
              "early 2023", "2023", "year")
    assert _find(a, b) == ([], [])


@pytest.mark.parametrize("published, kinds", [("2025-05-12", ["date"]), (None, [])])
def test_weekdays_are_compared_only_between_articles_of_one_day(published, kinds):
    a = dated("Putin's televised address on Saturday was about the talks.", "A", "Saturday", None, "day", published)
    b = dated("Putin's televised address on Sunday was about the talks.", "B", "Sunday", None, "day", published)
    conflicts, _ = _find(a, b)
    assert [c["kind"] for c in conflicts] == kinds


@pytest.mark.parametrize("other, conflict", [("Joe Biden", False), ("Donald Trump", True)])
def test_one_kind_of_event_by_different_people_is_not_one_event(other, conflict):
    a = dated("The campaign of Donald Trump held its first rally in March 2016.", "A", "March 2016", "2016-03")
    a.entity("Donald Trump")
    b = dated(f"The campaign of {other} held its first rally in June 2016.", "B", "June 2016", "2016-06")
    b.entity(other)
    conflicts, _ = _find(a, b)
    assert bool([c for c in conflicts if c["kind"] == "date"]) is conflict
