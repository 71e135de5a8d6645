"""Clean stage: ``Document`` -> ``Article`` (or ``Dropped``).

Removes page furniture (section labels, bylines, photo credits, share and
comment prompts, newsletter boxes, "recent news" lists, navigation) by
general means rather than by phrase lists:

* position: furniture clusters before the first and after the last real
  paragraph, so non-prose lines there are dropped;
* shape: prose has many words, terminal punctuation and function words;
  furniture is short, title-cased or upper-case, unpunctuated;
* links: in HTML, a block that is mostly link text is navigation;
* repetition: ``clean_batch`` learns lines an outlet repeats across many of
  its documents (``learn_boilerplate``);
* a small table of generic furniture patterns (``FURNITURE``) as one signal.

Datelines (``LONDON (Reuters) -``) become fields. Headings stay as "h"
blocks. Removed lines are kept in ``Article.removed`` as (reason, line).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

from . import ids
from .records import Article, Block, Document, Dropped, Field

# --------------------------------------------------------------------------- signals

# Generic furniture patterns: (reason, strong, regex). A *strong* pattern
# removes a short line anywhere; a *weak* one only a line that is not prose, or
# a short prose line that addresses the reader ("our newsletter", "sign up").
# Keep these generic (calls to action, credit prefixes); never add phrases
# seen in a particular corpus.
FURNITURE: tuple[tuple[str, bool, re.Pattern[str]], ...] = tuple(
    (reason, strong, re.compile(pattern))  # matched against the lower-cased line
    for reason, strong, pattern in (
        ("credit", True, r"^(?:file\s+)?(?:photo|image|picture|video|graphic|illustration|photograph)s?(?:\s+credits?)?\s*[:|]"),
        ("credit", True, r"^(?:credits?|courtesy|source)\s*:\s*\S{1,40}(?:\s+\S+){0,5}$"),
        ("credit", True, r"\((?:[\w.&'’ -]{1,40}/)+[\w.'’ -]{1,40}\)\s*$"),  # "(Reuters/Jane Doe)", "(AP Photo/Name)"
        # Comment prompts: imperative ("Leave a comment") or "can/to post comments";
        # "did not view the comment" in a sentence must not match.
        ("comment", True, r"^(?:leave|post|add|write|view|show|load|see|read|join)\s+(?:a\s+|the\s+|your\s+|all\s+|\d+\s+)?(?:comments?|discussion)\b"),
        ("comment", True, r"\b(?:can|to|must)\s+(?:post|leave|add|write)\s+(?:a\s+)?comments?\b"),
        ("comment", True, r"^comments?\s*(?:\(\d+\)|:)?$|\bcomments?\s+(?:are|is)\s+(?:closed|disabled)\b|\bregistered\s+(?:users|members)\b"),
        ("share", True, r"^(?:share|tweet|pin|e-?mail|print|copy link)(?:\s+(?:this|on|via|article|story|to)\b.{0,30})?$"),
        ("copyright", True, r"^(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b"),
        ("advert", True, r"^(?:advertisement|advertising|sponsored(?: content)?|promoted|story continues below(?: advertisement)?)$"),
        ("subscribe", False, r"\b(?:subscribe|subscription|newsletters?|sign[ -]?up|log[ -]?in|register)\b"),
        ("follow", False, r"\bfollow\s+(?:us|@|on)\b"),
        # Labels over lists of other stories: the whole (short) line is the label.
        ("nav", False, r"^(?:read more|read also|also read|see also|related|recent|latest|more from|more on|most (?:read|popular|viewed)|popular|trending|top stories|you may also like|recommended)\b(?:\s+[\w'’&-]+){0,3}[\s.:]*$"),
        ("nav", False, r"^(?:read more|read also|also read|see also|related)\s*:"),
        ("media", False, r"^(?:watch|listen)\b|^live(?:\s+(?:tv|stream|updates|blog|radio|video))?$"),
    )
)
# The nav labels that open a list of other stories: everything after one of
# them near the end of a page is furniture.
_NAV_LABEL = next(regex for reason, _, regex in FURNITURE if reason == "nav")
_READER = re.compile(r"\b(?:you|your|our|us)\b", re.I)
_BYLINE = re.compile(r"^(?:[Bb]y|[Ww]ords by|[Ww]ritten by)\s+(?P<name>[A-Z][\w.'’-]*(?:[ ,]+(?:and\s+)?[A-Z][\w.'’-]*){0,5})\s*$")
_DATE_WORDS = frozenset(
    """jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august
    september october november december mon tue wed thu fri sat sun monday tuesday wednesday thursday friday
    saturday sunday am pm gmt utc bst cet est edt et pt updated published posted last modified on at by
    min mins read ago hours hour minutes""".split()
)
_TIMESTAMP = re.compile(
    r"\b(?:19|20)\d{2}\b|\b\d{1,2}:\d{2}\b|\b(?:updated|published|posted)\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b",
    re.I,
)
_OPENERS = "\"“‘'([{¿¡—–-"
_SAMPLE_CHARS = 300
_KINDS = frozenset({"p", "h", "li"})
_TERMINAL = (".", "!", "?", "…", '"', "”", "’", "'", ")", "]", ":", ";")
# English function words, for the stop-word ratio (prose ~0.4, furniture ~0.1).
_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its just me more most my no nor not now
    of off on once only or other our out over own same she should so some such than that the their them
    then there these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your said says""".split()
)
# Words that stay lower case in Title Case headlines.
_MINOR = frozenset("a an and as at but by for from in into nor of on or over per the to up via vs with".split())

# Tuned on constructed news pages in tests/test_clean.py and the demo corpus
# (examples/); re-run tests/test_clean.py and bench/ingest.py after changes.
_PROSE_SHORT_WORDS = 3  # "He declined to comment." is prose: punctuated, sentence case
_SENTENCE_CASE_MAX = 0.6  # share of capitalised words above which a line is Title Case
_PROSE_MIN_WORDS = 6  # a punctuated line this long with function words is prose
_PROSE_LONG_WORDS = 16  # this long with function words is prose even unpunctuated
_PROSE_MIN_STOP = 0.15
_HEADING_MAX_WORDS = 14
_STRONG_MAX_WORDS = 25  # a strong pattern only removes lines up to this long
_PATTERN_MAX_WORDS = 30  # longer lines are never matched against FURNITURE (speed)
_LINK_DENSITY_NAV = 0.5
_DATELINE_SKIP_WORDS = 25  # a first block this long is the story itself, not a headline
# learn_boilerplate: a line is an outlet's boilerplate when it appears in at
# least this many of its documents and this share of them.
BOILERPLATE_MIN_DOCS = 3
BOILERPLATE_MIN_SHARE = 0.5
_BOILERPLATE_MAX_WORDS = 40  # in clean(): lines longer than this are not looked up
_BOILERPLATE_MAX_CHARS = 300  # in learn_boilerplate(): about 40 words


@dataclass(slots=True)
class _Line:
    kind: str
    text: str
    words: int
    prose: bool
    headingish: bool
    title_case: float
    link: float
    pattern: str | None
    strong: bool
    removed: str | None = None


def line_key(text: str) -> str:
    """The form lines are compared in (titles, boilerplate): case and spacing folded."""
    return " ".join(text.casefold().split())


def _features(kind: str, tokens: list[str], link: float) -> _Line:
    """Shape signals of one block; ``tokens`` is its whitespace split."""
    text = " ".join(tokens)
    count = len(tokens)
    lowered = text[:_SAMPLE_CHARS].lower() if count > _PATTERN_MAX_WORDS else text.lower()
    # Function words are counted on a prefix: enough to tell prose from a
    # list. Tokens keep their punctuation ("said,"): a few misses, 3x faster.
    sample = lowered[:_SAMPLE_CHARS].split()
    stop = sum(map(_STOP.__contains__, sample)) / len(sample) if sample else 0.0
    title_case = _title_case(tokens) if count <= _PROSE_LONG_WORDS else 0.0
    terminal = text.endswith(_TERMINAL)
    prose = stop >= _PROSE_MIN_STOP and (
        (terminal and count >= _PROSE_SHORT_WORDS and title_case < _SENTENCE_CASE_MAX)
        or (terminal and count >= _PROSE_MIN_WORDS and title_case < 0.9)
        or count >= _PROSE_LONG_WORDS
    )
    pattern, strong = None, False
    if count <= _PATTERN_MAX_WORDS:  # every rule that reads a pattern is for short lines
        for reason, is_strong, regex in FURNITURE:
            if regex.search(lowered):
                pattern, strong = reason, is_strong
                break
    headingish = 1 <= count <= _HEADING_MAX_WORDS and not text.endswith((".", ",", ";", ":")) and len(text) <= 150
    return _Line(kind, text, count, prose, headingish, title_case, link, pattern, strong)


def _title_case(tokens: list[str]) -> float:
    """Share of capitalised words, minor words ("of", "the") not counted."""
    major = [word for word in (t.lstrip(_OPENERS) for t in tokens) if word and word.lower() not in _MINOR]
    if not major:
        return 0.0
    return sum(1 for word in major if word[0].isupper() or word[0].isdigit()) / len(major)


# --------------------------------------------------------------------------- passes


def _mark_anywhere(lines: list[_Line], boilerplate: frozenset[str], title: str | None) -> None:
    title_key = line_key(title) if title else None
    for line in lines:
        # Text is already whitespace-normalised; titles and boilerplate are short.
        key = line.text.casefold() if line.words <= _BOILERPLATE_MAX_WORDS else ""
        if title_key and key == title_key:
            line.removed = "title"
        elif key in boilerplate:
            line.removed = "boilerplate"
        elif line.strong and line.words <= _STRONG_MAX_WORDS:
            line.removed = line.pattern
        elif line.link >= _LINK_DENSITY_NAV and (not line.prose or line.link >= 0.8):
            line.removed = "links"


def _kept(lines: list[_Line]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.removed is None]


def _mark_lead(lines: list[_Line], title: Field | None, author: Field | None) -> tuple[Field | None, Field | None]:
    """Furniture before the first paragraph; may find the title and author."""
    kept = _kept(lines)
    for pos, i in enumerate(kept):
        line = lines[i]
        if line.prose and not (line.pattern and _READER.search(line.text)):
            break
        nxt = lines[kept[pos + 1]] if pos + 1 < len(kept) else None
        following = lines[i + 1] if i + 1 < len(lines) else None  # even if removed (a title)
        byline = _BYLINE.match(line.text)
        if line.pattern:
            line.removed = line.pattern
        elif byline:
            line.removed = "byline"
            author = author or Field(byline.group("name"), "byline")
        elif line.words <= 8 and _is_timestamp(line.text) and not line.prose:
            line.removed = "timestamp"
        elif not line.text.endswith((".", "!", "?")) and (
            (line.words == 1 and i == 0 and following is not None)
            or (line.words <= 3 and following is not None and not following.prose)
        ):
            line.removed = "label"  # a section label above the headline
        elif title is None and line.headingish and line.words >= 3 and nxt is not None:
            line.removed = "title"
            title = Field(line.text, "first-line")
    return title, author


def _is_timestamp(text: str) -> bool:
    """A line that is only a date or time, with words like "Updated"."""
    if not _TIMESTAMP.search(text):
        return False
    words = [w for w in re.findall(r"[^\W\d_]+", text.lower()) if w not in _DATE_WORDS]
    return len(words) <= 1


def _content(line: _Line) -> bool:
    """True for a line that ends the trailing-furniture scan."""
    if line.prose:
        return not (line.pattern and (_READER.search(line.text) or line.pattern in {"nav", "media"}) and line.words <= 25)
    # In HTML a list item with little link text is content (a fact list).
    return line.kind == "li" and line.link < 0.3 and line.words >= 4


def _mark_tail(lines: list[_Line]) -> None:
    """Furniture after the last paragraph, and everything after a
    "related / recent news" label in the last part of the document."""
    kept = _kept(lines)
    start = int(len(kept) * 0.6)
    for pos in range(start, len(kept)):
        line = lines[kept[pos]]
        if _NAV_LABEL.search(line.text.lower()) and line.words <= 5 and not line.prose and ":" not in line.text.rstrip(":"):
            for i in kept[pos:]:
                lines[i].removed = "after-nav"
            break
    for i in reversed(_kept(lines)):
        line = lines[i]
        if _content(line):
            break
        line.removed = f"trailing:{line.pattern}" if line.pattern else "trailing"


def _mark_middle(lines: list[_Line]) -> None:
    """Inside the body: patterned non-prose lines go, short patterned
    reader-addressing lines go, headings become "h" blocks."""
    kept = _kept(lines)
    for pos, i in enumerate(kept):
        line = lines[i]
        nxt = lines[kept[pos + 1]] if pos + 1 < len(kept) else None
        if line.pattern and not line.prose:
            line.removed = line.pattern
        elif line.pattern and _READER.search(line.text) and line.words <= 20 and not re.search(r"[\"“”]", line.text):
            line.removed = line.pattern
        elif line.kind == "p" and line.headingish and not line.prose and nxt is not None and nxt.prose:
            line.kind = "h"


# --------------------------------------------------------------------------- datelines

_CAPS = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’-]+"
_DATELINE = re.compile(
    rf"""^(?P<place>{_CAPS}(?:\s+{_CAPS}){{0,3}}
        (?:,\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{0,2}})?)      # optional ", Ukraine"
      (?:,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{{1,2}})?  # ", May 12"
      \s*(?:\((?P<agency>[^()\n]{{1,40}})\))?
      \s*(?P<sep>—|–|--|-|:)\s+(?=["“‘'A-ZÀ-Þ0-9])""",
    re.X,
)
# An agency alone opening the story: "(Reuters) - The company said",
# "(CNN) — Officials", or run on as "(CNN)President Joe Biden".
_AGENCY_DATELINE = re.compile(
    r"""^\((?P<agency>[A-Z][\w.&' -]{0,38})\)(?:\s*(?:—|–|--|-)\s+|(?=[A-ZÀ-Þ][a-zà-ÿ]))(?=["“‘'A-ZÀ-Þ0-9])""",
)


def split_dateline(text: str) -> tuple[str | None, str | None, str]:
    """(place, agency, rest) when ``text`` opens with a dateline such as
    ``KYIV, Ukraine (AP) —`` or an agency alone, ``(Reuters) -`` (place
    None); otherwise (None, None, text). A colon only
    separates a dateline that names an agency (so "UPDATE: ..." is not one)."""
    alone = _AGENCY_DATELINE.match(text)
    if alone:
        return None, alone.group("agency").strip(), text[alone.end() :]
    found = _DATELINE.match(text)
    if not found or (found.group("sep") == ":" and not found.group("agency")):
        return None, None, text
    agency = found.group("agency")
    return found.group("place").strip(), agency.strip() if agency else None, text[found.end() :]


def _lift_dateline(kept: list[_Line]) -> tuple[str | None, str | None, list[_Line]]:
    """The dateline opens the story: the first paragraph, or the second when
    the first is a short standfirst or headline kept as text."""
    for pos, line in enumerate(kept[:2]):
        if line.kind != "p":
            continue
        place, agency, rest = split_dateline(line.text)
        if place or agency:
            line.text = rest.strip()
            return place, agency, [other for other in kept if other.text]
        if line.words > _DATELINE_SKIP_WORDS:
            break
    return None, None, kept


# --------------------------------------------------------------------------- API


def clean(doc: Document, *, boilerplate: frozenset[str] = frozenset()) -> Article | Dropped:
    """Remove furniture, lift the dateline, and build the Article's text and
    block offsets. ``boilerplate`` holds ``line_key``s to remove."""
    density = doc.link_density if len(doc.link_density) == len(doc.blocks) else (0.0,) * len(doc.blocks)
    lines = [
        _features(kind if kind in _KINDS else "p", tokens, link)
        for (kind, text), link in zip(doc.blocks, density)
        if (tokens := text.split())
    ]
    _mark_anywhere(lines, boilerplate, doc.title.value if doc.title else None)
    title, author = _mark_lead(lines, doc.title, doc.author)
    _mark_tail(lines)
    _mark_middle(lines)
    kept = [lines[i] for i in _kept(lines)]
    place, agency, kept = _lift_dateline(kept)
    if not any(line.kind != "h" for line in kept):
        return Dropped(doc.ref, "clean", "no-content", f"nothing left after removing {len(lines)} furniture line(s)")
    text, blocks = _assemble(kept)
    source = doc.source.value if doc.source else ""
    url = doc.url.value if doc.url else ""
    return Article(
        id=ids.content_id(url, source, title.value if title else "", text, prefix="a"),
        ref=doc.ref,
        text=text,
        blocks=blocks,
        title=title,
        source=doc.source,
        url=doc.url,
        published=doc.published,
        author=author,
        dateline_place=Field(place, "dateline") if place else None,
        dateline_agency=Field(agency, "dateline") if agency else None,
        story_key=doc.story_key,
        partial=doc.partial,
        removed=tuple((line.removed, line.text) for line in lines if line.removed),
    )


def _assemble(kept: list[_Line]) -> tuple[str, tuple[Block, ...]]:
    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for line in kept:
        if parts:
            offset += 2  # the "\n\n" separator
        blocks.append(Block(line.kind, offset, offset + len(line.text)))  # type: ignore[arg-type]
        parts.append(line.text)
        offset += len(line.text)
    return "\n\n".join(parts), tuple(blocks)


def _outlet(doc: Document) -> str | None:
    return line_key(doc.source.value) if doc.source else None


def learn_boilerplate(docs: Sequence[Document]) -> dict[str, frozenset[str]]:
    """Per outlet, the lines (as ``line_key``s) repeated across at least
    ``BOILERPLATE_MIN_DOCS`` documents and ``BOILERPLATE_MIN_SHARE`` of them."""
    per_outlet: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        outlet = _outlet(doc)
        if outlet:
            per_outlet[outlet].append(doc)
    learned: dict[str, frozenset[str]] = {}
    for outlet, group in per_outlet.items():
        if len(group) < BOILERPLATE_MIN_DOCS:
            continue
        counts: Counter[str] = Counter()
        for doc in group:
            counts.update({line_key(text) for _, text in doc.blocks if len(text) <= _BOILERPLATE_MAX_CHARS})
        floor = max(BOILERPLATE_MIN_DOCS, BOILERPLATE_MIN_SHARE * len(group))
        lines = frozenset(key for key, n in counts.items() if n >= floor and key)
        if lines:
            learned[outlet] = lines
    return learned


def clean_batch(docs: Sequence[Document]) -> list[Article | Dropped]:
    """Clean many documents, first learning each outlet's repeated lines."""
    learned = learn_boilerplate(docs)
    return [clean(doc, boilerplate=learned.get(_outlet(doc) or "", frozenset())) for doc in docs]


__all__ = ["FURNITURE", "clean", "clean_batch", "learn_boilerplate", "line_key", "split_dateline"]
