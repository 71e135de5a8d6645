"""Who said what: direct and indirect quotes with their speakers.

Direct quotes are found on characters first (quote marks, straight or
curly, paired within a block; a quote left open at the end of a paragraph
runs to its end, the news convention for multi-paragraph quotes), then
attributed with the parse: a cue verb that governs a word of the quote
(``X said, “...”``, ``“...,” X said``), else a cue verb right before or
after it in the same sentence (``X wrote: “...”``, ``“...” X wrote.``).
A quote split around its attribution (``“A,” he said. “B”``) becomes one
``Quote`` with two ``parts``. A short quoted phrase inside a sentence is
kept with ``fragment=True`` (attributed when a cue governs it, as in what
he called “serious negotiations”; otherwise a scare quote with no speaker).

Indirect quotes are cue verbs with a clausal complement (``X said that
...``, ``X told reporters ...``) and ``according to X``.

The speaker is the cue's subject (inherited through ``saying``/``adding``
from the verb they hang on), resolved to an entity through the article's
mentions, pronouns included. ``medium`` is where it was said, when stated
(``on X``, ``in a Truth Social post``, ``told the BBC``).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from .attribution import (  # noqa: F401  (lexicons re-exported)
    DIRECT_CUES,
    INDIRECT_CUES,
    MEDIA_NOUNS,
    OPENERS,
    SPEECH_CUES,
    THINK_CUES,
    _adjacent_cue,
    _Attr,
    _attribution,
    _doc_at,
    _governing_cue,
    _is_cue,
    _subject,
    _token_at,
)
from .records import Quote, Span

# Longest attribution between two halves of a split quote; tuned on PolNeAR train.
MERGE_GAP_CHARS = 250
FRAGMENT_MAX_WORDS = 4  # a quoted phrase this short, inside a sentence, is a fragment
# Marks that are also apostrophes or inch signs: they open only after a
# non-word character and close only before one.
_AMBIGUOUS = frozenset({'"', "‘", "’"})
_SUBJ = {"nsubj", "nsubjpass"}


@dataclass
class _Raw:
    start: int  # content span, marks excluded
    end: int
    open_at: int  # position of the opening mark
    close_at: int | None  # position of the closing mark, None when left open
    block: int


def find_quoted(text: str, blocks) -> list[_Raw]:
    """Spans between quote marks, paired within each block."""
    out: list[_Raw] = []
    for bi, block in enumerate(blocks):
        opener, start = None, 0
        for i in range(block.start, block.end):
            ch = text[i]
            if opener is None and ch in OPENERS and _opens(text, i, block.start):
                opener, start = ch, i
            elif opener is not None and ch == OPENERS[opener] and (ch not in _AMBIGUOUS or _closes(text, i, block.end)):
                _add_raw(out, text, start, i, i, bi)
                opener = None
            elif opener is not None and ch == opener and ch != '"':
                start = i  # a new opener before any closer: the first was stray
        if opener is not None and opener != "‘":  # a stray single mark is an apostrophe
            _add_raw(out, text, start, block.end, None, bi)
    return out


def _opens(text: str, i: int, lo: int) -> bool:
    return i == lo or not text[i - 1].isalnum() or text[i] not in _AMBIGUOUS


def _closes(text: str, i: int, hi: int) -> bool:
    return i + 1 >= hi or not text[i + 1].isalnum()


def _add_raw(out, text: str, mark: int, end: int, close_at, block: int) -> None:
    start = mark + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if end > start and any(c.isalnum() for c in text[start:end]):
        out.append(_Raw(start, end, mark, close_at, block))



def _attribute_raw(parsed, raw: _Raw) -> _Attr | None:
    offset, doc = _doc_at(parsed, raw.start)
    span = doc.char_span(raw.start - offset, raw.end - offset, alignment_mode="expand")
    if span is None or not len(span):
        return None
    cue = _governing_cue(span, DIRECT_CUES)
    if cue is None:
        open_tok = _token_at(doc, offset, raw.open_at)
        close_tok = _token_at(doc, offset, raw.close_at) if raw.close_at is not None else None
        cue = _adjacent_cue(doc, open_tok, close_tok, DIRECT_CUES)
    if cue is None and open_tok is not None:
        cue = _introducing_verb(parsed, doc, open_tok)
    if cue is None:
        return None
    attr = _attribution(cue, offset)
    if attr.speaker is not None and attr.speaker[0] < raw.end and raw.start < attr.speaker[1]:
        return None  # the quoted words are the subject ("the “coalition of the willing” warned")
    return attr


def _introducing_verb(parsed, doc, open_tok):
    """A quote opening a paragraph after one that ends with a colon ("In a
    1963 speech, he declared:" / "Cruz continued:"): the last verb with a
    subject in that sentence introduces it."""
    i = open_tok.i - 1
    while i >= 0 and (doc[i].is_space or doc[i].is_punct and doc[i].text != ":"):
        i -= 1
    if i < 0 or doc[i].text != ":" or "\n" not in doc[i : open_tok.i].text_with_ws:
        return None
    for tok in reversed(list(doc[i].sent)):
        if tok.lemma_.lower() in _INTRODUCERS and _subject(tok) is not None:
            return tok
    return None


_INTRODUCERS = DIRECT_CUES | frozenset({"release", "issue", "publish"})  # "released the following statement:"


def _is_fragment(text: str, raw: _Raw, sentences, locate) -> bool:
    """A short quoted phrase set inside the writer's own sentence: few words,
    and the opening mark follows a word, not a colon, comma or dash."""
    if len(text[raw.start : raw.end].split()) > FRAGMENT_MAX_WORDS:
        return False
    sent = sentences[locate(raw.start)] if sentences else None
    return _embedded(text, raw) and sent is not None and sent.start < raw.open_at


def _embedded(text: str, raw: _Raw) -> bool:
    """The opening mark follows a word of the writer's sentence (a partial
    quote), not a colon, comma, dash or the start of a sentence."""
    before = text[max(0, raw.open_at - 200) : raw.open_at].rstrip()
    return bool(before) and before[-1] not in ",:;—–-([.!?”\"'’"

def _merge_split(text: str, items: list[list]) -> list[list]:
    """``“A,” he said. “B”``: B continues A when A's cue sits between them
    and B has no cue of its own (or the same one)."""
    out: list[list] = []
    for item in items:
        raw, attr, parts = item
        if out:
            praw, pattr, pparts = out[-1]
            gap = text[praw.end : raw.start]
            between = pattr is not None and pattr.cue_at is not None and praw.end <= pattr.cue_at < raw.start
            if (
                raw.block == praw.block
                and between
                and praw.close_at is not None
                and text[praw.close_at - 1] in ",.!?…;:"
                and (attr is None or attr.cue_at == pattr.cue_at)
                and len(gap) <= MERGE_GAP_CHARS
                and not any(ch in OPENERS for ch in text[praw.close_at + 1 : raw.open_at])
            ):
                out[-1] = [_Raw(praw.start, raw.end, praw.open_at, raw.close_at, raw.block), pattr, pparts + parts]
                continue
        out.append(item)
    return out


def _merge_open_paragraphs(items: list[list], blocks) -> list[list]:
    """A quote left open at the end of its paragraph and taken up by a quote
    opening the next one (the news convention for a long quotation) is one
    quotation: one ``Quote`` with a part per paragraph."""
    out: list[list] = []
    for item in items:
        raw, attr, parts = item
        if out:
            praw, pattr, pparts = out[-1]
            if (
                praw.close_at is None
                and raw.block == praw.block + 1
                and raw.open_at == blocks[raw.block].start
                and (attr is None or pattr is None or attr.cue_at == pattr.cue_at)
            ):
                merged = _Raw(praw.start, raw.end, praw.open_at, raw.close_at, raw.block)
                out[-1] = [merged, pattr or attr, pparts + parts]
                continue
        out.append(item)
    return out


def _inherit_continuations(items: list[list], blocks) -> None:
    """A paragraph that opens with an unattributed quote continues the
    previous paragraph's quoted speaker."""
    for i in range(1, len(items)):
        raw, attr, _ = items[i]
        praw, pattr, _ = items[i - 1]
        if attr is None and pattr is not None and raw.block == praw.block + 1 and raw.open_at == blocks[raw.block].start:
            items[i][1] = pattr


def direct_quotes(parsed, blocks) -> list[tuple[_Raw, _Attr | None, tuple[Span, ...], bool, bool]]:
    """(quoted span, attribution, parts, fragment?, embedded in a sentence?)"""
    text = parsed.article.text
    items = [[raw, _attribute_raw(parsed, raw), (Span(raw.start, raw.end),)] for raw in find_quoted(text, blocks)]
    items = _merge_split(text, items)
    items = _merge_open_paragraphs(items, blocks)
    _inherit_continuations(items, blocks)
    out = []
    for raw, attr, parts in items:
        frag = len(parts) == 1 and _is_fragment(text, raw, parsed.sentences, parsed.locate)
        out.append((raw, attr, parts, frag, len(parts) == 1 and _embedded(text, raw)))
    return out


class _Coverage:
    """How much of a span direct quotes cover, in constant time (prefix sums
    over a character mask; articles can hold thousands of quotes)."""

    def __init__(self, size: int, spans) -> None:
        mask = bytearray(size + 1)
        for s, e in spans:
            mask[s:e] = b"\x01" * (e - s)
        self.mask = mask
        self.cum = list(itertools.accumulate(mask, initial=0))

    def inside(self, pos: int) -> bool:
        return bool(self.mask[pos])

    def share(self, start: int, end: int) -> float:
        return (self.cum[end] - self.cum[start]) / max(1, end - start)


def indirect_quotes(parsed, direct_spans, direct_cues=frozenset()) -> list[tuple[int, int, _Attr]]:
    """Cue verbs with a clausal complement, and "according to X"."""
    text = parsed.article.text
    quoted = _Coverage(len(text), direct_spans)
    out = []
    for offset, tok in parsed.tokens():
        if not _is_cue(tok, INDIRECT_CUES):
            continue
        at = offset + tok.idx
        if at in direct_cues or quoted.inside(at):
            continue  # a cue inside a quotation is part of what was quoted
        content = _complement(tok)
        if content is None:
            continue
        start = offset + content[0].idx
        end = offset + content[-1].idx + len(content[-1].text)
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if end <= start or quoted.share(start, end) >= 0.5:
            continue
        attr = _attribution(tok, offset)
        if attr.speaker is not None:
            out.append((start, end, attr))
    return out


def _complement(cue):
    """Tokens of what was said: the clausal complement, or for "according
    to X" the rest of the sentence on the longer side of the phrase."""
    if cue.lower_ == "according":
        sent = cue.sent
        phrase = {t.i for t in cue.subtree}
        before = [t for t in sent if t.i < min(phrase) and not t.is_space]
        after = [t for t in sent if t.i > max(phrase) and not t.is_space]
        side = max(before, after, key=len)
        side = [t for t in side if not (t.is_punct and t.i in {side[0].i, side[-1].i})]
        return side if len(side) >= 3 else None
    for child in cue.children:
        if child.dep_ == "ccomp":
            toks = [t for t in child.subtree if not t.is_space]
            return toks if len(toks) >= 2 else None
    return _object_complement(cue)


def _object_complement(cue):
    """"called him a “nice guy”", "urged voters to “turn away”": the object
    with its complement, when it holds a partial quote (else it is an act,
    not a report of words)."""
    parts = [c for c in cue.children if c.dep_ in {"dobj", "oprd", "xcomp"} and c.i > cue.i]
    deps = {c.dep_ for c in parts}
    if not deps & {"oprd", "xcomp"} or any(c.dep_ == "dobj" and c.i < cue.i for c in cue.children):
        return None  # "what he called “serious talks”" stays a fragment
    toks = [t for c in parts for t in c.subtree if not t.is_space]
    toks.sort(key=lambda t: t.i)
    if len(toks) < 2 or not any(t.text in OPENERS for t in toks):
        return None
    return toks


_COLON_LINE = re.compile(r"([^:\n]{2,60}?):[ \t]+(\S.*\S)")


def colon_lines(parsed, blocks, mentions) -> list[tuple[int, int, tuple[int, int], bool]]:
    """Headline convention "Speaker: claim" (a name, a colon, the rest of the
    line): (content start, end, speaker span, content is quoted)."""
    text = parsed.article.text
    names = [(m.start, m.end) for m in mentions if m.label in {"PERSON", "ORG"} and m.kind == "name"]
    out = []
    for block in blocks:
        m = _COLON_LINE.fullmatch(text, block.start, block.end)
        if m is None:
            continue
        head = m.group(1).split()
        if len(head) > 6 or not all(w[:1].isupper() for w in head if w.isalpha()):
            continue
        s, e = m.span(1)
        # A person or organisation we know: "Poll:", "Photo Credit:" are labels.
        if any(s <= ns and ne <= e for ns, ne in names):
            start, end = m.span(2)
            out.append((start, end, (s, e), text[start] in OPENERS))
    return out


# --------------------------------------------------------------------------- public


def _entity_resolver(mentions):
    spans = sorted((m.start, m.end, m.entity) for m in mentions)
    starts = [s for s, _, _ in spans]

    def resolve(head: int | None, span: tuple[int, int] | None) -> int | None:
        if head is not None:
            i = bisect.bisect_right(starts, head) - 1
            for j in range(i, max(-1, i - 4), -1):  # nested mentions: look back a few
                if spans[j][0] <= head < spans[j][1]:
                    return spans[j][2]
        return None

    return resolve


def _quote(text, start, end, direct, attr, resolve, locate, parts=(), fragment=False) -> Quote:
    speaker = attr.speaker if attr else None
    return Quote(
        start=start,
        end=end,
        text=text[start:end],
        direct=direct,
        speaker=resolve(attr.speaker_head, speaker) if attr else None,
        speaker_text=text[speaker[0] : speaker[1]] if speaker else None,
        speaker_start=speaker[0] if speaker else None,
        speaker_end=speaker[1] if speaker else None,
        cue=attr.cue_lemma if attr else None,
        medium=attr.medium if attr else None,
        parts=tuple(parts) if len(parts) > 1 else (),
        fragment=fragment,
        sentence=locate(start),
    )


def extract_quotes(parsed, mentions=()) -> list[Quote]:
    """Direct and indirect quotes of one article, in text order."""
    from .sentences import article_blocks

    text = parsed.article.text
    resolve = _entity_resolver(mentions)
    blocks = article_blocks(parsed.article)
    out = []
    direct = direct_quotes(parsed, blocks)
    for raw, attr, parts, frag, _ in direct:
        out.append(_quote(text, raw.start, raw.end, True, attr, resolve, parsed.locate, parts, frag))
    # A partial quote inside a reported clause does not stand for the clause:
    # the clause is reported as an indirect quote around it.
    spans = [(raw.start, raw.end) for raw, _, _, _, inside in direct if not inside]
    cues = frozenset(a.cue_at for _, a, _, _, inside in direct if a is not None and not inside)
    for start, end, attr in indirect_quotes(parsed, spans, cues):
        out.append(_quote(text, start, end, False, attr, resolve, parsed.locate))
    taken = [(q.start, q.end) for q in out]
    for start, end, speaker, quoted in colon_lines(parsed, blocks, mentions):
        if not any(s < end and start < e for s, e in taken):
            head = next((m.start for m in mentions if speaker[0] <= m.start < speaker[1]), None)
            attr = _Attr(None, None, speaker, head, None)
            out.append(_quote(text, start, end, quoted, attr, resolve, parsed.locate))
    out.sort(key=lambda q: (q.start, q.end))
    return out
