from storyweave.nlp import chunk_article, get_nlp
from storyweave.records import Article


def _article(paragraphs):
    return Article.from_text("t", "\n\n".join(paragraphs))


def test_pipeline_is_loaded_once():
    assert get_nlp() is get_nlp()


def test_short_article_is_one_chunk():
    art = _article(["One paragraph.", "Two."])
    assert chunk_article(art) == [(0, art.text)]


def test_long_article_is_cut_between_blocks():
    art = _article(["word " * 30] * 20)
    chunks = chunk_article(art, limit=400)
    assert len(chunks) > 1
    ends = {b.end for b in art.blocks}
    for offset, text in chunks:
        assert art.text[offset : offset + len(text)] == text
        assert len(text) <= 400
    assert all(offset + len(text) in ends or offset + len(text) == len(art.text) for offset, text in chunks[:-1])


def test_one_huge_block_is_cut_at_whitespace():
    art = _article(["word " * 1000])
    chunks = chunk_article(art, limit=300)
    assert "".join(t for _, t in chunks) == art.text
    assert all(len(t) <= 300 for _, t in chunks)


def test_five_megabyte_article_is_cut_below_spacy_limit():
    from storyweave.nlp import CHUNK_CHARS

    art = _article(["x" * 5_000_000])  # one block, no whitespace at all
    chunks = chunk_article(art)
    assert "".join(t for _, t in chunks) == art.text
    assert max(len(t) for _, t in chunks) <= CHUNK_CHARS
