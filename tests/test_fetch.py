"""Tests for storyweave.io.fetch: a real HTTP server on 127.0.0.1 and MockTransport."""

from __future__ import annotations

import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from storyweave.config import Settings
from storyweave.errors import InputNotFound
from storyweave.io.fetch import fetch_urls, read_url_list
from storyweave.records import Dropped, RawInput

PAGE = b"<html><head><title>T</title></head><body><p>" + b"Words in a paragraph. " * 20 + b"</p></body></html>"
SEEN_AGENTS: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        routes = {
            "/page.html": (200, "text/html; charset=utf-8", PAGE),
            "/feed": (200, "application/rss+xml", b"<rss version='2.0'><channel><title>F</title></channel></rss>"),
            "/big": (200, "text/plain", b"x" * 5000),
            "/missing": (404, "text/plain", b"no"),
        }
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page.html")
            self.end_headers()
            return
        if self.path == "/chunked":  # no Content-Length: the cap must hold while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(10):
                self.wfile.write(b"3e8\r\n" + b"y" * 1000 + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        status, ctype, body = routes.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


SETTINGS = replace(Settings(), fetch_max_bytes=2000, fetch_timeout=5.0, fetch_max_redirects=3)


def test_url_list_from_file_is_fetched_from_local_server(server, tmp_path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# my list\n\n{server}/page.html\n  {server}/feed  \n")
    urls = read_url_list(str(listing))
    assert urls == [f"{server}/page.html", f"{server}/feed"]
    items = list(fetch_urls(urls, SETTINGS))
    assert [type(item) for item in items] == [RawInput, RawInput]
    assert [item.kind for item in items] == ["html", "feed"]
    assert items[0].data == PAGE
    assert items[0].url == f"{server}/page.html"
    assert SEEN_AGENTS[-1] == SETTINGS.user_agent


def test_redirect_is_followed_and_final_url_kept(server) -> None:
    (item,) = fetch_urls([f"{server}/moved"], SETTINGS)
    assert isinstance(item, RawInput)
    assert item.ref == f"{server}/moved"
    assert item.url == f"{server}/page.html"


@pytest.mark.parametrize(
    ("path", "code"),
    [("/missing", "http-404"), ("/big", "too-large"), ("/chunked", "too-large"), ("/loop", "fetch-failed")],
)
def test_failures_become_dropped(server, path: str, code: str) -> None:
    (item,) = fetch_urls([server + path], SETTINGS)
    assert isinstance(item, Dropped)
    assert (item.stage, item.code) == ("fetch", code)


@pytest.mark.parametrize("url", ["ftp://example.org/a", "not a url", "http://", "file:///etc/passwd"])
def test_bad_urls_are_dropped_without_a_request(url: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request expected")

    (item,) = fetch_urls([url], SETTINGS, transport=httpx.MockTransport(refuse))
    assert isinstance(item, Dropped) and item.code == "bad-url"


def test_connection_error_is_dropped() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    (item,) = fetch_urls(["https://news.example/a"], SETTINGS, transport=httpx.MockTransport(fail))
    assert isinstance(item, Dropped)
    assert item.code == "fetch-failed" and "connection refused" in item.reason


@pytest.mark.parametrize(
    ("ctype", "body", "kind"),
    [
        ("application/json", b'{"text": "x"}', "json"),
        ("application/x-ndjson", b'{"a": 1}\n{"a": 2}', "jsonl"),
        ("text/xml", b"<rss version='2.0'></rss>", "feed"),
        ("application/xhtml+xml", b"<html><body><p>x</p></body></html>", "html"),
        ("application/octet-stream", b"<html><body><p>x</p></body></html>", "html"),
        ("text/plain", b"Just text.", "text"),
    ],
)
def test_kind_from_content_type_then_content(ctype: str, body: bytes, kind: str) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, headers={"content-type": ctype}, content=body))
    (item,) = fetch_urls(["https://news.example/x"], SETTINGS, transport=transport)
    assert isinstance(item, RawInput)
    assert item.kind == kind
    assert ("content-type", ctype) in item.meta


def test_missing_url_list_raises(tmp_path) -> None:
    with pytest.raises(InputNotFound, match="input not found"):
        read_url_list(str(tmp_path / "none.txt"))
