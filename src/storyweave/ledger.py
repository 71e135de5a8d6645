"""The quote ledger: each quote of a story once, with every outlet carrying it.

Quotes of different articles are one entry when their words align: the
shorter one's words are found, in order, in the longer one (word-level
``difflib`` matching blocks cover ``MIN_COVERAGE`` of the shorter), so a quote
that one outlet trimmed, split around its attribution or spelled with other
quote marks still joins the fuller wording. Very short quotes (a phrase)
join only when their words are equal.

Each entry gives the fullest wording as ``text``, the speaker (the story
entity most occurrences give), and per occurrence the span, the speaker as
the article gives it, the cue, the medium and the word-level ``diff``
against the ledger text. When occurrences give the quote to different
story entities, ``quote_speaker_conflicts`` reports it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from .claims import make_claim, sentence_bounds
from .ids import content_id
from .linking import StoryEntities
from .names import fold
from .records import Article, Quote, Reading

# Share of the shorter quote's words that must align, in order, with the
# longer one for the two to be one quote. Tuned on the unit cases of
# tests/test_ledger.py (trimmed, split and respelled quotes join; quotes
# sharing a stock phrase do not); re-run them after a change.
MIN_COVERAGE = 0.8
# Only runs of at least this many words in a row count toward coverage, so
# that scattered common words ("this is ... the") do not make two quotes one.
MIN_BLOCK_WORDS = 3
# Quotes shorter than this (in words) join only when their words are equal.
MIN_FUZZY_WORDS = 4

# Speakers given only as a pronoun: resolution may be wrong, so they do not
# decide a quote-speaker conflict and weigh half in the speaker vote.
_PRONOUNS = frozenset("he she they it we i you him her them".split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class _Occurrence:
    article: Article
    reading: Reading
    quote: Quote
    words: tuple[str, ...]  # folded words, for matching
    surface: tuple[str, ...]  # words as written, for the diff
    speaker_id: str | None
    speaker_name: str | None
    speaker_type: str | None = None

    @property
    def wording(self) -> str:
        return _wording(self.article, self.quote)


def _wording(article: Article, quote: Quote) -> str:
    """The quoted words: the pieces of a split quote joined, attribution left out."""
    if quote.parts:
        return " … ".join(article.text[p.start:p.end].strip() for p in quote.parts)
    return quote.text


# Cues of indirect attributions that are evidence rather than speech when
# their subject is no named entity ("new polls show that ...", "the data
# suggest ..."): not "who said what", so not in the ledger.
_EVIDENCE_CUES = frozenset({"show", "find", "indicate", "suggest", "reveal", "confirm"})


def _evidence(quote: Quote) -> bool:
    return not quote.direct and quote.speaker is None and quote.cue in _EVIDENCE_CUES


def _occurrences(articles, readings, entities: StoryEntities) -> list[_Occurrence]:
    by_id = {a.id: a for a in articles}
    out = []
    for reading in readings:
        article = by_id.get(reading.article_id)
        for quote in reading.quotes if article else ():
            if _evidence(quote):
                continue
            surface = tuple(_WORD.findall(_wording(article, quote)))
            words = tuple(fold(w) for w in surface)
            if not words:
                continue
            speaker = entities.lookup(article.id, quote.speaker)
            out.append(_Occurrence(article, reading, quote, words, surface, speaker.id if speaker else None,
                                   speaker.name if speaker else None, speaker.type if speaker else None))
    return out


def coverage(short: Sequence[str], long: Sequence[str]) -> float:
    """Share of ``short``'s words matched, in order and in runs, inside ``long``."""
    if not short:
        return 0.0
    matcher = SequenceMatcher(None, short, long, autojunk=False)
    size = min(MIN_BLOCK_WORDS, len(short))
    return sum(b.size for b in matcher.get_matching_blocks() if b.size >= size) / len(short)


def same_quote(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two folded word sequences are one quote (one may be trimmed)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_FUZZY_WORDS:
        return tuple(short) == tuple(long)
    return coverage(short, long) >= MIN_COVERAGE


def _candidate_pairs(keys: list[tuple[bool, tuple[str, ...]]]) -> set[tuple[int, int]]:
    """Pairs of distinct quotes that share a run of ``MIN_BLOCK_WORDS`` words.

    Any two quotes that ``same_quote`` joins share such a run, so comparing
    only these pairs loses nothing and avoids comparing every pair.
    """
    index: dict[tuple, list[int]] = {}
    for i, (direct, words) in enumerate(keys):
        if len(words) >= MIN_FUZZY_WORDS:
            for k in set(zip(*(words[j:] for j in range(MIN_BLOCK_WORDS)))):
                index.setdefault((direct, k), []).append(i)
    pairs = set()
    for members in index.values():
        pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1:])
    return pairs


def _group(occurrences: list[_Occurrence]) -> list[list[_Occurrence]]:
    """Occurrences of one quote together: equal words first, then aligned words."""
    keys = list(dict.fromkeys((occ.quote.direct, occ.words) for occ in occurrences))
    parent = list(range(len(keys)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in sorted(_candidate_pairs(keys)):
        if root(a) != root(b) and same_quote(keys[a][1], keys[b][1]):
            parent[root(a)] = root(b)
    position = {key: i for i, key in enumerate(keys)}
    groups: dict[int, list[_Occurrence]] = {}
    for occ in occurrences:
        groups.setdefault(root(position[(occ.quote.direct, occ.words)]), []).append(occ)
    return list(groups.values())


def word_diff(reference: Sequence[str], words: Sequence[str]) -> list[list[str]]:
    """[op, text] ops turning the ledger wording into this occurrence's wording."""
    matcher = SequenceMatcher(None, [fold(w) for w in reference], [fold(w) for w in words], autojunk=False)
    ops: list[list[str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(["equal", " ".join(reference[i1:i2])])
            continue
        if i2 > i1:
            ops.append(["delete", " ".join(reference[i1:i2])])
        if j2 > j1:
            ops.append(["insert", " ".join(words[j1:j2])])
    return ops


def _occurrence_json(occ: _Occurrence, reference: Sequence[str]) -> dict:
    q = occ.quote
    item = {
        "article_id": occ.article.id,
        "start": q.start,
        "end": q.end,
        "text": occ.article.text[q.start:q.end],
        "source": occ.article.source_name,
        "speaker": q.speaker_text,
        "cue": q.cue,
        "medium": q.medium,
        "diff": word_diff(reference, occ.surface),
    }
    if q.parts:
        item["parts"] = [{"start": p.start, "end": p.end} for p in q.parts]
    return item


def _explicit(occ: _Occurrence) -> bool:
    """A direct, whole quote whose speaker the article names (not only a
    pronoun) in the quote's own sentences.

    Indirect quotes and fragments are left out of speaker conflicts: their
    attribution chains ("X said, Bloomberg reported") are often misread."""
    given = fold(occ.quote.speaker_text or "")
    return bool(given) and given not in _PRONOUNS and occ.quote.direct and not occ.quote.fragment \
        and _speaker_at_quote(occ)


def _role_word(name: str | None) -> bool:
    """A "name" that is only a title ("President" in a headline)."""
    from .descriptions import ROLES  # the reader's role vocabulary

    return fold(name or "") in ROLES


def _speaker_at_quote(occ: _Occurrence) -> bool:
    """The speaker is named within the quote's own sentences (not found further away)."""
    q = occ.quote
    if q.speaker_start is None:
        return True
    start = sentence_bounds(occ.article, occ.reading, q.start)[0]
    end = sentence_bounds(occ.article, occ.reading, max(q.start, q.end - 1))[1]
    return start <= q.speaker_start and (q.speaker_end or q.speaker_start) <= end


def _speaker(group: list[_Occurrence]) -> str | None:
    """Weighted vote: longer quotes and named (not pronoun) speakers count more."""
    votes: Counter = Counter()
    for occ in group:
        name = occ.speaker_name or occ.quote.speaker_text
        if name:
            votes[name] += len(occ.words) * (2 if _explicit(occ) else 1)
    return votes.most_common(1)[0][0] if votes else None


def _entry(group: list[_Occurrence]) -> dict:
    fullest = max(group, key=lambda occ: (len(occ.words), not occ.quote.fragment))
    sources = list(dict.fromkeys(occ.article.source_name or occ.article.ref for occ in group))
    return {
        "id": content_id(fullest.words, prefix="q-"),
        "speaker": _speaker(group),
        "text": fullest.wording,
        "direct": fullest.quote.direct,
        "sources": sources,
        "occurrences": [_occurrence_json(occ, fullest.surface) for occ in group],
    }


def _scare_quote(group: list[_Occurrence]) -> bool:
    """A short phrase every outlet sets in quotation marks without anyone
    saying it ("the so-called “coalition of the willing”"): a term, not a quote."""
    return all(occ.quote.fragment and not (occ.speaker_name or occ.quote.speaker_text) for occ in group)


def _groups(articles, readings, entities) -> list[list[_Occurrence]]:
    groups = [g for g in _group(_occurrences(articles, readings, entities)) if not _scare_quote(g)]
    groups.sort(key=lambda g: (-len({o.article.id for o in g}), not g[0].quote.direct,
                               g[0].article.id, g[0].quote.start))
    return groups


def build_ledger(articles: Sequence[Article], readings: Sequence[Reading], entities: StoryEntities) -> list[dict]:
    """Every quote of the story once, most widely carried first (report ``quote`` dicts)."""
    return [_entry(group) for group in _groups(articles, readings, entities)]


def ledger_findings(articles, readings, entities: StoryEntities) -> tuple[list[dict], list[dict]]:
    """(quote-speaker conflicts, trimmed/reworded-quote differences) of a story."""
    groups = _groups(articles, readings, entities)
    return _speaker_conflicts(groups), _quote_differences(groups)


def quote_speaker_conflicts(articles, readings, entities: StoryEntities) -> list[dict]:
    """``quote-speaker`` conflicts: one quote given to different story entities."""
    return _speaker_conflicts(_groups(articles, readings, entities))


def _speaker_conflicts(groups: list[list[_Occurrence]]) -> list[dict]:
    conflicts = []
    for group in groups:
        # People only: an institution and its head speak for each other
        # ("the White House said" / "Biden said"), which is no contradiction.
        named = [occ for occ in group if occ.speaker_id and _explicit(occ) and occ.speaker_type == "PERSON"
                 and not _role_word(occ.speaker_name)]
        if len({occ.speaker_id for occ in named}) < 2:
            continue
        preview = _preview(max(group, key=lambda occ: len(occ.words)))
        claims = [_speaker_claim(occ) for occ in named]
        names = sorted({occ.speaker_name for occ in named})
        conflicts.append({"kind": "quote-speaker", "subject": f"who said “{preview}”", "claims": claims,
                          "explanation": f"the same words are given to {' and '.join(names)}"})
    return conflicts


def quote_differences(articles, readings, entities: StoryEntities) -> list[dict]:
    """``trimmed-quote`` / ``reworded-quote`` differences: outlets printing one quote differently."""
    return _quote_differences(_groups(articles, readings, entities))


def _quote_differences(groups: list[list[_Occurrence]]) -> list[dict]:
    out = []
    for group in groups:
        if len({occ.article.id for occ in group}) < 2:
            continue
        fullest = max(group, key=lambda occ: len(occ.words))
        kinds: dict[str, list[_Occurrence]] = {}
        for occ in group:
            kind = _variant_kind(word_diff(fullest.surface, occ.surface))
            if kind:
                kinds.setdefault(kind, []).append(occ)
        for kind, occs in kinds.items():
            claims = [_quote_claim(o) for o in [fullest, *occs]]
            out.append({"kind": kind, "subject": f"quote: “{_preview(fullest)}”", "claims": claims,
                        "explanation": _variant_explanation(kind, occs)})
    return out


def _variant_kind(ops: list[list[str]]) -> str | None:
    """'trimmed-quote' when words are only missing at the ends, 'reworded-quote' otherwise."""
    changed = [i for i, (op, _) in enumerate(ops) if op != "equal"]
    if not changed:
        return None
    at_ends = all(ops[i][0] == "delete" and (i == 0 or i == len(ops) - 1) for i in changed)
    return "trimmed-quote" if at_ends else "reworded-quote"


def _variant_explanation(kind: str, occs: list[_Occurrence]) -> str:
    outlets = ", ".join(dict.fromkeys(o.article.source_name or o.article.ref for o in occs))
    if kind == "trimmed-quote":
        return f"{outlets} print only part of the quote"
    return f"{outlets} print the quote with other words (see the ledger's word diff)"


def _preview(occ: _Occurrence, words: int = 10) -> str:
    """The first words of the quote as written (punctuation kept)."""
    written = occ.wording.split()
    return " ".join(written[:words]) + (" …" if len(written) > words else "")


def _quote_claim(occ: _Occurrence) -> dict:
    return make_claim(occ.article, occ.reading, occ.wording, occ.quote.start, occ.quote.end)


def _speaker_claim(occ: _Occurrence) -> dict:
    q = occ.quote
    start, end = (q.speaker_start, q.speaker_end) if q.speaker_start is not None else (q.start, q.end)
    return make_claim(occ.article, occ.reading, occ.speaker_name or q.speaker_text or "", start, end)
