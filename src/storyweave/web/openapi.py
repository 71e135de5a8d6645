"""The OpenAPI 3.1 description of the web app's JSON API."""

from __future__ import annotations

from typing import Any

from .. import __version__

REPORT_SCHEMA = "storyweave.report/1 (src/storyweave/schema/report-1.schema.json)"


def _get(summary: str, schema: dict[str, Any], *, param: str | None = None, query: str | None = None,
         paged: bool = False) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
        },
    }
    params = []
    if param:
        params.append({"name": param, "in": "path", "required": True, "schema": {"type": "string"}})
        op["responses"]["404"] = {"description": "no such id",
                                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    if query:
        params.append({"name": query, "in": "query", "required": False, "schema": {"type": "string"}})
    if paged:
        params += [
            {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0, "default": 0}},
            {"name": "limit", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 0, "maximum": 1000, "default": 100}},
        ]
    if params:
        op["parameters"] = params
    return {"get": op}


def openapi() -> dict[str, Any]:
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    return {
        "openapi": "3.1.0",
        "info": {"title": "storyweave", "version": __version__,
                 "description": "Read-only API over a storyweave store: stories, their cross-source reports, articles."},
        "paths": {
            "/api/stories": _get("Stories, newest and largest first", {"type": "array", "items": ref("StoryRow")},
                                 paged=True),
            "/api/stories/{id}": _get("The report (schema storyweave.report/1) of one story", ref("Report"), param="id"),
            "/api/articles/{id}": _get("One article with its cleaned text", ref("Article"), param="id"),
            "/api/search": _get("Full-text search over article titles and texts", {"type": "array", "items": ref("SearchHit")},
                                query="q"),
        },
        "components": {"schemas": {
            "StoryRow": {"type": "object", "required": ["id", "articles", "outlets"], "properties": {
                "id": {"type": "string"}, "title": {"type": ["string", "null"]},
                "articles": {"type": "integer"}, "outlets": {"type": "integer"},
                "latest": {"type": ["string", "null"]},
                "independent": {"type": ["integer", "null"]},
                "conflicts": {"type": ["integer", "null"], "description": "null until the story was analysed"}}},
            "Report": {"type": "object", "description": f"A report with one story, valid against {REPORT_SCHEMA}",
                       "required": ["schema", "stories", "dropped"],
                       "properties": {"schema": {"const": "storyweave.report/1"}, "stories": {"type": "array"},
                                      "dropped": {"type": "array"}}},
            "Article": {"type": "object", "required": ["id", "text"], "properties": {
                "id": {"type": "string"}, "title": {"type": ["string", "null"]}, "source": {"type": ["string", "null"]},
                "url": {"type": ["string", "null"]}, "published": {"type": ["string", "null"]},
                "text": {"type": "string"}, "story_id": {"type": ["string", "null"]}}},
            "SearchHit": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"}, "title": {"type": ["string", "null"]}, "source": {"type": ["string", "null"]},
                "published": {"type": ["string", "null"]}, "story_id": {"type": ["string", "null"]},
                "snippet": {"type": ["string", "null"], "description": "matches in [brackets]"}}},
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
        }},
    }
