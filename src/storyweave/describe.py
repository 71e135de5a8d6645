"""How each outlet describes each person and organisation of a story.

The reading layer gives, per article, ``Description`` records (role,
qualifier, affiliation) attached to article-level entities; this stage maps
them to story entities (``linking``) and lists them outlet by outlet, as the
report's ``description`` objects, ready for comparison (``conflicts``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .linking import StoryEntities, StoryEntity
from .records import Article, Description, Reading


@dataclass(frozen=True, slots=True)
class Described:
    """A description placed in its story: which entity, which article."""

    entity: StoryEntity
    article: Article
    reading: Reading
    description: Description


def iter_described(
    articles: Sequence[Article], readings: Sequence[Reading], entities: StoryEntities
) -> Iterator[Described]:
    """Every description whose entity is linked to a story entity, in reading order."""
    by_id = {article.id: article for article in articles}
    for reading in readings:
        article = by_id.get(reading.article_id)
        if article is None:
            continue
        for description in reading.descriptions:
            entity = entities.lookup(reading.article_id, description.entity)
            if entity is not None:
                yield Described(entity, article, reading, description)


def description_dict(item: Described) -> dict:
    """The report's ``description`` object for one description."""
    d = item.description
    return {
        "text": d.text,
        "article_id": item.article.id,
        "start": d.start,
        "end": d.end,
        "source": item.article.source_name,
        "role": d.role,
        "qualifier": d.qualifier,
        "affiliation": d.affiliation,
        "pattern": d.pattern,
    }


def descriptions_by_outlet(
    articles: Sequence[Article], readings: Sequence[Reading], entities: StoryEntities
) -> dict[str, list[dict]]:
    """Story entity id -> its descriptions, grouped by outlet (then by position).

    The same wording repeated in one article is listed once (its first place).
    """
    out: dict[str, list[dict]] = {}
    seen: set[tuple[str, str, str]] = set()
    for item in iter_described(articles, readings, entities):
        key = (item.entity.id, item.article.id, item.description.text.lower())
        if key in seen:
            continue
        seen.add(key)
        out.setdefault(item.entity.id, []).append(description_dict(item))
    for items in out.values():
        items.sort(key=lambda d: ((d["source"] or "").lower(), d["article_id"], d["start"]))
    return out
