"""Response times of the web app over a store of 10,000 articles.

The store is filled through the store API (``SqliteStore.add_article`` and
``assign``) with real text: the NeuS stories (three outlets' articles each) in
``$STORYWEAVE_BENCH_DIR/neus/*.source`` when the variable is set, else the demo
corpus; texts are re-used with a marked revision line until there are --articles
articles, in stories of three. Requests go in-process through
``httpx.ASGITransport`` (no network), each timed end to end.

    PYTHONPATH=src python bench/web.py [--articles 10000] [--repeat 30] [--db PATH]

Prints median and p95 per route. Targets: story list < 100 ms, story page
< 300 ms (a story page viewed before: reports are cached in memory; the first
view runs the analysis, reported separately).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from storyweave.ids import content_id
from storyweave.records import Article, Block, Field
from storyweave.store import SqliteStore
from storyweave.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]


def load_stories() -> list[list[tuple[str, str]]]:
    """Stories as lists of (title, text), from NeuS when available."""
    bench = os.environ.get("STORYWEAVE_BENCH_DIR")
    stories: list[list[tuple[str, str]]] = []
    if bench:
        for name in ("train.source", "val.source"):
            path = Path(bench) / "neus" / name
            if not path.is_file():
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                arts = []
                for part in line.split("[SEP]"):
                    title, _, text = part.partition("ARTICLE=>")
                    arts.append((title.replace("TITLE=>", "").strip(), text.strip()))
                stories.append(arts)
    if not stories:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").rglob("*.txt"))]
        stories = [[(t.split("\n", 1)[0][:90], t) for t in texts]]
    return stories


def build_store(path: Path, n_articles: int) -> float:
    stories = load_stories()
    outlets = ["Left Ledger", "Centre Courier", "Right Record", "Wire Daily", "Metro Herald"]
    started = time.perf_counter()
    count, round_ = 0, 0
    with SqliteStore(path) as store:
        while count < n_articles:
            for s_index, arts in enumerate(stories):
                story_id = content_id(round_, s_index, prefix="s")
                for a_index, (title, text) in enumerate(arts):
                    if count >= n_articles:
                        break
                    if round_:
                        text = f"{text}\nUpdate {round_}: this article was revised."
                    day = 1 + (s_index + round_ * 7) % 28
                    article = Article(
                        id=content_id(round_, s_index, a_index, text), ref=f"bench/{round_}/{s_index}/{a_index}",
                        text=text, blocks=(Block("p", 0, len(text)),), title=Field(title, "bench"),
                        source=Field(outlets[a_index % len(outlets)], "bench"),
                        published=Field(f"2025-{1 + s_index % 12:02d}-{day:02d}", "bench"),
                    )
                    store.add_article(article)
                    store.assign(article.id, story_id, title=title)
                    count += 1
            round_ += 1
    return time.perf_counter() - started


async def timed(client: httpx.AsyncClient, url: str, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = await client.get(url)
        out.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {r.status_code}: {r.text[:200]}")
    return out


async def after_writes(client: httpx.AsyncClient, db: Path, repeat: int) -> list[float]:
    """The list when another connection committed just before (its cached rows are stale)."""
    import sqlite3

    writer = sqlite3.connect(db)
    out = []
    for _ in range(repeat):
        writer.execute("UPDATE stories SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                       " WHERE rowid = (SELECT min(rowid) FROM stories)")
        writer.commit()
        out += await timed(client, "/", 1)
    writer.close()
    return out


def line(name: str, ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return f"{name:<34} median {statistics.median(ms):8.1f} ms   p95 {p95:8.1f} ms   (n={len(ms)})"


async def run(db: Path, repeat: int, analysed: int) -> None:
    app = create_app(str(db))
    source = app.state.source
    rows = source.list_stories()
    print(f"store: {source.store.count_articles()} articles in {len(rows)} stories")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
        print(line("GET / (story list)", await timed(c, "/", repeat)))
        print(line("GET /api/stories", await timed(c, "/api/stories", repeat)))
        print(line("GET / after each write elsewhere", await after_writes(c, db, repeat)))
        print(line("GET /search?q=president+senate", await timed(c, "/search?q=president+senate", repeat)))
        article_id = source.store.story_article_ids(rows[0]["id"])[0]
        print(line("GET /articles/{id}", await timed(c, f"/articles/{article_id}", repeat)))
        first, warm = [], []
        try:
            for row in rows[:analysed]:
                first += await timed(c, f"/stories/{row['id']}", 1)
                warm += await timed(c, f"/stories/{row['id']}", repeat)
        except Exception as exc:  # the analysis stages may not all be present
            print(f"story pages: analysis failed: {type(exc).__name__}: {exc}")
        if first:
            print(line("GET /stories/{id}, first view", first))
            print(line("GET /stories/{id}, viewed before", warm))
    source.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--stories", type=int, default=5, help="stories whose page is timed (each analysed once)")
    parser.add_argument("--db", help="reuse (or create) this store instead of a temporary one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="storyweave-bench-") as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "bench.db"
        if not db.exists():
            seconds = build_store(db, args.articles)
            print(f"built {db} with {args.articles} articles in {seconds:.1f} s")
        asyncio.run(run(db, args.repeat, args.stories))


if __name__ == "__main__":
    main()
