"""Small hand-written stories for the analysis tests (align, summary, timeline).

Readings are built directly from the texts: sentences are the fixture's own
lines (one sentence per line, a line starting with "# " is a heading), and
entities, quantities and dates are located by the literal strings the test
names, so each test states exactly what the reading layer is assumed to have
found.
"""

from __future__ import annotations

from storyweave.ids import content_id
from storyweave.records import Article, Block, Entity, Field, Mention, Quantity, Reading, Sentence, TimeExpr


def article(lines: list[str], *, source: str, published: str | None = None, ref: str | None = None) -> Article:
    text, blocks = "", []
    for line in lines:
        kind = "h" if line.startswith("# ") else "p"
        line = line[2:] if kind == "h" else line
        if text:
            text += "\n"
        blocks.append(Block(kind, len(text), len(text) + len(line)))
        text += line
    return Article(
        id=content_id(source, text, prefix="a-"),
        ref=ref or f"{source}.txt",
        text=text,
        blocks=tuple(blocks),
        source=Field(source, "test"),
        published=Field(published, "test") if published else None,
    )


def reading(
    art: Article,
    *,
    entities: dict[str, str] | None = None,
    numbers: dict[str, float] | None = None,
    times: list[tuple[str, str | None, str]] | None = None,
    anchor: str | None = None,
) -> Reading:
    """``entities`` name -> label; ``numbers`` text -> value; ``times``
    (text, ISO value or None, granularity); every occurrence is marked."""
    sentences = tuple(
        Sentence(i, b.start, b.end, block=i, heading=b.kind == "h") for i, b in enumerate(art.blocks)
    )

    def sentence_of(pos: int) -> int:
        return next(s.index for s in sentences if s.start <= pos < s.end)

    ents, mentions = [], []
    for k, (name, label) in enumerate((entities or {}).items()):
        ents.append(Entity(k, name, label))
        for pos in _find_all(art.text, name):
            mentions.append(Mention(pos, pos + len(name), name, label, k))
    quantities = [
        Quantity(pos, pos + len(t), t, v, v, v, None, None, sentence_of(pos))
        for t, v in (numbers or {}).items()
        for pos in _find_all(art.text, t)
    ]
    time_exprs = [
        TimeExpr(pos, pos + len(t), t, value, value is None or not t[:1].isdigit(), anchor, sentence_of(pos), gran)
        for t, value, gran in (times or [])
        for pos in _find_all(art.text, t)
    ]
    return Reading(art.id, sentences, tuple(ents), tuple(sorted(mentions, key=lambda m: m.start)), (), (), tuple(quantities), tuple(time_exprs))


def _find_all(text: str, needle: str) -> list[int]:
    out, pos = [], text.find(needle)
    while pos >= 0:
        out.append(pos)
        pos = text.find(needle, pos + 1)
    return out
