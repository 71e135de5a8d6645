"""In-article coreference beyond name variants: pronouns and role nominals.

Linked only where it is reliable. A subject or possessive he/she/his/her
refers to the subject (else the latest) person named earlier in its
sentence, else to the subject (else the first) person of the previous
sentence that names one within the paragraph; names inside quotation marks
are the quoted speaker's, not the writer's, and are skipped. "the Ukrainian
leader" refers to the one entity described earlier with a fitting role and
affiliation, and only when exactly one fits. "it" or "they" as the subject
of a speech verb ("it said", "they told reporters") refers to the
organisation -- or, for "they", group (NORP) -- that is the subject of an
earlier clause of its sentence, else of the previous sentence in the
paragraph; elsewhere, or when that subject is not named ("the
administration"), "it" and "they" are too often not that entity to link.
"""

from __future__ import annotations

from .records import Entity, Mention

_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
# Group pronouns, linked only as the subject of a speech verb, and the labels
# of the names they can stand for.
_GROUP_PRONOUNS = {"it": frozenset({"ORG"}), "they": frozenset({"ORG", "NORP"})}

class _Mask:
    """Characters already taken by a mention: constant-time overlap tests
    (articles can hold tens of thousands of mentions)."""

    def __init__(self, size: int, spans=()) -> None:
        self.taken = bytearray(size + 1)
        for s, e in spans:
            self.add(s, e)

    def add(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)

    def hit(self, start: int, end: int) -> bool:
        return any(self.taken[start:end])


def _link_pronouns(parsed, name_mentions) -> list[tuple[int, int, str, int]]:
    """he/she/his/her as subject or possessive -> a person named just before:
    the subject (else the latest) person earlier in the same sentence, else
    the subject (else the first) person of the previous sentence naming one.
    it/they as the subject of a speech verb -> an organisation (they: or a
    group) that is the subject of a clause just before."""
    from .attribution import SPEECH_CUES

    subjects = _subject_starts(parsed)
    quoted = _Mask(len(parsed.article.text), _quoted_spans(parsed))
    # names inside a quote are the speaker's, not the writer's
    names = [(parsed.locate(s), s, k, lab) for s, _e, k, lab in sorted(name_mentions) if not quoted.hit(s, s + 1)]
    pools: dict[frozenset, dict[int, list[tuple[int, int, bool]]]] = {}
    for labels in {frozenset({"PERSON"}), *_GROUP_PRONOUNS.values()}:
        by_sentence = pools[labels] = {}
        for sent, s, k, lab in names:
            if lab in labels:
                by_sentence.setdefault(sent, []).append((s, k, s in subjects))
    out = []
    for offset, tok in parsed.tokens():
        word = tok.lower_
        if word in _PRONOUNS and tok.dep_ in {"nsubj", "nsubjpass", "poss"}:
            by_sentence, subject_only = pools[frozenset({"PERSON"})], False
        elif word in _GROUP_PRONOUNS and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH_CUES:
            by_sentence, subject_only = pools[_GROUP_PRONOUNS[word]], True
        else:
            continue
        pos = offset + tok.idx
        k = _antecedent(parsed, by_sentence, pos, subject_only)
        if k is not None:
            out.append((pos, pos + len(tok.text), tok.text, k))
    return out


def _antecedent(parsed, by_sentence: dict[int, list[tuple[int, int, bool]]], pos: int,
                subject_only: bool = False) -> int | None:
    """The subject (else the latest) name before ``pos`` in its sentence, else
    the subject (else the first) name of the previous sentence naming one,
    within the paragraph (a quoted sentence in between names no one).
    ``subject_only``: only names heading a clause subject count."""
    if subject_only:
        by_sentence = {p: [c for c in cs if c[2]] for p, cs in by_sentence.items()}
    sent = parsed.locate(pos)
    before = [c for c in by_sentence.get(sent, []) if c[0] < pos]
    if before:
        return next((c[1] for c in reversed(before) if c[2]), before[-1][1])
    prev = next((p for p in range(sent - 1, sent - 4, -1) if _same_block(parsed, p, sent) and by_sentence.get(p)), None)
    if prev is None:
        return None
    return next((c[1] for c in by_sentence[prev] if c[2]), by_sentence[prev][0][1])


def _same_block(parsed, a: int, b: int) -> bool:
    sents = parsed.sentences
    if a < 0 or b >= len(sents):
        return False
    return a == b - 1 or sents[a].block == sents[b].block


def _quoted_spans(parsed) -> list[tuple[int, int]]:
    from .quotes import find_quoted
    from .sentences import article_blocks

    return [(r.start, r.end) for r in find_quoted(parsed.article.text, article_blocks(parsed.article))]


def _subject_starts(parsed) -> set[int]:
    """Start offsets of the name tokens that head a clause subject."""
    out = set()
    for offset, tok in parsed.tokens():
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.pos_ == "PROPN":
            out.add(offset + tok.left_edge.idx)
            out.update(offset + t.idx for t in tok.subtree if t.pos_ == "PROPN")
    return out


# --------------------------------------------------------------------------- nominals

# Role nouns that stand for a head of state or government ("the Ukrainian
# leader" for a president or prime minister).
_LEADER_ROLES = frozenset({"president", "prime minister", "chancellor", "premier", "king", "queen", "leader", "head of state"})


def _role_fits(nominal: str, role: str | None) -> bool:
    if role is None:
        return False
    return nominal == role or (nominal == "leader" and role in _LEADER_ROLES)


def _affiliation_fits(words: list[str], affiliation: str | None) -> bool:
    """"Ukrainian" fits "Ukraine" (shared stem of five letters)."""
    if not words:
        return True
    if not affiliation:
        return False
    aff = affiliation.lower().replace(".", "")
    return any(w.replace(".", "")[:5] == aff[:5] for w in words if len(w) >= 2)


def link_nominals(parsed, entities: list[Entity], mentions: list[Mention], descriptions) -> list[Mention]:
    """"the Ukrainian leader" -> the entity earlier described with that role
    and affiliation; linked only when exactly one entity fits."""
    from .descriptions import ROLES, _word

    taken = _Mask(len(parsed.article.text), [(m.start, m.end) for m in mentions])
    out = []
    for offset, tok in parsed.tokens():
        role = _word(tok)
        if tok.pos_ != "NOUN" or role not in ROLES or not any(c.lower_ == "the" for c in tok.children):
            continue
        start = offset + tok.left_edge.idx
        end = offset + tok.idx + len(tok.text)
        if taken.hit(offset + tok.idx, end) or any(c.dep_ in {"appos", "compound"} and c.pos_ == "PROPN" for c in tok.children):
            continue
        mods = [c.lower_ for c in tok.children if c.dep_ in {"amod", "compound", "nmod"} and c.i < tok.i]
        fits = {d.entity for d in descriptions if d.start < start and _role_fits(role, d.role) and _affiliation_fits(mods, d.affiliation)}
        if len(fits) == 1:
            k = fits.pop()
            out.append(Mention(start, end, parsed.article.text[start:end], entities[k].label, k, "nominal"))
    return out
