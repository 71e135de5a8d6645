"""End to end in a real headless Chromium (Debian's, never downloaded).

The app runs under uvicorn on 127.0.0.1 at a free port. A test fails on any
page error, console error (a CSP violation is one), dialog, request leaving
127.0.0.1 / the report folder, or missing element. Without Chromium the tests
FAIL with the command to install it; they skip only when
STORYWEAVE_NO_BROWSER=1 is set.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from render_fixture import demo_report, demo_story, hostile_story
from storyweave.render.html import render_report_dir, story_filename
from storyweave.render.spans import anchor
from storyweave.web.app import create_app_from_report

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
HIT = "rgb(255, 176, 0)"  # --hit in render/assets.py: the :target highlight

pytestmark = pytest.mark.skipif(os.environ.get("STORYWEAVE_NO_BROWSER") == "1",
                                reason="STORYWEAVE_NO_BROWSER=1 is set")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: install it with 'apt-get update && apt-get install -y chromium' "
                    "(or set STORYWEAVE_NO_BROWSER=1 to skip the browser tests)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -r requirements-test.txt")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Server:
    """uvicorn serving an app on 127.0.0.1, on a socket the test bound itself."""

    def __init__(self, app) -> None:
        import uvicorn

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture(scope="module")
def served():
    server = Server(create_app_from_report(demo_report()))
    yield server.url
    server.stop()


class Watched:
    """A page that records everything a test must fail on."""

    def __init__(self, browser, allowed_prefixes: tuple[str, ...]) -> None:
        self.context = browser.new_context(viewport={"width": 1200, "height": 900})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(f"console {m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: r.url.startswith(allowed_prefixes) or self.problems.append(f"request: {r.url}"))
        self.page.set_default_timeout(60_000)

    def _dialog(self, dialog) -> None:
        self.problems.append(f"dialog: {dialog.type} {dialog.message}")
        dialog.dismiss()

    def close(self) -> None:
        self.context.close()
        assert self.problems == []


@pytest.fixture
def watched(browser, served):
    w = Watched(browser, (served,))
    yield w
    w.close()


def assert_target_highlighted(page, target_id: str) -> None:
    mark = page.locator(f"#{target_id}")
    assert mark.evaluate("e => e.tagName") == "MARK"
    assert mark.evaluate("e => e.matches(':target')")
    assert mark.evaluate("e => getComputedStyle(e).backgroundColor") == HIT
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }", arg=target_id)


def test_list_search_story_conflict_and_citation(watched, served):
    page = watched.page
    story = demo_story()
    page.goto(served + "/")
    page.get_by_role("link", name=story["title"]).wait_for()

    page.fill("input[name=q]", "Markarova")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Markarova")
    assert page.locator(".hits li mark").first.inner_text() == "Markarova"
    page.locator(".hits li a.t").first.click()
    page.wait_for_url("**/articles/*")
    assert "Oksana Markarova" in page.locator("article.source").inner_text()

    page.goto(served + "/")
    page.get_by_role("link", name=story["title"]).click()
    page.wait_for_url("**/stories/s-istanbul")
    assert page.locator("h1").inner_text() == story["title"]

    conflict = page.locator("details.conflict").first
    conflict.locator("summary").click()
    cards = conflict.locator(".claim")
    assert cards.count() == 2 and cards.first.is_visible()
    assert conflict.locator("mark.val").first.inner_text() == "Former U.S. President"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "story.png"))

    page.locator("#summary details.cite summary").first.click()
    page.locator("#summary details.cite .pop a.go").first.click()
    item = story["summary"][0]
    target = anchor(item["article_id"], item["start"], item["end"])
    page.wait_for_url(f"**#{target}")
    assert_target_highlighted(page, target)
    page.screenshot(path=str(ARTIFACTS / "citation.png"))


def test_claim_link_reaches_a_highlighted_sentence_inside_overlapping_spans(watched, served):
    page = watched.page
    page.goto(served + "/stories/s-istanbul#c-c-years")
    conflict = page.locator("#c-c-years")
    assert conflict.evaluate("e => e.open")  # the script opens the targeted <details>
    conflict.locator(".claim a.go").nth(1).click()
    claim = demo_story()["conflicts"][1]["claims"][1]
    assert_target_highlighted(page, anchor(claim["article_id"], claim["start"], claim["end"]))


def test_hostile_content_never_runs_in_the_app(watched, served):
    page = watched.page
    evil = hostile_story()
    for path in ("/", "/stories/" + quote(evil["id"], safe=""), "/articles/evil1", "/articles/evil2",
                 "/search?q=" + quote("<script>alert(1)</script> officials")):
        page.goto(served + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.locator("img, svg, iframe").count() == 0, path
    page.goto(served + "/stories/" + quote(evil["id"], safe=""))
    hrefs = [a.get_attribute("href") for a in page.locator("a").all()]
    assert hrefs and not [h for h in hrefs if not h.startswith(("#", "/"))]


def test_self_contained_report_works_from_disk_without_network(browser, tmp_path):
    report = demo_report()
    render_report_dir(report, tmp_path)
    w = Watched(browser, (tmp_path.as_uri(),))
    try:
        page = w.page
        page.goto((tmp_path / "index.html").as_uri())
        page.get_by_role("link", name=demo_story()["title"]).click()
        page.wait_for_url("**/" + story_filename("s-istanbul"))
        page.locator("#summary details.cite summary").nth(1).click()
        page.locator("#summary details.cite .pop a.go").nth(1).click()
        item = demo_story()["summary"][1]
        assert_target_highlighted(page, anchor(item["article_id"], item["start"], item["end"]))
        page.goto((tmp_path / story_filename(hostile_story()["id"])).as_uri())
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        page.emulate_media(media="print")
        assert page.locator("nav.topbar").is_hidden()
    finally:
        w.close()


@pytest.fixture(scope="module")
def demo_served(tmp_path_factory):
    """The demo corpus through the real pipeline (ingest, group) into a store, served read-only."""
    from storyweave.config import Settings
    from storyweave.pipeline import ingest
    from storyweave.store import open_store
    from storyweave.web.app import create_app

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with open_store(str(db)) as store:
        ingest(store, [str(ROOT / "examples" / "istanbul-2025")], Settings(db=str(db)))
    app = create_app(str(db))
    server = Server(app)
    yield server.url
    server.stop()
    app.state.source.close()


def test_demo_corpus_story_in_the_browser(browser, demo_served):
    w = Watched(browser, (demo_served,))
    try:
        page = w.page
        page.goto(demo_served + "/")
        page.locator(".storylist a.t").first.click()
        page.wait_for_url("**/stories/*", timeout=180_000)  # the first view runs the analysis
        page.locator("#summary").wait_for()
        assert page.locator("article.source").count() >= 2
        conflicts = page.locator("details.conflict")
        if conflicts.count():
            conflicts.first.locator("summary").click()
            assert conflicts.first.locator(".claim").first.is_visible()
        page.locator("#summary details.cite summary").first.click()
        link = page.locator("#summary details.cite .pop a.go").first
        target = link.get_attribute("href")[1:]
        link.click()
        page.wait_for_url(f"**#{target}")
        assert_target_highlighted(page, target)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "demo-citation.png"))
        page.goto(demo_served + "/stories/" + page.url.split("/stories/")[1].split("#")[0])
        page.screenshot(path=str(ARTIFACTS / "demo-story.png"))
        page.fill("input[name=q]", "Istanbul")
        page.press("input[name=q]", "Enter")
        page.wait_for_url("**/search?q=Istanbul")
        assert page.locator(".hits li").count() >= 3
    finally:
        w.close()


def test_demo_corpus_api_answers_the_report_contract(demo_served):
    import httpx
    import jsonschema

    from storyweave.report import schema

    rows = httpx.get(demo_served + "/api/stories").json()
    data = httpx.get(demo_served + "/api/stories/" + rows[0]["id"], timeout=180).json()
    jsonschema.validate(data, schema())
    assert data["stories"][0]["conflicts"] and data["stories"][0]["summary"]
    assert httpx.get(demo_served + "/api/stories").json()[0]["conflicts"] == len(data["stories"][0]["conflicts"])


HOSTILE_RECORDS = [
    {"title": "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1;alert(1)\">Ceasefire talks",
     "source": "<svg onload=\"window.__pwned=1\">Evil Wire",
     "url": "javascript:window.__pwned=1;alert(1)", "published": "2025-05-12", "story": "hostile",
     "author": "<iframe src=\"javascript:alert(1)\"></iframe>",
     "text": "Officials said <script>window.__pwned=1;alert(1)</script> 12 people were hurt in Kharkiv on Monday.\n\n"
             "\"<img src=x onerror=alert(1)>We will not stop,\" the mayor said on Monday.\n\n"
             "Click <a href=\"javascript:window.__pwned=1\">here</a> for more </textarea></style> details."},
    {"title": "Kharkiv attack: <b onmouseover=alert(1)>40 hurt</b>", "source": "Second \"><script>alert(1)</script>",
     "url": "data:text/html,<script>alert(1)</script>", "published": "2025-05-12", "story": "hostile",
     "text": "Officials said 40 people were hurt in Kharkiv on Monday, <svg/onload=alert(1)>.\n\n"
             "\"We will not stop,\" the mayor said on Monday night."},
]


@pytest.fixture(scope="module")
def hostile_served(tmp_path_factory):
    """Hostile documents through the real pipeline (ingest, group), served read-only."""
    import json

    from storyweave.config import Settings
    from storyweave.pipeline import ingest
    from storyweave.store import open_store
    from storyweave.web.app import create_app

    tmp = tmp_path_factory.mktemp("hostile")
    (tmp / "evil.jsonl").write_text("\n".join(json.dumps(r) for r in HOSTILE_RECORDS) + "\n", encoding="utf-8")
    with open_store(str(tmp / "h.db")) as store:
        ingest(store, [str(tmp / "evil.jsonl")], Settings(db=str(tmp / "h.db")))
    app = create_app(str(tmp / "h.db"))
    server = Server(app)
    yield server.url
    server.stop()
    app.state.source.close()


def test_hostile_documents_through_the_pipeline_never_run(browser, hostile_served):
    w = Watched(browser, (hostile_served,))
    try:
        page = w.page
        page.goto(hostile_served + "/")
        stories = [a.get_attribute("href") for a in page.locator(".storylist a.t").all()]
        assert stories
        visited = ["/"]
        for href in stories:
            page.goto(hostile_served + href)
            page.locator("#articles").wait_for(timeout=180_000)
            visited.append(href)
            visited += [a.get_attribute("href") for a in page.locator("article.source a", has_text="article page").all()]
        for path in visited + ["/search?q=Kharkiv", "/search?q=" + quote("<script>alert(1)</script>")]:
            page.goto(hostile_served + path)
            page.wait_for_load_state("load")
            page.wait_for_timeout(150)
            assert page.evaluate("typeof window.__pwned") == "undefined", path
            assert page.locator("img, svg, iframe, b[onmouseover]").count() == 0, path
            hrefs = [a.get_attribute("href") for a in page.locator("a").all()]
            assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))], path
        assert len(visited) >= 4
        page.goto(hostile_served + stories[0])
        page.locator("#articles").wait_for()
        assert "<script>window.__pwned=1" in page.locator("#articles").inner_text()  # shown, as text
    finally:
        w.close()
