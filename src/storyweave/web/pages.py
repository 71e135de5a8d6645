"""HTML pages the web app adds around the report pages: list, search, article."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from ..render.html import Links, page, story_body
from ..render.sections import article_meta, h
from ..render.spans import Outlets, article_title, paragraphs


def story_href(story_id: str) -> str:
    return "/stories/" + quote(str(story_id), safe="")


def article_href(article_id: str) -> str:
    return "/articles/" + quote(str(article_id), safe="")


LINKS = Links(index="/", story=story_href, article=article_href, search="/search")


def _count(value: Any, noun: str) -> str:
    if value is None:
        return f'<span title="open the story to analyse it">{noun}s not yet analysed</span>'
    return f"{value} {noun}{'' if value == 1 else 's'}"


PER_PAGE = 100  # stories per list page


def _pager(page_no: int, total: int) -> str:
    last = max(1, -(-total // PER_PAGE))
    links = []
    if page_no > 1:
        links.append(f'<a href="/?page={page_no - 1}">← newer</a>')
    links.append(f"page {page_no} of {last}")
    if page_no < last:
        links.append(f'<a href="/?page={page_no + 1}">older →</a>')
    return f'<p class="meta pager">{" · ".join(links)}</p>'


def story_list(all_rows: list[dict[str, Any]], page_no: int = 1) -> str:
    """One page (PER_PAGE stories) of the list, newest and largest first."""
    page_no = max(1, page_no)
    rows = all_rows[(page_no - 1) * PER_PAGE: page_no * PER_PAGE]
    items = []
    for r in rows:
        conflicts = _count(r.get("conflicts"), "conflict")
        if r.get("conflicts"):
            conflicts = f'<b class="contra">{conflicts}</b>'
        independent = "" if r.get("independent") is None else f" · {r['independent']} independent"
        items.append(
            f'<li><a class="t" href="{h(story_href(r["id"]))}">{h(r.get("title") or "Untitled story")}</a>'
            f'<div class="meta">{h(r.get("latest") or "undated")} · {r.get("articles", 0)} articles · '
            f'{r.get("outlets", 0)} sources{independent} · {conflicts}</div></li>'
        )
    body = f"<h1>Stories ({len(all_rows)})</h1>"
    body += f'<ul class="storylist">{"".join(items)}</ul>' if items else '<p class="empty">No stories here.</p>'
    if len(all_rows) > PER_PAGE:
        body += _pager(page_no, len(all_rows))
    return page("storyweave: stories", body, LINKS)


_MATCH = re.compile(r"\[([^\[\]]{1,200})\]")


def snippet_html(snippet: str | None) -> str:
    """The store marks matches as [word]; show them as <mark>, all else escaped."""
    return _MATCH.sub(r"<mark>\1</mark>", h(snippet or ""))


def search_page(query: str, hits: list[dict[str, Any]]) -> str:
    rows = []
    for hit in hits:
        story = f' · <a href="{h(story_href(hit["story_id"]))}">story</a>' if hit.get("story_id") else ""
        rows.append(
            f'<li><a class="t" href="{h(article_href(hit["id"]))}">{h(hit.get("title") or hit["id"])}</a>'
            f'<div class="meta">{h(hit.get("source") or "unknown outlet")} · {h(hit.get("published") or "undated")}{story}</div>'
            f'<div>{snippet_html(hit.get("snippet"))}</div></li>'
        )
    if not query.strip():
        body = "<h1>Search</h1><p class=\"empty\">Type words to find the articles that contain them all.</p>"
    else:
        body = f"<h1>{len(hits)} article{'' if len(hits) == 1 else 's'} matching “{h(query)}”</h1>"
        body += f'<ul class="hits">{"".join(rows)}</ul>' if rows else '<p class="empty">No article matches.</p>'
    return page(f"storyweave: search {query}", body, LINKS)


def story_page(story: dict[str, Any]) -> str:
    return page(story.get("title") or "Story", story_body(story, LINKS), LINKS)


def article_page(article: dict[str, Any]) -> str:
    outlets = Outlets([article])
    text = article.get("text", "")
    paras = "".join(f"<p>{h(text[a:b])}</p>" for a, b in paragraphs(article))
    story = ""
    if article.get("story_id"):
        story = f'<p class="meta"><a href="{h(story_href(article["story_id"]))}">The story this article belongs to</a></p>'
    body = (f'<article class="source"><h1>{h(article_title(article))}</h1>'
            f"{article_meta(article, outlets)}{story}{paras}</article>")
    return page(article.get("title") or "Article", body, LINKS)


def error_page(status: int, message: str) -> str:
    return page(f"{status}", f'<h1>{status}</h1><p>{h(message)}</p><p><a href="/">All stories</a></p>', LINKS)
