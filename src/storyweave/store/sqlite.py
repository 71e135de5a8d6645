"""SQLite store: one file, WAL journal, schema by numbered migrations.

Every write happens inside a transaction, so a process killed at any point
leaves the database readable, holding only whole articles; running the same
ingest again adds what is missing (ids are content hashes, inserts are
idempotent).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Literal

from .. import codec
from ..errors import StoreError
from ..ids import content_id
from ..records import Article, Dropped

AddResult = Literal["new", "revision", "duplicate"]


def _migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) for every file in store/migrations, in order."""
    found = []
    for entry in resources.files(__package__).joinpath("migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class SqliteStore:
    """The embedded default store. Use as a context manager or call close()."""

    def __init__(self, path: str | Path = ":memory:", *, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        try:
            self._db = self._connect()
            if not readonly:
                self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from None

    # ------------------------------------------------------------------ setup
    def _connect(self) -> sqlite3.Connection:
        if self.readonly:
            if not Path(self.path).is_file():
                raise StoreError(f"no store at {self.path} (create one with 'storyweave ingest')")
            uri = f"file:{Path(self.path).resolve()}?mode=ro"
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA busy_timeout=10000")
        db.execute("PRAGMA foreign_keys=ON")
        db.row_factory = sqlite3.Row
        return db

    def _migrate(self) -> None:
        db = self._db
        db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        done = {row[0] for row in db.execute("SELECT version FROM schema_migrations")}
        for number, name, sql in _migrations():
            if number in done:
                continue
            # executescript commits; wrap the migration and its bookkeeping in one transaction
            db.executescript(
                f"BEGIN IMMEDIATE;\n{sql}\nINSERT INTO schema_migrations(version, name) VALUES ({number}, '{name}');\nCOMMIT;"
            )

    @property
    def schema_version(self) -> int:
        row = self._db.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "SqliteStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work. Nested calls join the outer transaction."""
        db = self._db
        if db.in_transaction:
            yield db
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        else:
            db.execute("COMMIT")

    # --------------------------------------------------------------- articles
    def add_article(self, article: Article) -> AddResult:
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM articles WHERE id=?", (article.id,)).fetchone():
                return "duplicate"
            url = article.url_value
            earlier = 0
            if url:
                earlier = db.execute("SELECT count(*) FROM articles WHERE url=?", (url,)).fetchone()[0]
            db.execute(
                "INSERT INTO articles(id, ref, url, source, title, published, author, story_key, partial,"
                " text, record, revision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    article.id, article.ref, url, article.source_name, article.title_value,
                    article.published_value, article.author.value if article.author else None,
                    article.story_key, int(article.partial), article.text, codec.dumps(article), earlier + 1,
                ),
            )
            return "revision" if earlier else "new"

    def has_article(self, article_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def get_article(self, article_id: str) -> Article | None:
        row = self._db.execute("SELECT record FROM articles WHERE id=?", (article_id,)).fetchone()
        return codec.loads(Article, row[0]) if row else None

    def iter_articles(self, ids: list[str] | None = None) -> Iterator[Article]:
        if ids is None:
            rows = self._db.execute("SELECT record FROM articles ORDER BY seq")
            for row in rows:
                yield codec.loads(Article, row[0])
            return
        for article_id in ids:
            article = self.get_article(article_id)
            if article is not None:
                yield article

    def article_rows(self, limit: int | None = None) -> list[dict[str, Any]]:
        sql = (
            "SELECT a.id, a.ref, a.source, a.title, a.published, a.url, a.revision, a.partial,"
            " length(a.text) AS chars, s.story_id FROM articles a"
            " LEFT JOIN story_articles s ON s.article_id = a.id ORDER BY a.seq"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [dict(r) for r in self._db.execute(sql)]

    def count_articles(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def resolve_article(self, ident: str) -> str | None:
        """An article id from its id, id prefix, ref or url."""
        row = self._db.execute(
            "SELECT id FROM articles WHERE id=? OR ref=? OR url=? ORDER BY seq DESC LIMIT 1", (ident, ident, ident)
        ).fetchone()
        if row:
            return row[0]
        rows = self._db.execute("SELECT id FROM articles WHERE id LIKE ? LIMIT 2", (ident + "%",)).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Full-text search (FTS5) over titles and texts; the query is taken as plain words."""
        words = [w.replace('"', "") for w in query.split() if w.strip('"')]
        if not words:
            return []
        match = " ".join(f'"{w}"' for w in words)
        rows = self._db.execute(
            "SELECT a.id, a.title, a.source, a.published, s.story_id,"
            " snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet"
            " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
            " LEFT JOIN story_articles s ON s.article_id = a.id"
            " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        )
        return [dict(r) for r in rows]

    # ---------------------------------------------------------------- dropped
    def add_dropped(self, dropped: Dropped) -> bool:
        key = content_id(dropped.ref, dropped.stage, dropped.code, dropped.reason, prefix="d")
        with self.transaction() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO dropped(id, ref, stage, code, reason) VALUES (?,?,?,?,?)",
                (key, dropped.ref, dropped.stage, dropped.code, dropped.reason),
            )
            return cur.rowcount == 1

    def dropped(self) -> list[Dropped]:
        rows = self._db.execute("SELECT ref, stage, code, reason FROM dropped ORDER BY at, ref")
        return [Dropped(*row) for row in rows]

    # ------------------------------------------------------- readings/features
    def put_reading(self, article_id: str, version: str, record_json: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO readings(article_id, version, record) VALUES (?,?,?)",
                (article_id, version, record_json),
            )

    def get_reading(self, article_id: str, version: str) -> str | None:
        row = self._db.execute(
            "SELECT record FROM readings WHERE article_id=? AND version=?", (article_id, version)
        ).fetchone()
        return row[0] if row else None

    def put_features(self, article_id: str, version: str, data: bytes | str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO features(article_id, version, data) VALUES (?,?,?)",
                (article_id, version, data),
            )

    def get_features(self, article_id: str, version: str) -> bytes | str | None:
        row = self._db.execute(
            "SELECT data FROM features WHERE article_id=? AND version=?", (article_id, version)
        ).fetchone()
        return row[0] if row else None

    def iter_features(self, version: str) -> Iterator[tuple[str, bytes | str, str | None]]:
        """(article_id, features, story_id) in arrival order, for rebuilding the story index."""
        rows = self._db.execute(
            "SELECT f.article_id, f.data, s.story_id FROM features f JOIN articles a ON a.id = f.article_id"
            " LEFT JOIN story_articles s ON s.article_id = f.article_id WHERE f.version=? ORDER BY a.seq",
            (version,),
        )
        yield from ((r[0], r[1], r[2]) for r in rows)

    # ---------------------------------------------------------------- stories
    def assign(self, article_id: str, story_id: str, *, key: str | None = None, title: str | None = None,
               score: float | None = None, components: dict[str, Any] | None = None) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO stories(id, key, title) VALUES (?,?,?)", (story_id, key, title))
            db.execute(
                "UPDATE stories SET updated_at=strftime('%Y-%m-%dT%H:%M:%fZ','now'),"
                " title=coalesce(title, ?) WHERE id=?",
                (title, story_id),
            )
            db.execute(
                "INSERT OR REPLACE INTO story_articles(article_id, story_id, score, components) VALUES (?,?,?,?)",
                (article_id, story_id, score, json.dumps(components) if components is not None else None),
            )

    def unassigned_article_ids(self) -> list[str]:
        rows = self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id=a.id"
            " WHERE s.story_id IS NULL ORDER BY a.seq"
        )
        return [r[0] for r in rows]

    def story_rows(self) -> list[dict[str, Any]]:
        """Stories, newest and largest first, with article and outlet counts."""
        rows = self._db.execute(
            "SELECT st.id, st.key, st.title, g.articles, g.outlets, g.latest, g.earliest, g.last_seq FROM ("
            "  SELECT sa.story_id, count(*) AS articles, count(DISTINCT coalesce(a.source, a.id)) AS outlets,"
            "  max(a.published) AS latest, min(a.published) AS earliest, max(a.seq) AS last_seq"
            "  FROM story_articles sa INDEXED BY story_articles_listing"
            "  JOIN articles a INDEXED BY articles_listing ON a.id = sa.article_id GROUP BY sa.story_id"
            ") g JOIN stories st ON st.id = g.story_id"
            " ORDER BY coalesce(g.latest, '') DESC, g.articles DESC, g.last_seq DESC"
        )
        return [dict(r) for r in rows]

    def story(self, story_id: str) -> dict[str, Any] | None:
        """A story's own fields (id, key, title), without the listing's aggregates."""
        row = self._db.execute("SELECT id, key, title FROM stories WHERE id=?", (story_id,)).fetchone()
        return dict(row) if row else None

    def story_article_ids(self, story_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT sa.article_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            " WHERE sa.story_id=? ORDER BY a.seq",
            (story_id,),
        )
        return [r[0] for r in rows]

    def story_assignments(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._db.execute("SELECT article_id, story_id FROM story_articles")}

    def assignment(self, article_id: str) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT story_id, score, components FROM story_articles WHERE article_id=?", (article_id,)
        ).fetchone()
        if not row:
            return None
        return {"story_id": row[0], "score": row[1], "components": json.loads(row[2]) if row[2] else None}

    def resolve_story(self, ident: str) -> str | None:
        row = self._db.execute("SELECT id FROM stories WHERE id=? OR key=?", (ident, ident)).fetchone()
        if row:
            return row[0]
        rows = self._db.execute("SELECT id FROM stories WHERE id LIKE ? LIMIT 2", (ident + "%",)).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def drop_empty_stories(self) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM stories WHERE id NOT IN (SELECT DISTINCT story_id FROM story_articles)")

    # ------------------------------------------------------------ corrections
    def add_correction(self, kind: str, data: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO corrections(kind, data) VALUES (?, ?)", (kind, json.dumps(data, sort_keys=True)))

    def corrections(self) -> list[tuple[str, dict[str, Any]]]:
        return [(r[0], json.loads(r[1])) for r in self._db.execute("SELECT kind, data FROM corrections ORDER BY seq")]
