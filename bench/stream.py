"""Streaming benchmark of story grouping: >= 100,000 articles from real text.

No large streaming clustering set with gold stories exists here, so one is
built: every planted story takes one NeuS story line (three outlets' real
title + article text on one story) and is told by a random number of
articles (1 + geometric, mean about 9), each a fresh re-sampling of that
line's sentences (a title of one outlet, 2-5 of the line's sentences, and
with probability 0.3 one unrelated sentence of another line as noise).
Lines are reused for several planted stories 150+ days apart: same topic,
same words, different story, which only the publication dates can separate.
Articles get dates (story start + a few days) and arrive in date order.
Without STORYWEAVE_BENCH_DIR the sentences of the demo corpus are used.

Features are precomputed in batch (spaCy NER once per distinct sentence, the
static embedding of title + lead, key terms) and timed apart; the grouping
stage (``StoryClusterer.assign``) is what the throughput figures measure.

    PYTHONPATH=src python bench/stream.py [--articles 100000] [--ner spacy|none]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from storyweave import embed
from storyweave.cluster import StoryClusterer
from storyweave.features import assemble, lead_text, ner_pass
from storyweave.ids import content_id
from storyweave.records import Article, Block, Field

ROOT = Path(__file__).resolve().parent.parent
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])")
START = date(2022, 1, 1)
SPAN_DAYS = 720
REUSE_GAP_DAYS = 150


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text) if len(s.split()) >= 4]


def neus_lines(bench: Path, which: str = "all") -> list[tuple[list[str], list[str]]]:
    """(titles, sentences) per NeuS story line (train + val, or train only)."""
    out = []
    for name in ("train.source", "val.source") if which == "all" else ("train.source",):
        for line in (bench / "neus" / name).read_text(encoding="utf-8").splitlines():
            titles, sentences = [], []
            for part in line.split("[SEP]"):
                m = re.match(r"\s*TITLE=>(.*?)ARTICLE=>(.*)", part, re.S)
                if m:
                    titles.append(m.group(1).strip().rstrip("."))
                    sentences.extend(split_sentences(m.group(2)))
            if titles and len(sentences) >= 2:
                out.append((titles, sentences))
    return out


def demo_lines() -> list[tuple[list[str], list[str]]]:
    out = []
    for path in sorted((ROOT / "examples" / "istanbul-2025").glob("*.txt")):
        lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        out.append((lines[:1], [s for l in lines[1:] for s in split_sentences(l)]))
    return out


def plant(lines, n_articles: int, rng: random.Random) -> list[tuple[int, int, int]]:
    """(story, line, start day) planted stories until they hold ``n_articles``; sizes drawn too."""
    stories, sizes, total = [], [], 0
    last_use: dict[int, int] = {}
    while total < n_articles:
        line = rng.randrange(len(lines))
        start = rng.randrange(SPAN_DAYS)
        if line in last_use and abs(start - last_use[line]) < REUSE_GAP_DAYS:
            continue
        last_use[line] = start
        size = min(1 + int(rng.expovariate(1 / 8)), 80, n_articles - total)
        stories.append((len(stories), line, start))
        sizes.append(size)
        total += size
    return [(s, l, d) for (s, l, d), n in zip(stories, sizes) for _ in range(n)]


def make_articles(lines, slots, rng: random.Random):
    """Articles in date order, the gold story of each, and the sentences each used."""
    rows = []
    for story, line, start in slots:
        titles, sentences = lines[line]
        k = min(len(sentences), rng.randint(2, 5))
        picked = sorted(rng.sample(range(len(sentences)), k))
        body = [sentences[i] for i in picked]
        if rng.random() < 0.3:
            other = lines[rng.randrange(len(lines))][1]
            body.insert(rng.randint(0, len(body)), rng.choice(other))
        day = start + min(10, int(rng.expovariate(1 / 1.5)))
        rows.append((day, rng.random(), story, rng.choice(titles), body))
    rows.sort(key=lambda r: (r[0], r[1]))
    articles, gold, used = [], [], []
    for i, (day, _, story, title, body) in enumerate(rows):
        text = "\n".join(body)
        published = (START + timedelta(days=day)).isoformat()
        articles.append(Article(
            id=content_id("stream", i, prefix="a"), ref=f"stream#{i}", text=text,
            blocks=(Block("p", 0, len(text)),), title=Field(title, "bench"), published=Field(published, "bench"),
        ))
        gold.append(story)
        used.append([title, *body])
    return articles, gold, used


def precompute(articles, used, ner: str):
    """Features in batch: NER once per distinct sentence, embedding of title + lead."""
    timings = {}
    started = time.perf_counter()
    distinct = sorted({s for parts in used for s in parts})
    named = dict(zip(distinct, ner_pass(distinct, batch_size=256))) if ner == "spacy" else {}
    timings["ner_seconds"] = round(time.perf_counter() - started, 1)
    timings["ner_sentences"] = len(distinct) if ner == "spacy" else 0
    started = time.perf_counter()
    vectors = embed.embed([lead_text(a) for a in articles])
    timings["embed_seconds"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    feats = [assemble(a, vectors[i], [p for s in used[i] for p in named.get(s, ())]) for i, a in enumerate(articles)]
    timings["assemble_seconds"] = round(time.perf_counter() - started, 1)
    return feats, timings


def bcubed_f1(pred: list[str], gold: list[int]) -> tuple[float, float, float]:
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    precision = recall = 0.0
    for i, (p, g) in enumerate(zip(pred, gold)):
        both = len(by_pred[p] & by_gold[g])
        precision += both / len(by_pred[p])
        recall += both / len(by_gold[g])
    precision, recall = precision / len(pred), recall / len(pred)
    return precision, recall, 2 * precision * recall / (precision + recall)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cached_features(args, articles, used):
    """Precomputed features, read back from ``args.cache`` when the same stream was built before."""
    from storyweave import features

    tag = content_id(args.articles, args.seed, args.ner, args.lines, Path(features.__file__).read_text(), len(articles))
    path = args.cache / f"storyweave-stream-{tag}.jsonl" if args.cache else None
    if path is not None and path.is_file():
        with path.open(encoding="utf-8") as handle:
            timings = json.loads(next(handle))
            return [features.ArticleFeatures.from_json(line) for line in handle], timings
    feats, timings = precompute(articles, used, args.ner)
    if path is not None:
        with path.open("w", encoding="utf-8") as handle:
            handle.write(json.dumps(timings) + "\n")
            for f in feats:
                handle.write(f.to_json() + "\n")
    return feats, timings


# Articles per consolidation pass, as `storyweave ingest` batches them (grouping.BATCH).
BATCH = 256


def group(feats, marks=(10_000, 50_000, 100_000), window=1_000, **params):
    """Online assignment with a consolidation pass every BATCH articles; a pass's
    time is spread over the articles of its batch."""
    clusterer = StoryClusterer(**params)
    times, cpu_times = np.zeros(len(feats)), np.zeros(len(feats))
    before, cpu = rss_mb(), time.process_time()
    moved = 0
    for i, f in enumerate(feats):
        t0, c0 = time.perf_counter(), time.thread_time()
        clusterer.assign(f)
        times[i], cpu_times[i] = time.perf_counter() - t0, time.thread_time() - c0
        if (i + 1) % BATCH == 0 or i + 1 == len(feats):
            t0, c0 = time.perf_counter(), time.thread_time()
            moved += len(clusterer.consolidate().moved)
            start = i + 1 - ((i % BATCH) + 1)
            times[start:i + 1] += (time.perf_counter() - t0) / (i + 1 - start)
            cpu_times[start:i + 1] += (time.thread_time() - c0) / (i + 1 - start)
    cpu = time.process_time() - cpu
    resolved = [clusterer.story_of(f.article_id) for f in feats]
    per_article = {
        f"ms_per_article_at_{m // 1000}k": round(1000 * float(times[m - window : m].mean()), 3)
        for m in marks if m <= len(feats)
    }
    # CPU time of the grouping thread: the figure to compare when the machine is shared.
    per_article.update({
        f"cpu_ms_per_article_at_{m // 1000}k": round(1000 * float(cpu_times[m - window : m].mean()), 3)
        for m in marks if m <= len(feats)
    })
    return resolved, {
        "articles_per_second": round(len(feats) / float(times.sum()), 1),
        # CPU time is what the stage costs when the machine is shared (wall time is not).
        "articles_per_cpu_second": round(len(feats) / cpu, 1),
        "grouping_seconds": round(float(times.sum()), 1),
        **per_article,
        "grouping_rss_growth_mb": round(rss_mb() - before, 1),
        "stories": len(set(resolved)),
        "consolidation_moves": moved,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="100k-article streaming benchmark of story grouping")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ner", choices=["spacy", "none"], default="spacy")
    parser.add_argument("--cache", type=Path, help="folder to keep the precomputed features in (JSON lines)")
    parser.add_argument("--threshold", type=float, nargs="*", help="override StoryClusterer's threshold (several: a sweep)")
    parser.add_argument("--lines", choices=["all", "train"], default="all", help="NeuS lines to build from")
    parser.add_argument("--features-only", action="store_true", help="build and cache the features, do not group")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    bench = os.environ.get("STORYWEAVE_BENCH_DIR")
    lines = neus_lines(Path(bench), args.lines) if bench else demo_lines()
    articles, gold, used = make_articles(lines, plant(lines, args.articles, rng), rng)
    print(f"stream: {len(articles)} articles, {len(set(gold))} planted stories from {len(lines)} lines",
          file=sys.stderr)
    feats, timings = cached_features(args, articles, used)
    print(f"features: {timings}", file=sys.stderr)
    if args.features_only:
        return 0
    for threshold in args.threshold or [None]:
        params = {} if threshold is None else {"threshold": threshold}
        pred, figures = group(feats, **params)
        p, r, f1 = bcubed_f1(pred, gold)
        report = {
            "threshold": params.get("threshold", StoryClusterer().threshold),
            "source": "neus" if bench else "demo", "lines": args.lines, "articles": len(articles),
            "planted_stories": len(set(gold)), "ner": args.ner, "features": timings, **figures,
            "bcubed": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)},
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
        print(json.dumps(report, indent=1), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
