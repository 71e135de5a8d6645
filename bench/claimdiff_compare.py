"""Measure the structured comparators (quantities, descriptions) on ClaimDiff train.

Each ClaimDiff pair is two claims on one story from two outlets; a pair is
*related* (label 1) when annotators found that one claim strengthens or
weakens the other (either variant, strength or weak). ClaimDiff has no
"contradiction" label, so this is a proxy: a comparator that flags a pair
should mostly flag related pairs (precision proxy = share of flagged pairs
that are related, against the base rate), and the examples printed are for
reading by eye.

Every pair is analysed as a two-article story with the real reader and
``conflicts.find_conflicts``: once as is (counts compared only when the
sentences share entities and words), once with the two claims given as one
aligned fact (as ``align`` would when it links them).

    STORYWEAVE_BENCH_DIR=/path/to/bench PYTHONPATH=src python bench/claimdiff_compare.py

Re-run after changing compare.ABOUT_TOLERANCE / NEARLY_FLOOR,
compare.TIME_FRAME_DAYS, measures.MIN_TERM_OVERLAP or the description rules.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

from align_claimdiff import load_pairs  # bench/ is on sys.path when run as a script
from storyweave.conflicts import find_conflicts
from storyweave.linking import link_entities
from storyweave.reading import read_articles
from storyweave.records import Article, Block, Field

EXAMPLES = 12


def _article(ident: str, text: str, source: str, date: str) -> Article:
    return Article(id=ident, ref=ident, text=text, blocks=(Block("p", 0, len(text)),),
                   source=Field(source, "claimdiff"), published=Field(date, "claimdiff"))


def analyse(pairs: list[dict], aligned: bool) -> list[tuple[dict, list[dict], list[dict]]]:
    claims = sorted({t for p in pairs for t in (p["claim_a"], p["claim_b"])})
    readings = dict(zip(claims, read_articles([_article("x", t, "x", "") for t in claims])))
    out = []
    for p in pairs:
        arts = [_article("a", p["claim_a"], p["article_a"], p["date"]), _article("b", p["claim_b"], p["article_b"], p["date"])]
        reads = [readings[p["claim_a"]], readings[p["claim_b"]]]
        reads = [type(r)(**{**{f: getattr(r, f) for f in r.__slots__}, "article_id": a.id}) for r, a in zip(reads, arts)]
        facts = None
        if aligned:
            facts = [{"id": "f", "mentions": [{"article_id": a.id, "start": 0} for a in arts]}]
        conflicts, differences = find_conflicts(arts, reads, link_entities(arts, reads), facts)
        out.append((p, conflicts, differences))
    return out


def report(name: str, results) -> None:
    labels = [p["label"] for p, _, _ in results]
    base = sum(labels) / max(len(labels), 1)
    print(f"\n{name}: {len(results)} pairs, base rate of related pairs {base:.3f}")
    flagged: dict[str, list[int]] = {}
    for p, conflicts, differences in results:
        for kind in {f"conflict:{c['kind']}" for c in conflicts} | {f"difference:{d['kind']}" for d in differences}:
            flagged.setdefault(kind, []).append(p["label"])
    for kind, got in sorted(flagged.items()):
        print(f"  {kind:38s} pairs {len(got):4d}  related {sum(got) / len(got):.3f}")
    shown = Counter()
    for p, conflicts, _ in results:
        for c in conflicts:
            if shown[c["kind"]] < EXAMPLES:
                shown[c["kind"]] += 1
                values = " | ".join(f"{cl['value']!r}" for cl in c["claims"])
                print(f"  [{c['kind']}] label={p['label']} {c['subject']}: {values}")


def main() -> int:
    bench = os.environ.get("STORYWEAVE_BENCH_DIR")
    if not bench:
        print("set STORYWEAVE_BENCH_DIR", file=sys.stderr)
        return 2
    pairs = load_pairs(Path(bench))
    report("as is", analyse(pairs, aligned=False))
    report("claims aligned", analyse(pairs, aligned=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
