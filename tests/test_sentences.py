import pytest
from hypothesis import given, settings, strategies as st

from storyweave.records import Article, Block
from storyweave.sentences import split_sentences


def _article(blocks):
    """blocks: list of (kind, text); joined by newlines."""
    text, out, pos = "", [], 0
    for kind, t in blocks:
        out.append(Block(kind, pos, pos + len(t)))
        text += t + "\n"
        pos += len(t) + 1
    return Article(id="t", ref="t", text=text, blocks=tuple(out))


def _texts(article):
    return [article.text[s.start : s.end] for s in split_sentences(article)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The U.S. said it would help. Russia did not.", 2),
        ("UK Prime Minister Sir Keir Starmer spoke. He left.", 2),
        ("Gen. Smith arrived on Monday. Talks began.", 2),
        ("He met officials in the U.S. on Monday and left.", 1),
    ],
)
def test_abbreviations_do_not_end_sentences(text, expected):
    assert len(_texts(_article([("p", text)]))) == expected


def test_sentences_never_cross_blocks_and_headings_stand_alone():
    art = _article([("h", "Trump Says He Might Fly to Turkey"), ("p", "Talks start Thursday. Both sides agreed")])
    sents = split_sentences(art)
    assert sents[0].heading and art.text[sents[0].start : sents[0].end] == "Trump Says He Might Fly to Turkey"
    for s in sents:
        block = art.blocks[s.block]
        assert block.start <= s.start < s.end <= block.end


def test_offsets_index_article_text():
    art = _article([("p", "  First one.  Second one.  ")])
    for s in split_sentences(art):
        assert art.text[s.start : s.end].strip() == art.text[s.start : s.end]


@pytest.mark.parametrize("text", ["", "   ", "word", "no punctuation at all here", "“unbalanced quote. Still fine"])
def test_degenerate_text(text):
    art = _article([("p", text)]) if text else Article(id="t", ref="t", text="", blocks=())
    split_sentences(art)


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=200))
def test_junk_never_raises(text):
    art = Article(id="t", ref="t", text=text, blocks=())
    for s in split_sentences(art):
        assert 0 <= s.start < s.end <= len(text)
