import json
import re
import sqlite3
from pathlib import Path
from urllib.parse import quote

import httpx
import jsonschema
import pytest

from render_fixture import PWN, demo_report, demo_story, fill_store, hostile_story
from storyweave.render.assets import CSS, JS
from storyweave.store import SqliteStore
from storyweave.web import sources
from storyweave.web.app import create_app, create_app_from_report

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "src/storyweave/schema/report-1.schema.json").read_text())
DEMO = demo_story()
EVIL = hostile_story()


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
async def client():
    app = create_app_from_report(demo_report())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
        yield c


def assert_secure(response: httpx.Response) -> None:
    csp = response.headers["content-security-policy"]
    for part in ("default-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
                 "img-src 'self' data:"):
        assert part in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"


PAGES = ["/", "/search?q=Putin", "/stories/s-istanbul", f"/articles/{DEMO['articles'][0]['id']}",
         "/api/stories", "/api/stories/s-istanbul", f"/api/articles/{DEMO['articles'][0]['id']}",
         "/api/search?q=Putin", "/openapi.json"]


@pytest.mark.anyio
@pytest.mark.parametrize("path", PAGES)
async def test_every_route_answers_with_the_security_headers(client, path):
    r = await client.get(path)
    assert r.status_code == 200
    assert_secure(r)
    kind = "application/json" if path.startswith("/api") or path.endswith(".json") else "text/html"
    assert r.headers["content-type"].startswith(kind)


@pytest.mark.anyio
async def test_inline_style_and_script_are_the_hashed_ones(client):
    r = await client.get("/stories/s-istanbul")
    assert f"<style>{CSS}</style>" in r.text and f"<script>{JS}</script>" in r.text
    assert len(re.findall(r"<script", r.text)) == 1


@pytest.mark.anyio
async def test_story_list_newest_first_with_counts(client):
    r = await client.get("/")
    assert r.text.index("Zelensky invites Putin") < r.text.index("Breaking")  # hostile story is undated garbage
    assert "5 articles · 5 sources · 5 independent · <b class=\"contra\">2 conflicts</b>" in r.text
    rows = (await client.get("/api/stories")).json()
    assert rows[0] == {"id": "s-istanbul", "title": DEMO["title"], "articles": 5, "outlets": 5, "independent": 5,
                       "conflicts": 2, "latest": "2025-05-13"}


@pytest.mark.anyio
async def test_story_list_pages(client, monkeypatch):
    from storyweave.web import pages

    monkeypatch.setattr(pages, "PER_PAGE", 1)
    first, second = (await client.get("/")).text, (await client.get("/", params={"page": "2"})).text
    assert "Zelensky invites Putin" in first and "Zelensky invites Putin" not in second
    assert 'href="/?page=2">older' in first and 'href="/?page=1">← newer' in second
    assert (await client.get("/", params={"page": "x"})).status_code == 400
    rows = (await client.get("/api/stories", params={"offset": "1", "limit": "1"})).json()
    assert [r["id"] for r in rows] == [EVIL["id"]]
    assert (await client.get("/api/stories", params={"limit": "-1"})).json() == {"error": "limit must be a whole number"}


@pytest.mark.anyio
async def test_story_page_links_within_the_app(client):
    r = await client.get("/stories/s-istanbul")
    assert f'href="/articles/{DEMO["articles"][0]["id"]}"' in r.text
    assert '<form method="get" action="/search"' in r.text and 'href="/"' in r.text
    assert '<details class="conflict" id="c-c-trump">' in r.text


@pytest.mark.anyio
async def test_api_story_is_the_report_contract(client):
    data = (await client.get("/api/stories/s-istanbul")).json()
    jsonschema.validate(data, SCHEMA)
    assert data["stories"][0]["id"] == "s-istanbul"


@pytest.mark.anyio
async def test_search_marks_matches_and_escapes_the_query(client):
    r = await client.get("/search", params={"q": "Markarova"})
    assert "1 article matching" in r.text and "<mark>Markarova</mark>" in r.text
    r = await client.get("/search", params={"q": f"<script>{PWN}</script>"})
    assert "<script>window" not in r.text and "&lt;script&gt;" in r.text


@pytest.mark.anyio
@pytest.mark.parametrize("path,error", [
    ("/nope", None), ("/stories/nope", None), ("/articles/nope", None),
    ("/api/stories/nope", "no story with that id"), ("/api/articles/nope", "no article with that id"),
])
async def test_unknown_ids_are_404_with_headers(client, path, error):
    r = await client.get(path)
    assert r.status_code == 404
    assert_secure(r)
    if error:
        assert r.json() == {"error": error}
    else:
        assert r.headers["content-type"].startswith("text/html") and "<h1>404</h1>" in r.text


TRAVERSALS = ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/stories/..%2F..%2Fetc%2Fpasswd",
              "/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/../../etc/passwd", "/..%5c..%5cetc%5cpasswd",
              "/stories/../../../etc/passwd", "//etc/passwd", "/api/articles/..%2f..%2fpyproject.toml",
              "/%252e%252e/etc/passwd"]


@pytest.mark.anyio
@pytest.mark.parametrize("path", TRAVERSALS)
async def test_no_path_reads_files(client, path):
    r = await client.get(path)
    assert r.status_code == 404
    assert "root:" not in r.text and "[project]" not in r.text
    assert_secure(r)


@pytest.mark.anyio
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
async def test_nothing_writes(client, method):
    for path in ("/", "/api/stories", "/stories/s-istanbul"):
        r = await client.request(method, path, content=b"{}")
        assert r.status_code == 405
        assert_secure(r)


@pytest.mark.anyio
async def test_foreign_host_header_is_refused(client):
    r = await client.get("/", headers={"host": "attacker.example"})
    assert r.status_code == 400
    assert_secure(r)


@pytest.mark.anyio
async def test_hostile_story_and_article_pages_are_inert(client):
    for path in ("/stories/" + quote(EVIL["id"], safe=""), "/articles/evil1", "/articles/evil2", "/"):
        r = await client.get(path)
        assert r.status_code == 200, path
        assert len(re.findall(r"<script", r.text)) == 1, path
        assert not re.search(r"<(img|svg|a)\b[^>]*\bon\w+=", r.text), path
        hrefs = re.findall(r'<a [^>]*href="([^"]*)"', r.text)
        assert hrefs and all(h.startswith(("#", "/")) for h in hrefs), path


@pytest.mark.anyio
async def test_openapi_document_lists_the_api(client):
    doc = (await client.get("/openapi.json")).json()
    assert doc["openapi"].startswith("3.1")
    assert {"/api/stories", "/api/stories/{id}", "/api/articles/{id}", "/api/search"} <= set(doc["paths"])
    for path, item in doc["paths"].items():
        assert "get" in item and set(item) == {"get"}
        for ref in re.findall(r'"\$ref": "#/components/schemas/(\w+)"', json.dumps(item)):
            assert ref in doc["components"]["schemas"]
        url = path.replace("{id}", "s-istanbul" if "stories" in path else DEMO["articles"][0]["id"])
        assert (await client.get(url, params={"q": "Putin"})).status_code == 200


# ------------------------------------------------------------------ over a real store


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "news.db"
    with SqliteStore(path) as store:
        fill_store(store, [DEMO, EVIL])
    return path


@pytest.fixture
def fake_analysis(monkeypatch):
    """The store source analyses via pipeline.story_json; count calls, check it gets a read-only store."""
    calls = []

    def story_json(store, story_id, settings):
        calls.append(story_id)
        assert store.readonly  # the app never writes (pipeline.readings_for skips its cache write)
        return DEMO if story_id == "s-istanbul" else EVIL

    import storyweave.pipeline

    monkeypatch.setattr(storyweave.pipeline, "story_json", story_json, raising=False)
    return calls


@pytest.fixture
async def store_client(db):
    app = create_app(str(db))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
        yield c
    app.state.source.close()


@pytest.mark.anyio
async def test_store_backed_list_search_and_article(store_client):
    rows = (await store_client.get("/api/stories")).json()
    assert {r["id"] for r in rows} == {"s-istanbul", EVIL["id"]}
    demo = next(r for r in rows if r["id"] == "s-istanbul")
    assert (demo["articles"], demo["outlets"], demo["conflicts"]) == (5, 5, None)  # not analysed yet
    hits = (await store_client.get("/api/search", params={"q": "Markarova"})).json()
    assert [h["story_id"] for h in hits] == ["s-istanbul"]
    art = (await store_client.get(f"/api/articles/{DEMO['articles'][3]['id']}")).json()
    assert art["text"] == DEMO["articles"][3]["text"] and art["story_id"] == "s-istanbul"
    page = await store_client.get("/search", params={"q": "Markarova"})
    assert "<mark>Markarova</mark>" in page.text


@pytest.mark.anyio
async def test_store_backed_story_is_analysed_once_and_nothing_is_written(store_client, db, fake_analysis):
    before = db.read_bytes()
    for _ in range(3):
        r = await store_client.get("/stories/s-istanbul")
        assert r.status_code == 200 and "Where the sources disagree (2)" in r.text
    assert fake_analysis == ["s-istanbul"]
    rows = (await store_client.get("/api/stories")).json()
    assert next(r for r in rows if r["id"] == "s-istanbul")["conflicts"] == 2
    assert (await store_client.get("/stories/unknown")).status_code == 404
    assert db.read_bytes() == before


def test_store_is_opened_read_only(db):
    source = sources.StoreSource(str(db))
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            source.store._db.execute("DELETE FROM articles")
    finally:
        source.close()


@pytest.mark.anyio
async def test_app_stays_responsive_while_another_process_writes(db, store_client):
    """WAL: a writer holding an open write transaction does not block readers."""
    writer = sqlite3.connect(db)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE stories SET title = 'changed' WHERE id = 's-istanbul'")
    try:
        r = await store_client.get("/api/stories")
        assert r.status_code == 200 and {x["title"] for x in r.json()} >= {DEMO["title"]}
    finally:
        writer.rollback()
    writer.execute("UPDATE stories SET title = 'changed' WHERE id = 's-istanbul'")
    writer.commit()
    writer.close()
    rows = (await store_client.get("/api/stories")).json()  # the cached list notices the commit
    assert next(x for x in rows if x["id"] == "s-istanbul")["title"] == "changed"


@pytest.mark.anyio
async def test_list_answers_while_a_story_is_being_analysed(db, store_client, monkeypatch):
    import asyncio
    import threading

    import storyweave.pipeline

    started, release = threading.Event(), threading.Event()

    def slow_story_json(store, story_id, settings):
        started.set()
        release.wait(20)
        return DEMO

    monkeypatch.setattr(storyweave.pipeline, "story_json", slow_story_json, raising=False)
    page = asyncio.ensure_future(store_client.get("/stories/s-istanbul"))
    try:
        await asyncio.get_running_loop().run_in_executor(None, started.wait, 20)
        listed = await asyncio.wait_for(store_client.get("/api/stories"), 5)
        searched = await asyncio.wait_for(store_client.get("/api/search", params={"q": "Putin"}), 5)
        assert listed.status_code == searched.status_code == 200 and not page.done()
    finally:
        release.set()
    assert (await page).status_code == 200


def test_warming_analyses_the_newest_stories_in_the_background(db, fake_analysis):
    source = sources.StoreSource(str(db))
    try:
        source.warm(1).join(20)
        assert fake_analysis == ["s-istanbul"]  # newest first; the hostile story is older
        assert next(r for r in source.list_stories() if r["id"] == "s-istanbul")["conflicts"] == 2
    finally:
        source.close()


@pytest.mark.anyio
async def test_a_failing_source_gives_a_500_with_the_security_headers():
    from storyweave.web.app import create_app_from_source

    class Broken(sources.ReportDictSource):
        def list_stories(self):
            raise RuntimeError("boom <script>")

    app = create_app_from_source(Broken(demo_report()))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                                 base_url="http://127.0.0.1") as c:
        r = await c.get("/")
    assert r.status_code == 500 and "boom" not in r.text
    assert_secure(r)
