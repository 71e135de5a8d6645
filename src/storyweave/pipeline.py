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


# Modules whose code decides what a Reading holds; a change to any of them
# invalidates the readings cached in the store.
READING_MODULES = ("nlp", "sentences", "entities", "coref", "descriptions", "attribution", "quotes", "quantities", "timexpr",
                   "reading", "records", "names")


def _reading_version() -> str:
    import hashlib
    from importlib import resources

    digest = hashlib.sha256()
    for name in READING_MODULES:
        entry = resources.files(__package__).joinpath(f"{name}.py")
        if entry.is_file():
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def readings_for(store, articles: Sequence[Article]) -> list:
    """The reading of each article, from the store when it was read before."""
    from . import codec
    from .reading import read_articles
    from .records import Reading

    version = _reading_version()
    cached = {a.id: store.get_reading(a.id, version) for a in articles}
    todo = [a for a in articles if cached[a.id] is None]
    fresh = dict(zip((a.id for a in todo), read_articles(todo, n_process=2 if len(todo) >= 64 else 1)))
    for article_id, reading in fresh.items():
        if not store.readonly:  # the web app reads a store that ingest may be writing
            store.put_reading(article_id, version, codec.dumps(reading))
    return [fresh[a.id] if a.id in fresh else codec.loads(Reading, cached[a.id]) for a in articles]


def story_json(store, story_id: str, settings: Settings) -> dict:
    """The report contract's story object for one stored story."""
    from .grouping import independent_groups
    from .report import analyze_story

    row = store.story(story_id) or {}
    articles = list(store.iter_articles(store.story_article_ids(story_id)))
    readings = readings_for(store, articles)
    groups = independent_groups(articles, settings)
    return analyze_story(story_id, articles, readings, groups, title=row.get("title"), key=row.get("key"),
                         summary_words=settings.summary_words)


def report(store, settings: Settings, story_ids: Sequence[str] | None = None,
           dropped: Sequence[Dropped] | None = None) -> dict:
    """The whole report (schema storyweave.report/1) for some or all stories."""
    from .report import envelope

    ids = list(story_ids) if story_ids is not None else [r["id"] for r in store.story_rows()]
    stories = [story_json(store, sid, settings) for sid in ids]
    params = {"summary_words": settings.summary_words}
    return envelope(stories, list(dropped if dropped is not None else store.dropped()), params)


def analyze(paths: Sequence[str], settings: Settings, *, urls: Sequence[str] = (),
            stdin: BinaryIO | None = None, db: str | None = None) -> dict:
    """Ingest into a temporary (or given) store, group, and report every story
    that the given inputs belong to."""
    import tempfile

    from .store import open_store

    with tempfile.TemporaryDirectory(prefix="storyweave-") as tmp:
        with open_store(db or f"{tmp}/analyze.db") as store:
            summary = ingest(store, paths, settings, urls=urls, stdin=stdin)
            assigned = store.story_assignments()
            wanted = {assigned[a] for a in summary.article_ids if a in assigned}
            ordered = [r["id"] for r in store.story_rows() if r["id"] in wanted]
            return report(store, settings, ordered, summary.dropped_records)
