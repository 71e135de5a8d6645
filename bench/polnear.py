"""Who-said-what quality on PolNeAR (attribution relations in US election news).

    STORYWEAVE_BENCH_DIR=/path/to/bench python bench/polnear.py [dev|train] [--limit N]

Each article's raw text is read as an ``Article`` with one block per
non-empty line (not through ``clean``, so offsets match the annotation), with
its publication date from ``metadata.tsv``. When several annotators
annotated an article, the first annotation file (sorted) is the gold.

Matching (bench/README.md): a predicted (speaker, content) pair matches a
gold attribution when the speaker spans overlap (characters) and the content
spans share at least half of the tokens of the longer of the two (tokens:
``\\w+`` or single punctuation; a split quote's content is its parts).
Precision counts predictions matched by some gold item, recall gold items
matched by some prediction.

Predictions are the quotes the reader attributes to a speaker span, minus
fragments (a quoted phrase of a few words: the gold annotates the clause
around it, which the reader reports as an indirect quote containing it) and
minus any quote whose content lies inside another's with the same speaker
(PolNeAR gives each token to one attribution).

- ``pairs``: all gold attributions that have a source, against every
  prediction (direct and indirect).
- ``direct``: gold contents holding a quotation mark, against predictions
  that are direct or whose content holds a quotation mark (content only).
- ``direct_pairs``: the same, with speakers.

Tune on train; report dev. The test split is held out and never read.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyweave.records import Article  # noqa: E402

_TOKEN = re.compile(r"\w+|[^\w\s]")
_QUOTE_CHARS = set("“”\"")


@dataclass
class Gold:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    direct: bool


def bench_dir() -> Path | None:
    value = os.environ.get("STORYWEAVE_BENCH_DIR")
    return Path(value) if value else None


def _spans(field: str) -> list[tuple[int, int]]:
    out = []
    for part in field.split(";"):
        nums = part.split()[-2:]
        out.append((int(nums[0]), int(nums[1])))
    return out


def parse_ann(path: Path, text: str) -> list[Gold]:
    spans: dict[str, list[tuple[int, int]]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            spans[cols[0]] = _spans(cols[1])
        elif line.startswith("E") and len(cols) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in cols[1].split() if ":" in arg))
    golds = []
    for rel in relations:
        content = spans.get(rel.get("Content", ""), [])
        if not content:
            continue
        source = spans.get(rel.get("Source", ""), [])
        direct = any(ch in _QUOTE_CHARS for s, e in content for ch in text[s:e])
        golds.append(Gold(content, source, direct))
    return golds


def load_split(split: str, limit: int | None = None) -> list[tuple[Article, str, list[Gold]]]:
    base = bench_dir() / "polnear"
    rows = list(csv.DictReader(open(base / "metadata.tsv", encoding="utf-8"), delimiter="\t"))
    out = []
    for row in rows:
        if row["compartment"] != split:
            continue
        txt = base / split / "text" / f"{row['filename']}.txt"
        anns = sorted((base / split / "attributions").glob(f"{row['filename']}_*.ann"))
        if not txt.exists() or not anns:
            continue
        text = txt.read_text(encoding="utf-8")
        out.append((article_from_text(row["filename"], text), row["publication_date"], parse_ann(anns[0], text)))
        if limit and len(out) >= limit:
            break
    return out


def article_from_text(ref: str, text: str) -> Article:
    return Article.from_text(ref, text)


def _tokens(text: str, spans) -> set[int]:
    return {m.start() for s, e in spans for m in _TOKEN.finditer(text, s, e)}


def _overlap(a, b) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _content_match(pt: set[int], gt: set[int]) -> bool:
    return bool(pt) and bool(gt) and len(pt & gt) >= 0.5 * max(len(pt), len(gt))


def _prf(tp_p: int, n_p: int, tp_r: int, n_g: int) -> dict[str, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "predicted": n_p, "gold": n_g}


def _score(pred, gold, with_speaker: bool):
    """(matched predictions, matched gold) for one article."""
    hit_p = [False] * len(pred)
    hit_g = [False] * len(gold)
    for i, (pt, ps) in enumerate(pred):
        for j, (gt, gs) in enumerate(gold):
            if _content_match(pt, gt) and (not with_speaker or _overlap(ps, gs)):
                hit_p[i] = hit_g[j] = True
    return sum(hit_p), sum(hit_g)


def _maximal(preds):
    """Drop a prediction whose content lies inside another's with the same
    speaker (a partial quote inside the reported clause): PolNeAR gives each
    token to one attribution only."""
    out = []
    for i, (pt, ps, quoted) in enumerate(preds):
        inside = any(j != i and ps == qs and pt < qt for j, (qt, qs, _) in enumerate(preds))
        if not inside:
            out.append((pt, ps, quoted))
    return out


def evaluate(items, readings) -> dict[str, dict[str, float]]:
    totals = {k: [0, 0, 0, 0] for k in ("pairs", "direct", "direct_pairs")}
    for (article, _, golds), reading in zip(items, readings):
        text = article.text
        preds = []
        for q in reading.quotes:
            parts = [(p.start, p.end) for p in q.parts] or [(q.start, q.end)]
            spk = [(q.speaker_start, q.speaker_end)] if q.speaker_start is not None else []
            if q.fragment or not spk:
                continue
            quoted = q.direct or any(ch in _QUOTE_CHARS for ch in text[q.start : q.end])
            preds.append((_tokens(text, parts), spk, quoted))
        preds = _maximal(preds)
        gold = [(_tokens(text, g.content), g.source, g.direct) for g in golds]
        views = {
            "pairs": ([p for p in preds if p[1]], [g for g in gold if g[1]], True),
            "direct": ([p for p in preds if p[2]], [g for g in gold if g[2]], False),
            "direct_pairs": ([p for p in preds if p[2] and p[1]], [g for g in gold if g[2] and g[1]], True),
        }
        for name, (pv, gv, spk) in views.items():
            tp_p, tp_r = _score([(p[0], p[1]) for p in pv], [(g[0], g[1]) for g in gv], spk)
            t = totals[name]
            t[0] += tp_p
            t[1] += len(pv)
            t[2] += tp_r
            t[3] += len(gv)
    return {k: _prf(*v) for k, v in totals.items()}


def run(split: str = "dev", limit: int | None = None, n_process: int = 1) -> dict[str, dict[str, float]]:
    from storyweave.reading import read_parsed
    from storyweave.nlp import chunk_article, parse_chunks

    items = load_split(split, limit)
    readings = []
    for article, published, _ in items:
        chunks = chunk_article(article)
        docs = list(zip([o for o, _ in chunks], parse_chunks([t for _, t in chunks])))
        readings.append(read_parsed(article, docs, published=published))
    return evaluate(items, readings)


if __name__ == "__main__":
    if bench_dir() is None:
        sys.exit("set STORYWEAVE_BENCH_DIR to the benchmark folder")
    args = sys.argv[1:]
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else None
    split = next((a for a in args if a in {"dev", "train"}), "dev")
    print(json.dumps({"split": split, **run(split, limit)}, indent=2))
