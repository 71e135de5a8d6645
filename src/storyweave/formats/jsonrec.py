"""JSON (one object or a list of objects) and JSON Lines records.

Field names follow storyweave's own (``id, url, source, title, text,
published, author, story``) and news-please's (``maintext``,
``source_domain``, ``date_publish``, ``authors``, ``description``).
"""

from __future__ import annotations

import json
from typing import Any

from ..records import Document, Dropped, RawInput
from .common import Unusable, decode, field, iso_date, outlet_or_host
from .html import fragment_blocks, html_document, looks_like_markup
from .text import text_blocks

# First present, non-empty key wins.
_TEXT = ("text", "maintext", "body", "content", "article", "article_text")
_TITLE = ("title", "headline", "title_page", "title_rss")
_URL = ("url", "link", "canonical_url")
_SOURCE = ("source", "outlet", "publisher", "source_name", "site_name", "source_domain")
_DATE = ("published", "date_publish", "published_at", "publishedAt", "date", "pubDate", "date_modify")
_AUTHOR = ("author", "authors", "byline")
_ID = ("id", "_id", "uuid", "guid")


def parse_json(raw: RawInput, max_bytes: int) -> list[Document | Dropped]:
    text = decode(raw.data)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Unusable("malformed-json", f"line {exc.lineno}: {exc.msg}") from None
    if isinstance(value, dict) and not _first(value, _TEXT) and isinstance(value.get("articles") or value.get("items"), list):
        value = value.get("articles") or value.get("items")
    if isinstance(value, dict):
        return [_record_or_drop(value, raw.ref)]
    if not isinstance(value, list):
        raise Unusable("not-records", "the JSON is neither an object nor a list of objects")
    return [_record_or_drop(item, f"{raw.ref}#{n}") for n, item in enumerate(value, 1)]


def parse_jsonl(raw: RawInput, max_bytes: int) -> list[Document | Dropped]:
    out: list[Document | Dropped] = []
    for lineno, line in enumerate(raw.data.split(b"\n"), 1):
        if not line.strip():
            continue
        ref = f"{raw.ref}#L{lineno}"
        if len(line) > max_bytes:
            out.append(Dropped(ref, "read", "too-large", f"line {lineno}: {len(line)} bytes is over the {max_bytes}-byte limit"))
            continue
        try:
            value = json.loads(decode(line))
        except Unusable as exc:
            out.append(Dropped(ref, "parse", exc.code, f"line {lineno}: {exc.reason}"))
            continue
        except json.JSONDecodeError as exc:
            out.append(Dropped(ref, "parse", "malformed-json", f"line {lineno}: {exc.msg} (column {exc.colno})"))
            continue
        out.append(_record_or_drop(value, ref, kind="jsonl"))
    if not out:
        raise Unusable("empty", "the JSON Lines input has no records")
    return out


def _record_or_drop(value: Any, ref: str, kind: str = "json") -> Document | Dropped:
    if not isinstance(value, dict):
        return Dropped(ref, "parse", "not-a-record", f"expected a JSON object, got {type(value).__name__}")
    try:
        return record_document(value, ref, kind)
    except Unusable as exc:
        return exc.dropped(ref)


def record_document(record: dict[str, Any], ref: str, kind: str = "json") -> Document:
    """One JSON object to a Document; the record's own metadata wins over
    anything trafilatura finds in an HTML text field."""
    text_key, text = _first(record, _TEXT) or (None, None)
    partial = False
    if not isinstance(text, str) or not text.strip():
        text_key, text = _first(record, ("description", "summary")) or (None, None)
        partial = True
    if not isinstance(text, str) or not text.strip():
        raise Unusable("no-text", "the record has no text field (text, maintext, body, content)")
    url = _field(record, _URL)
    blocks, found = _blocks(text, url.value if url else None, ref)
    title = _field(record, _TITLE) or (found.title if found else None)
    source = _source(record) or (found.source if found and found.source and found.source.source != "url-host" else None)
    url = url or (found.url if found else None)
    key, date = _first(record, _DATE) or (None, None)
    return Document(
        ref=ref,
        kind=kind,
        blocks=blocks,
        title=title,
        source=outlet_or_host(source, url),
        url=url,
        published=iso_date(date, f"json:{key}") if key else (found.published if found else None),
        author=_author(record) or (found.author if found else None),
        story_key=_scalar(record.get("story") or record.get("story_key")),
        partial=partial,
        external_id=_scalar((_first(record, _ID) or (None, None))[1]),
        link_density=found.link_density if found else (),
    )


def _blocks(text: str, url: str | None, ref: str) -> tuple[tuple[tuple[str, str], ...], Document | None]:
    if not looks_like_markup(text):
        return text_blocks(text), None
    try:
        found = html_document(ref, text, url)
        return found.blocks, found
    except Unusable:
        # trafilatura refuses short fragments; read the markup directly.
        blocks = fragment_blocks(text)
        if not blocks:
            raise
        return blocks, None


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Any] | None:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return key, value
    return None


def _field(record: dict[str, Any], keys: tuple[str, ...]):
    found = _first(record, keys)
    return field(found[1], f"json:{found[0]}") if found else None


def _source(record: dict[str, Any]):
    found = _first(record, _SOURCE)
    if found and isinstance(found[1], dict):  # NewsAPI style {"id": .., "name": ..}
        return field(found[1].get("name") or found[1].get("id"), f"json:{found[0]}.name")
    return field(found[1], f"json:{found[0]}") if found else None


def _author(record: dict[str, Any]):
    found = _first(record, _AUTHOR)
    if not found:
        return None
    key, value = found
    if isinstance(value, list):
        names = [" ".join(str(v).split()) for v in value if isinstance(v, (str, int)) and str(v).strip()]
        return field(", ".join(names), f"json:{key}") if names else None
    return field(value, f"json:{key}")


def _scalar(value: Any) -> str | None:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return None
