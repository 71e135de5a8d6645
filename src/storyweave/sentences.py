"""Sentences with offsets into ``Article.text``.

Boundaries come from spaCy's parser (already run for the other extractors,
so splitting costs nothing extra), then are cut at block boundaries: a
sentence never crosses a paragraph, and a heading block is one sentence with
``heading=True``. Splits right after a title abbreviation ("Gen.", "Sir") or
after "U.S." followed by a lower-case word are undone.

A multi-sentence quotation may span several sentences; the quote extractor
works on characters, not sentences, so it still yields one ``Quote``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from .records import Article, Block, Sentence

# Abbreviations that precede a name and never end a sentence (general English).
_TITLE_ABBREV = re.compile(
    r"(?:^|\s)(?:Gen|Lt|Col|Sen|Rep|Gov|Dr|Mr|Mrs|Ms|St|Prof|Sgt|Capt|Adm|Maj|Gov|Pres|Supt|Rev|Sir|Hon|No|Nos|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?$"
)
_ACRONYM_END = re.compile(r"(?:[A-Z]\.){2,}$")


def article_blocks(article: Article) -> tuple[Block, ...]:
    """The article's blocks, or one paragraph block over the whole text."""
    if article.blocks:
        return article.blocks
    return (Block("p", 0, len(article.text)),) if article.text else ()


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _raw_spans(docs: Sequence[tuple[int, object]]) -> list[tuple[int, int]]:
    spans = []
    for offset, doc in docs:
        for sent in doc.sents:
            spans.append((offset + sent.start_char, offset + sent.end_char))
    return spans


def _should_merge(text: str, left: tuple[int, int], right: tuple[int, int]) -> bool:
    head = text[left[0] : left[1]].rstrip()
    nxt = text[right[0] : right[1]].lstrip()
    if "\n" in text[left[1] - 1 : right[0] + 1] or not nxt:
        return False
    if _TITLE_ABBREV.search(head):
        return True
    return bool(_ACRONYM_END.search(head)) and nxt[:1].islower()


def _merge_abbreviations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for span in spans:
        if out and _should_merge(text, out[-1], span):
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


def _cut_at_blocks(text: str, spans, blocks: Sequence[Block]) -> list[Sentence]:
    ends = [b.end for b in blocks]
    out: list[Sentence] = []
    done_headings: set[int] = set()
    for start, end in spans:
        bi = bisect.bisect_right(ends, start)
        while bi < len(blocks) and blocks[bi].start < end:
            block = blocks[bi]
            if block.kind == "h":
                s, e, heading = block.start, block.end, True
                if bi in done_headings:
                    bi += 1
                    continue
                done_headings.add(bi)
            else:
                s, e, heading = max(start, block.start), min(end, block.end), False
            s, e = _strip(text, s, e)
            if e > s:
                out.append(Sentence(len(out), s, e, bi, heading))
            bi += 1
    return out


def split_sentences(article: Article, docs: Sequence[tuple[int, object]] | None = None) -> list[Sentence]:
    """Sentences of ``article``; ``docs`` are its parsed ``(offset, Doc)`` chunks
    (parsed here when not given)."""
    if not article.text.strip():
        return []
    if docs is None:
        from .nlp import chunk_article, parse_chunks

        chunks = chunk_article(article)
        docs = list(zip((o for o, _ in chunks), parse_chunks([t for _, t in chunks])))
    spans = _merge_abbreviations(article.text, _raw_spans(docs))
    return _cut_at_blocks(article.text, spans, article_blocks(article))


def sentence_locator(sentences: Sequence[Sentence]):
    """A function mapping a character offset to the index of the sentence
    holding it (or the nearest preceding one; 0 when there is none)."""
    starts = [s.start for s in sentences]

    def locate(char: int) -> int:
        return max(0, bisect.bisect_right(starts, char) - 1)

    return locate
