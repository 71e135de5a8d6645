"""Tests for storyweave.ingest.parse: every input kind, bad data as Dropped."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.clean import clean
from storyweave.ingest import parse
from storyweave.records import Document, Dropped, Field, RawInput

PARAS = [
    "The city council voted on Tuesday to approve a new budget that raises spending on public transport by 12 percent.",
    "Supporters said the plan would cut traffic in the centre, while critics warned that property taxes would rise next year.",
    "The mayor, who proposed the budget in March, said she expected the first new bus lines to open in the autumn.",
]


def page(title: str = "Council Approves Transport Budget", site: str = "Harbour Gazette") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta name="author" content="Ana Lima">
<meta property="article:published_time" content="2025-05-12T09:30:00+00:00">
<link rel="canonical" href="https://harbour.example/news/budget"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><article><h1>{title}</h1><p>{PARAS[0]}</p><p>{PARAS[1]}</p><h2>What Happens Next</h2><p>{PARAS[2]}</p>
<ul><li>Bus fares stay the same this year.</li><li>Two new tram stops open in 2026.</li></ul></article></main>
<footer><p>Copyright 2025 Harbour Gazette. All rights reserved.</p></footer></body></html>"""


def raw(kind: str, data: bytes | str, ref: str = "input", **kw) -> RawInput:
    return RawInput(ref=ref, kind=kind, data=data.encode("utf-8") if isinstance(data, str) else data, **kw)


def only_doc(items: list) -> Document:
    assert len(items) == 1, items
    assert isinstance(items[0], Document), items[0]
    return items[0]


# --------------------------------------------------------------------------- text


def test_front_matter_sets_fields_with_provenance() -> None:
    text = "---\ntitle: \"Storm Hits Coast\"\nsource: Daily Planet\nurl: https://planet.example/storm\ndate: 2025-05-12\nauthor: [Jane Doe, John Roe]\nstory: storm-2025\nid: dp-1\n---\n" + "\n".join(PARAS)
    doc = only_doc(parse(raw("text", text, "a.md")))
    assert doc.title.value == "Storm Hits Coast" and doc.title.source == "front-matter"
    assert doc.source.value == "Daily Planet"
    assert doc.url.value == "https://planet.example/storm"
    assert doc.published.value == "2025-05-12"
    assert doc.author.value == "Jane Doe, John Roe"
    assert (doc.story_key, doc.external_id) == ("storm-2025", "dp-1")
    assert [text for _, text in doc.blocks] == PARAS


def test_header_lines_then_body() -> None:
    text = "Title: Storm Hits Coast\nURL: https://www.planet.example/storm\nDate: Mon, 12 May 2025 08:00:00 GMT\n\n" + "\n\n".join(PARAS)
    doc = only_doc(parse(raw("text", text)))
    assert doc.title.source == "header-line"
    assert doc.published.value == "2025-05-12T08:00:00+00:00"
    # No source given: the URL's host, with its provenance; never invented.
    assert (doc.source.value, doc.source.source) == ("planet.example", "url-host")
    assert len(doc.blocks) == 3


def test_plain_text_without_metadata_has_no_invented_fields() -> None:
    doc = only_doc(parse(raw("text", "\n".join(PARAS))))
    assert (doc.title, doc.source, doc.url, doc.published) == (None, None, None, None)


def test_a_credit_line_is_not_a_header_line() -> None:
    doc = only_doc(parse(raw("text", "Photo Credit: Getty Images\n" + PARAS[0])))
    assert doc.source is None
    assert doc.blocks[0] == ("p", "Photo Credit: Getty Images")


def test_hard_wrapped_paragraphs_are_joined_and_markdown_read() -> None:
    wrapped = "The city council voted on Tuesday to approve a new budget that\nraises spending on public transport by 12 percent, officials said\non Wednesday after a long debate."
    doc = only_doc(parse(raw("text", f"# Budget Vote\n\n{wrapped}\n\n- first item here\n- second item here\n")))
    assert doc.blocks[0] == ("h", "Budget Vote")
    assert doc.blocks[1][1].startswith("The city council voted") and "\n" not in doc.blocks[1][1]
    assert doc.blocks[2:] == (("li", "first item here"), ("li", "second item here"))


# --------------------------------------------------------------------------- encodings and junk


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"  \n\t \r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_unusable_bytes_are_dropped(data: bytes, code: str) -> None:
    (item,) = parse(raw("text", data, "bad.txt"))
    assert isinstance(item, Dropped)
    assert (item.ref, item.stage, item.code) == ("bad.txt", "parse", code)
    assert item.reason


def test_utf8_bom_and_declared_charset_are_decoded() -> None:
    doc = only_doc(parse(raw("text", "\ufeffCafé owners said prices rose again this week in the city.".encode("utf-8-sig"))))
    assert doc.blocks[0][1].startswith("Café")
    html = page().replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace("mayor", "maire é")
    doc = only_doc(parse(raw("html", html.encode("cp1252"))))
    assert any("maire é" in text for _, text in doc.blocks)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Les habitants de la région ont été évacués mardi après les inondations. " * 3, "latin-1"),
        ("Die Bürger in München haben über die Straßenbahn abgestimmt, sagte der Bürgermeister.", "cp1252"),
        ("Жители города проголосовали за новый бюджет, сообщил мэр во вторник.", "cp1251"),
        ("Mieszkańcy Łodzi głosowali w środę nad budżetem, powiedział prezydent miasta.", "cp1250"),
    ],
)
def test_undeclared_legacy_encodings_are_guessed(text: str, encoding: str) -> None:
    doc = only_doc(parse(raw("text", text.encode(encoding))))
    assert doc.blocks[0][1] == text.strip()


def test_too_large_single_document() -> None:
    (item,) = parse(raw("text", "word " * 100), max_bytes=100)
    assert isinstance(item, Dropped) and (item.stage, item.code) == ("read", "too-large")


# --------------------------------------------------------------------------- HTML


def test_html_page_metadata_and_blocks() -> None:
    doc = only_doc(parse(raw("html", page(), "page.html")))
    assert doc.title.value == "Council Approves Transport Budget"
    assert doc.title.source.startswith("html:trafilatura")
    assert doc.source.value == "Harbour Gazette"
    assert doc.author.value == "Ana Lima"
    assert doc.published.value.startswith("2025-05-12")
    assert doc.url.value == "https://harbour.example/news/budget"
    kinds = dict((text, kind) for kind, text in doc.blocks)
    assert kinds["What Happens Next"] == "h"
    assert kinds["Bus fares stay the same this year."] == "li"
    assert kinds[PARAS[0]] == "p"
    assert not any("Sport" == text for _, text in doc.blocks)
    assert len(doc.link_density) == len(doc.blocks)


def test_html_site_name_falling_back_to_the_host_says_so() -> None:
    html = "<html><head><title>Storm Hits</title></head><body><article><p>" + " ".join(PARAS) + "</p></article></body></html>"
    doc = only_doc(parse(raw("html", html, url="https://www.planet.example/a/b")))
    assert doc.source == Field("planet.example", "url-host")
    assert doc.url == Field("https://www.planet.example/a/b", "input-url")


@pytest.mark.parametrize("html", ["<html><body><nav><a href='/'>Home</a></nav></body></html>", "<html><body></body></html>"])
def test_html_without_text_is_dropped_by_parse_or_clean(html: str) -> None:
    (item,) = parse(raw("html", html))
    if isinstance(item, Document):
        item = clean(item)
    assert isinstance(item, Dropped) and item.code in {"no-text", "no-content"}


# --------------------------------------------------------------------------- JSON


NEWS_PLEASE = {
    "authors": ["Ana Lima", "Rui Costa"],
    "date_publish": "2025-05-12 09:30:00",
    "description": "The council approved the budget.",
    "maintext": "\n".join(PARAS),
    "source_domain": "harbour.example",
    "title": "Council Approves Transport Budget",
    "url": "https://harbour.example/news/budget",
}


def test_jsonl_news_please_records_and_a_broken_line() -> None:
    lines = [json.dumps(NEWS_PLEASE), "{broken json", "", json.dumps({"id": 7, "text": PARAS[0], "source": "Other Paper", "story": "budget"})]
    items = parse(raw("jsonl", "\n".join(lines), "feed.jsonl"))
    assert [type(item) for item in items] == [Document, Dropped, Document]
    first, broken, last = items
    assert first.ref == "feed.jsonl#L1"
    assert (first.source.value, first.source.source) == ("harbour.example", "json:source_domain")
    assert first.author.value == "Ana Lima, Rui Costa"
    assert first.published.value == "2025-05-12T09:30:00"
    assert len(first.blocks) == 3
    assert broken == Dropped("feed.jsonl#L2", "parse", "malformed-json", broken.reason)
    assert broken.reason.startswith("line 2: ")
    assert (last.ref, last.external_id, last.story_key) == ("feed.jsonl#L4", "7", "budget")


def test_jsonl_record_over_the_cap_is_dropped_alone() -> None:
    items = parse(raw("jsonl", json.dumps({"text": "x" * 500}) + "\n" + json.dumps({"text": PARAS[0]})), max_bytes=200)
    assert isinstance(items[0], Dropped) and items[0].code == "too-large"
    assert isinstance(items[1], Document)


def test_json_list_and_html_text_field() -> None:
    records = [NEWS_PLEASE, {"title": "Markup", "text": "<p>" + "</p><p>".join(PARAS) + "</p>", "url": "https://other.example/a"}, 5]
    items = parse(raw("json", json.dumps(records), "dump.json"))
    assert [item.ref for item in items] == ["dump.json#1", "dump.json#2", "dump.json#3"]
    markup = items[1]
    assert isinstance(markup, Document)
    assert [text for _, text in markup.blocks] == PARAS
    assert markup.title.value == "Markup"
    assert isinstance(items[2], Dropped) and items[2].code == "not-a-record"


@pytest.mark.parametrize(
    ("data", "code"),
    [("{not json", "malformed-json"), ('"just a string"', "not-records"), ('{"title": "no text"}', "no-text")],
)
def test_bad_json_documents(data: str, code: str) -> None:
    (item,) = parse(raw("json", data))
    assert isinstance(item, Dropped) and item.code == code


def test_json_description_only_is_partial() -> None:
    doc = only_doc(parse(raw("json", json.dumps({"description": PARAS[0], "url": "https://x.example/a"}))))
    assert doc.partial


# --------------------------------------------------------------------------- feeds

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour Gazette</title><link>https://harbour.example/</link>
<item><title>Council Approves Budget</title><link>https://harbour.example/news/budget</link>
<guid>budget-1</guid><pubDate>Mon, 12 May 2025 09:30:00 GMT</pubDate><dc:creator>Ana Lima</dc:creator>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>{PARAS[0]}</p><p>{PARAS[1]}</p>]]></content:encoded></item>
<item><title>Teaser Only</title><link>https://harbour.example/news/teaser</link>
<description>{PARAS[2]}</description></item>
<item><title>Empty</title><link>https://harbour.example/news/empty</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>North Wire</title>
<entry><title>Bridge Reopens</title><link href="https://north.example/bridge"/><id>urn:1</id>
<updated>2025-05-13T07:00:00Z</updated><author><name>Li Wei</name></author>
<content type="html">&lt;p&gt;{PARAS[0]}&lt;/p&gt;</content></entry></feed>"""


def test_rss_full_content_teaser_and_empty_entry() -> None:
    full, teaser, empty = parse(raw("feed", RSS, "news.rss"))
    assert isinstance(full, Document) and not full.partial
    assert [text for _, text in full.blocks] == PARAS[:2]
    assert (full.ref, full.title.value, full.url.value) == ("news.rss#1", "Council Approves Budget", "https://harbour.example/news/budget")
    assert full.published.value == "2025-05-12T09:30:00+00:00"
    assert (full.source.value, full.author.value, full.external_id) == ("Harbour Gazette", "Ana Lima", "budget-1")
    assert isinstance(teaser, Document) and teaser.partial
    assert teaser.url.value == "https://harbour.example/news/teaser"
    assert isinstance(empty, Dropped) and empty.code == "no-text"


def test_atom_entry() -> None:
    doc = only_doc(parse(raw("feed", ATOM)))
    assert (doc.title.value, doc.source.value, doc.author.value) == ("Bridge Reopens", "North Wire", "Li Wei")
    assert doc.published.value == "2025-05-13T07:00:00+00:00"
    assert doc.blocks == (("p", PARAS[0]),)


def test_not_a_feed() -> None:
    (item,) = parse(raw("feed", "<rss><channel><title>x</title>"))
    assert isinstance(item, Dropped) and item.code in {"malformed-feed", "empty"}


# --------------------------------------------------------------------------- WARC


def warc_bytes(gzip: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    for url, ctype, body in [
        ("https://harbour.example/news/budget", "text/html; charset=utf-8", page().encode()),
        ("https://harbour.example/logo.png", "image/png", b"\x89PNG\r\n"),
        ("https://harbour.example/news/other", "text/html", page("Second Story").replace('<meta property="article:published_time" content="2025-05-12T09:30:00+00:00">', "").encode()),
    ]:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2025-05-14T10:00:00Z"},
        )
        writer.write_record(record)
    return buffer.getvalue()


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_html_responses_become_documents(gzip: bool) -> None:
    items = parse(raw("warc", warc_bytes(gzip), "crawl.warc"))
    assert [type(item) for item in items] == [Document, Document]
    first, second = items
    assert first.ref == "crawl.warc#2" and second.ref == "crawl.warc#4"
    assert first.published.value.startswith("2025-05-12")
    assert (second.published.value, second.published.source) == ("2025-05-14T10:00:00+00:00", "warc-date")
    assert second.url.value == "https://harbour.example/news/budget" or second.url.value.startswith("https://harbour.example/")


@pytest.mark.parametrize(
    "junk",
    [b"WARC/1.0\r\nthis is not a header\r\n\r\ngarbage" * 3, b"hello world\r\n\r\nmore junk here"],
)
def test_corrupt_warc_keeps_good_records_and_drops_the_rest(junk: bytes) -> None:
    data = warc_bytes(gzip=False)
    cut = data.index(b"WARC/1", data.index(b"harbour.example/logo.png") - 300)
    items = parse(raw("warc", data[:cut] + junk, "bad.warc"))
    assert [type(item) for item in items] == [Document, Dropped]
    assert (items[1].ref, items[1].code) == ("bad.warc#3", "corrupt-warc")
    assert "rest of the file" in items[1].reason


def test_truncated_gzip_warc() -> None:
    data = warc_bytes(gzip=True)
    items = parse(raw("warc", data[: len(data) - 200], "cut.warc.gz"))
    assert isinstance(items[0], Document)
    assert all(isinstance(item, (Document, Dropped)) for item in items)


def test_warc_record_cap_is_per_record() -> None:
    items = parse(raw("warc", warc_bytes()), max_bytes=500)
    assert items and all(isinstance(item, Dropped) and item.code == "too-large" for item in items)


# --------------------------------------------------------------------------- junk


@pytest.mark.parametrize("kind", ["text", "html", "json", "jsonl", "feed", "warc", "unknown"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000))
def test_junk_bytes_never_raise(kind: str, data: bytes) -> None:
    items = parse(raw(kind, data))
    assert items
    assert all(isinstance(item, (Document, Dropped)) for item in items)


@pytest.mark.parametrize("kind", ["text", "html", "json", "jsonl", "feed"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=1500))
def test_junk_text_never_raises(kind: str, text: str) -> None:
    items = parse(raw(kind, text))
    assert all(isinstance(item, (Document, Dropped)) for item in items)
    for item in items:
        if isinstance(item, Dropped):
            assert item.code != "parse-error", item.reason


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-05-12", "2025-05-12"),
        ("2025-05-12T09:30:00Z", "2025-05-12T09:30:00+00:00"),
        ("2025-05-12 09:30:00", "2025-05-12T09:30:00"),
        ("Mon, 12 May 2025 09:30:00 GMT", "2025-05-12T09:30:00+00:00"),
        ("May 12, 2025", "2025-05-12"),
        (1747042200, "2025-05-12T09:30:00+00:00"),
        ("last Tuesday", None),
        ("2025-13-45", None),
    ],
)
def test_json_dates_are_normalised_or_left_out(value, iso) -> None:
    doc = only_doc(parse(raw("json", json.dumps({"text": PARAS[0], "published": value}))))
    assert (doc.published.value if doc.published else None) == iso
