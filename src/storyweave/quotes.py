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
import re
from dataclasses import dataclass

from .records import Quote, Span

# Cue verbs of attribution: speech and writing, then the reporting and
# cognition verbs that PolNeAR train annotates most often (counted from its
# Cue spans). Re-run bench/polnear.py after changing.
SPEECH_CUES = frozenset(
    """say tell write add ask note report announce suggest argue tweet post describe declare
    acknowledge explain claim insist warn state reply respond predict promise vow urge admit deny
    confirm stress emphasize emphasise recall conclude complain testify allege contend maintain assert
    reiterate observe remark mention joke quip concede boast caution told repeat retort counter
    agree disclose reveal tout lament charge shout yell scream whisper continue point wonder remind
    assure answer comment echo read express cite accuse question blast criticize praise propose pledge
    threaten signal hint estimate project forecast guess suspect doubt recognize interject exclaim""".split()
)
THINK_CUES = frozenset("think believe hope fear worry feel know expect say".split())
INDIRECT_CUES = SPEECH_CUES | THINK_CUES | frozenset({"show", "find", "indicate"})
# Nouns that name a medium or occasion of speech ("in a statement").
MEDIA_NOUNS = frozenset(
    """post statement interview tweet video address speech letter op-ed column message briefing conference
    broadcast podcast article release email memo appearance rally hearing show programme program
    radio television tv""".split()
)
# Longest attribution between two halves of a split quote; tuned on PolNeAR train.
MERGE_GAP_CHARS = 250
FRAGMENT_MAX_WORDS = 4  # a quoted phrase this short, inside a sentence, is a fragment
OPENERS = {"“": "”", '"': '"', "«": "»", "„": "“", "‘": "’"}
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


# --------------------------------------------------------------------------- parse helpers

DIRECT_CUES = SPEECH_CUES | frozenset({"call", "dub", "term", "label", "describe", "think", "believe"})
_CUE_WINDOW = 8  # tokens between a quote mark and its cue verb; tuned on PolNeAR train


def _doc_at(parsed, char: int):
    offsets = [o for o, _ in parsed.docs]
    i = max(0, bisect.bisect_right(offsets, char) - 1)
    return parsed.docs[i]


def _token_at(doc, offset: int, char: int):
    span = doc.char_span(char - offset, char - offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _is_cue(tok, cues) -> bool:
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children)
    return tok.lemma_.lower() in cues and tok.pos_ in {"VERB", "AUX"}


def _governing_cue(span, cues):
    """A cue verb outside ``span`` that governs one of its words."""
    lo, hi = span.start, span.end
    for tok in span:
        head, steps = tok.head, 0
        while not (lo <= head.i < hi) and steps < 3:
            if _is_cue(head, cues):
                return head
            if head.head.i == head.i:
                break
            head, steps = head.head, steps + 1
    return None


def _adjacent_cue(doc, open_tok, close_tok, cues):
    """A cue verb just after the closing mark or just before the opening one,
    before any sentence-final punctuation or line break (spaCy often ends a
    sentence at ``!”`` although the attribution follows)."""
    if close_tok is not None:
        for tok in doc[close_tok.i + 1 : close_tok.i + 1 + _CUE_WINDOW]:
            if tok.text in OPENERS or _ends_sentence(tok):
                break
            if _is_cue(tok, cues):
                return tok
    if open_tok is not None:
        for i in range(open_tok.i - 1, max(0, open_tok.i - _CUE_WINDOW) - 1, -1):
            if _ends_sentence(doc[i]) or (doc[i].text in OPENERS.values() and i < open_tok.i - 1):
                break
            if _is_cue(doc[i], cues):
                return doc[i]
    return None


def _ends_sentence(tok) -> bool:
    return tok.text in {".", "!", "?"} or "\n" in tok.text or "\n" in tok.whitespace_


def _subject(cue):
    """The speaker token: the cue's subject, inherited from the verb that a
    participle hangs on ("..., saying ..."), or the object of "according to"."""
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    verb = cue
    if cue.tag_ == "VBN" and cue.dep_ in {"advcl", "acl"}:
        return None  # "when asked if ...": the asker is not named
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
        if subj is not None and subj.lower_ in {"who", "which", "that"} and verb.dep_ == "relcl":
            return verb.head  # "Macron, who wrote: ..." -> Macron
        if subj is not None:
            return subj
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
        if verb.dep_ not in {"advcl", "conj", "xcomp", "ccomp"} or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _subject_span(subj) -> tuple[int, int]:
    """Token range of the speaker phrase: the subject with its modifiers and
    appositive, without relative clauses."""
    end = subj.i
    for child in subj.rights:
        if child.dep_ in {"appos", "compound", "flat"}:
            end = max(end, child.right_edge.i)
    start = min(subj.left_edge.i, subj.i)
    for i in range(subj.i - 1, start - 1, -1):
        if subj.doc[i].text in {",", ";", "(", "—", "–"}:
            start = i + 1  # a comma before the subject ends another phrase
            break
    return start, end + 1


def _name_of(tok) -> str | None:
    """The proper-name words around ``tok`` ("Truth Social", "ABC News")."""
    words = [c for c in tok.children if c.dep_ in {"compound", "flat"} and c.pos_ == "PROPN" and c.i < tok.i]
    if tok.pos_ == "PROPN":
        words.append(tok)
    if not words:
        return None
    doc = tok.doc
    return doc[min(w.i for w in words) : max(w.i for w in words) + 1].text


def _medium(cue) -> str | None:
    """Where it was said: "on X", "in a Truth Social post", "told the BBC".
    A named medium wins over a generic one ("in a post on X" -> "X")."""
    generic = None
    for child in cue.children:
        if child.dep_ == "dobj" and cue.lemma_ == "tell" and child.ent_type_ == "ORG":
            return _name_of(child) or child.text
        if child.dep_ != "prep" or child.lower_ not in {"on", "in", "to", "during", "via", "through"}:
            continue
        obj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if obj is None or obj.ent_type_ in {"DATE", "TIME", "GPE", "LOC", "FAC", "PERSON", "NORP"}:
            continue
        if obj.lemma_.lower() in MEDIA_NOUNS:
            named = _with_partner(obj) or _name_of(obj)
            if named:
                return named
            generic = generic or obj.lemma_.lower()
        elif obj.pos_ == "PROPN" or obj.ent_type_ == "ORG" or obj.text[:1].isupper():
            return (_name_of(obj) or obj.text).rstrip(".")
    return generic


def _with_partner(noun) -> str | None:
    """"an interview with CNN" -> "CNN"; "a post on X" -> "X"."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in {"with", "on", "to"}:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and (obj.ent_type_ == "ORG" or obj.text[:1].isupper()) and obj.ent_type_ not in {"GPE", "PERSON", "DATE"}:
                return (_name_of(obj) or obj.text).rstrip(".")
    return None


# --------------------------------------------------------------------------- assembly


@dataclass
class _Attr:
    cue_lemma: str | None
    cue_at: int | None
    speaker: tuple[int, int] | None  # article offsets of the speaker phrase
    speaker_head: int | None  # article offset of the subject's head word
    medium: str | None


def _attribution(cue, offset: int) -> _Attr:
    subj = _subject(cue)
    lemma = "according to" if cue.lower_ == "according" else cue.lemma_.lower()
    at = offset + cue.idx
    if subj is None:
        return _Attr(lemma, at, None, None, _medium(cue))
    s, e = _subject_span(subj)
    doc = cue.doc
    span = (offset + doc[s].idx, offset + doc[e - 1].idx + len(doc[e - 1].text))
    head = _named_head(subj)
    return _Attr(lemma, at, span, offset + head.idx, _medium(cue))


def _named_head(subj):
    """The word to resolve: the subject, or the name in its appositive
    ("His senior adviser, Mykhailo Podolyak")."""
    if subj.ent_type_ or subj.pos_ == "PRON":
        return subj
    for child in subj.children:
        if child.dep_ == "appos" and child.ent_type_ in {"PERSON", "ORG"}:
            return child
    return subj


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
    return _attribution(cue, offset) if cue is not None else None


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
    _inherit_continuations(items, blocks)
    out = []
    for raw, attr, parts in items:
        frag = len(parts) == 1 and _is_fragment(text, raw, parsed.sentences, parsed.locate)
        out.append((raw, attr, parts, frag, len(parts) == 1 and _embedded(text, raw)))
    return out


def _overlaps_any(spans, start: int, end: int, share: float = 0.5) -> bool:
    for s, e in spans:
        inter = min(e, end) - max(s, start)
        if inter > 0 and inter >= share * (end - start):
            return True
    return False


def indirect_quotes(parsed, direct_spans, direct_cues=frozenset()) -> list[tuple[int, int, _Attr]]:
    """Cue verbs with a clausal complement, and "according to X"."""
    text = parsed.article.text
    out = []
    for offset, tok in parsed.tokens():
        if not _is_cue(tok, INDIRECT_CUES):
            continue
        at = offset + tok.idx
        if at in direct_cues or any(s <= at < e for s, e in direct_spans):
            continue  # a cue inside a quotation is part of what was quoted
        content = _complement(tok)
        if content is None:
            continue
        start = offset + content[0].idx
        end = offset + content[-1].idx + len(content[-1].text)
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if end <= start or _overlaps_any(direct_spans, start, end):
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
    return None


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
