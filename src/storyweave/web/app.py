"""The local, read-only web app: an ASGI app (Starlette) over the store.

Every route is GET; the store is opened read-only. Pages are the report
renderer's pages (``render.html``) with the app's links. Every response
carries a strict Content-Security-Policy (inline code allowed by hash only),
``nosniff`` and a frame ban; the Host header must name the loopback
interface unless other hosts are allowed, against DNS rebinding.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..render.assets import HEADER_CSP
from . import pages
from .openapi import openapi
from .sources import ReportDictSource, ReportSource, StoreSource

log = logging.getLogger("storyweave.web")

SECURITY_HEADERS = [
    (b"content-security-policy", HEADER_CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

LOOPBACK_HOSTS = ["127.0.0.1", "localhost"]

SEARCH_LIMIT = 50
API_PAGE = 100  # stories per /api/stories answer unless ?limit= says otherwise
API_MAX_PAGE = 1000
MAX_QUERY = 500  # characters; longer queries are cut, FTS cost grows with terms


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k for k, _ in SECURITY_HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + SECURITY_HEADERS}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Answer here rather than in Starlette's outer error middleware,
            # which would send the 500 without these headers.
            log.exception("error serving %s", scope.get("path"))
            if not started:
                await PlainTextResponse("internal error: see the server log", 500)(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return HTMLResponse(pages.error_page(status, message), status_code=status)


def _routes(source: ReportSource) -> list[Route]:
    def story_or_404(request: Request) -> dict[str, Any]:
        story = source.story_report(request.path_params["id"])
        if story is None:
            raise HTTPException(404, "no story with that id")
        return story

    def article_or_404(request: Request) -> dict[str, Any]:
        article = source.article(request.path_params["id"])
        if article is None:
            raise HTTPException(404, "no article with that id")
        return article

    def query(request: Request) -> str:
        return request.query_params.get("q", "")[:MAX_QUERY]

    def number(request: Request, name: str, default: int, high: int) -> int:
        raw = request.query_params.get(name, "")
        if not raw:
            return default
        if not raw.isdigit():
            raise HTTPException(400, f"{name} must be a whole number")
        return min(int(raw), high)

    def index(request: Request) -> Response:
        return HTMLResponse(pages.story_list(source.list_stories(), max(1, number(request, "page", 1, 10**6))))

    def search(request: Request) -> Response:
        q = query(request)
        hits = source.search(q, limit=SEARCH_LIMIT) if q.strip() else []
        return HTMLResponse(pages.search_page(q, hits))

    def story(request: Request) -> Response:
        return HTMLResponse(pages.story_page(story_or_404(request)))

    def article(request: Request) -> Response:
        return HTMLResponse(pages.article_page(article_or_404(request)))

    def api_stories(request: Request) -> Response:
        offset = number(request, "offset", 0, 10**9)
        limit = number(request, "limit", API_PAGE, API_MAX_PAGE)
        return JSONResponse(source.list_stories()[offset: offset + limit])

    def api_story(request: Request) -> Response:
        from ..report import SCHEMA_ID

        return JSONResponse({"schema": SCHEMA_ID, "stories": [story_or_404(request)], "dropped": []})

    def api_article(request: Request) -> Response:
        return JSONResponse(article_or_404(request))

    def api_search(request: Request) -> Response:
        q = query(request)
        return JSONResponse(source.search(q, limit=SEARCH_LIMIT) if q.strip() else [])

    def api_doc(request: Request) -> Response:
        return JSONResponse(openapi())

    get = ["GET"]
    return [
        Route("/", index, methods=get),
        Route("/search", search, methods=get),
        Route("/stories/{id}", story, methods=get),
        Route("/articles/{id}", article, methods=get),
        Route("/api/stories", api_stories, methods=get),
        Route("/api/stories/{id}", api_story, methods=get),
        Route("/api/articles/{id}", api_article, methods=get),
        Route("/api/search", api_search, methods=get),
        Route("/openapi.json", api_doc, methods=get),
    ]


def create_app_from_source(source: ReportSource, *, allowed_hosts: list[str] | None = None) -> Starlette:
    """The app over any ReportSource (a store, or a report dict in memory)."""

    async def http_error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        detail = getattr(exc, "detail", None) or "error"
        return _error(request, status, str(detail))

    app = Starlette(
        routes=_routes(source),
        middleware=[Middleware(SecurityHeaders),
                    Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS)],
        exception_handlers={HTTPException: http_error},
    )
    app.state.source = source
    return app


def create_app(db_path: str, *, settings: Any = None, allowed_hosts: list[str] | None = None,
               warm: int = 0) -> Starlette:
    """The app over a storyweave store, opened read-only.

    ``allowed_hosts``: Host header names accepted (default: 127.0.0.1 and
    localhost); pass the served name when binding another interface.
    ``warm``: analyse that many of the newest stories in the background at
    start, so their first view is quick (the first analysis loads the models).
    """
    source = StoreSource(db_path, settings)
    if warm:
        source.warm(warm)
    return create_app_from_source(source, allowed_hosts=allowed_hosts)


def create_app_from_report(report: dict[str, Any], *, allowed_hosts: list[str] | None = None) -> Starlette:
    return create_app_from_source(ReportDictSource(report), allowed_hosts=allowed_hosts)


__all__ = ["ReportSource", "create_app", "create_app_from_report", "create_app_from_source"]
