"""Ingest stage: ``RawInput`` -> ``Document``s (or ``Dropped``s).

One raw input may hold many documents (JSON Lines, feed entries, WARC
records). Parsing never raises on bad data: every failure is a ``Dropped``
with stage "parse" (or "read" for per-record size caps) and a short code.
The format parsers live in ``storyweave.formats``.
"""

from __future__ import annotations

from typing import Callable

from .config import Settings
from .formats.common import Unusable, sniff_kind
from .formats.feed import parse_feed
from .formats.html import parse_html
from .formats.jsonrec import parse_json, parse_jsonl
from .formats.text import parse_text
from .formats.warc import parse_warc
from .records import Document, Dropped, RawInput

_DEFAULT_MAX = Settings().max_document_bytes
_CONTAINERS = {"jsonl", "warc"}  # the size cap applies per record

Parser = Callable[[RawInput, int], list]
_PARSERS: dict[str, Parser] = {
    "text": lambda raw, cap: parse_text(raw),
    "html": lambda raw, cap: parse_html(raw),
    "json": parse_json,
    "jsonl": parse_jsonl,
    "feed": lambda raw, cap: parse_feed(raw),
    "warc": parse_warc,
}


def parse(raw: RawInput, *, max_bytes: int = _DEFAULT_MAX) -> list[Document | Dropped]:
    """Parse one raw input into Documents; bad data becomes Dropped values."""
    kind = raw.kind if raw.kind in _PARSERS else sniff_kind(raw.data)
    if kind not in _CONTAINERS and len(raw.data) > max_bytes:
        return [Dropped(raw.ref, "read", "too-large", f"{len(raw.data)} bytes is over the {max_bytes}-byte limit")]
    try:
        return _PARSERS[kind](raw, max_bytes)
    except Unusable as exc:
        return [exc.dropped(raw.ref)]
    except RecursionError:
        return [Dropped(raw.ref, "parse", "too-deep", "the input is nested too deeply to parse")]
    except Exception as exc:  # a parser bug must not stop a batch: report it as data
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        return [Dropped(raw.ref, "parse", "parse-error", f"unexpected {kind} parser failure ({reason})")]


__all__ = ["parse"]
