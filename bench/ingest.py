"""Throughput of ingest (parse) + clean for text, JSON Lines and HTML inputs.

Inputs are generated at realistic sizes from real sentences: the NeuS
articles in ``$STORYWEAVE_BENCH_DIR/neus/val.source`` when the variable is
set, else the demo corpus in ``examples/``. HTML pages are ~100 KB with the
structure of a news site: inline CSS and scripts, a navigation bar, a header,
the article with subheadings, a figure with a photo credit, a share bar, a
"most read" sidebar, a newsletter box, comments and a link-heavy footer.

    PYTHONPATH=src python bench/ingest.py [--text 2000] [--jsonl 2000] [--html 200]

Prints articles per second, one process (per core) and over --processes workers (the machine). Targets: >= 2,000/s for
text and JSON Lines, >= 50 HTML pages/s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import time
from pathlib import Path

from storyweave.clean import clean_batch
from storyweave.ingest import parse
from storyweave.records import Article, Document, RawInput

ROOT = Path(__file__).resolve().parents[1]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘A-Z])")


def load_sentences() -> list[str]:
    bench = os.environ.get("STORYWEAVE_BENCH_DIR")
    source = Path(bench) / "neus" / "val.source" if bench else None
    texts: list[str] = []
    if source and source.is_file():
        for line in source.read_text(encoding="utf-8").splitlines():
            for part in line.split("[SEP]"):
                texts.append(part.partition("ARTICLE=>")[2])
    else:
        texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").rglob("*.txt"))]
    sentences = [s.strip() for text in texts for s in _SENTENCE_END.split(text) if 40 <= len(s.strip()) <= 400]
    return sentences


class Generator:
    def __init__(self, sentences: list[str], seed: int = 7) -> None:
        self.sentences = sentences
        self.rng = random.Random(seed)

    def paragraphs(self, count: int) -> list[str]:
        return [" ".join(self.rng.sample(self.sentences, self.rng.randint(2, 4))) for _ in range(count)]

    def headline(self) -> str:
        words = self.rng.choice(self.sentences).split()[:9]
        return " ".join(word.capitalize() for word in words).rstrip(".,;:")

    def text_file(self, n: int) -> bytes:
        body = self.paragraphs(self.rng.randint(10, 18))
        body.insert(5, self.headline())  # a subheading
        lines = [f"Title: {self.headline()}", f"Source: Outlet {n % 7}", f"URL: https://outlet{n % 7}.example/news/{n}",
                 "Date: 2025-05-12", "", "World", "", *body, "", "Leave A Comment", "", "Newsletter",
                 "", "Subscribe to our newsletter to stay informed."]
        return "\n".join(lines).encode("utf-8")

    def json_record(self, n: int) -> str:
        return json.dumps({
            "title": self.headline(), "maintext": "\n".join(self.paragraphs(self.rng.randint(10, 18))),
            "source_domain": f"outlet{n % 7}.example", "url": f"https://outlet{n % 7}.example/a/{n}",
            "date_publish": "2025-05-12 09:30:00", "authors": ["Ana Lima"], "description": self.rng.choice(self.sentences),
        })

    def html_page(self, n: int) -> bytes:
        title = self.headline()
        links = lambda k, prefix: "".join(f'<li><a href="/{prefix}/{i}">{self.headline()}</a></li>' for i in range(k))  # noqa: E731
        body = self.paragraphs(self.rng.randint(10, 18))
        article = "".join(
            (f"<h2>{self.headline()}</h2>" if i and i % 5 == 0 else "") + f"<p>{p}</p>" for i, p in enumerate(body)
        )
        css = "".join(f".c{i}{{margin:{i}px;padding:{i % 7}px;color:#{i:06x}}}" for i in range(900))
        script = "var cfg=" + json.dumps({f"k{i}": "x" * 20 for i in range(700)}) + ";"
        page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Outlet {n % 7}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Outlet {n % 7}">
<meta name="author" content="Ana Lima"><meta property="article:published_time" content="2025-05-12T09:30:00Z">
<link rel="canonical" href="https://outlet{n % 7}.example/news/{n}"><style>{css}</style><script>{script}</script></head>
<body><header><div class="logo"><a href="/">Outlet {n % 7}</a></div><nav><ul>{links(40, "section")}</ul></nav></header>
<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/world">World</a></div>
<main><article><h1>{title}</h1><div class="byline">By Ana Lima</div><time datetime="2025-05-12">May 12, 2025</time>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
<figure><img src="/a.jpg"><figcaption>Photo Credit: Staff photographer</figcaption></figure>
{article}
<aside class="newsletter"><h3>Newsletter</h3><p>Sign up for our newsletter to get the news every morning.</p></aside>
</article><section class="comments"><h3>Leave A Comment</h3><p>Only registered members can post comments.</p></section></main>
<aside class="sidebar"><h3>Most Read</h3><ul>{links(25, "popular")}</ul><h3>Recent News</h3><ul>{links(25, "recent")}</ul></aside>
<footer><ul>{links(60, "footer")}</ul><p>© 2025 Outlet {n % 7}. All rights reserved.</p></footer>
<script>{script}</script></body></html>"""
        return page.encode("utf-8")


def run(name: str, raws: list[RawInput]) -> tuple[str, int, int, float, float, int]:
    """(name, articles, bytes, wall seconds, CPU seconds, removed lines)."""
    wall, cpu = time.perf_counter(), time.process_time()
    docs = [doc for raw in raws for doc in parse(raw)]
    articles = [a for a in clean_batch([d for d in docs if isinstance(d, Document)]) if isinstance(a, Article)]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    size = sum(len(raw.data) for raw in raws)
    return name, len(articles), size, wall, cpu, sum(len(a.removed) for a in articles)


def _chunk_run(args: tuple[str, list[RawInput]]) -> tuple[str, int, int, float, float, int]:
    return run(*args)


def run_parallel(name: str, raws: list[RawInput], processes: int) -> tuple[str, int, int, float, float, int]:
    """The same stages over ``processes`` worker processes (the machine's cores):
    wall-clock articles/s for the whole machine. CPU seconds are the workers'."""
    from multiprocessing import get_context

    if len(raws) == 1:  # one JSONL file: split its lines
        lines = raws[0].data.split(b"\n")
        raws = [RawInput(f"part{k}.jsonl", "jsonl", b"\n".join(lines[k::processes])) for k in range(processes)]
    chunks = [(name, raws[k::processes]) for k in range(processes)]
    with get_context("fork").Pool(processes) as pool:
        pool.map(_chunk_run, [(name, c[1][:2]) for c in chunks])  # warm the workers
        wall = time.perf_counter()
        parts = pool.map(_chunk_run, chunks)
        wall = time.perf_counter() - wall
    return (f"{name} x{processes}", sum(p[1] for p in parts), sum(p[2] for p in parts), wall,
            sum(p[4] for p in parts), sum(p[5] for p in parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=int, default=2000)
    parser.add_argument("--jsonl", type=int, default=2000)
    parser.add_argument("--html", type=int, default=200)
    parser.add_argument("--processes", type=int, default=2, help="also run over N processes (0: skip)")
    args = parser.parse_args()
    sentences = load_sentences()
    gen = Generator(sentences)
    text = [RawInput(f"t{n}.txt", "text", gen.text_file(n)) for n in range(args.text)]
    jsonl = [RawInput("all.jsonl", "jsonl", "\n".join(gen.json_record(n) for n in range(args.jsonl)).encode())]
    html = [RawInput(f"p{n}.html", "html", gen.html_page(n)) for n in range(args.html)]
    run("warm-up", html[:3] + text[:3])  # imports (trafilatura, lxml) are not throughput
    print(f"sentences from: {'NeuS val' if os.environ.get('STORYWEAVE_BENCH_DIR') else 'examples/'} ({len(sentences)})")
    # CPU seconds of this process give the per-core rate even when other
    # work shares the machine; wall seconds are printed alongside.
    print(f"{'input':<8}{'articles':>10}{'avg KB':>9}{'wall s':>8}{'CPU s':>8}{'art/s wall':>12}{'art/s CPU':>11}{'removed/art':>13}")
    runs = [lambda name=name, raws=raws: run(name, raws) for name, raws in (("text", text), ("jsonl", jsonl), ("html", html))]
    if args.processes > 1:
        runs += [lambda name=name, raws=raws: run_parallel(name, raws, args.processes)
                 for name, raws in (("text", text), ("jsonl", jsonl), ("html", html))]
    for measure in runs:
        label, count, size, wall, cpu, removed = measure()
        avg_kb = size / max(1, count) / 1024
        print(f"{label:<8}{count:>10}{avg_kb:>9.1f}{wall:>8.2f}{cpu:>8.2f}{count / wall:>12.0f}{count / cpu:>11.0f}{removed / max(1, count):>13.1f}")


if __name__ == "__main__":
    main()
