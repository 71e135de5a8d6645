"""Read the conflicts the comparators report on real three-outlet coverage (NeuS).

NeuS stories are three outlets' openings of one story (left, centre, right).
There is no gold for conflicts, so this prints every conflict (with its
claims) and counts the differences, for reading by eye: a conflict that a
careful reader would not call one is a precision bug to fix with a general
rule (and a unit test), never with a word from the printed story.

    STORYWEAVE_BENCH_DIR=/path/to/bench PYTHONPATH=src python bench/neus_conflicts.py [--split train] [--n 300] [--seed 7]

Use the train split while changing rules; look at val only to check.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections import Counter
from pathlib import Path

from storyweave.conflicts import find_conflicts
from storyweave.ledger import build_ledger
from storyweave.linking import link_entities
from storyweave.reading import read_articles
from storyweave.records import Article, Block, Field

OUTLETS = ("left", "centre", "right")


def stories(bench: Path, split: str, n: int, seed: int) -> list[list[Article]]:
    lines = (bench / "neus" / f"{split}.source").read_text(encoding="utf-8").splitlines()
    random.Random(seed).shuffle(lines)
    out = []
    for k, line in enumerate(lines[:n]):
        arts = []
        for j, part in enumerate(line.split("[SEP]")):
            body = part.split("ARTICLE=>", 1)[-1].strip()
            arts.append(Article(id=f"s{k}a{j}", ref=f"s{k}a{j}", text=body, blocks=(Block("p", 0, len(body)),),
                                source=Field(OUTLETS[j % 3], "neus")))
        out.append(arts)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="train")
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    bench = os.environ.get("STORYWEAVE_BENCH_DIR")
    if not bench:
        print("set STORYWEAVE_BENCH_DIR", file=sys.stderr)
        return 2
    groups = stories(Path(bench), args.split, args.n, args.seed)
    flat = [a for g in groups for a in g]
    readings = dict(zip((a.id for a in flat), read_articles(flat)))
    kinds: Counter = Counter()
    shared_quotes = 0
    for arts in groups:
        reads = [readings[a.id] for a in arts]
        entities = link_entities(arts, reads)
        conflicts, differences = find_conflicts(arts, reads, entities)
        shared_quotes += sum(len({o["article_id"] for o in q["occurrences"]}) > 1
                             for q in build_ledger(arts, reads, entities))
        kinds.update(f"difference:{d['kind']}" for d in differences)
        kinds.update(f"conflict:{c['kind']}" for c in conflicts)
        for c in conflicts:
            print(f"[{c['kind']}] {c['subject']} | {c.get('explanation', '')}")
            for claim in c["claims"]:
                print(f"    {claim['source']}: {claim['value']!r} | {claim['text'][:140]}")
    print(f"\n{len(groups)} stories, quotes carried by 2+ outlets: {shared_quotes}")
    for kind, n in sorted(kinds.items()):
        print(f"  {kind:36s} {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
