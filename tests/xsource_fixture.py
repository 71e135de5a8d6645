"""Hand-built articles and readings for the cross-source tests
(linking, conflicts, ledger, describe).

Each helper locates literal strings in the article text, so a test states
exactly what the reading layer is assumed to have found. Sentences are the
article's lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyweave.ids import content_id
from storyweave.records import (
    Article, Description, Entity, Field, Mention, Quantity, Quote, Reading, Sentence, Span, TimeExpr,
)


def article(text: str, source: str, published: str | None = None) -> Article:
    return Article.from_text(
        f"{source}.txt", text, id=content_id(source, text, prefix="a-"),
        source=Field(source, "test"), published=Field(published, "test") if published else None,
    )


def at(art: Article, needle: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = art.text.index(needle, pos + 1)
    return pos


@dataclass
class Builder:
    art: Article
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    descriptions: list[Description] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)

    def entity(self, name: str, label: str = "PERSON", *aliases: str) -> int:
        """Add an entity; every occurrence of its name and aliases is a mention."""
        index = len(self.entities)
        self.entities.append(Entity(index, name, label, tuple(aliases)))
        for variant in (name, *aliases):
            start = self.art.text.find(variant)
            while start >= 0:
                self.mentions.append(Mention(start, start + len(variant), variant, label, index))
                start = self.art.text.find(variant, start + 1)
        return index

    def describe(self, entity: int, text: str, role=None, qualifier=None, affiliation=None, nth: int = 0):
        start = at(self.art, text, nth)
        self.descriptions.append(Description(entity, text, start, start + len(text), role, qualifier, affiliation))
        return self

    def quote(self, text: str, speaker: int | None, speaker_text: str | None = None, *, direct=True,
              parts: tuple[str, ...] = (), cue="say", fragment=False):
        if parts:
            spans = [Span(at(self.art, p), at(self.art, p) + len(p)) for p in parts]
            start, end = spans[0].start, spans[-1].end
        else:
            start, end, spans = at(self.art, text), at(self.art, text) + len(text), []
        s_start = at(self.art, speaker_text) if speaker_text else None
        self.quotes.append(Quote(start, end, self.art.text[start:end], direct, speaker, speaker_text,
                                 s_start, s_start + len(speaker_text) if speaker_text else None,
                                 cue=cue, parts=tuple(spans), fragment=fragment))
        return self

    def quantity(self, text: str, value: float, unit: str, head: str | None = None, approx=None,
                 low=None, high=None, nth: int = 0):
        start = at(self.art, text, nth)
        self.quantities.append(Quantity(start, start + len(text), text, value, low, high, unit, approx,
                                        head=head or unit))
        return self

    def time(self, text: str, value: str | None, granularity: str = "day", relative: bool = False):
        start = at(self.art, text)
        self.times.append(TimeExpr(start, start + len(text), text, value, relative, None, granularity=granularity))
        return self

    def reading(self) -> Reading:
        sentences = tuple(Sentence(i, b.start, b.end, block=i) for i, b in enumerate(self.art.blocks))
        return Reading(self.art.id, sentences, tuple(self.entities), tuple(sorted(self.mentions, key=lambda m: m.start)),
                       tuple(self.descriptions), tuple(self.quotes), tuple(self.quantities), tuple(self.times))


_DEMO: dict = {}


def demo_story():
    """(articles, readings) of the demo corpus, read by the real reader (cached)."""
    if not _DEMO:
        from pathlib import Path

        from storyweave.config import Settings
        from storyweave.pipeline import extract
        from storyweave.reading import read_articles

        corpus = Path(__file__).resolve().parents[1] / "examples" / "istanbul-2025"
        arts = [a for a in extract([str(corpus)], Settings()) if isinstance(a, Article)]
        _DEMO["story"] = (arts, read_articles(arts))
    return _DEMO["story"]
