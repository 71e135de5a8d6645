"""WARC archives (``.warc``, ``.warc.gz``) through warcio.

HTML ``response`` records become Documents (url from ``WARC-Target-URI``,
``WARC-Date`` as the date fallback); other records are skipped. A WARC is a
container: the size cap applies to each record. Reading stops at the first
corrupt record, which becomes one Dropped for the rest of the file.
"""

from __future__ import annotations

import io

from ..records import Document, Dropped, RawInput
from .common import Unusable, decode
from .html import html_document


def parse_warc(raw: RawInput, max_bytes: int) -> list[Document | Dropped]:
    from warcio.archiveiterator import ArchiveIterator  # lazy

    out: list[Document | Dropped] = []
    current = 1  # the record being read, for the Dropped ref
    try:
        for n, record in enumerate(ArchiveIterator(io.BytesIO(raw.data)), 1):
            current = n
            item = _record(record, f"{raw.ref}#{n}", max_bytes)
            if item is not None:
                out.append(item)
            current = n + 1
    except Exception as exc:  # warcio raises many types on corrupt input (ArchiveLoadFailed, zlib, ValueError)
        reason = f"record {current} and the rest of the file are unreadable: {_short(exc)}"
        out.append(Dropped(f"{raw.ref}#{current}", "parse", "corrupt-warc", reason))
    if not out:
        raise Unusable("no-html", f"the WARC holds no HTML response records ({current - 1} records read)")
    return out


class _Corrupt(Exception):
    pass


def _record(record, ref: str, max_bytes: int) -> Document | Dropped | None:
    if not record.rec_type or not record.rec_headers.get_header("WARC-Record-ID"):
        # warcio reads a garbled header block leniently; a record without the
        # mandatory fields means we have lost the record boundaries.
        raise _Corrupt("a record without WARC-Type or WARC-Record-ID")
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if "html" not in content_type.lower():
        return None
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return Dropped(ref, "read", "too-large", f"WARC record over the {max_bytes}-byte limit")
    try:
        text = decode(data, content_type)
        return html_document(
            ref,
            text,
            record.rec_headers.get_header("WARC-Target-URI"),
            date_fallback=record.rec_headers.get_header("WARC-Date"),
            kind="warc",
        )
    except Unusable as exc:
        return exc.dropped(ref)


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
