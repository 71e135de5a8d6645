"""Speed of the reading layer next to spaCy's raw pipeline, same text, same run.

    [STORYWEAVE_BENCH_DIR=/path/to/bench] python bench/read.py [--words N]

Texts: PolNeAR train+dev articles when STORYWEAVE_BENCH_DIR is set, else the
demo corpus repeated. Prints words per wall-clock second and per CPU second
(CPU time of this process and its pipe workers: per core, and meaningful
when the machine is shared) for
  raw      the stock spaCy pipeline (``nlp.pipe``, every component), 1 process
  read-1   storyweave.reading.read_articles, 1 process
  read-2   the same with n_process=2 (and per core)
and the cost of the layer relative to the raw pipeline in CPU time
(target <= 1.5x).
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from storyweave.records import Article  # noqa: E402


def _article(ref: str, text: str) -> Article:
    return Article.from_text(ref, text)


def load_texts(max_words: int) -> tuple[str, list[Article]]:
    bench = os.environ.get("STORYWEAVE_BENCH_DIR")
    paths: list[Path] = []
    if bench:
        base = Path(bench) / "polnear"
        paths = sorted((base / "dev" / "text").glob("*.txt")) + sorted((base / "train" / "text").glob("*.txt"))
        label = "PolNeAR dev+train"
    if not paths:
        paths = sorted((ROOT / "examples" / "istanbul-2025").glob("*.txt")) * 40
        label = "demo corpus repeated"
    out, words = [], 0
    for i, p in enumerate(paths):
        text = p.read_text(encoding="utf-8")
        out.append(_article(f"{p.name}#{i}", text))
        words += len(text.split())
        if words >= max_words:
            break
    return label, out


def _cpu() -> float:
    """CPU seconds of this process and its finished children (pipe workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _rate(words: int, fn) -> tuple[float, float]:
    """(words per wall second, words per CPU second = per core)."""
    t, c = time.perf_counter(), _cpu()
    fn()
    return words / (time.perf_counter() - t), words / max(1e-9, _cpu() - c)


def main() -> None:
    args = sys.argv[1:]
    max_words = int(args[args.index("--words") + 1]) if "--words" in args else 60_000
    label, articles = load_texts(max_words)
    words = sum(len(a.text.split()) for a in articles)
    texts = [a.text for a in articles]

    from storyweave.nlp import MODEL_NAMES, get_nlp
    from storyweave.reading import read_articles
    import spacy

    raw = None
    for name in MODEL_NAMES:
        try:
            raw = spacy.load(name)
            break
        except OSError:
            continue
    get_nlp()
    read_articles(articles[:2])  # warm up: lazy imports, gazetteer
    raw_wall, raw_cpu = _rate(words, lambda: list(raw.pipe(texts, batch_size=32)))
    one_wall, one_cpu = _rate(words, lambda: read_articles(articles, n_process=1))
    two_wall, two_cpu = _rate(words, lambda: read_articles(articles, n_process=2))
    print(f"texts: {label}, {len(articles)} articles, {words} words")
    print("                                  wall words/s   words/CPU-s (per core)")
    print(f"raw spaCy pipeline, 1 process:    {raw_wall:10.0f}   {raw_cpu:10.0f}")
    print(f"reading layer, n_process=1:       {one_wall:10.0f}   {one_cpu:10.0f}")
    print(f"reading layer, n_process=2:       {two_wall:10.0f}   {two_cpu:10.0f}")
    print(f"layer cost vs raw pipeline (CPU): {raw_cpu / one_cpu:4.2f}x   (target <= 1.5x)")

if __name__ == "__main__":
    main()
