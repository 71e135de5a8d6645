"""Report assembly: records -> dicts of the versioned JSON contract
``storyweave.report/1`` (schema/report-1.schema.json)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from . import __version__
from .records import Article, Dropped

SCHEMA_ID = "storyweave.report/1"


def _value(field: Any) -> str | None:
    return field.value if field is not None else None


def article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "ref": article.ref,
        "source": _value(article.source),
        "title": _value(article.title),
        "url": _value(article.url),
        "published": _value(article.published),
        "author": _value(article.author),
        "text": article.text,
        "blocks": [{"kind": b.kind, "start": b.start, "end": b.end} for b in article.blocks],
        "dateline": (
            {"place": _value(article.dateline_place), "agency": _value(article.dateline_agency)}
            if article.dateline_place or article.dateline_agency else None
        ),
        "provenance": {
            name: getattr(article, name).source
            for name in ("title", "source", "url", "published", "author")
            if getattr(article, name) is not None
        },
        "partial": article.partial,
        "removed": [{"reason": r, "line": line} for r, line in article.removed],
    }


def dropped_json(dropped: Dropped) -> dict[str, str]:
    return {"ref": dropped.ref, "stage": dropped.stage, "code": dropped.code, "reason": dropped.reason}


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schema/report-1.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def envelope(stories: list[dict[str, Any]], dropped: list[Dropped], params: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "schema": SCHEMA_ID,
        "generator": f"storyweave {__version__}",
        "params": params or {},
        "stories": stories,
        "dropped": [dropped_json(d) for d in dropped],
    }


def entity_json(entity: Any, descriptions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "mentions": entity.mentions,
        "descriptions": descriptions,
    }


def _contested(conflicts: list[dict[str, Any]]) -> set[tuple[str, int, int]]:
    """Sentence spans that carry a side of a conflict."""
    return {(c["article_id"], c["start"], c["end"]) for conflict in conflicts for c in conflict["claims"]}


def analyze_story(story_id: str, articles: list[Article], readings: list[Any], groups: dict[str, str], *,
                  title: str | None = None, key: str | None = None, summary_words: int = 100,
                  vectors: dict[str, Any] | None = None) -> dict[str, Any]:
    """One story of the report: every cross-source analysis over its articles.

    ``groups`` maps article id -> independent-source key (copies and one
    owner's outlets share a key).
    """
    from .align import align_facts, fact_to_json
    from .conflicts import find_conflicts
    from .describe import descriptions_by_outlet
    from .exclusives import find_exclusives
    from .ledger import build_ledger
    from .linking import link_entities
    from .summary import summarize
    from .timeline import build_timeline

    entities = link_entities(articles, readings)
    facts = align_facts(articles, readings, groups, vectors=vectors)
    conflicts, differences = find_conflicts(articles, readings, entities, facts)
    described = descriptions_by_outlet(articles, readings, entities)
    return {
        "id": story_id,
        "title": title or next((a.title_value for a in articles if a.title_value), None),
        "key": key,
        "independent_sources": len(set(groups.get(a.id, a.id) for a in articles)),
        "articles": [dict(article_json(a), independent_group=groups.get(a.id, a.id)) for a in articles],
        "summary": summarize(articles, readings, facts, words=summary_words, avoid=_contested(conflicts)),
        "facts": [fact_to_json(f, articles) for f in facts],
        "conflicts": conflicts,
        "differences": differences,
        "exclusives": find_exclusives(facts, articles, groups),
        "quotes": build_ledger(articles, readings, entities),
        "entities": [entity_json(e, described.get(e.id, [])) for e in entities.entities],
        "timeline": build_timeline(articles, readings, facts),
    }
