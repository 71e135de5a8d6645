import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, strategies as st

from render_fixture import PWN, demo_report, demo_story, hostile_story
from storyweave.errors import UnknownId
from storyweave.render import assets
from storyweave.render.html import render_report_dir, render_story_page
from storyweave.render.spans import Cited, anchor, safe_url, segments, value_range

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "src/storyweave/schema/report-1.schema.json").read_text())

# What the renderer itself emits; anything else would have come from a report.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "nav", "main", "header", "section", "h1", "h2", "h3", "p",
    "a", "ul", "ol", "li", "span", "b", "i", "div", "details", "summary", "blockquote", "mark", "table", "thead",
    "tbody", "tr", "th", "td", "ins", "del", "article", "script", "br", "form", "input", "button", "link",
}


class Page(HTMLParser):
    """Tags, attributes, ids and the text inside each element with an id."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.ids: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._raw: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        self.tags.append((tag, d))
        if "id" in d:
            self.ids.append(d["id"])
        if tag in ("script", "style"):
            self._raw = tag

    def handle_data(self, data):
        if self._raw == "script":
            self.scripts.append(data)
        elif self._raw == "style":
            self.styles.append(data)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._raw = None


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def report():
    return demo_report()


@pytest.fixture(scope="module")
def demo_page(report):
    return render_story_page(report, "s-istanbul")


@pytest.fixture(scope="module")
def evil_page(report):
    return render_story_page(report, hostile_story()["id"])


def test_fixture_report_follows_the_contract(report):
    jsonschema.validate(report, SCHEMA)


def test_page_is_self_contained(demo_page):
    page = Page(demo_page)
    assert [t for t, _ in page.tags].count("script") == 1 and [t for t, _ in page.tags].count("style") == 1
    assert not [a for t, a in page.tags if "src" in a or t in ("img", "iframe", "object", "embed")]
    assert [a for t, a in page.tags if t == "link"] == [{"rel": "icon", "href": "data:,"}]
    assert "@import" not in demo_page and "url(" not in assets.CSS
    # Only article URLs (navigation, not resources) point outside the page.
    external = [a["href"] for t, a in page.tags if t == "a" and not a["href"].startswith("#")]
    assert external and all(h.startswith("https://example.org/") or h.endswith(".html") for h in external)


def test_inline_code_is_allowed_by_hash_in_the_meta_policy(demo_page):
    page = Page(demo_page)
    meta = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    policy = meta[0]["content"]
    assert sha(page.scripts[0]) in policy and sha(page.styles[0]) in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy and "base-uri 'none'" in policy


def test_sections_come_in_order_of_importance(demo_page):
    order = ["summary", "conflicts", "coverage", "exclusives", "quotes", "people", "timeline", "articles"]
    positions = [demo_page.index(f'<section id="{name}">') for name in order]
    assert positions == sorted(positions)


def test_ids_are_unique_and_every_cited_span_has_its_anchor(demo_page):
    page = Page(demo_page)
    assert len(page.ids) == len(set(page.ids))
    story = demo_story()
    cited = [s for s in story["summary"]] + [cl for c in story["conflicts"] for cl in c["claims"]]
    cited += [o for q in story["quotes"] for o in q["occurrences"]] + story["exclusives"] + story["timeline"]
    for item in cited:
        assert anchor(item["article_id"], item["start"], item["end"]) in page.ids


def test_summary_citation_links_to_a_mark_of_that_span(demo_page):
    item = demo_story()["summary"][0]
    target = anchor(item["article_id"], item["start"], item["end"])
    assert f'href="#{target}"' in demo_page
    mark = re.search(rf'<mark id="{target}" class="([^"]*)"[^>]*>([^<]*)</mark>', demo_page)
    assert mark and "k-summary" in mark.group(1)
    assert item["text"].startswith(mark.group(2))


def article_texts(html: str) -> list[str]:
    """Text of each rendered article body, tags removed, paragraphs joined."""
    out = []
    for body in re.findall(r'<article class="source".*?</p>(.*?)</article>', html, re.S):
        paras = re.findall(r"<p>(.*?)</p>", body, re.S)
        out.append("\n".join(re.sub(r"<[^>]+>", "", p) for p in paras))
    return out


def test_highlighting_keeps_every_character_of_the_articles(demo_page):
    from html import unescape

    rendered = [unescape(t) for t in article_texts(demo_page)]
    expected = ["\n".join(line for line in a["text"].split("\n") if line.strip()) for a in demo_story()["articles"]]
    assert rendered == expected


def test_conflict_values_are_highlighted_side_by_side(demo_page):
    assert '<mark class="val">Former U.S. President</mark>' in demo_page
    assert '<mark class="val">U.S. President</mark> Donald Trump urging' in demo_page
    assert demo_page.count('<div class="claim">') >= 4


def test_quote_diff_is_shown_with_ins_and_del(demo_page):
    assert "<ins>,</ins>" in demo_page
    assert "<del>There is no point in prolonging the killings. And</del>" in demo_page


def test_coverage_matrix_marks_the_contradicted_outlet(demo_page):
    row = re.search(r'<tr><td class="fact">Former U.S. President Donald Trump.*?</tr>', demo_page, re.S).group(0)
    states = re.findall(r'data-state="(\w+)"', row)
    assert states == ["contradicted", "reported", "missing", "missing", "missing"]  # a 1-1 tie: both disputed
    assert 'title="reports a different value: Former U.S. President"' in row


def test_coverage_matrix_blames_only_the_outlet_departing_from_the_majority():
    from storyweave.render.sections import coverage
    from storyweave.render.spans import Outlets

    story = demo_story()
    a = story["articles"]
    fact = {"id": "f", "text": "x", "support": 3, "status": "contradicted", "mentions": [
        {"article_id": a[i]["id"], "start": 0, "end": 10, "text": a[i]["text"][:10]} for i in range(3)]}
    claims = [{"article_id": a[i]["id"], "start": 0, "end": 10, "text": a[i]["text"][:10], "value": v}
              for i, v in enumerate(["12", "12", "40"])]
    story.update(facts=[fact], conflicts=[{"kind": "quantity", "subject": "hurt", "claims": claims}])
    html = coverage(story, Outlets(a))
    assert re.findall(r'data-state="(\w+)"', html) == ["reported", "reported", "contradicted", "missing", "missing"]


def test_entities_table_flags_a_different_description(demo_page):
    row = re.search(r"<tr><th>Donald Trump.*?</tr>", demo_page, re.S).group(0)
    assert re.search(r'<td class="differs"><a [^>]*>U\.S\. President</a></td>', row)
    assert row.count('class="differs"') == 1


def test_hostile_content_is_inert(evil_page):
    page = Page(evil_page)
    assert {t for t, _ in page.tags} <= ALLOWED_TAGS
    assert [t for t, _ in page.tags].count("script") == 1 and page.scripts == [assets.JS]
    for tag, attrs in page.tags:
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
        if tag == "link":
            assert attrs == {"rel": "icon", "href": "data:,"}
            continue
        for key in ("href", "action"):
            if key in attrs:
                assert attrs[key].startswith(("#", "https://", "http://", "/", "index.html", "story-")), attrs
    assert "javascript:" not in "".join(a.get("href", "") for _, a in page.tags)
    assert PWN in evil_page  # shown as text, escaped
    assert "&lt;script&gt;" in evil_page


def test_unsafe_urls_are_plain_text(evil_page):
    assert '<span class="unsafe-url">javascript:' in evil_page
    assert '<span class="unsafe-url">data:text/html,&lt;script&gt;' in evil_page


@pytest.mark.parametrize("url,ok", [
    ("https://example.org/a?b=1", True),
    ("http://example.org", True),
    ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("data:text/html,<script>", False),
    ("vbscript:x", False),
    ("file:///etc/passwd", False),
    ("//evil.example/x", False),
    ("https://", False),
    ("https://exa mple.org", False),
    (None, False),
])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) is ok


def test_unknown_story_is_a_usage_error(report):
    with pytest.raises(UnknownId, match="no story with id 'nope'"):
        render_story_page(report, "nope")


def test_report_dir_has_an_index_and_a_page_per_story_with_working_links(report, tmp_path):
    paths = render_report_dir(report, tmp_path)
    assert [p.name for p in paths][0] == "index.html" and len(paths) == 3
    for path in paths:
        for href in re.findall(r'href="([^"#]+\.html)"', path.read_text()):
            assert (tmp_path / href).is_file(), href
    index = paths[0].read_text()
    assert "Inputs that could not be used (1)" in index and "&lt;script&gt;" in index


def test_value_range_uses_article_offsets_and_falls_back_to_the_value():
    claim = {"start": 100, "end": 120, "text": "It was 12 people now", "value": "12", "value_start": 107, "value_end": 109}
    assert value_range(claim) == (7, 9)
    assert value_range({**claim, "value_start": None, "value_end": None}) == (7, 9)
    assert value_range({**claim, "value_start": None, "value": "absent"}) is None


spans_strategy = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 30)).map(lambda t: Cited(t[0], t[0] + t[1], "fact")), max_size=8)


@given(spans_strategy, st.integers(0, 40), st.integers(1, 60))
def test_segments_partition_the_range_and_know_their_spans(cited, start, length):
    end = start + length
    segs = segments(start, end, cited)
    assert segs[0].start == start and segs[-1].end == end
    assert all(a.end == b.start and a.start < a.end for a, b in zip(segs, segs[1:]))
    for seg in segs:
        covering = {c for c in cited if c.start <= seg.start and c.end >= seg.end}
        assert set(seg.cited) == covering
        # no span starts or ends strictly inside a segment
        assert not [c for c in cited for p in (c.start, c.end) if seg.start < p < seg.end]


@pytest.mark.parametrize("ops,html", [
    ([["equal", "Personally"], ["insert", ","], ["delete", ". I hope"]], "Personally<ins>,</ins><del>. I hope</del>"),
    ([["equal", "the killings."], ["insert", "“And I"]], "the killings. <ins>“And I</ins>"),
    ([["delete", "<b>x</b>"], ["equal", "y"]], "<del>&lt;b&gt;x&lt;/b&gt;</del> y"),
    ([["bogus"], "x", ["equal", "z"]], "z"),
])
def test_diff_ops_render_with_word_spacing(ops, html):
    from storyweave.render.sections import diff_html

    assert diff_html(ops) == html


def test_heading_blocks_render_as_headings():
    story = demo_story()
    art = story["articles"][0]
    first_line = art["text"].split("\n")[0]
    heading = "Trump Says He Might Fly to Turkey"
    at = art["text"].index(heading)
    art["blocks"] = [{"kind": "p", "start": 0, "end": len(first_line)}, {"kind": "h", "start": at, "end": at + len(heading)}]
    page = render_story_page({"schema": "storyweave.report/1", "stories": [story], "dropped": []}, story["id"])
    assert f"<h4>{heading}</h4>" in page


@pytest.mark.parametrize("descs,flags", [
    ([("former", "president"), (None, "president"), ("former", "president")], [False, True, False]),
    ([(None, "president"), (None, "President")], [False, False]),  # affiliation or case only
    ([(None, "envoy"), ("retired", "general")], [True, True]),  # a tie: both depart
    ([(None, None), (None, "spokesman")], [False, False]),  # no role: not compared
])
def test_departing_descriptions(descs, flags):
    from storyweave.render.sections import departing

    assert departing([{"qualifier": q, "role": r, "affiliation": "x" if i else None}
                      for i, (q, r) in enumerate(descs)]) == flags
