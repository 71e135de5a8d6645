import re

import pytest
from hypothesis import given, strategies as st

from render_fixture import demo_report, hostile_story
from storyweave.render.markdown import md, render_markdown


@pytest.fixture(scope="module")
def text():
    return render_markdown(demo_report())


def story_part(text: str, title: str) -> str:
    return next(part for part in text.split("\n---\n") if title in part)


def test_sections_in_order(text):
    part = story_part(text, "Zelensky invites Putin")
    order = ["## Summary", "## Where the sources disagree (2)", "## Differences", "## Who reported what",
             "## Reported by one outlet only", "## Quote ledger", "## How each outlet describes each person",
             "## Timeline", "## The articles (5)"]
    positions = [part.index(h) for h in order]
    assert positions == sorted(positions)


def test_summary_cites_outlet_support_and_span(text):
    assert re.search(r"^1\. I will be waiting for Putin in Türkiye on Thursday\. — \*Pulse News\*, 4 independent "
                     r"source\(s\) \(Zelenskyy proposes .*, chars \d+–\d+\)$", text, re.M)


def test_conflict_table_bolds_the_value(text):
    assert "| Daily Bulletin | **Former U.S. President** | **Former U.S. President** Donald Trump has offered" in text
    assert "| Metro Herald | **U.S. President** | The invitation follows an assertive call by **U.S. President** Donald" in text


def test_coverage_row(text):
    assert re.search(r"^\| Former U\.S\. President Donald Trump .*\| ✗ contradicted \| ✓ \| — \| — \| — \| 2 \| contradicted \|$",
                     text, re.M)


def test_quote_diff_and_entities(text):
    assert "<ins>,</ins>" in text and "<del>There is no point in prolonging the killings. And</del>" in text
    assert "U.S. President (differs)" in text


def test_articles_bold_cited_passages_and_link_only_http(text):
    assert "**Former U.S. President Donald Trump has offered" in text
    assert "<https://example.org/news/0>" in text
    assert "](javascript:" not in text and "<javascript:" not in text


def test_dropped_inputs_listed(text):
    assert "# Inputs that could not be used (1)" in text


def test_hostile_strings_cannot_open_html_or_links():
    text = render_markdown({"schema": "storyweave.report/1", "stories": [hostile_story()], "dropped": []})
    # every '<' that is not one of the renderer's own diff tags or an http autolink is escaped
    raw = re.sub(r"</?(ins|del)>|<https?://[^>\s]+>", "", text)
    assert not re.search(r"(?<!\\)<", raw)
    assert "](" not in text


@given(st.text())
def test_md_escapes_everything_markdown_could_act_on(value):
    out = md(value)
    assert "\n" not in out
    unescaped = re.sub(r"\\.", "", out)
    assert not set("<>[]`*_|~#!\\") & set(unescaped)
