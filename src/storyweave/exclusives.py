"""Exclusives: what only one independent source reports.

A fact whose statements all come from one independent-source group (one
outlet, or wire copies and one owner's outlets) is exclusive to that group.
In a story with a single group everything would be "exclusive", which says
nothing, so such stories have none. Questions and fragments too short to
carry a claim are left out; the rest are listed in story order (article, then
position), one item per fact, cited to its first statement.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from .records import Article, Fact

MIN_WORDS = 6  # shorter single-source sentences are rarely a claim worth listing

_WORD = re.compile(r"\S+")


def exclusive_to_json(fact: Fact, articles: Sequence[Article] | Mapping[str, Article]) -> dict:
    """The schema's ``exclusive`` item for a single-source fact."""
    by_id = articles if isinstance(articles, Mapping) else {a.id: a for a in articles}
    aid, _, start, end = fact.statements[0]
    article = by_id[aid]
    return {
        "fact_id": fact.id,
        "text": article.text[start:end],
        "article_id": aid,
        "start": start,
        "end": end,
        "source": article.source_name,
    }


def find_exclusives(facts: Sequence[Fact], articles: Sequence[Article], groups: Mapping[str, str]) -> list[dict]:
    """Exclusive items of the story (schema ``exclusive``), in story order."""
    if len({groups.get(a.id, a.id) for a in articles}) < 2:
        return []
    order = {a.id: k for k, a in enumerate(articles)}
    out = []
    for fact in facts:
        if fact.support != 1:
            continue
        item = exclusive_to_json(fact, articles)
        text = item["text"].strip()
        if len(_WORD.findall(text)) < MIN_WORDS or text.rstrip("\"”’'").endswith("?"):
            continue
        out.append(item)
    out.sort(key=lambda i: (order[i["article_id"]], i["start"]))
    return out
