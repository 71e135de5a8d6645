"""Copy detection speed: one detector over a stream, and per-story detection
as ``storyweave stories`` and the reports run it.

Articles are NeuS story lines (three outlets' real text, sentences as
paragraphs) from ``$STORYWEAVE_BENCH_DIR/neus``.

    PYTHONPATH=src python bench/copies.py [--articles 2000] [--stories 3334]

Prints articles per CPU second for one ``CopyDetector`` over ``--articles``
articles, and the CPU time of ``dedup.independent_groups`` over ``--stories``
stories of three articles each (a new detector per story).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stream import neus_lines  # noqa: E402

from storyweave import dedup  # noqa: E402
from storyweave.records import Article, line_blocks  # noqa: E402


def article(ident: str, sentences: list[str]) -> Article:
    text = "\n".join(sentences)
    return Article(id=ident, ref=ident, text=text, blocks=line_blocks(text))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--stories", type=int, default=3334)
    args = parser.parse_args(argv)
    bench = os.environ.get("STORYWEAVE_BENCH_DIR")
    if not bench:
        print("set STORYWEAVE_BENCH_DIR to the folder holding neus/", file=sys.stderr)
        return 2
    lines = neus_lines(Path(bench))
    arts = [article(f"a{i}", sentences) for i, (_, sentences) in enumerate(lines[: args.articles])]
    started = time.process_time()
    detector = dedup.CopyDetector()
    for a in arts:
        detector.add(a)
    stream_cpu = time.process_time() - started
    stories = []
    for i in range(args.stories):
        _, sentences = lines[i % len(lines)]
        third = max(1, len(sentences) // 3)
        stories.append([article(f"s{i}-{j}", sentences[j * third:(j + 1) * third] or sentences) for j in range(3)])
    started = time.process_time()
    independent = sum(len(set(dedup.independent_groups(story).values())) for story in stories)
    per_story_cpu = time.process_time() - started
    print(json.dumps({
        "stream_articles": len(arts),
        "stream_articles_per_cpu_second": round(len(arts) / stream_cpu),
        "stream_copy_groups": len(detector.groups()),
        "words_per_article": sum(len(a.text.split()) for a in arts) // len(arts),
        "stories": len(stories),
        "per_story_cpu_seconds": round(per_story_cpu, 2),
        "per_story_ms": round(1000 * per_story_cpu / len(stories), 2),
        "independent_sources_mean": round(independent / len(stories), 2),
    }, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
