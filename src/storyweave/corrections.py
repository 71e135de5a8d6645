"""Users' corrections of story grouping, as pure functions over assignments.

An assignment state is a mapping ``article id -> story id``. The store keeps
every ``records.Correction`` and replays them, in order, over the clusterer's
output after each ingestion or re-clustering, then rebuilds the clusterer
from the corrected state (``StoryClusterer.rebuild``), so later articles join
the corrected stories. Corrections name stories through member articles,
so they keep their meaning when re-clustering renames stories; a correction
whose articles are all unknown is skipped (the articles may not be ingested
yet), never an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .errors import UsageError
from .ids import content_id
from .records import Correction

KINDS = ("merge", "split", "move")


def validate(correction: Correction) -> Correction:
    """Reject malformed corrections at once (bad usage, one line)."""
    if correction.kind not in KINDS:
        raise UsageError(f"unknown correction kind {correction.kind!r} (use merge, split or move)")
    if not correction.article_ids:
        raise UsageError(f"a {correction.kind} correction needs at least one article id")
    if correction.kind == "merge" and len(correction.article_ids) < 2:
        raise UsageError("a merge needs one article from each of at least two stories")
    if correction.kind == "move" and not (correction.target_article or correction.target_story):
        raise UsageError("a move needs a target article or a target story")
    return correction


def split_story_id(article_ids: Iterable[str]) -> str:
    return content_id("split", sorted(article_ids), prefix="s")


def apply_corrections(assignments: Mapping[str, str], corrections: Iterable[Correction]) -> dict[str, str]:
    """A new assignment mapping with ``corrections`` applied in order."""
    state = dict(assignments)
    for correction in corrections:
        validate(correction)
        if correction.kind == "merge":
            _merge(state, correction)
        elif correction.kind == "split":
            _move(state, correction.article_ids, split_story_id(correction.article_ids))
        else:
            target = state.get(correction.target_article) if correction.target_article else None
            target = target or correction.target_story
            if target is not None:
                _move(state, correction.article_ids, target)
    return state


def _merge(state: dict[str, str], correction: Correction) -> None:
    stories = [state[a] for a in correction.article_ids if a in state]
    if len(stories) < 2:
        return
    into, others = stories[0], set(stories[1:]) - {stories[0]}
    for article_id, story_id in state.items():
        if story_id in others:
            state[article_id] = into


def _move(state: dict[str, str], article_ids: Iterable[str], target: str) -> None:
    for article_id in article_ids:
        if article_id in state:
            state[article_id] = target


def stories_of(assignments: Mapping[str, str]) -> dict[str, list[str]]:
    """story id -> its article ids (in the mapping's order)."""
    out: dict[str, list[str]] = {}
    for article_id, story_id in assignments.items():
        out.setdefault(story_id, []).append(article_id)
    return out
