"""`storyweave demo`: analyse the demo corpus and write every output format."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from .config import Settings
from .errors import InputNotFound

DEMO_NAME = "istanbul-2025"


def find_corpus() -> Path:
    """The shipped demo corpus: ./examples/istanbul-2025, else the repository's."""
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        candidate = base / "examples" / DEMO_NAME
        if candidate.is_dir():
            return candidate
    raise InputNotFound(f"examples/{DEMO_NAME}")


def run_demo(corpus: Path | None, out: Path, settings: Settings) -> Iterator[str]:
    """Ingest the corpus into out/demo.db, then write JSON, Markdown and HTML reports."""
    import jsonschema

    from .pipeline import ingest, report
    from .render.html import render_report_dir
    from .render.markdown import render_markdown
    from .report import schema
    from .store import open_store

    corpus = corpus or find_corpus()
    if not corpus.exists():
        raise InputNotFound(str(corpus))
    out.mkdir(parents=True, exist_ok=True)
    db = Path(settings.db) if settings.db != Settings().db else out / "demo.db"
    with open_store(str(db)) as store:
        summary = ingest(store, [str(corpus)], replace(settings, db=str(db)))
        data = report(store, settings)
    jsonschema.validate(data, schema())
    (out / "report.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(render_markdown(data), encoding="utf-8")
    pages = render_report_dir(data, out / "html")
    yield f"ingested {corpus}: {summary.line()}"
    for story in data["stories"]:
        yield (f"story {story['id']}: {len(story['articles'])} articles, {story['independent_sources']} independent "
               f"sources, {len(story['facts'])} facts, {len(story['conflicts'])} conflicts, "
               f"{len(story['quotes'])} quotes")
    yield f"JSON report:     {out / 'report.json'}"
    yield f"Markdown report: {out / 'report.md'}"
    yield f"HTML report:     {pages[0] if pages else out / 'html'}"
    yield f"Browse it:       storyweave serve --db {db}"
