"""How an article describes its people and organisations.

Four patterns, read off the dependency parse around each name mention:

- ``title``: words in front of the name in the same noun phrase
  ("former U.S. President Donald Trump", "Kremlin spokesman Dmitry Peskov");
- ``appositive``: a noun phrase set off by commas next to the name, on either
  side ("Oksana Markarova, Ukraine's ambassador to the U.S.,";
  "His Ukraine envoy, retired General Keith Kellogg,");
- ``possessive``: an appositive owned by a person ("Zelenskyy's top aide,
  Andriy Yermak": role "aide", affiliation "Zelenskyy"; "his" is resolved to
  the person it refers to when the entity step linked it);
- ``relative``: a relative clause on the name ("Trump, who is widely
  expected to ...") - the text is kept, the role is None.

Normalisation: ``role`` is the lower-case base noun phrase from ``ROLES``
(multi-word roles such as "prime minister" kept whole; abbreviations such as
"Gen." expanded). Gendered forms are kept distinct ("spokesman",
"spokeswoman", "spokesperson"): the text says what it says, and the
comparison stage may treat them as one. ``qualifier`` is lower case
("former", "acting", "then-", "retired", ...); ``affiliation`` is as written.
"""

from __future__ import annotations

import bisect

from .records import Description

# Role nouns of news writing (general English, checked against PolNeAR train
# sources). Multi-word roles are matched before single words.
ROLES = frozenset(
    """president vice-president premier minister chancellor king queen prince princess emperor monarch
    spokesman spokeswoman spokesperson envoy governor ambassador adviser advisor aide commander general
    admiral colonel lieutenant captain major sergeant officer chief head leader director chairman chairwoman
    chair ceo founder owner senator congressman congresswoman representative lawmaker legislator delegate
    mayor judge justice prosecutor attorney lawyer secretary negotiator diplomat official candidate nominee
    nominee challenger incumbent rival strategist pollster analyst economist expert professor researcher
    scientist journalist reporter correspondent editor columnist anchor host author writer activist
    commentator campaigner manager chairperson treasurer speaker whip mp minister ombudsman sheriff
    commissioner inspector superintendent investigator agent operative staffer assistant associate partner
    president-elect governor-elect mayor-elect daughter son wife husband brother sister father mother
    businessman businesswoman billionaire executive banker donor fundraiser surrogate supporter critic
    ally opponent friend pastor bishop cardinal pope rabbi imam cleric patriarch dictator ruler prosecutor
    coach player star actor actress singer veteran soldier spy director-general secretary-general""".split()
)
MULTI_ROLES = (
    "prime minister",
    "foreign minister",
    "defense minister",
    "defence minister",
    "interior minister",
    "finance minister",
    "deputy prime minister",
    "secretary of state",
    "secretary general",
    "chief of staff",
    "press secretary",
    "national security adviser",
    "attorney general",
    "supreme leader",
    "first lady",
    "vice president",
    "running mate",
    "house speaker",
    "majority leader",
    "minority leader",
    "chief executive",
    "campaign manager",
    "foreign secretary",
    "home secretary",
    "head of state",
    "chief of general staff",
    "defense secretary",
    "defence secretary",
    "treasury secretary",
    "health secretary",
    "homeland security secretary",
)
# Modifiers that change a role's status rather than the role (general English).
QUALIFIERS = frozenset(
    "former acting then then- retired late deputy interim ex ex- outgoing incoming current newly elected "
    "senior top designate presumptive presumed would-be erstwhile longtime long-time".split()
)
ABBREVIATIONS = {
    "gen": "general", "sen": "senator", "rep": "representative", "gov": "governor", "lt": "lieutenant",
    "col": "colonel", "adm": "admiral", "sgt": "sergeant", "capt": "captain", "maj": "major",
    "pres": "president", "amb": "ambassador", "atty": "attorney", "supt": "superintendent",
}
HONORIFICS = frozenset("mr mrs ms miss dr sir dame lord lady rev mx".split())
_SKIP_DEPS = frozenset({"det", "punct", "cc", "prep", "case", "conj", "appos", "relcl", "acl"})


def _word(tok) -> str:
    w = tok.lower_.rstrip(".")
    return ABBREVIATIONS.get(w, w)


def parse_role(tokens) -> tuple[str | None, str | None, list]:
    """(role, qualifier, affiliation tokens) from a list of tokens."""
    words = [_word(t) for t in tokens]
    role_at: tuple[int, int] | None = None
    for i in range(len(words)):
        for phrase in MULTI_ROLES:
            n = phrase.count(" ") + 1
            if " ".join(words[i : i + n]) == phrase and (role_at is None or i + n >= role_at[1]):
                role_at = (i, i + n)
        if words[i] in ROLES and (role_at is None or i >= role_at[1]):
            role_at = (i, i + 1)
        if role_at and role_at[1] < len(words) and words[role_at[1]] == "of":
            break  # "chief of general staff": the head comes before "of"
    role = " ".join(words[role_at[0] : role_at[1]]) if role_at else None
    quals = [_qualifier(words, i) for i, w in enumerate(words) if w in QUALIFIERS and not (role_at and role_at[0] <= i < role_at[1])]
    qualifier = " ".join(dict.fromkeys(quals)) or None
    aff = [
        t
        for i, t in enumerate(tokens)
        if (t.pos_ == "PROPN" or t.ent_type_ in {"GPE", "NORP", "ORG"} or (t.dep_ == "poss" and t.pos_ != "PRON"))
        and not (role_at and role_at[0] <= i < role_at[1])
        and _word(t) not in HONORIFICS
        and _word(t) not in ROLES
        and _word(t) not in QUALIFIERS
    ]
    return role, qualifier, aff


def _qualifier(words: list[str], i: int) -> str:
    """"then" / "ex" written with a hyphen keep it: "then-", "ex-"."""
    w = words[i]
    return w + "-" if w in {"then", "ex"} and i + 1 < len(words) and words[i + 1] == "-" else w


def _text_of(tokens, offset: int, text: str) -> tuple[int, int, str]:
    start = offset + tokens[0].idx
    end = offset + tokens[-1].idx + len(tokens[-1].text)
    return start, end, text[start:end]


def _affiliation(aff, offset: int, text: str, resolve) -> str | None:
    if not aff:
        return None
    owner = [t for t in aff if t.dep_ == "poss"] or aff
    s, e, written = _text_of(owner, offset, text)
    return resolve(s, e) or written


# --------------------------------------------------------------------------- patterns


def _title_tokens(span) -> list:
    """Tokens before the name in its own noun phrase ("former U.S. President")."""
    doc, root = span.doc, span.root
    out = []
    i = span.start - 1
    while i >= 0:
        tok = doc[i]
        hyphenated = tok.text == "-" and i > 0 and doc[i - 1].lower_ in {"then", "ex"}
        if tok.dep_ in _SKIP_DEPS and tok.text not in {"’s", "'s"} and not hyphenated or tok.is_space:
            break
        if not _governed_by(tok, root):
            break
        out.insert(0, tok)
        i -= 1
    out = out[_after_misread_verb(out):]
    while out and (out[0].text in {"’s", "'s"} or _word(out[0]) in HONORIFICS):
        out.pop(0)
    while out and _word(out[-1]) in HONORIFICS:
        out.pop()
    return out


_FINITE_OR_PARTICIPLE = {"VBD", "VBN", "VBZ", "VBP"}


def _after_misread_verb(tokens) -> int:
    """Where a title really starts when the parser read a clause as one noun
    phrase: "Trump blasted Senate Majority Leader" (``blasted`` taken as an
    adjective) -> after the verb. A lower-case verb form that follows a noun
    (not joined by a hyphen, as in "Trump-appointed") is the clause's verb;
    "newly elected President" keeps its participle."""
    cut = 0
    for i, tok in enumerate(tokens):
        if (i > 0 and tok.tag_ in _FINITE_OR_PARTICIPLE and tok.text.islower()
                and tokens[i - 1].pos_ in {"PROPN", "NOUN", "PRON"} and tokens[i - 1].whitespace_):
            cut = i + 1
    return cut


def _governed_by(tok, root) -> bool:
    steps = 0
    while tok.i != root.i and steps < 6:
        if tok.head.i == tok.i:
            return False
        tok, steps = tok.head, steps + 1
    return tok.i == root.i


def _np_tokens(head, exclude) -> list:
    """The noun phrase of ``head`` without ``exclude``'s subtree, relative
    clauses and the commas around it, as a contiguous token list."""
    skip = {t.i for t in exclude.subtree} if exclude is not None else set()
    for child in head.children:
        if child.dep_ in {"relcl", "acl", "appos"} and (exclude is None or child.i != exclude.i):
            skip |= {t.i for t in child.subtree}
    toks = [t for t in head.subtree if t.i not in skip and not t.is_space]
    while toks and toks[0].is_punct:
        toks.pop(0)
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks:
        return []
    run = [toks[0]]  # the first contiguous run (punctuation gaps allowed)
    for tok in toks[1:]:
        if tok.i - run[-1].i > 1 and not all(t.is_punct for t in tok.doc[run[-1].i + 1 : tok.i]):
            break
        run.append(tok)
    while run and run[-1].is_punct:
        run.pop()
    return run


def _appositive_np(span):
    """(noun head, exclude) of an appositive next to the name, or None."""
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and _describes(child) and _set_off(child):
            return child, None
    if root.dep_ == "appos" and _describes(root.head) and root.head.i < span.start:
        return root.head, root
    return None


def _set_off(head) -> bool:
    """The appositive ends at punctuation or the end of the sentence."""
    after = head.right_edge.i + 1
    return after >= len(head.doc) or head.doc[after].is_punct or head.doc[after].is_space


def _describes(head) -> bool:
    """An appositive head that can describe: a common noun or a role word,
    not another name ("Macron, Merz and Tusk")."""
    return head.ent_type_ not in {"PERSON", "GPE", "ORG"} and (head.pos_ == "NOUN" or _word(head) in ROLES)


def _relative(span):
    for child in span.root.children:
        if child.dep_ == "relcl" and child.i >= span.end and child.left_edge.lower_ in {"who", "whose", "whom", "which", "that"}:
            return [t for t in child.subtree if not t.is_space]
    return None


# --------------------------------------------------------------------------- public


def _span_of(parsed, start: int, end: int):
    offsets = [o for o, _ in parsed.docs]
    i = bisect.bisect_right(offsets, start) - 1
    if i < 0:
        return None, 0
    offset, doc = parsed.docs[i]
    return doc.char_span(start - offset, end - offset, alignment_mode="expand"), offset


def _make(entity: int, toks, offset: int, parsed, pattern: str, resolve) -> Description | None:
    if not toks:
        return None
    text = parsed.article.text
    start, end, literal = _text_of(toks, offset, text)
    if pattern == "relative":
        return Description(entity, literal, start, end, None, None, None, "relative")
    role, qualifier, aff = parse_role(toks)
    if role is None and pattern == "title":
        return None
    owner = next((t for t in toks if t.dep_ == "poss"), None)
    affiliation = _affiliation(aff, offset, text, resolve)
    if owner is not None and pattern == "appositive":
        s, e, _ = _text_of([owner], offset, text)
        person = resolve(s, e, person_only=True)
        if person:
            pattern, affiliation = "possessive", person
    if role is None:
        head = max(toks, key=lambda t: t.dep_ in {"appos", "nsubj", "dobj", "pobj", "ROOT"} or t.pos_ == "NOUN")
        role = _word(head) if head.pos_ == "NOUN" else None
    return Description(entity, literal, start, end, role, qualifier, affiliation, pattern)


def _mention_descriptions(parsed, mention, resolve) -> list[Description]:
    span, offset = _span_of(parsed, mention.start, mention.end)
    if span is None or not len(span):
        return []
    out = [_make(mention.entity, _title_tokens(span), offset, parsed, "title", resolve)]
    app = _appositive_np(span)
    if app is not None:
        out.append(_make(mention.entity, _np_tokens(app[0], app[1]), offset, parsed, "appositive", resolve))
    rel = _relative(span)
    if rel:
        out.append(_make(mention.entity, rel, offset, parsed, "relative", resolve))
    return [d for d in out if d is not None]


def _resolver(mentions, entities):
    """Maps a span to the name of the entity mentioned there (pronouns too)."""
    by_start = {m.start: m for m in mentions}

    def resolve(start: int, end: int, person_only: bool = False) -> str | None:
        m = by_start.get(start)
        if m is None or (person_only and m.label != "PERSON"):
            return None
        return entities[m.entity].name if m.kind != "name" or person_only else None

    return resolve


def extract_descriptions(parsed, entities, mentions) -> list[Description]:
    """Descriptions of every PERSON / ORG named in the article."""
    resolve = _resolver(mentions, entities)
    seen: set[tuple[int, int, int]] = set()
    out: list[Description] = []
    for m in mentions:
        if m.kind != "name" or m.label not in {"PERSON", "ORG"}:
            continue
        for d in _mention_descriptions(parsed, m, resolve):
            key = (d.entity, d.start, d.end)
            if key not in seen:
                seen.add(key)
                out.append(d)
    return out
