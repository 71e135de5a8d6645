"""Near-duplicates, wire copies and independent sources.

Two articles are copies when their texts are near-duplicates (MinHash over
word shingles, at the article level), or when most paragraphs of the shorter
one reappear nearly verbatim in the other (paragraph level): that catches
the same wire story under different furniture (bylines, "read more" lines,
a local intro paragraph) or lightly edited. Candidates come from datasketch
``MinHashLSH`` indexes, never from comparing all pairs.

``independent_sources`` counts how many independent origins a set of
articles has: copies count once, and outlets of one owner (publisher-family
file, ``domain owner`` per line) or one news agency (dateline agency)
count once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH
from scipy.cluster.hierarchy import DisjointSet

from .errors import UsageError
from .records import Article

NUM_PERM = 128
# Word 4-grams: long enough that shared stock phrases ("said in a statement")
# do not make two different stories look alike, short enough that a light edit
# only breaks a few shingles. Re-run tests/test_dedup.py and bench/stream.py.
SHINGLE = 4
# Estimated Jaccard above which two whole articles are copies. Lightly edited
# wire copies measured 0.77-0.82 on the synthetic edits of tests/test_dedup.py;
# different articles on one story stay under 0.1 (the demo corpus: <= 0.06).
ARTICLE_THRESHOLD = 0.5
# A paragraph pair this similar is "the same paragraph".
PARAGRAPH_THRESHOLD = 0.7
# Share of the shorter article's paragraphs found in the other to call it a copy.
PARAGRAPH_SHARE = 0.6
MIN_PARAGRAPH_WORDS = 8

_WORDS = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    words = _WORDS.findall(text.lower())
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


@lru_cache(maxsize=8)
def _empty(num_perm: int) -> MinHash:
    """An empty MinHash whose permutations are drawn once (datasketch draws
    them on every construction), copied for each signature."""
    return MinHash(num_perm=num_perm)


def minhash(text: str, num_perm: int = NUM_PERM, k: int = SHINGLE) -> LeanMinHash:
    """MinHash signature of ``text``'s word shingles."""
    m = _empty(num_perm).copy()
    m.update_batch(list(shingles(text, k)))
    return LeanMinHash(m)


@lru_cache(maxsize=8)
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """LSH bands and rows for ``threshold``: datasketch finds them by numerical
    integration (~25 ms), once per setting here rather than per index."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def lsh_index(threshold: float, num_perm: int = NUM_PERM) -> MinHashLSH:
    """An empty MinHash LSH index for estimated Jaccard ``threshold``."""
    return MinHashLSH(threshold=threshold, num_perm=num_perm, params=_bands(threshold, num_perm))


def jaccard(a: np.ndarray | LeanMinHash | None, b: np.ndarray | LeanMinHash | None) -> float | None:
    """Estimated Jaccard of two signatures (None when either is missing)."""
    if a is None or b is None:
        return None
    va = a.hashvalues if isinstance(a, (MinHash, LeanMinHash)) else np.asarray(a)
    vb = b.hashvalues if isinstance(b, (MinHash, LeanMinHash)) else np.asarray(b)
    if len(va) != len(vb) or len(va) == 0:
        return None
    return float(np.mean(va == vb))


def paragraphs(article: Article) -> list[str]:
    """Body paragraphs long enough to be worth matching."""
    parts = [article.text[b.start : b.end] for b in article.blocks if b.kind == "p"]
    if not parts:
        parts = article.text.split("\n")
    return [p for p in parts if len(_WORDS.findall(p)) >= MIN_PARAGRAPH_WORDS]


class CopyDetector:
    """Incremental copy detection over article and paragraph MinHash LSH."""

    def __init__(
        self,
        threshold: float = ARTICLE_THRESHOLD,
        paragraph_threshold: float = PARAGRAPH_THRESHOLD,
        paragraph_share: float = PARAGRAPH_SHARE,
        num_perm: int = NUM_PERM,
        shingle: int = SHINGLE,
    ) -> None:
        self.threshold = threshold
        self.paragraph_threshold = paragraph_threshold
        self.paragraph_share = paragraph_share
        self.num_perm = num_perm
        self.shingle = shingle

    def get_params(self) -> dict[str, float | int]:
        return {
            "threshold": self.threshold,
            "paragraph_threshold": self.paragraph_threshold,
            "paragraph_share": self.paragraph_share,
            "num_perm": self.num_perm,
            "shingle": self.shingle,
        }

    def _ensure_state(self) -> None:
        if getattr(self, "lsh_", None) is None:
            self.lsh_ = lsh_index(self.threshold, self.num_perm)
            self.paragraph_lsh_ = lsh_index(self.paragraph_threshold, self.num_perm)
            self.paragraph_count_: dict[str, int] = {}
            self.copies_ = DisjointSet()  # copy relation, closed transitively

    def add(self, article: Article) -> list[str]:
        """Index ``article``; return ids of earlier articles it copies (or is copied by)."""
        self._ensure_state()
        if article.id in self.copies_:
            return []
        signature = minhash(article.text, self.num_perm, self.shingle)
        copies = set(self.lsh_.query(signature)) if len(article.text.split()) >= 1 else set()
        copies |= self._paragraph_copies(article)
        self.lsh_.insert(article.id, signature)
        self.copies_.add(article.id)
        for other in copies:
            self.copies_.merge(article.id, other)
        return sorted(copies)

    def _paragraph_copies(self, article: Article) -> set[str]:
        parts = paragraphs(article)
        hits: dict[str, set[int]] = defaultdict(set)
        for i, text in enumerate(parts):
            signature = minhash(text, self.num_perm, self.shingle)
            for key in self.paragraph_lsh_.query(signature):
                other, _, index = key.rpartition("#")
                hits[other].add(int(index))
            self.paragraph_lsh_.insert(f"{article.id}#{i}", signature)
        self.paragraph_count_[article.id] = len(parts)
        out = set()
        for other, found in hits.items():
            shorter = min(len(parts), self.paragraph_count_.get(other, 0))
            if other != article.id and shorter and len(found) / shorter >= self.paragraph_share:
                out.add(other)
        return out

    def groups(self) -> list[tuple[str, ...]]:
        """Copy groups of two or more articles, each sorted, in a stable order."""
        self._ensure_state()
        return sorted(tuple(sorted(g)) for g in self.copies_.subsets() if len(g) > 1)


def copy_groups(articles: Iterable[Article], detector: CopyDetector | None = None) -> list[tuple[str, ...]]:
    """Groups of articles that are copies of one another (wire copies, reprints)."""
    detector = detector or CopyDetector()
    for article in articles:
        detector.add(article)
    return detector.groups()


# --------------------------------------------------------------------------- independence


def load_families(path: str | Path) -> dict[str, str]:
    """Read a publisher-family file: ``domain owner`` per line, ``#`` comments."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read publisher-family file {path}: {exc.strerror}") from None
    families: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split(None, 1)
        if len(parts) != 2:
            raise UsageError(f"{path}:{number}: expected 'domain owner', got {line!r}")
        families[_domain(parts[0])] = parts[1].strip()
    return families


def _domain(value: str) -> str:
    host = re.sub(r"^[a-z]+://", "", value.strip().lower()).split("/")[0].split(":")[0]
    return host.removeprefix("www.")


def _owner(article: Article, families: dict[str, str]) -> str | None:
    """Who stands behind an article: agency, family owner, outlet, or None."""
    if article.dateline_agency is not None:
        return "agency:" + article.dateline_agency.value.strip().lower()
    names = [_domain(article.url_value)] if article.url_value else []
    if article.source_name:
        names.append(_domain(article.source_name))
    for name in names:
        labels = name.split(".")
        for i in range(len(labels) - 1):  # edition.cnn.com -> cnn.com
            owner = families.get(".".join(labels[i:]))
            if owner:
                return "owner:" + owner.lower()
    return "outlet:" + names[0] if names else None


def independent_groups(
    articles: Sequence[Article],
    families: dict[str, str] | None = None,
    copies: Iterable[Sequence[str]] | None = None,
) -> dict[str, str]:
    """article id -> key of its independent origin (the smallest article id of the group).

    Copies (``copies`` groups, computed here when not given) share an origin;
    so do articles of one owner, family or news agency; an article of unknown
    source is its own origin unless it is a copy.
    """
    families = families or {}
    groups = copy_groups(articles) if copies is None else copies
    origins = DisjointSet(a.id for a in articles)
    for group in groups:
        for other in group[1:]:
            if group[0] in origins and other in origins:
                origins.merge(group[0], other)
    first_of_owner: dict[str, str] = {}
    for article in articles:
        owner = _owner(article, families)
        if owner is not None:
            origins.merge(article.id, first_of_owner.setdefault(owner, article.id))
    return {member: min(subset) for subset in origins.subsets() for member in subset}


def independent_sources(
    articles: Sequence[Article],
    families: dict[str, str] | None = None,
    copies: Iterable[Sequence[str]] | None = None,
) -> int:
    """Number of independent origins among ``articles`` (see ``independent_groups``)."""
    return len(set(independent_groups(articles, families, copies).values()))
