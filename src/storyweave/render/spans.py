"""Pieces every renderer shares: anchors, outlets, safe links, highlight segments.

All offsets index ``article["text"]``. An article's cited spans may overlap
(a summary sentence inside a conflict claim inside a quote), so highlighting
cuts the text into non-overlapping segments, each carrying the set of spans
that cover it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..records import line_blocks

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")

# Spans a story cites, by the section that cites them. Order is priority when
# one segment is covered by several kinds: the first wins the colour.
KINDS = ("conflict", "summary", "quote", "exclusive", "fact", "description", "timeline")

OUTLET_COLOURS = 8  # CSS defines .o0 .. .o7


def safe_id(value: object) -> str:
    """A string usable in an HTML id and a URL fragment without escaping."""
    return _UNSAFE_ID.sub("_", str(value))


def anchor(article_id: str, start: int, end: int) -> str:
    """The id of a cited span: ``a-<article_id>-<start>-<end>``."""
    return f"a-{safe_id(article_id)}-{int(start)}-{int(end)}"


def article_anchor(article_id: str) -> str:
    return f"art-{safe_id(article_id)}"


def safe_url(url: object) -> str | None:
    """The URL if it may be rendered as a link (http or https), else None."""
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if any(ord(c) < 32 or c.isspace() for c in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return candidate


def outlet_label(article: dict, index: int) -> str:
    """The outlet's name; without one, the URL's host, else the input's file name."""
    if article.get("source"):
        return str(article["source"])
    url = safe_url(article.get("url"))
    if url:
        return urlsplit(url).hostname or url
    ref = str(article.get("ref") or "").rstrip("/")
    return ref.rsplit("/", 1)[-1] or f"article {index + 1}"


def article_title(article: dict) -> str:
    """The article's title; without one, the input's file name (not its whole path)."""
    if article.get("title"):
        return str(article["title"])
    ref = str(article.get("ref") or "").rstrip("/")
    return ref.rsplit("/", 1)[-1] or str(article.get("id", "untitled"))


class Outlets:
    """Outlet names of a story's articles, in first-seen order, with colours."""

    def __init__(self, articles: Iterable[dict]) -> None:
        self.by_article: dict[str, str] = {}
        self.names: list[str] = []
        for i, art in enumerate(articles):
            name = outlet_label(art, i)
            self.by_article[art["id"]] = name
            if name not in self.names:
                self.names.append(str(name))

    def of(self, item: dict) -> str:
        """Outlet of a span-like item: its own ``source``, else its article's."""
        src = item.get("source")
        if src:
            return str(src)
        return self.by_article.get(item.get("article_id", ""), "unknown outlet")

    def colour(self, name: str) -> int:
        try:
            return self.names.index(name) % OUTLET_COLOURS
        except ValueError:
            return OUTLET_COLOURS - 1


@dataclass(frozen=True)
class Cited:
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    cited: tuple[Cited, ...]  # spans covering this segment; empty for plain text

    @property
    def kinds(self) -> tuple[str, ...]:
        present = {c.kind for c in self.cited}
        return tuple(k for k in KINDS if k in present)


def valid_span(item: dict, text_len: int) -> bool:
    start, end = item.get("start"), item.get("end")
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= text_len


def _spans_of(story: dict) -> Iterator[tuple[str, dict]]:
    for item in story.get("summary", []):
        yield "summary", item
    for fact in story.get("facts", []):
        for m in fact.get("mentions", []):
            yield "fact", m
    for section in ("conflicts", "differences"):
        kind = "conflict" if section == "conflicts" else "fact"
        for c in story.get(section, []):
            for cl in c.get("claims", []):
                yield kind, cl
    for item in story.get("exclusives", []):
        yield "exclusive", item
    for q in story.get("quotes", []):
        for occ in q.get("occurrences", []):
            yield "quote", occ
    for e in story.get("entities", []):
        for d in e.get("descriptions", []):
            yield "description", d
    for item in story.get("timeline", []):
        yield "timeline", item


def cited_by_article(story: dict) -> dict[str, list[Cited]]:
    """Every span the story cites, grouped by article, invalid ones left out."""
    lengths = {a["id"]: len(a.get("text", "")) for a in story.get("articles", [])}
    out: dict[str, list[Cited]] = {aid: [] for aid in lengths}
    for kind, item in _spans_of(story):
        aid = item.get("article_id")
        if aid in lengths and valid_span(item, lengths[aid]):
            out[aid].append(Cited(item["start"], item["end"], kind))
    return out


def segments(start: int, end: int, cited: Iterable[Cited]) -> list[Segment]:
    """Cut [start, end) into segments at every cited boundary inside it."""
    inside = [c for c in cited if c.start < end and c.end > start]
    cuts = {start, end}
    for c in inside:
        cuts.update(p for p in (c.start, c.end) if start < p < end)
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        covering = tuple(c for c in inside if c.start <= a and c.end >= b)
        out.append(Segment(a, b, covering))
    return out


def paragraphs(article: dict) -> list[tuple[int, int]]:
    """Paragraph ranges of the text: its blocks when they are usable, else lines."""
    text = article.get("text", "")
    blocks = article.get("blocks") or []
    ranges = []
    for b in blocks:
        if isinstance(b, dict) and valid_span(b, len(text)):
            ranges.append((b["start"], b["end"]))
    if ranges and all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:])):
        return _fill_gaps(ranges, len(text), text)
    return [(b.start, b.end) for b in line_blocks(text)]


def _fill_gaps(ranges: list[tuple[int, int]], length: int, text: str) -> list[tuple[int, int]]:
    """Blocks may skip characters; keep any non-blank gap so no cited text is lost."""
    out, pos = [], 0
    for a, b in ranges + [(length, length)]:
        if a > pos and text[pos:a].strip():
            out.append((pos, a))
        if b > a:
            out.append((a, b))
        pos = max(pos, b)
    return out


def value_range(claim: dict) -> tuple[int, int] | None:
    """Where the claim's competing value sits, relative to the claim's sentence."""
    start, end, text = claim.get("start"), claim.get("end"), claim.get("text", "")
    vs, ve = claim.get("value_start"), claim.get("value_end")
    if isinstance(vs, int) and isinstance(ve, int) and isinstance(start, int) and isinstance(end, int):
        if start <= vs < ve <= end:  # article offsets, the contract's convention
            return vs - start, ve - start
    value = str(claim.get("value") or "")
    if value:
        at = text.lower().find(value.lower())
        if at >= 0:
            return at, at + len(value)
    return None
