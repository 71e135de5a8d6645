"""Attribution read off the parse: cue verbs, speakers, media.

Shared by the quote extractor (``quotes``) and the entity step (speech-verb
subjects are people). A cue is a verb from the lexicons below (or
"according to"); its speaker is the subject, inherited through participles
("..., saying ...") and resolved through relative pronouns ("Macron, who
wrote ..."); the medium is where it was said, when stated.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

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
THINK_CUES = frozenset("think believe hope fear worry feel expect say".split())
INDIRECT_CUES = SPEECH_CUES | THINK_CUES | frozenset({"show", "find", "indicate", "call", "dub", "term", "label", "brand"})
# Nouns that name a medium or occasion of speech ("in a statement").
MEDIA_NOUNS = frozenset(
    """post statement interview tweet video address speech letter op-ed column message briefing conference
    broadcast podcast article release email memo appearance rally hearing show programme program
    radio television tv""".split()
)
OPENERS = {"“": "”", '"': '"', "«": "»", "„": "“", "‘": "’"}
_SUBJ = {"nsubj", "nsubjpass"}

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
    for _ in range(4):  # "he began by saying": saying -> by -> began
        subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
        if subj is not None and subj.lower_ in {"who", "which", "that"} and verb.dep_ == "relcl":
            return verb.head  # "Macron, who wrote: ..." -> Macron
        if subj is not None:
            return subj
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
        if verb.dep_ not in {"advcl", "conj", "xcomp", "ccomp", "pcomp", "prep"} or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _subject_span(subj) -> tuple[int, int]:
    """Token range of the speaker phrase: the subject with its modifiers and
    appositive, without relative clauses."""
    end = subj.i
    for child in subj.rights:
        if child.dep_ in {"appos", "compound", "flat"} or (child.dep_ == "prep" and child.i == end + 1):
            end = max(end, child.right_edge.i)  # "officials in Kyiv", "the coalition of the willing"
    doc = subj.doc
    if end + 1 < len(doc) and doc[end + 1].text in {"”", "’"} and any(t.text in {"“", "‘"} for t in doc[subj.left_edge.i : end]):
        end += 1  # keep a quoted name whole: the so-called “coalition of the willing”
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
