"""Tests for storyweave.clean: furniture removal, headings, datelines, offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.clean import clean, clean_batch, learn_boilerplate, split_dateline
from storyweave.ingest import parse
from storyweave.records import Article, Document, Dropped, Field, RawInput

BODY = [
    "Dock workers at the northern port walked off the job on Monday, halting the loading of grain ships for the first time in a decade.",
    "The union said the strike would continue until the port authority agreed to restore the night-shift bonus it cut in January.",
    "“We have waited long enough,” said Marta Kovac, a crane operator who has worked at the port for 19 years.",
    "The port authority said it had offered talks and accused the union of putting the region’s farmers at risk.",
    "Grain prices on regional exchanges rose 3 percent after the walkout was announced.",
    "A spokesperson for the transport ministry did not respond to a request for comment.",
]


def doc(lines: list[str], *, title: str | None = None, source: str | None = "Coast Courier", kind: str = "text",
        density: tuple[float, ...] = (), ref: str = "doc") -> Document:
    return Document(
        ref=ref,
        kind=kind,
        blocks=tuple(("p", line) for line in lines),
        title=Field(title, "test") if title else None,
        source=Field(source, "test") if source else None,
        link_density=density,
    )


def article(document: Document, **kw) -> Article:
    result = clean(document, **kw)
    assert isinstance(result, Article), result
    return result


def paragraphs(result: Article) -> list[str]:
    return [result.text[b.start : b.end] for b in result.blocks]


# --------------------------------------------------------------------------- furniture


PAGE = [
    "Business",
    "Dock Workers Strike Over Night-Shift Pay",
    "By Lena Ortiz",
    "Updated May 12, 2025 10:42",
    "Share on Facebook",
    BODY[0],
    "Photo Credit: Coast Courier archive",
    BODY[1],
    "Sign up for our morning briefing newsletter.",
    "Talks Stall",
    BODY[2],
    "Union members gather at the main gate on Monday. (Reuters/Ana Silva)",
    BODY[3],
    "Live TV",
    "ADVERTISEMENT",
    BODY[4],
    BODY[5],
    "Leave a comment",
    "Comments are closed for this article.",
    "Most Read",
    "Mayor Opens New Bridge After Two Years of Work",
    "Police Name Suspect in Harbour Fire",
    "Follow us on social media",
    "© 2025 Coast Courier. All rights reserved.",
]


def test_furniture_is_removed_and_body_kept() -> None:
    result = article(doc(PAGE))
    assert paragraphs(result) == [BODY[0], BODY[1], "Talks Stall", *BODY[2:]]
    removed = {line for _, line in result.removed}
    assert removed == set(PAGE) - set(BODY) - {"Talks Stall"}


def test_headline_becomes_title_and_byline_author() -> None:
    result = article(doc(PAGE))
    assert result.title == Field("Dock Workers Strike Over Night-Shift Pay", "first-line")
    assert result.author == Field("Lena Ortiz", "byline")
    assert ("label", "Business") in result.removed


def test_given_title_is_not_replaced_and_its_line_is_removed() -> None:
    result = article(doc(PAGE, title="Dock workers strike over night-shift pay"))
    assert result.title.source == "test"
    assert ("title", "Dock Workers Strike Over Night-Shift Pay") in result.removed


def test_subheading_between_paragraphs_is_a_heading_block() -> None:
    result = article(doc(PAGE))
    heading = [b for b in result.blocks if b.kind == "h"]
    assert [result.text[b.start : b.end] for b in heading] == ["Talks Stall"]


@pytest.mark.parametrize(
    "last",
    [
        "He declined to comment.",
        "The company said two million people subscribe to the service.",
        "Shares in the company fell 5 percent.",
        "The talks are due to resume on Thursday.",
    ],
)
def test_a_real_last_sentence_is_kept(last: str) -> None:
    result = article(doc(BODY[:3] + [last]))
    assert paragraphs(result)[-1] == last
    assert result.removed == ()


def test_labels_and_related_story_lists_are_dropped() -> None:
    lines = ["World", "Council Backs Budget", *BODY[:2], "Related stories", BODY[2], "More from Coast Courier", "Weather", "Sport"]
    result = article(doc(lines, title="Council Backs Budget"))
    assert paragraphs(result) == BODY[:3]
    assert {("label", "World"), ("title", "Council Backs Budget"), ("nav", "Related stories")} <= set(result.removed)
    assert {("after-nav", "More from Coast Courier"), ("after-nav", "Sport")} <= set(result.removed)


def test_link_dense_blocks_are_navigation() -> None:
    lines = [BODY[0], "Home World Business Sport Culture", BODY[1], BODY[2]]
    result = article(doc(lines, kind="html", density=(0.0, 1.0, 0.0, 0.0)))
    assert ("links", "Home World Business Sport Culture") in result.removed
    assert paragraphs(result) == BODY[:3]


def test_nothing_left_is_dropped() -> None:
    result = clean(doc(["Home", "Newsletter", "Leave a comment", "© 2025 Coast Courier"]))
    assert isinstance(result, Dropped)
    assert (result.ref, result.stage, result.code) == ("doc", "clean", "no-content")


# --------------------------------------------------------------------------- boilerplate


def test_clean_batch_learns_lines_repeated_within_an_outlet() -> None:
    repeated = "Our journalism depends on readers like you, so please consider supporting it today."
    docs = [doc([BODY[i], repeated, BODY[i + 1]], ref=f"d{i}") for i in range(4)]
    other = doc([BODY[0], repeated, BODY[1]], source="Other Paper", ref="other")
    assert repeated.casefold() in learn_boilerplate(docs)["coast courier"]
    results = clean_batch([*docs, other])
    for result in results[:4]:
        assert ("boilerplate", repeated) in result.removed
    assert repeated in results[4].text  # one document of another outlet: nothing learned


def test_lines_in_under_half_of_an_outlets_documents_are_not_boilerplate() -> None:
    docs = [doc([BODY[i], BODY[5]], ref=f"d{i}") for i in range(4)] + [doc([f"Line {i} is only in this document."], ref=f"e{i}") for i in range(5)]
    assert learn_boilerplate(docs) == {}


# --------------------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("line", "place", "agency", "rest"),
    [
        ("ISLAMABAD (PEN) : Officials said on Monday.", "ISLAMABAD", "PEN", "Officials said on Monday."),
        ("KYIV, Ukraine (AP) — Russia launched drones.", "KYIV, Ukraine", "AP", "Russia launched drones."),
        ("LONDON (Reuters) - Shares fell.", "LONDON", "Reuters", "Shares fell."),
        ("WASHINGTON — The Senate voted.", "WASHINGTON", None, "The Senate voted."),
        ("NEW YORK, May 12 (Reuters) - Stocks rose.", "NEW YORK", "Reuters", "Stocks rose."),
        ("SÃO PAULO (AFP) – Police said.", "SÃO PAULO", "AFP", "Police said."),
        ("UPDATE: The vote was delayed.", None, None, "UPDATE: The vote was delayed."),
        ("NATO said on Monday it would meet.", None, None, "NATO said on Monday it would meet."),
        ("The LONDON office — closed.", None, None, "The LONDON office — closed."),
        ("(Reuters) - The company said.", None, "Reuters", "The company said."),
        ("(CNN)President Joe Biden said.", None, "CNN", "President Joe Biden said."),
        ("(Photo by John Smith) The company said.", None, None, "(Photo by John Smith) The company said."),
        ("(a) The first rule applies.", None, None, "(a) The first rule applies."),
    ],
)
def test_split_dateline(line: str, place: str | None, agency: str | None, rest: str) -> None:
    assert split_dateline(line) == (place, agency, rest)


def test_dateline_becomes_fields_and_leaves_the_body() -> None:
    result = article(doc([f"KYIV, Ukraine (AP) — {BODY[0]}", BODY[1]]))
    assert result.dateline_place == Field("KYIV, Ukraine", "dateline")
    assert result.dateline_agency == Field("AP", "dateline")
    assert result.text.startswith(BODY[0])


# --------------------------------------------------------------------------- text and offsets


def test_text_blocks_offsets_and_whitespace() -> None:
    result = article(doc([BODY[0], "  “Curly   quotes”\u00a0and  spaces ’stay’ here, he said today.  ", BODY[1]]))
    assert result.text == "\n\n".join(paragraphs(result))
    assert paragraphs(result)[1] == "“Curly quotes” and spaces ’stay’ here, he said today."
    assert [b.kind for b in result.blocks] == ["p", "p", "p"]


def test_id_is_a_content_hash() -> None:
    first = article(doc(BODY))
    assert first.id.startswith("a") and first.id == article(doc(BODY)).id
    assert first.id != article(doc(BODY, source="Other Paper")).id


def test_html_heading_and_list_kinds_survive() -> None:
    document = Document(ref="p.html", kind="html", blocks=(("p", BODY[0]), ("h", "What Comes Next"), ("p", BODY[1]), ("li", "Fares stay the same this year."), ("p", BODY[2])))
    result = article(document)
    assert [b.kind for b in result.blocks] == ["p", "h", "p", "li", "p"]


# --------------------------------------------------------------------------- demo corpus


def demo_articles(demo_dir) -> dict[str, Article]:
    out = {}
    for path in sorted(demo_dir.glob("*.txt")):
        (document,) = parse(RawInput(str(path), "text", path.read_bytes()))
        out[path.name[:3]] = article(document)
    return out


def test_demo_corpus_removed_lines_are_never_full_sentences(demo_dir) -> None:
    for result in demo_articles(demo_dir).values():
        for reason, line in result.removed:
            assert len(line.split()) < 15, (reason, line)
        for block in result.blocks:  # every kept paragraph is text from the file
            assert result.text[block.start : block.end].strip()


def test_demo_corpus_comment_prompts_and_credits_are_removed(demo_dir) -> None:
    removed = {line for result in demo_articles(demo_dir).values() for _, line in result.removed}
    kept = "\n".join(result.text for result in demo_articles(demo_dir).values())
    for line in ("Leave A Comment", "Only registered members can post comments.", "Photo Credit: Getty Images"):
        assert line in removed and line not in kept


# --------------------------------------------------------------------------- junk


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["p", "h", "li", "x"]), st.text(max_size=200)), max_size=30))
def test_clean_never_raises_and_offsets_hold(blocks) -> None:
    result = clean(Document(ref="junk", kind="text", blocks=tuple(blocks)))
    assert isinstance(result, (Article, Dropped))
    if isinstance(result, Article):
        assert result.text == "\n\n".join(result.text[b.start : b.end] for b in result.blocks)
        assert all(result.text[b.start : b.end] == result.text[b.start : b.end].strip() for b in result.blocks)


def test_dateline_after_a_kept_headline_line() -> None:
    result = article(doc(["Port strike spreads to second city.", f"GDANSK, Poland (Reuters) - {BODY[0]}", BODY[1]]))
    assert (result.dateline_place.value, result.dateline_agency.value) == ("GDANSK, Poland", "Reuters")
    assert paragraphs(result)[1] == BODY[0]


@pytest.mark.parametrize(
    "line",
    [
        "Davis made it clear that she did not view the comment in isolation.",
        "Popular Uprisings Spread Across the Region",  # a subheading that starts like a nav label
        "Read the full statement below:",
        "Sources said the deal could be signed as early as Friday.",
    ],
)
def test_body_lines_resembling_furniture_are_kept(line: str) -> None:
    result = article(doc([BODY[0], line, BODY[1], BODY[2]]))
    assert line in paragraphs(result)
    assert result.removed == ()


def test_headline_with_a_year_is_a_title_not_a_timestamp() -> None:
    result = article(doc(["2016 Budget Talks Collapse in Parliament", *BODY[:3]]))
    assert result.title == Field("2016 Budget Talks Collapse in Parliament", "first-line")


def test_punctuated_short_lead_lines_are_not_section_labels() -> None:
    lines = ["YouTube and Google.", "Instagram and Facebook.", *BODY[:3]]
    result = article(doc(lines))
    assert paragraphs(result)[:2] == lines[:2]
