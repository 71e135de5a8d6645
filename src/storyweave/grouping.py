"""Online story grouping over the store: the edge between ``store`` and the
pure ``features`` / ``cluster`` / ``corrections`` / ``dedup`` stages.

The story index is never trusted on disk: it is rebuilt from the stored
per-article features and (corrected) assignments, so a lost or corrupt index
cannot lose a story. Each article's features and assignment are written in one
transaction, so a killed run resumes with the articles still unassigned.
"""

from __future__ import annotations

from typing import Any

from . import codec
from .cluster import StoryClusterer
from .explain import explain
from .config import Settings
from .corrections import apply_corrections, validate
from .errors import UnknownId, UsageError
from .features import ArticleFeatures, extract_many
from .records import Article, Correction

# Bump when ArticleFeatures or the embedder change: stored features of another
# version are recomputed.
FEATURES_VERSION = "2"  # 2: month_days (explicit calendar days)
# Articles featurised per batch (embedding and NER are batched); a
# consolidation pass (StoryClusterer.consolidate) follows each batch. The
# benches (bench/ecbplus.py, bench/stream.py) consolidate at the same cadence.
BATCH = 256


def _stored_features(store, article_ids: list[str]) -> dict[str, ArticleFeatures]:
    found = {}
    for article_id in article_ids:
        data = store.get_features(article_id, FEATURES_VERSION)
        if data is not None:
            found[article_id] = ArticleFeatures.from_json(data)
    return found


def features_for(store, articles: list[Article]) -> list[ArticleFeatures]:
    """Stored features of the articles, computing and storing what is missing."""
    have = _stored_features(store, [a.id for a in articles])
    todo = [a for a in articles if a.id not in have]
    for article, features in zip(todo, extract_many(todo) if todo else []):
        store.put_features(article.id, FEATURES_VERSION, features.to_json())
        have[article.id] = features
    return [have[a.id] for a in articles]


def load_clusterer(store) -> StoryClusterer:
    """Rebuild the story index from the store (stored features + assignments)."""
    pairs = [
        (ArticleFeatures.from_json(data), story_id)
        for _, data, story_id in store.iter_features(FEATURES_VERSION)
        if story_id is not None
    ]
    return StoryClusterer().rebuild(pairs)


def group_unassigned(store, settings: Settings | None = None) -> int:
    """Assign every stored article without a story, in arrival order. Returns how many."""
    todo = store.unassigned_article_ids()
    if not todo:
        return 0
    clusterer = load_clusterer(store)
    frozen = corrected_articles(store)
    for start in range(0, len(todo), BATCH):
        articles = list(store.iter_articles(todo[start:start + BATCH]))
        for article, features in zip(articles, features_for(store, articles)):
            _assign(store, clusterer, article, features)
        _move(store, clusterer.consolidate(frozen=frozen).moved)
    reapply_corrections(store)
    return len(todo)


def _corrections(store) -> list[Correction]:
    return [codec.from_jsonable(Correction, data) for _, data in store.corrections()]


def corrected_articles(store) -> set[str]:
    """Articles named by a user correction: consolidation leaves their stories alone."""
    named: set[str] = set()
    for correction in _corrections(store):
        named.update(correction.article_ids)
        if correction.target_article:
            named.add(correction.target_article)
    return named


def _move(store, moved: dict[str, str]) -> None:
    """Write a consolidation pass's relabelling (scores and components kept)."""
    if not moved:
        return
    titles = {a.id: a.title_value for a in store.iter_articles(list(moved))}
    with store.transaction():
        for article_id, story_id in moved.items():
            before = store.assignment(article_id) or {}
            store.assign(article_id, story_id, title=titles.get(article_id), score=before.get("score"),
                         components=before.get("components"))
        store.drop_empty_stories()


def _assign(store, clusterer: StoryClusterer, article: Article, features: ArticleFeatures) -> None:
    result = clusterer.assign(features)
    with store.transaction():
        for merged in result.merged:  # earlier stories this article showed to be one
            for article_id in store.story_article_ids(merged):
                store.assign(article_id, result.story_id)
        store.assign(article.id, result.story_id, key=article.story_key, title=article.title_value,
                     score=result.score, components=result.components)
        store.drop_empty_stories()


def reapply_corrections(store) -> None:
    """Replay the user's corrections over the current assignments."""
    corrections = _corrections(store)
    if not corrections:
        return
    current = store.story_assignments()
    corrected = apply_corrections(current, corrections)
    with store.transaction():
        for article_id, story_id in corrected.items():
            if current.get(article_id) != story_id:
                store.assign(article_id, story_id)
        store.drop_empty_stories()


def _article_id(store, ident: str) -> str:
    found = store.resolve_article(ident)
    if found is None:
        raise UnknownId("article", ident)
    return found


def correct(store, kind: str, data: dict[str, Any]) -> str:
    """Record a merge / split / move and apply it now; it survives later ingests."""
    if kind == "merge":
        heads = []
        for ident in data["stories"]:
            story_id = store.resolve_story(ident)
            if story_id is None:
                raise UnknownId("story", ident)
            heads.append(store.story_article_ids(story_id)[0])
        correction = Correction("merge", tuple(heads))
    elif kind == "split":
        correction = Correction("split", tuple(_article_id(store, a) for a in data["articles"]))
    elif kind == "move":
        story_id = store.resolve_story(data["story"])
        target_article = store.story_article_ids(story_id)[0] if story_id else None
        if target_article is None:
            target_article = store.resolve_article(data["story"])
        if target_article is None:
            raise UnknownId("story", data["story"])
        correction = Correction("move", (_article_id(store, data["article"]),), target_article=target_article)
    else:
        raise UsageError(f"unknown correction {kind!r}")
    validate(correction)
    store.add_correction(kind, codec.to_jsonable(correction))
    reapply_corrections(store)
    moved = correction.article_ids
    return f"{kind}: {len(moved)} article(s); now in story {store.assignment(moved[0])['story_id']}"


def why(store, ident_a: str, ident_b: str) -> dict[str, Any]:
    """The similarity components that joined or separated two stored articles."""
    a_id, b_id = _article_id(store, ident_a), _article_id(store, ident_b)
    fa, fb = features_for(store, list(store.iter_articles([a_id, b_id])))
    result = explain(fa, fb, load_clusterer(store))
    story_a, story_b = store.assignment(a_id), store.assignment(b_id)
    result["article_a"], result["article_b"] = a_id, b_id
    result["story_a"] = story_a["story_id"] if story_a else None
    result["story_b"] = story_b["story_id"] if story_b else None
    result["same_story"] = result["story_a"] is not None and result["story_a"] == result["story_b"]
    return result


def independent_groups(articles: list[Article], settings: Settings) -> dict[str, str]:
    """article id -> independent-source key (copies and one owner's outlets share one)."""
    from .dedup import independent_groups as groups, load_families

    families = load_families(settings.families) if settings.families else {}
    return groups(articles, families)


def story_listing(store, settings: Settings) -> list[dict[str, Any]]:
    """Stories, newest and largest first, with their articles and independent sources."""
    rows = []
    for row in store.story_rows():
        articles = list(store.iter_articles(store.story_article_ids(row["id"])))
        members = [{"id": a.id, "ref": a.ref, "source": a.source_name, "title": a.title_value,
                    "published": a.published_value} for a in articles]
        independent = len(set(independent_groups(articles, settings).values()))
        rows.append(dict(row, members=members, independent_sources=independent))
    return rows
