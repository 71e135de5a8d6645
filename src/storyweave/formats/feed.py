"""RSS and Atom feeds through feedparser.

An entry with full content (``content:encoded``, Atom ``<content>``) is a
whole Document; an entry with only a summary is a Document with
``partial=True`` (the teaser, with the link to the full article as url).
"""

from __future__ import annotations

from ..records import Document, Dropped, RawInput
from .common import Unusable, check_binary, field, iso_date, outlet_or_host, struct_time_iso
from .html import fragment_blocks


def parse_feed(raw: RawInput) -> list[Document | Dropped]:
    import feedparser  # lazy: only feeds need it

    check_binary(raw.data)
    parsed = feedparser.parse(raw.data, response_headers={"content-location": raw.url or ""})
    if not parsed.entries:
        reason = f"not a readable feed ({parsed.get('bozo_exception')})" if parsed.get("bozo") else "the feed has no entries"
        raise Unusable("malformed-feed" if parsed.get("bozo") else "empty", reason)
    channel = field(parsed.feed.get("title"), "feed:channel-title")
    return [_entry(entry, f"{raw.ref}#{n}", channel) for n, entry in enumerate(parsed.entries, 1)]


def _entry(entry, ref: str, channel) -> Document | Dropped:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value", "").strip()]
    body = max(contents, key=len) if contents else entry.get("summary", "")
    blocks = fragment_blocks(body) if body and body.strip() else ()
    if not blocks:
        return Dropped(ref, "parse", "no-text", "the feed entry has neither content nor summary")
    url = field(entry.get("link"), "feed:link")
    published = None
    for key in ("published", "updated"):
        published = struct_time_iso(entry.get(f"{key}_parsed"), f"feed:{key}") or iso_date(entry.get(key), f"feed:{key}")
        if published:
            break
    source = field((entry.get("source") or {}).get("title"), "feed:entry-source") or channel
    return Document(
        ref=ref,
        kind="feed",
        blocks=blocks,
        title=field(entry.get("title"), "feed:title"),
        source=outlet_or_host(source, url),
        url=url,
        published=published,
        author=field(entry.get("author"), "feed:author"),
        partial=not contents,
        external_id=entry.get("id") or None,
    )

