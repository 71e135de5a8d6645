"""Immutable typed records that flow through the pipeline.

    RawInput -> Document -> Article -> (Sentence, Mention, Quote, Quantity, TimeExpr)
             -> Story -> StoryReport

Each stage returns a new record type instead of mutating a shared object.
A document that cannot be used becomes a ``Dropped`` record (errors as values).
All character offsets refer to ``Article.text`` (the cleaned text).
"""

from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Any, Literal

# --------------------------------------------------------------------------- ingest


@dataclass(frozen=True, slots=True)
class RawInput:
    """Bytes read at the edge, before any parsing.

    ``ref`` is the user's own handle for the input (path, ``path#line``,
    ``path#record``, URL), ``kind`` the detected format.
    """

    ref: str
    kind: Literal["text", "html", "json", "jsonl", "feed", "warc", "unknown"]
    data: bytes
    url: str | None = None
    meta: tuple[tuple[str, str], ...] = ()  # e.g. HTTP headers, WARC date

    def meta_dict(self) -> dict[str, str]:
        return dict(self.meta)


@dataclass(frozen=True, slots=True)
class Field:
    """A metadata value with where it came from (provenance)."""

    value: str
    source: str  # e.g. "front-matter", "html:og:site_name", "json:source", "dateline", "filename"


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed input document: body text still uncleaned.

    ``blocks`` are the body's paragraphs/lines as (kind, text) pairs, where
    kind is "p", "h" (heading) or "li"; the cleaner works on blocks.
    """

    ref: str
    kind: str
    blocks: tuple[tuple[str, str], ...]
    title: Field | None = None
    source: Field | None = None  # outlet / site name
    url: Field | None = None
    published: Field | None = None  # ISO 8601 date or datetime
    author: Field | None = None
    story_key: str | None = None  # user-given story key; respected as is
    partial: bool = False  # e.g. a feed entry with only a summary
    external_id: str | None = None  # the input's own id, if any
    # Per block, the share of its characters inside links (HTML only; empty
    # otherwise). A signal for the cleaner: navigation is mostly links.
    link_density: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    """A span of the cleaned article text: a paragraph or a heading."""

    kind: Literal["p", "h", "li"]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article. ``text`` is what every later offset refers to."""

    id: str  # content hash of (url or ref, text)
    ref: str
    text: str
    blocks: tuple[Block, ...]
    title: Field | None = None
    source: Field | None = None
    url: Field | None = None
    published: Field | None = None
    author: Field | None = None
    dateline_place: Field | None = None
    dateline_agency: Field | None = None
    story_key: str | None = None
    partial: bool = False
    removed: tuple[tuple[str, str], ...] = ()  # (reason, line) furniture that was dropped

    @classmethod
    def from_text(cls, ref: str, text: str, *, id: str | None = None, **fields: Any) -> "Article":
        """An article taken as is (not cleaned): each non-empty line is a
        paragraph and offsets are the raw text's. For annotated corpora, whose
        spans must keep their offsets, and for tests."""
        return cls(id=id or ref, ref=ref, text=text, blocks=line_blocks(text), **fields)

    @property
    def source_name(self) -> str | None:
        return self.source.value if self.source else None

    @property
    def url_value(self) -> str | None:
        return self.url.value if self.url else None

    @property
    def published_value(self) -> str | None:
        return self.published.value if self.published else None

    @property
    def title_value(self) -> str | None:
        return self.title.value if self.title else None


def line_blocks(text: str) -> tuple[Block, ...]:
    """One paragraph block per non-empty line of ``text``, offsets unchanged."""
    blocks, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            blocks.append(Block("p", pos, pos + len(line)))
        pos += len(line) + 1
    return tuple(blocks)


@dataclass(frozen=True, slots=True)
class Dropped:
    """A document (or part of one) that could not be used, and why."""

    ref: str
    stage: str  # "read", "parse", "clean", "read-article", ...
    code: str  # short machine code: "empty", "binary", "too-large", "encoding", "malformed-json", ...
    reason: str  # one human line


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    block: int = 0  # index into Article.blocks
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention of an entity within one article."""

    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, ...
    entity: int  # index of the article-level entity it refers to
    kind: Literal["name", "pronoun", "nominal"] = "name"


@dataclass(frozen=True, slots=True)
class Description:
    """How an article describes an entity: normalised into comparable parts."""

    entity: int
    text: str  # literal text, e.g. "former U.S. President"
    start: int
    end: int
    role: str | None  # "president", "prime minister", "spokesman", ...
    qualifier: str | None  # "former", "acting", "then-", "retired", ...
    affiliation: str | None  # "U.S.", "Kremlin", "German", ...
    pattern: Literal["title", "appositive", "relative", "possessive", "other"] = "title"


@dataclass(frozen=True, slots=True)
class Entity:
    """An article-level entity: name variants merged, mentions linked."""

    index: int
    name: str  # canonical (longest full) name
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # content span
    end: int
    text: str  # content text, article.text[start:end]
    direct: bool
    speaker: int | None  # entity index, when resolved
    speaker_text: str | None  # literal speaker span text
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None  # cue verb lemma: "say", "write", "tell", ...
    medium: str | None = None  # "X", "Truth Social", "BBC", ...
    parts: tuple[Span, ...] = ()  # for split quotes, each quoted piece
    fragment: bool = False  # a short quoted phrase inside a sentence ("what he called “serious talks”")
    sentence: int = 0  # index of the sentence where the content starts


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float
    low: float | None  # bounds from approximators ("over 100" -> low=100, high=None)
    high: float | None
    unit: str | None  # what it counts, lemma ("drone", "clash", "day", "year")
    approx: str | None  # "over", "more than", "about", "at least", ...
    sentence: int = 0
    head: str | None = None  # noun the quantity modifies or counts: "war" in "two-year-long war"
    ordinal: bool = False  # "80th anniversary": a rank, not a count


@dataclass(frozen=True, slots=True)
class TimeExpr:
    start: int
    end: int
    text: str
    value: str | None  # ISO date/datetime when resolved, else None
    relative: bool
    anchor: str | None  # the date it was resolved against, or description of anchor
    sentence: int = 0
    granularity: Literal["day", "month", "year", "time", "part-of-day", "duration", "unknown"] = "day"
    clause: str | None = None  # text of the clause the expression belongs to (governing verb's)


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything read from one article."""

    article_id: str
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    descriptions: tuple[Description, ...]
    quotes: tuple[Quote, ...]
    quantities: tuple[Quantity, ...]
    times: tuple[TimeExpr, ...]


# --------------------------------------------------------------------------- stories


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    article_ids: tuple[str, ...]
    title: str | None = None
    key: str | None = None  # user-given story key, if any


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True, slots=True)
class Fact:
    """Statements from a story's articles that say the same thing (align.py).

    ``statements`` are (article_id, sentence_index, start, end) spans of
    ``Article.text``; ``support`` counts distinct independent-source groups
    (wire copies and one owner's outlets count once); ``sources`` are the
    outlets (or article refs when the outlet is unknown); ``groups`` the
    independent-source keys behind ``support``.
    """

    id: str
    statements: tuple[tuple[str, int, int, int], ...]
    support: int
    sources: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    cohesion: float = 1.0  # mean pairwise similarity of the statements (1.0 for one)


# --------------------------------------------------------------------------- grouping corrections


@dataclass(frozen=True, slots=True)
class Correction:
    """A user's correction of story grouping, stored and replayed after every re-clustering.

    Stories are named through member articles, so a correction survives
    re-clustering that renames stories (see ``storyweave.corrections``):
    ``merge``: the stories of ``article_ids`` become one (the first one's);
    ``split``: ``article_ids`` leave their story and form a new one together;
    ``move``: ``article_ids`` go to the story of ``target_article`` (or to
    ``target_story`` when no target article is given).
    """

    kind: Literal["merge", "split", "move"]
    article_ids: tuple[str, ...]
    target_article: str | None = None
    target_story: str | None = None
    created: str | None = None  # ISO timestamp, set by the store


def to_dict(record: Any) -> dict[str, Any]:
    """Plain-dict view of a record, for JSON output."""
    return asdict(record)


__all__ = [
    "RawInput",
    "Field",
    "Document",
    "Block",
    "Article",
    "line_blocks",
    "Dropped",
    "Span",
    "Sentence",
    "Mention",
    "Description",
    "Entity",
    "Quote",
    "Quantity",
    "TimeExpr",
    "Reading",
    "Story",
    "Fact",
    "Correction",
    "to_dict",
    "field",
]
