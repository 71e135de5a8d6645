"""The library functions the CLI and the web app call: each runs the stages
in order over the edges (files, store). No logic of the stages lives here.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

from .config import Settings
from .errors import NothingReadError
from .records import Article, Document, Dropped, RawInput

# Documents are cleaned in batches so that lines repeated across one outlet's
# documents can be recognised as furniture; each batch is written atomically.
CLEAN_BATCH = 256

Progress = Callable[[Iterable], Iterable]


def _no_progress(items: Iterable) -> Iterable:
    return items


def iter_raw(paths: Sequence[str], settings: Settings, *, urls: Sequence[str] = (),
             stdin: BinaryIO | None = None) -> Iterator[RawInput | Dropped]:
    """Raw inputs from paths (files, directories, '-') and fetched URLs."""
    from .io.sources import iter_inputs

    if paths:
        yield from iter_inputs(list(paths), stdin=stdin, max_bytes=settings.max_document_bytes)
    if urls:
        from .io.fetch import fetch_urls

        yield from fetch_urls(urls, settings)


def iter_documents(raws: Iterable[RawInput | Dropped], settings: Settings) -> Iterator[Document | Dropped]:
    from .ingest import parse

    for raw in raws:
        if isinstance(raw, Dropped):
            yield raw
        else:
            yield from parse(raw, max_bytes=settings.max_document_bytes)


def _batches(items: Iterable[Document | Dropped], size: int) -> Iterator[list[Document | Dropped]]:
    batch: list[Document | Dropped] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def iter_articles(docs: Iterable[Document | Dropped]) -> Iterator[Article | Dropped]:
    """Clean documents in batches (see CLEAN_BATCH), keeping input order."""
    from .clean import clean_batch

    for batch in _batches(docs, CLEAN_BATCH):
        documents = [d for d in batch if isinstance(d, Document)]
        cleaned = iter(clean_batch(documents))
        for item in batch:
            yield next(cleaned) if isinstance(item, Document) else item


def extract(paths: Sequence[str], settings: Settings, *, urls: Sequence[str] = (),
            stdin: BinaryIO | None = None) -> Iterator[Article | Dropped]:
    """Cleaned articles (or Dropped records), one per input document, nothing stored."""
    yield from iter_articles(iter_documents(iter_raw(paths, settings, urls=urls, stdin=stdin), settings))


@dataclass
class IngestSummary:
    new: int = 0
    revisions: int = 0
    duplicates: int = 0
    dropped: int = 0
    dropped_records: list[Dropped] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    stories: int = 0

    @property
    def read(self) -> int:
        return self.new + self.revisions + self.duplicates

    def line(self) -> str:
        return (
            f"{self.new} new, {self.revisions} revised, {self.duplicates} already stored, "
            f"{self.dropped} dropped" + (f"; {self.stories} stories" if self.stories else "")
        )


def ingest(store, paths: Sequence[str], settings: Settings, *, urls: Sequence[str] = (),
           stdin: BinaryIO | None = None, progress: Progress = _no_progress, group: bool = True) -> IngestSummary:
    """Add documents to the store and group new articles into stories.

    Raises NothingReadError when inputs were given and not one could be used.
    """
    summary = IngestSummary()
    for item in progress(extract(paths, settings, urls=urls, stdin=stdin)):
        if isinstance(item, Dropped):
            summary.dropped += 1
            summary.dropped_records.append(item)
            store.add_dropped(item)
            continue
        result = store.add_article(item)
        summary.article_ids.append(item.id)
        if result == "new":
            summary.new += 1
        elif result == "revision":
            summary.revisions += 1
        else:
            summary.duplicates += 1
    if summary.read == 0 and summary.dropped > 0:
        raise NothingReadError(summary.dropped)
    if group:
        summary.stories = group_articles(store)
    return summary


def group_articles(store) -> int:
    """Assign every stored article that has no story yet. Returns the story count."""
    from .grouping import group_unassigned

    group_unassigned(store)
    return len(store.story_rows())


def log(message: str) -> None:
    print(message, file=sys.stderr)
