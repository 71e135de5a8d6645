"""Cross-document entity linking on ECB+ (people, organisations, places).

ECB+ marks entity mentions (HUMAN_PART_PER / HUMAN_PART_ORG / LOC_*) and links
the mentions of one real-world entity across documents (CROSS_DOC_COREF, one
``instance_id`` per entity). Each gold story (topic, ecb | ecbplus) is read
with the real reader and linked with ``linking.link_entities``; every reader
name mention that overlaps a gold mention gets the gold entity. Scored over
cross-document pairs of those mentions: precision (pairs we link that gold
links), recall (gold-linked pairs we link), F1; and the same for the
baseline that links only equal names (folded).

    STORYWEAVE_BENCH_DIR=/path/to/bench PYTHONPATH=src python bench/linking_ecbplus.py [--topics dev|1,3,4]

Thresholds were checked on the train topics only; the dev topics (2, 5, 12,
18, 21, 23, 34, 35) are the quality gate (tests/test_eval_linking.py).

Re-run after changing linking.NAME_SIMILARITY, MIN_FUZZY_LEN or the rules.
"""

from __future__ import annotations

import argparse
import os
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from storyweave.linking import link_entities
from storyweave.names import fold
from storyweave.reading import read_articles
from storyweave.records import Article

_ENTITY_TAGS = ("HUMAN_PART", "LOC_")


def load_doc(path: Path) -> tuple[str, list[tuple[int, int, str]]]:
    """(text, [(start, end, gold entity)]) of one ECB+ file; sentence 0 (often a URL) dropped."""
    root = ET.parse(path).getroot()
    spans, text, by_sentence = {}, "", defaultdict(list)
    for tok in root.iter("token"):
        by_sentence[int(tok.get("sentence"))].append(tok)
    for sentence, toks in sorted(by_sentence.items()):
        if sentence == 0 and len(by_sentence) > 1:
            continue
        for tok in toks:
            if text and not text.endswith("\n"):
                text += " "
            spans[tok.get("t_id")] = (len(text), len(text) + len(tok.text or ""))
            text += tok.text or ""
        text += "\n"
    mentions = _gold_mentions(root, spans)
    return text.rstrip("\n"), mentions


def _gold_mentions(root, spans) -> list[tuple[int, int, str]]:
    markables = root.find("Markables")
    anchored = {}
    for m in markables if markables is not None else ():
        ids = [a.get("t_id") for a in m.findall("token_anchor") if a.get("t_id") in spans]
        if ids and m.tag.startswith(_ENTITY_TAGS):
            anchored[m.get("m_id")] = (spans[ids[0]][0], spans[ids[-1]][1])
    out = []
    relations = root.find("Relations")
    for rel in relations if relations is not None else ():
        if rel.tag != "CROSS_DOC_COREF":
            continue
        for source in rel.findall("source"):
            if source.get("m_id") in anchored:
                start, end = anchored[source.get("m_id")]
                out.append((start, end, rel.get("note")))
    return out


def stories(bench: Path, topics: set[int] | None) -> dict[tuple[str, str], list[Path]]:
    groups: dict[tuple[str, str], list[Path]] = defaultdict(list)
    for folder in sorted((bench / "ecbplus" / "topics").iterdir()):
        if folder.is_dir() and (topics is None or int(folder.name) in topics):
            for path in sorted(folder.glob("*.xml")):
                groups[(folder.name, "ecbplus" if path.stem.endswith("ecbplus") else "ecb")].append(path)
    return groups


def _article(ident: str, text: str) -> Article:
    return Article.from_text(ident, text)


def score_story(paths: list[Path]) -> tuple[list[tuple[str, str, str, str]], int]:
    """Matched mentions as (article, gold, predicted story entity, baseline key); unmatched gold count."""
    docs = [load_doc(p) for p in paths]
    arts = [_article(p.stem, text) for p, (text, _) in zip(paths, docs)]
    readings = read_articles(arts)
    linked = link_entities(arts, readings)
    rows, missed = [], 0
    for art, reading, (_, gold) in zip(arts, readings, docs):
        for start, end, instance in gold:
            hit = next((m for m in reading.mentions if m.kind == "name" and m.start < end and start < m.end), None)
            entity = linked.lookup(art.id, hit.entity) if hit else None
            if entity is None:
                missed += 1
                continue
            local = reading.entities[hit.entity].name if 0 <= hit.entity < len(reading.entities) else hit.text
            rows.append((art.id, instance, entity.id, fold(local)))
    return rows, missed


def pairwise(rows, column: int) -> tuple[int, int, int]:
    """(pairs linked by the prediction, of those correct, pairs linked by gold), across documents."""
    predicted = correct = gold = 0
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            if a[0] == b[0]:
                continue
            same_gold, same_pred = a[1] == b[1], a[column] == b[column]
            gold += same_gold
            predicted += same_pred
            correct += same_gold and same_pred
    return predicted, correct, gold


DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})


def run(bench: Path, topics: set[int] | None = None) -> dict:
    """Pairwise precision / recall / F1 of linking and of the equal-names baseline."""
    totals = {"linking": [0, 0, 0], "equal names": [0, 0, 0]}
    matched = missed = 0
    for paths in stories(bench, topics).values():
        rows, lost = score_story(paths)
        matched, missed = matched + len(rows), missed + lost
        for name, column in (("linking", 2), ("equal names", 3)):
            for k, v in enumerate(pairwise(rows, column)):
                totals[name][k] += v
    out = {"matched": matched, "missed": missed}
    for name, (predicted, correct, gold) in totals.items():
        p, r = correct / max(predicted, 1), correct / max(gold, 1)
        out[name] = {"precision": p, "recall": r, "f1": 2 * p * r / max(p + r, 1e-9),
                     "predicted": predicted, "gold": gold}
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--topics", help="comma-separated topic numbers, or 'dev' (default: all here)")
    args = parser.parse_args()
    bench = os.environ.get("STORYWEAVE_BENCH_DIR")
    if not bench:
        print("set STORYWEAVE_BENCH_DIR", file=sys.stderr)
        return 2
    topics = None
    if args.topics == "dev":
        topics = set(DEV_TOPICS)
    elif args.topics:
        topics = {int(t) for t in args.topics.split(",")}
    result = run(Path(bench), topics)
    print(f"gold mentions matched by a reader name mention: {result['matched']} (unmatched {result['missed']})")
    for name in ("linking", "equal names"):
        m = result[name]
        print(f"{name:12s} cross-document pairs: P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
              f"  (predicted {m['predicted']}, gold {m['gold']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
