"""The per-article reading layer: one spaCy pass, then every extractor.

``read_article`` and ``read_articles`` never raise on bad data: an
extractor that fails on an article leaves its field empty and the rest of
the ``Reading`` is still returned (a failure of the parse itself gives an
empty ``Reading``). ``read_articles`` always returns one ``Reading`` per
input article, in order.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from . import coref, descriptions, entities, quantities, quotes, sentences, timexpr
from .nlp import Parsed, chunk_article, parse_chunks
from .records import Article, Reading

log = logging.getLogger(__name__)

# Below this many chunks (articles, mostly) a second process costs more to
# start than it saves: starting one costs about as much as reading ~10 short
# articles (bench/read.py, 2 cores). Re-run bench/read.py after changing.
PARALLEL_MIN_CHUNKS = 16


def _safe(what: str, article: Article, fn, *args, default=()):
    try:
        return fn(*args)
    except Exception as exc:  # one extractor's bug must not lose the article
        log.warning("reading %s: %s failed: %s: %s", article.ref, what, type(exc).__name__, exc)
        return default


def read_parsed(article: Article, docs, *, published: str | None = None) -> Reading:
    """A ``Reading`` from already parsed ``(offset, Doc)`` chunks."""
    sents = _safe("sentences", article, sentences.split_sentences, article, docs, default=[])
    parsed = Parsed(article, docs, sents, sentences.sentence_locator(sents))
    ents = _safe("entities", article, entities.extract_entities, parsed, default=None)
    ent_list, mentions = (ents.entities, ents.mentions) if ents else ([], [])
    descs = _safe("descriptions", article, descriptions.extract_descriptions, parsed, ent_list, mentions)
    nominal = _safe("nominals", article, coref.link_nominals, parsed, ent_list, mentions, descs)
    mentions = sorted([*mentions, *nominal], key=lambda m: (m.start, m.end))
    quote_list = _safe("quotes", article, quotes.extract_quotes, parsed, mentions)
    quants = _safe("quantities", article, quantities.extract_quantities, parsed)
    when = published if published is not None else article.published_value
    times = _safe("times", article, timexpr.extract_times, parsed, when)
    return Reading(
        article_id=article.id,
        sentences=tuple(sents),
        entities=tuple(ent_list),
        mentions=tuple(mentions),
        descriptions=tuple(descs),
        quotes=tuple(quote_list),
        quantities=tuple(quants),
        times=tuple(times),
    )


def _processes(n_process: int, n_chunks: int) -> int:
    """Processes to use: one for small batches, and one inside a daemonic
    worker (an engine's pool), which may not start children."""
    import multiprocessing

    if n_chunks < PARALLEL_MIN_CHUNKS or multiprocessing.current_process().daemon:
        return 1
    return max(1, n_process)


def _parse_all(chunks: list[tuple[int, int, str]], procs: int) -> dict[int, list]:
    """``{article index: [(offset, Doc), ...]}``; a parallel run that fails
    is retried in this process, and a crash in spaCy itself keeps what was
    parsed before it."""
    by_article: dict[int, list] = {}
    try:
        docs = parse_chunks([t for _, _, t in chunks], n_process=procs)
        for (i, offset, _), doc in zip(chunks, docs):
            by_article.setdefault(i, []).append((offset, doc))
    except Exception as exc:
        log.warning("reading: parser failed (%d processes): %s: %s", procs, type(exc).__name__, exc)
        if procs > 1:
            return _parse_all(chunks, 1)
    return by_article


def _empty(article: Article) -> Reading:
    return Reading(article.id, (), (), (), (), (), (), ())


def read_article(article: Article, *, published: str | None = None) -> Reading:
    """Read one article. ``published`` (ISO date) overrides the article's own
    publication date as the anchor for relative dates."""
    return read_articles([article], published=published)[0]


def read_articles(
    articles: Sequence[Article], *, n_process: int = 1, published: str | None = None
) -> list[Reading]:
    """Read many articles in one spaCy stream; ``n_process=2`` uses both
    cores when the batch is large enough to pay for the second process."""
    chunks: list[tuple[int, int, str]] = []  # (article index, offset, text)
    for i, article in enumerate(articles):
        pieces = _safe("chunking", article, chunk_article, article, default=[]) if article.text else []
        chunks.extend((i, offset, text) for offset, text in pieces)
    by_article = _parse_all(chunks, _processes(n_process, len(chunks)))
    out = []
    for i, article in enumerate(articles):
        docs_i = by_article.get(i)
        if not docs_i:
            out.append(_empty(article))
            continue
        reading = _safe("reading", article, lambda: read_parsed(article, docs_i, published=published), default=None)
        out.append(reading or _empty(article))
    return out
