"""Plain text and Markdown, with optional front matter or header lines.

    ---                         Title: Storm hits coast
    title: Storm hits coast     Source: Daily Planet
    source: Daily Planet        Date: 2025-05-12
    ---
    Body text ...               Body text ...
"""

from __future__ import annotations

import re

from ..records import Document, RawInput
from .common import Blocks, decode, field, iso_date, outlet_or_host

# Accepted metadata keys (front matter and header lines), by Document field.
_KEYS = {
    "title": "title", "headline": "title",
    "source": "source", "outlet": "source", "publisher": "source", "site": "source", "site_name": "source",
    "url": "url", "link": "url", "canonical": "url",
    "date": "published", "published": "published", "publish_date": "published", "date_publish": "published",
    "author": "author", "authors": "author", "by": "author", "byline": "author",
    "story": "story", "story_key": "story",
    "id": "id",
}
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z_ ]{0,20}):[ \t]*(.*)$")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+(.*)$")
# A chunk of several lines is a hard-wrapped paragraph when its lines are this
# long on average and mostly do not end a sentence (e.g. 72-column e-mail text).
_WRAP_MIN_AVG = 40
_WRAP_MAX_LINE = 100


def parse_text(raw: RawInput) -> list[Document]:
    text = decode(raw.data, raw.meta_dict().get("content-type"))
    meta, body, provenance = split_metadata(text)
    return [document_from_text(raw.ref, raw.url, body, meta, provenance)]


def document_from_text(
    ref: str, url: str | None, body: str, meta: dict[str, str], provenance: str, kind: str = "text"
) -> Document:
    url_field = field(meta.get("url"), provenance) or field(url, "input-url")
    return Document(
        ref=ref,
        kind=kind,
        blocks=text_blocks(body),
        title=field(meta.get("title"), provenance),
        source=outlet_or_host(field(meta.get("source"), provenance), url_field),
        url=url_field,
        published=iso_date(meta.get("published"), provenance),
        author=field(meta.get("author"), provenance),
        story_key=meta.get("story") or None,
        external_id=meta.get("id") or None,
    )


def split_metadata(text: str) -> tuple[dict[str, str], str, str]:
    """(metadata, body, provenance) from front matter or leading header lines."""
    text = text.lstrip("\ufeff")
    if text.startswith("---"):
        lines = text.splitlines()
        if lines[0].strip() == "---":
            for end in range(1, min(len(lines), 200)):
                if lines[end].strip() in {"---", "..."}:
                    meta = _pairs(lines[1:end])
                    return meta, "\n".join(lines[end + 1 :]), "front-matter"
    return _header_lines(text)


def _header_lines(text: str) -> tuple[dict[str, str], str, str]:
    lines = text.splitlines()
    pairs: list[str] = []
    for line in lines:
        found = _HEADER_LINE.match(line.strip())
        if not found or _key(found.group(1)) not in _KEYS:
            break
        pairs.append(line)
    meta = _pairs(pairs)
    if not meta:
        return {}, text, ""
    return meta, "\n".join(lines[len(pairs) :]), "header-line"


def _key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _pairs(lines: list[str]) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in lines:
        key, sep, value = line.partition(":")
        target = _KEYS.get(_key(key))
        if not sep or target is None or target in meta:
            continue
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            value = ", ".join(part.strip().strip("'\"") for part in value[1:-1].split(",") if part.strip())
        value = value.strip("'\"").strip()
        if value:
            meta[target] = value
    return meta


# --------------------------------------------------------------------------- blocks


def text_blocks(body: str) -> Blocks:
    """Split a body into (kind, text) blocks: one per line, except that a
    hard-wrapped paragraph (several long lines between blank lines) is joined."""
    blocks: list[tuple[str, str]] = []
    for chunk in re.split(r"\n[ \t\u00a0]*\n", body.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if _is_wrapped(lines):
            blocks.append(("p", " ".join(lines)))
            continue
        blocks.extend(_line_block(line) for line in lines)
    return tuple(block for block in blocks if block[1])


def _line_block(line: str) -> tuple[str, str]:
    heading = _MD_HEADING.match(line)
    if heading:
        return "h", heading.group(1)
    item = _MD_ITEM.match(line)
    if item:
        return "li", item.group(1)
    return "p", line


def _is_wrapped(lines: list[str]) -> bool:
    if len(lines) < 2 or any(_MD_HEADING.match(line) or _MD_ITEM.match(line) for line in lines):
        return False
    if max(len(line) for line in lines) > _WRAP_MAX_LINE:
        return False
    if sum(len(line) for line in lines[:-1]) / (len(lines) - 1) < _WRAP_MIN_AVG:
        return False
    open_ends = sum(1 for line in lines[:-1] if not line.endswith((".", "!", "?", ":", '"', "”")))
    return open_ends >= (len(lines) - 1) / 2


__all__ = ["parse_text", "document_from_text", "split_metadata", "text_blocks"]
