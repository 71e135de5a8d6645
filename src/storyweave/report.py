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
