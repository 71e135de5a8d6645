import pytest
from hypothesis import given, settings, strategies as st

from reading_fixture import article, parse
from storyweave.timexpr import extract_times, resolve
from datetime import date

PUB = "2025-05-12"  # a Monday


def _times(text, published=PUB):
    return extract_times(parse(article(text)), published)


@pytest.mark.parametrize(
    "text, span, value, granularity",
    [
        ("Talks will take place in Istanbul on Thursday.", "Thursday", "2025-05-15", "day"),
        ("Talks took place in Istanbul on Thursday.", "Thursday", "2025-05-08", "day"),
        ("Talks are set to happen in Istanbul on Thursday.", "Thursday", "2025-05-15", "day"),
        ("Zelensky posted the message late Sunday.", "late Sunday", "2025-05-11", "part-of-day"),
        ("Putin spoke in a televised address Saturday night.", "Saturday night", "2025-05-10", "part-of-day"),
        ("Early talks took place in March 2022.", "March 2022", "2022-03", "month"),
        ("They last met in December 2019.", "December 2019", "2019-12", "month"),
        ("We expect a ceasefire starting from tomorrow.", "tomorrow", "2025-05-13", "day"),
        ("The envoy visited Kyiv last week.", "last week", "2025-W19", "unknown"),
        ("The election is due in 2024.", "2024", "2024", "year"),
    ],
)
def test_resolution_against_publication_date(text, span, value, granularity):
    found = [t for t in _times(text) if t.text == span]
    assert found, _times(text)
    assert (found[0].value, found[0].granularity) == (value, granularity)


def test_relative_without_publication_date_keeps_anchor():
    t = [t for t in _times("They will meet on Thursday.", published=None) if t.text == "Thursday"][0]
    assert t.value is None and t.relative and t.anchor == "publication date"


def test_relative_to_earlier_event():
    t = [t for t in _times("Troops had crossed the border months earlier.") if "months" in t.text][0]
    assert t.value is None and t.relative and t.granularity == "duration"


def test_clause_and_sentence_are_linked():
    times = _times("Nothing happened. Talks will take place on Thursday.")
    t = [t for t in times if t.text == "Thursday"][0]
    assert t.sentence == 1 and "take place" in t.clause


@pytest.mark.parametrize("text, value", [("3 years ago", "2022"), ("two days ago", "2025-05-10"), ("this Thursday", "2025-05-15")])
def test_resolve_without_parse(text, value):
    assert resolve(text, date(2025, 5, 12))[0] == value


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=100))
def test_junk_never_raises(text):
    for t in _times(text):
        assert text[t.start : t.end] == t.text


@pytest.mark.parametrize(
    "text, value",
    [("Talks were held over the weekend.", "2025-05-10"), ("Talks will be held next weekend.", "2025-05-17")],
)
def test_weekend_is_resolved_by_tense(text, value):
    found = [t for t in _times(text) if "weekend" in t.text]
    assert found and found[0].value == value
