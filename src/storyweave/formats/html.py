"""HTML pages through trafilatura; HTML fragments (feed content, JSON text
fields) through a small lxml walker.

trafilatura's ``bare_extraction`` returns its cleaned XML tree in
``Document.body``: ``<head>`` for headings, ``<p>``, ``<list><item>``,
``<quote>``, ``<ref>`` for links (with ``include_links``). We read blocks from
that tree so headings survive as "h" blocks and link density can be measured.
"""

from __future__ import annotations

import re

from ..records import Document, RawInput
from .common import Unusable, decode, field, iso_date, outlet_or_host, url_host

_PROV = "html:trafilatura"
_BLOCK_TAGS = {"head": "h", "p": "p", "item": "li", "quote": "p", "row": "p"}
_FRAGMENT_TAGS = {
    "h1": "h", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h",
    "p": "p", "li": "li", "blockquote": "p", "pre": "p", "td": "p", "dd": "p", "dt": "p",
}
_CONTAINERS = {"div", "section", "article", "figure", "figcaption", "header", "footer", "aside", "table", "tr", "ul", "ol"}
_BR = re.compile(r"<br\s*/?>", re.I)
_MARKUP = re.compile(r"<(?:p|div|br|h[1-6]|li|ul|ol|span|a|em|strong|b|i|article|section|blockquote|figure|img)\b[^>]*>", re.I)


def looks_like_markup(text: str) -> bool:
    """True when a text field carries HTML rather than plain prose."""
    return len(_MARKUP.findall(text[:20_000])) >= 2


def parse_html(raw: RawInput, *, date_fallback: str | None = None) -> list[Document]:
    text = decode(raw.data, raw.meta_dict().get("content-type"))
    return [html_document(raw.ref, text, raw.url, date_fallback=date_fallback)]


def html_document(ref: str, html: str, url: str | None, *, date_fallback: str | None = None, kind: str = "html") -> Document:
    extracted = extract(html, url)
    if extracted is None:
        raise Unusable("no-text", "no article text found in the HTML page")
    blocks, density = tree_blocks(extracted.body)
    if not blocks:
        raise Unusable("no-text", "no article text found in the HTML page")
    if extracted.url and extracted.url != url:
        url_field = field(extracted.url, f"{_PROV}:url")  # canonical link or og:url
    else:
        url_field = field(url, "input-url")
    source = field(extracted.sitename, f"{_PROV}:sitename")
    if source and source.value.lower().removeprefix("www.") == url_host(url_field.value if url_field else None):
        source = None  # trafilatura's fallback to the host name: say so below
    published = iso_date(extracted.date, f"{_PROV}:date") or iso_date(date_fallback, "warc-date")
    return Document(
        ref=ref,
        kind=kind,
        blocks=blocks,
        title=field(extracted.title, f"{_PROV}:title"),
        source=outlet_or_host(source, url_field),
        url=url_field,
        published=published,
        author=field(extracted.author, f"{_PROV}:author"),
        link_density=density,
    )


def extract(html: str, url: str | None):  # -> trafilatura.settings.Document | None
    import trafilatura  # lazy: ~0.3 s import, only HTML needs it
    from trafilatura.settings import set_date_params

    # fast=True skips the readability/justext fallbacks: 2-4x quicker on large
    # pages, same text on article pages (measured with bench/ingest.py).
    return trafilatura.bare_extraction(
        html,
        url=url,
        fast=True,
        with_metadata=True,
        include_formatting=True,
        include_links=True,
        include_comments=False,
        include_tables=False,
        # Dates only from markup and metadata: the extensive text search
        # turns a footer's "Copyright 2025" into 2025-01-01.
        date_extraction_params=set_date_params(extensive=False),
    )


def tree_blocks(body) -> tuple[tuple[tuple[str, str], ...], tuple[float, ...]]:
    """(kind, text) blocks and link density from trafilatura's output tree."""
    blocks: list[tuple[str, str]] = []
    density: list[float] = []
    if body is None:
        return (), ()
    for element in body.iter(*_BLOCK_TAGS):
        if element.tag == "p" and element.getparent() is not None and element.getparent().tag in {"item", "quote", "cell"}:
            continue
        text = " ".join("".join(element.itertext()).split())
        if not text:
            continue
        linked = sum(len("".join(ref.itertext()).strip()) for ref in element.iter("ref"))
        blocks.append((_BLOCK_TAGS[element.tag], text))
        density.append(round(min(1.0, linked / len(text)), 3))
    return tuple(blocks), tuple(density)


def fragment_blocks(html: str) -> tuple[tuple[str, str], ...]:
    """Blocks of an HTML fragment (feed entry content, a JSON text field)."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fragment_fromstring(_BR.sub("\n", html), create_parent="div")
    except (ParserError, ValueError):
        return ()
    for junk in list(root.iter("script", "style", "noscript")):
        junk.drop_tree()
    blocks: list[tuple[str, str]] = []
    _walk(root, blocks)
    return tuple(blocks)


def _walk(element, blocks: list[tuple[str, str]]) -> None:
    """Block elements give one block each; inline runs between them (text,
    links, emphasis) are gathered and split at line breaks into "p" blocks."""
    from .text import text_blocks

    run: list[str] = [element.text or ""]

    def flush() -> None:
        text = "".join(run)
        if text.strip():
            blocks.extend(text_blocks(text))
        run.clear()

    for child in element:
        if isinstance(child.tag, str) and child.tag in _FRAGMENT_TAGS:
            flush()
            text = " ".join(child.text_content().split())
            if text:
                blocks.append((_FRAGMENT_TAGS[child.tag], text))
        elif isinstance(child.tag, str) and (child.tag in _CONTAINERS or any(True for _ in child.iter(*_FRAGMENT_TAGS))):
            flush()
            _walk(child, blocks)
        elif isinstance(child.tag, str):
            run.append(child.text_content())
        run.append(child.tail or "")
    flush()
