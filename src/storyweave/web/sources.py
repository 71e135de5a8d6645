"""Where the web app's data comes from: a small protocol and two adapters.

``StoreSource`` reads a storyweave SQLite store opened read-only (so the app
never writes, and stays responsive while ``storyweave ingest`` writes, thanks
to WAL). ``ReportSource`` implementations return plain dicts of the report
contract (schema storyweave.report/1). ``ReportDictSource`` serves a report
dict already in memory (tests, a report file).
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from typing import Any, Protocol

from ..render.html import sort_stories, story_stats

log = logging.getLogger("storyweave.web")


class ReportSource(Protocol):
    def list_stories(self) -> list[dict[str, Any]]:
        """Rows newest and largest first: id, title, articles, outlets, latest,
        independent (int or None), conflicts (int or None when not yet analysed)."""

    def story_report(self, story_id: str) -> dict[str, Any] | None:
        """The contract's story object, or None for an unknown id."""

    def article(self, article_id: str) -> dict[str, Any] | None:
        """The contract's article object plus ``story_id``, or None."""

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Articles matching the words: id, title, source, published, story_id, snippet."""


def _row(story: dict[str, Any]) -> dict[str, Any]:
    st = story_stats(story)
    dates = [a.get("published") or "" for a in story.get("articles", [])]
    return {"id": story["id"], "title": story.get("title"), "articles": st["articles"], "outlets": st["outlets"],
            "independent": st["independent"], "conflicts": st["conflicts"], "latest": max(dates, default="") or None}


class ReportDictSource:
    """Serves one report dict held in memory."""

    def __init__(self, report: dict[str, Any]) -> None:
        self.report = report
        self._stories = {s["id"]: s for s in report.get("stories", [])}
        self._articles: dict[str, dict[str, Any]] = {}
        for s in report.get("stories", []):
            for a in s.get("articles", []):
                self._articles.setdefault(a["id"], {**a, "story_id": s["id"]})

    def list_stories(self) -> list[dict[str, Any]]:
        return [_row(s) for s in sort_stories(list(self._stories.values()))]

    def story_report(self, story_id: str) -> dict[str, Any] | None:
        return self._stories.get(story_id)

    def article(self, article_id: str) -> dict[str, Any] | None:
        return self._articles.get(article_id)

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        words = [w.lower() for w in query.split()]
        if not words:
            return []
        hits = []
        for a in self._articles.values():
            hay = f"{a.get('title') or ''}\n{a.get('text', '')}".lower()
            if all(w in hay for w in words):
                at = hay.find(words[0])
                text = f"{a.get('title') or ''}\n{a.get('text', '')}"
                snippet = text[max(0, at - 60): at + 80].replace("\n", " ")
                snippet = re.sub(re.escape(words[0]), lambda m: f"[{m.group(0)}]", snippet, flags=re.I)
                hits.append({k: a.get(k) for k in ("id", "title", "source", "published", "story_id")} | {"snippet": snippet})
        return hits[:limit]


class StoreSource:
    """Reads a storyweave store opened read-only; analyses a story on first view.

    Story reports are cached in memory (REPORT_CACHE most recent), keyed by the
    story's article ids, so a story that gained articles is analysed again.
    """

    REPORT_CACHE = 64  # a report is ~100 kB of JSON for a 10-article story

    def __init__(self, db_path: str, settings: Any = None) -> None:
        from ..store import open_store

        if settings is None:
            from ..config import Settings

            settings = Settings(db=db_path)
        self.settings = settings
        self.store = open_store(db_path, readonly=True)
        self._lock = threading.RLock()  # one sqlite connection shared by the worker threads
        # Analysing a story takes seconds; it gets its own connection and lock so
        # that the list, search and article pages stay quick meanwhile.
        self._analysis_store = open_store(db_path, readonly=True)
        self._analysis_lock = threading.Lock()
        self._closed = False
        self._reports: OrderedDict[str, tuple[tuple[str, ...], dict[str, Any]]] = OrderedDict()
        self._rows: tuple[int | None, list[dict[str, Any]]] | None = None

    def warm(self, stories: int) -> threading.Thread:
        """Analyse the first ``stories`` of the list in the background, so their
        first view does not wait for the models to load and the analysis to run."""
        def run() -> None:
            for row in self.list_stories()[:stories]:
                if self._closed:
                    return
                try:
                    self.story_report(row["id"])
                except Exception:  # a page view will show the error; warming is best effort
                    log.exception("warming story %s", row["id"])

        thread = threading.Thread(target=run, name="storyweave-warm", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self._closed = True
        with self._analysis_lock:
            self._analysis_store.close()
        self.store.close()

    def _data_version(self) -> int | None:
        """Changes whenever another connection commits to the database."""
        db = getattr(self.store, "_db", None)
        return db.execute("PRAGMA data_version").fetchone()[0] if db is not None else None

    def list_stories(self) -> list[dict[str, Any]]:
        with self._lock:
            version = self._data_version()
            if version is None or self._rows is None or self._rows[0] != version:
                # the aggregate takes ~40 ms at 10k articles (bench/web.py): reuse it until the data changes
                self._rows = (version, self.store.story_rows())
            rows = self._rows[1]
            cached = dict(self._reports)
        out = []
        for r in rows:
            known = cached.get(r["id"])
            story = known[1] if known and len(known[0]) == r["articles"] else None
            out.append({
                "id": r["id"], "title": r.get("title"), "articles": r["articles"], "outlets": r["outlets"],
                "latest": r.get("latest"),
                "independent": story.get("independent_sources") if story else None,
                "conflicts": len(story.get("conflicts", [])) if story else None,
            })
        return out

    def story_report(self, story_id: str) -> dict[str, Any] | None:
        from ..pipeline import story_json

        with self._analysis_lock:
            ids = tuple(self._analysis_store.story_article_ids(story_id))
            if not ids:
                return None
            hit = self._reports.get(story_id)
            if hit and hit[0] == ids:
                self._reports.move_to_end(story_id)
                return hit[1]
            story = story_json(self._analysis_store, story_id, self.settings)
            with self._lock:  # list_stories reads the cache
                self._reports[story_id] = (ids, story)
                while len(self._reports) > self.REPORT_CACHE:
                    self._reports.popitem(last=False)
            return story

    def article(self, article_id: str) -> dict[str, Any] | None:
        from ..report import article_json

        with self._lock:
            art = self.store.get_article(article_id)
            if art is None:
                return None
            assigned = self.store.assignment(article_id)
        return {**article_json(art), "story_id": assigned["story_id"] if assigned else None}

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        with self._lock:
            return self.store.search(query, limit=limit)


__all__ = ["ReportSource", "ReportDictSource", "StoreSource"]
