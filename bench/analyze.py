"""Time and memory of the cross-source analysis of one story, warm.

    [STORYWEAVE_BENCH_DIR=/path/to/bench] PYTHONPATH=src python bench/analyze.py [--sizes 3,10,50]

Stories: the demo story (examples/istanbul-2025, through the real extract
path: ingest + clean), then stories of 3, 10 and 50 articles made of PolNeAR
articles (2016 US election news from seven outlets: real news text of real
length; one outlet = one independent source) when STORYWEAVE_BENCH_DIR is
set, else the demo articles repeated (each copy counted as its own source).

Reading (spaCy) is done first and not timed here (see bench/read.py): the
figures are for the analysis proper -- ``report.analyze_story`` when it is
available (alignment, conflicts, ledger, entities, summary, timeline), else
this engineer's parts only (align_facts, summarize, build_timeline,
find_exclusives). Each story is analysed once to warm up (models loaded,
caches filled), then timed over ``--repeat`` runs (best and median). Peak
memory is tracemalloc's peak of Python allocations during one analysis
(numpy included) and the process's max RSS at the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyweave.records import Article, Block, Field  # noqa: E402


def demo_articles() -> list[Article]:
    from storyweave.config import load_settings
    from storyweave.pipeline import extract

    paths = sorted(str(p) for p in (ROOT / "examples" / "istanbul-2025").glob("*.txt"))
    return [a for a in extract(paths, load_settings()) if isinstance(a, Article)]


def polnear_articles(n: int) -> list[Article]:
    bench = os.environ.get("STORYWEAVE_BENCH_DIR")
    paths = sorted((Path(bench) / "polnear" / "train" / "text").glob("*.txt")) if bench else []
    by_outlet: dict[str, list[Path]] = {}
    for path in paths:
        by_outlet.setdefault(path.stem.split("_")[0], []).append(path)
    queues = list(by_outlet.values())
    paths = [q[i] for i in range(max(map(len, queues), default=0)) for q in queues if i < len(q)]  # outlets in turn
    out = []
    for k, path in enumerate(paths[:n]):
        text = path.read_text(encoding="utf-8").strip()
        outlet = path.stem.split("_")[0]
        out.append(Article.from_text(path.name, text, id=f"pn-{k}", source=Field(outlet, "bench")))
    return out


def story(n: int) -> tuple[str, list[Article]]:
    articles = polnear_articles(n)
    if len(articles) == n:
        return f"PolNeAR x{n}", articles
    demo = demo_articles()
    copies = [
        Article(id=f"{a.id}-{k}", ref=f"{a.ref}#{k}", text=a.text, blocks=a.blocks, title=a.title, source=Field(f"outlet-{k}", "bench"))
        for k in range(n)
        for a in demo[k % len(demo) : k % len(demo) + 1]
    ]
    return f"demo repeated x{n}", copies


def analyzer():
    try:
        from storyweave.report import analyze_story

        def full(articles, readings, groups):
            return analyze_story("bench", articles, readings, groups, summary_words=100)

        full(*_tiny())  # fails here, not mid-benchmark, if a part is missing
        return full, "report.analyze_story"
    except Exception as exc:  # noqa: BLE001 -- say why and fall back to this engineer's parts
        print(f"report.analyze_story not usable ({type(exc).__name__}: {exc}); timing align/summary/timeline", file=sys.stderr)
    from storyweave import align, exclusives, summary, timeline

    def parts(articles, readings, groups):
        facts = align.align_facts(articles, readings, groups)
        return (
            summary.summarize(articles, readings, facts, words=100),
            timeline.build_timeline(articles, readings, facts),
            exclusives.find_exclusives(facts, articles, groups),
            [align.fact_to_json(f, articles) for f in facts],
        )

    return parts, "align + summary + timeline + exclusives"


def _tiny():
    from storyweave.reading import read_article

    arts = [Article(id=f"t{k}", ref=f"t{k}", text=t, blocks=(Block("p", 0, len(t)),)) for k, t in enumerate(
        ["The council approved the budget on Monday.", "On Monday the city council passed its budget."])]
    return arts, [read_article(a) for a in arts], {a.id: a.id for a in arts}


def measure(label: str, articles: list[Article], run, repeat: int) -> None:
    from storyweave.reading import read_article

    readings = [read_article(a) for a in articles]
    groups = {a.id: (a.source_name or a.id) for a in articles}
    sentences = sum(len(r.sentences) for r in readings)
    words = sum(len(a.text.split()) for a in articles)
    run(articles, readings, groups)  # warm
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run(articles, readings, groups)
        times.append(time.perf_counter() - t)
    tracemalloc.start()
    run(articles, readings, groups)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"{label:22s} articles {len(articles):3d}  words {words:6d}  sentences {sentences:5d}  "
        f"best {min(times):7.3f} s  median {statistics.median(times):7.3f} s  peak {peak / 2**20:7.1f} MiB",
        flush=True,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="3,10,50")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    run, what = analyzer()
    print(f"timing {what}, warm, {args.repeat} runs each")
    measure("demo (istanbul-2025)", demo_articles(), run, args.repeat)
    for n in (int(x) for x in args.sizes.split(",")):
        label, articles = story(n)
        measure(label, articles, run, args.repeat)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
