"""Article -> features for story grouping.

Each article becomes an immutable ``ArticleFeatures``: named entities folded
into comparable keys by type (person, org, place, other), years and explicit
calendar days ("Nov. 27") mentioned, the publication day, key-term counts (weighted by IDF later, against document
frequencies the clusterer keeps incrementally), and the dense embedding of
title + lead. Features are computed in batch (``extract_many``) and stored
as JSON by the store (``to_json`` / ``from_json``), so the clusterer can be
rebuilt without re-reading articles.

Entities come from a ``records.Reading`` when the reading layer already ran,
otherwise from a fast spaCy pass with only the NER component (about 9k words/s
on 2 cores, see DEPENDENCIES.md), or, with ``ner="none"``, not at all.
"""

from __future__ import annotations

import base64
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np

from . import embed
from .records import Article, Reading
from .timexpr import MONTHS

# spaCy label -> grouping type. Dates are read as years; numbers stay key terms.
LABEL_GROUPS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "other",
    "EVENT": "other",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
    "LAW": "other",
}
GROUPS = ("person", "org", "place", "other")
# How much of the body goes into the embedded "lead" (characters). Chosen so the
# headline and first sentence or two are in (300 beat 600 and 1200 on
# ECB+ train topics with the 256-dim embedder); re-run bench/ecbplus.py.
LEAD_CHARS = 300
# Key terms kept per article (most frequent first). Re-run bench/ecbplus.py.
MAX_TERMS = 80
MAX_ENTITIES = 40

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|\d+(?:[.,]\d+)?", re.UNICODE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# "Nov. 27", "November 27th", "27 November", "27th of Nov." (a year after it
# may follow; years_in reads it). Not the start of a longer number ("May
# 5,000") or a clock time.
_MONTH_NAME = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
               r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_MONTH_DAY = re.compile(
    rf"\b(?P<m1>{_MONTH_NAME})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?![,.]\d|:)"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH_NAME})(?!\w)"
)
_MONTH_NUMBER = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
_MONTH_LENGTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DROP = re.compile(r"^(the|a|an)\s+|['’]s$|[^\w\s-]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """What the clusterer knows about one article."""

    article_id: str
    vector: np.ndarray = field(repr=False, compare=False)  # float32, L2-normalised
    entities: tuple[tuple[str, str, int], ...] = ()  # (group, key, mentions), sorted, unique
    years: tuple[int, ...] = ()
    terms: tuple[tuple[str, int], ...] = ()  # (term, count), most frequent first
    day: int | None = None  # publication date as a proleptic ordinal
    source: str | None = None
    story_key: str | None = None
    minhash: np.ndarray | None = field(default=None, repr=False, compare=False)  # uint64 signature
    month_days: tuple[str, ...] = ()  # explicit calendar days in the text ("Nov. 27"), "MM-DD", sorted

    def entity_keys(self, group: str | None = None) -> set[str]:
        return {key for g, key, _ in self.entities if group is None or g == group}

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "article_id": self.article_id,
            "vector": _pack(np.asarray(self.vector, dtype=np.float32)),
            "entities": [list(e) for e in self.entities],
            "years": list(self.years),
            "month_days": list(self.month_days),
            "terms": [list(t) for t in self.terms],
            "day": self.day,
            "source": self.source,
            "story_key": self.story_key,
            "minhash": None if self.minhash is None else _pack(np.asarray(self.minhash, dtype=np.uint64)),
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ArticleFeatures:
        data = json.loads(text)
        minhash = data.get("minhash")
        return cls(
            article_id=data["article_id"],
            vector=_unpack(data["vector"], np.float32),
            entities=tuple((g, k, int(n)) for g, k, n in data.get("entities", ())),
            years=tuple(int(y) for y in data.get("years", ())),
            month_days=tuple(data.get("month_days", ())),
            terms=tuple((t, int(c)) for t, c in data.get("terms", ())),
            day=data.get("day"),
            source=data.get("source"),
            story_key=data.get("story_key"),
            minhash=None if minhash is None else _unpack(minhash, np.uint64),
        )


def _pack(array: np.ndarray) -> str:
    return base64.b64encode(array.tobytes()).decode("ascii")


def _unpack(text: str, dtype: Any) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=dtype).copy()


# --------------------------------------------------------------------------- parts


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


_STOP: frozenset[str] | None = None


def key_terms(text: str, limit: int = MAX_TERMS) -> tuple[tuple[str, int], ...]:
    """Most frequent content words and numbers of ``text``, lowercased."""
    global _STOP
    if _STOP is None:
        _STOP = _stop_words()
    counts: Counter[str] = Counter()
    for match in _WORD.finditer(text.lower()):
        word = match.group().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if (len(word) > 2 and word not in _STOP) or word[:1].isdigit():
            counts[word] += 1
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])


def entity_key(text: str, label: str) -> str | None:
    """Comparable key of an entity name: folded; people by surname."""
    cleaned = " ".join(_DROP.sub("", text.strip()).lower().split())
    if not cleaned or len(cleaned) < 2:
        return None
    if label == "PERSON":
        return cleaned.split()[-1]
    return cleaned


def entity_pairs(named: Iterable[tuple[str, str]]) -> tuple[tuple[str, str, int], ...]:
    """(text, spaCy label) pairs -> sorted unique (group, key, mentions) triples."""
    keys: Counter[tuple[str, str]] = Counter()
    for text, label in named:
        group = LABEL_GROUPS.get(label)
        key = entity_key(text, label) if group else None
        if key:
            keys[(group, key)] += 1
    return tuple(sorted((g, k, n) for (g, k), n in keys.most_common(MAX_ENTITIES)))


def years_in(text: str) -> tuple[int, ...]:
    return tuple(sorted({int(y) for y in _YEAR.findall(text)}))


def month_days_in(text: str) -> tuple[str, ...]:
    """Explicit month + day mentions of ``text`` as sorted unique "MM-DD" strings."""
    found = set()
    for match in _MONTH_DAY.finditer(text):
        name, day = (match["m1"], match["d1"]) if match["m1"] else (match["m2"], match["d2"])
        month = _MONTH_NUMBER.get(name.rstrip(".").lower()[:3])
        if month and 1 <= int(day) <= _MONTH_LENGTH[month - 1]:
            found.add(f"{month:02d}-{int(day):02d}")
    return tuple(sorted(found))


def day_of(published: str | None) -> int | None:
    """Proleptic ordinal of an ISO date/datetime string, or None."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def lead_text(article: Article, chars: int = LEAD_CHARS) -> str:
    title = article.title_value or ""
    body = article.text[:chars]
    cut = body.rfind(" ")
    if len(article.text) > chars and cut > chars // 2:
        body = body[:cut]
    return f"{title}\n{body}".strip()


# --------------------------------------------------------------------------- NER


# Components the grouping NER pass needs; the rest of the shared pipeline is
# disabled per call (Language.pipe's ``disable`` does not mutate the pipeline,
# so readers in other threads are unaffected). Same entities as a separately
# loaded NER-only model, without loading the model twice.
NER_PIPES = ("tok2vec", "ner")


def ner_pass(texts: Sequence[str], batch_size: int = 32) -> list[list[tuple[str, str]]]:
    """(entity text, label) pairs for each text, NER only."""
    from .nlp import get_nlp

    nlp = get_nlp()
    disable = [name for name in nlp.pipe_names if name not in NER_PIPES]
    return [[(e.text, e.label_) for e in doc.ents] for doc in nlp.pipe(texts, batch_size=batch_size, disable=disable)]


def _reading_pairs(reading: Reading) -> list[tuple[str, str]]:
    """One (canonical name, label) pair per mention of each named entity."""
    by_index = {e.index: e for e in reading.entities}
    pairs = [(by_index[m.entity].name, by_index[m.entity].label) for m in reading.mentions
             if m.kind == "name" and m.entity in by_index]
    return pairs or [(e.name, e.label) for e in reading.entities]


# --------------------------------------------------------------------------- batch


def source_of(article: Article) -> str | None:
    url = article.url_value
    if url:
        host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].split(":")[0]
        return host.removeprefix("www.") or None
    name = article.source_name
    return name.lower().strip() if name else None


def extract_many(
    articles: Sequence[Article],
    readings: Sequence[Reading | None] | None = None,
    ner: str = "spacy",
    minhash: bool = True,
) -> list[ArticleFeatures]:
    """Features of ``articles`` in one batch (embedding and NER batched).

    ``readings`` (same order, entries may be None) supply entities when the
    reading layer already ran. ``ner`` is "spacy" (NER-only pass for articles
    without a reading) or "none" (no entities: faster, weaker grouping).
    ``minhash`` adds the article's MinHash signature (for ``why``; ~1.4k/s).
    """
    readings = list(readings) if readings is not None else [None] * len(articles)
    vectors = embed.embed([lead_text(a) for a in articles])
    need = [i for i, r in enumerate(readings) if r is None] if ner == "spacy" else []
    named: dict[int, list[tuple[str, str]]] = dict(zip(need, ner_pass([_ner_text(articles[i]) for i in need])))
    out = []
    for i, article in enumerate(articles):
        pairs = _reading_pairs(readings[i]) if readings[i] is not None else named.get(i, [])
        out.append(assemble(article, vectors[i], pairs))
    if minhash:
        from .dedup import minhash as signature

        out = [with_minhash(f, signature(a.text).hashvalues) for f, a in zip(out, articles)]
    return out


def _ner_text(article: Article) -> str:
    title = article.title_value
    return f"{title}\n{article.text}" if title else article.text


def assemble(article: Article, vector: np.ndarray, pairs: list[tuple[str, str]]) -> ArticleFeatures:
    """Features from parts computed elsewhere: the lead vector and (entity text, label) pairs."""
    full = _ner_text(article)
    return ArticleFeatures(
        article_id=article.id,
        vector=vector,
        entities=entity_pairs(pairs),
        years=years_in(full),
        month_days=month_days_in(full),
        terms=key_terms(full),
        day=day_of(article.published_value),
        source=source_of(article),
        story_key=article.story_key,
    )


def extract(article: Article, reading: Reading | None = None, ner: str = "spacy", minhash: bool = True) -> ArticleFeatures:
    """Features of one article (prefer ``extract_many`` for many)."""
    return extract_many([article], [reading], ner=ner, minhash=minhash)[0]


def with_minhash(features: ArticleFeatures, signature: np.ndarray) -> ArticleFeatures:
    return replace(features, minhash=np.asarray(signature, dtype=np.uint64))
