import pytest
from hypothesis import given, settings, strategies as st

from reading_fixture import article
from storyweave import reading
from storyweave.nlp import chunk_article
from storyweave.reading import read_article, read_articles
from storyweave.records import Article, Reading

TEXT = (
    "Former U.S. President Donald Trump said on Monday he would attend the talks in Istanbul.",
    "“We are ready,” Kremlin spokesman Dmitry Peskov told reporters. Russia fired over 100 rounds.",
)


def test_reading_has_every_layer():
    r = read_article(article(*TEXT), published="2025-05-12")
    assert isinstance(r, Reading) and r.article_id == "t"
    assert r.sentences and r.entities and r.mentions and r.descriptions and r.quotes and r.quantities and r.times


def test_publication_date_of_article_is_the_default_anchor():
    from storyweave.records import Field

    art = article(*TEXT)
    dated = Article(**{**{f: getattr(art, f) for f in art.__slots__}, "published": Field("2025-05-12", "test")})
    monday = [t for t in read_article(dated).times if t.text == "Monday"]
    assert monday and monday[0].value == "2025-05-12"


@pytest.mark.parametrize(
    "text",
    ["", "word", "no punctuation at all just words and more words", "“unbalanced quote and he said", "Москва 北京 Zürich «quote» ☃"],
)
def test_degenerate_articles_read_without_error(text):
    r = read_article(article(text) if text else Article(id="e", ref="e", text="", blocks=()))
    assert isinstance(r, Reading)


def test_long_article_is_read_in_chunks(monkeypatch):
    monkeypatch.setattr("storyweave.nlp.CHUNK_CHARS", 2_000)
    paragraphs = [f"Paragraph {i}: Vladimir Putin said the talks would go on." for i in range(120)]
    art = article(*paragraphs)
    assert len(chunk_article(art)) > 1
    r = read_article(art)
    assert len(r.sentences) == 120
    assert len({m.entity for m in r.mentions if m.text == "Vladimir Putin"}) == 1


def test_batch_keeps_order_and_length():
    arts = [article(f"Article {i}: Vladimir Putin spoke.") for i in range(5)] + [Article(id="e", ref="e", text="", blocks=())]
    out = read_articles(arts)
    assert len(out) == 6 and all(isinstance(r, Reading) for r in out)


def test_failing_extractor_leaves_rest_of_reading(monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("bug")

    monkeypatch.setattr(reading.quotes, "extract_quotes", boom)
    r = read_article(article(*TEXT))
    assert r.quotes == () and r.entities


@settings(max_examples=15, deadline=None)
@given(st.text(max_size=300))
def test_junk_never_raises(text):
    assert isinstance(read_article(article(*text.split("\n"))), Reading)


def test_two_processes_read_the_same_as_one():
    arts = [article(f"Article {i}: “We are ready,” Vladimir Putin said on Monday.", "Russia fired 10 drones.") for i in range(20)]
    one = read_articles(arts, n_process=1)
    two = read_articles(arts, n_process=2)
    assert one == two


def test_failed_parallel_run_is_retried_in_one_process(monkeypatch):
    import storyweave.reading as rd

    real = rd.parse_chunks

    def flaky(chunks, n_process=1, **kw):
        if n_process > 1:
            raise AssertionError("daemonic processes are not allowed to have children")
        return real(chunks, n_process=1, **kw)

    monkeypatch.setattr(rd, "parse_chunks", flaky)
    arts = [article(f"Article {i}: Vladimir Putin spoke.") for i in range(20)]
    out = read_articles(arts, n_process=2)
    assert all(r.entities for r in out)
