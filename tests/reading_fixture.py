"""Build small articles and their parse for the reading-layer tests."""

from storyweave.nlp import Parsed, chunk_article, parse_chunks
from storyweave.records import Article, Block
from storyweave.sentences import sentence_locator, split_sentences


def article(*paragraphs: str, headings: tuple[int, ...] = (), published: str | None = None) -> Article:
    """One block per paragraph, joined by newlines; ``headings`` are the
    indices of heading blocks."""
    blocks, pos = [], 0
    for i, p in enumerate(paragraphs):
        blocks.append(Block("h" if i in headings else "p", pos, pos + len(p)))
        pos += len(p) + 1
    return Article(id="t", ref="t", text="\n".join(paragraphs), blocks=tuple(blocks))


def parse(art: Article) -> Parsed:
    chunks = chunk_article(art)
    docs = list(zip([o for o, _ in chunks], parse_chunks([t for _, t in chunks])))
    sents = split_sentences(art, docs)
    return Parsed(art, docs, sents, sentence_locator(sents))
