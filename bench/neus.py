"""ROUGE of storyweave's verbatim summary on NeuS (AllSides roundups).

Each NeuS story is three articles (left, centre, right outlet); the reference
is AllSides' neutral roundup (title + about three sentences). The three
articles go through the real pipeline stages -- reading (or, until
``storyweave.reading`` exists, the real sentence splitter alone), alignment
(each article its own independent source) and ``summary.summarize`` with
``words=75`` -- and the summary is scored with ``rouge-score`` (ROUGE-1/2/Lsum
F1 x100, stemming on) against the roundup with its ``TITLE=>``/``ARTICLE=>``
markers removed ("full") and against its body only ("body").

    STORYWEAVE_BENCH_DIR=... PYTHONPATH=src python bench/neus.py [--split val] [--limit N]
    ... bench/neus.py --split train --grid     # the tuning run behind summary.py's constants
    ... bench/neus.py --ceiling                # upper bounds that peek at the reference

A LexRank baseline (same sentences, same budget) is printed alongside so the
two are compared with the same splitter and scorer. Published LexRank on the
held-out test split: 42.24 / 18.16 / 26.61.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import numpy as np

from storyweave import align, summary
from storyweave.ids import content_id
from storyweave.records import Article, Block, Field, Reading

_ARTICLE = re.compile(r"TITLE=>(.*?)ARTICLE=>(.*)", re.S)


def parse_source(line: str) -> list[Article]:
    articles = []
    for k, part in enumerate(line.split("[SEP]")):
        m = _ARTICLE.search(part)
        title, body = (m.group(1).strip(), m.group(2).strip()) if m else (None, part.strip())
        if not body:
            continue
        articles.append(
            Article(
                id=content_id(k, body, prefix="a-"),
                ref=f"article-{k}",
                text=body,
                blocks=(Block("p", 0, len(body)),),
                title=Field(title, "neus") if title else None,
                source=Field(f"outlet-{k}", "neus"),
            )
        )
    return articles


def parse_target(line: str, *, body_only: bool) -> str:
    m = _ARTICLE.search(line)
    if not m:
        return line.strip()
    title, body = m.group(1).strip(), m.group(2).strip()
    return body if body_only else f"{title}\n{body}"


def load(bench: Path, split: str, limit: int | None):
    src = (bench / "neus" / f"{split}.source").read_text(encoding="utf-8").splitlines()
    tgt = (bench / "neus" / f"{split}.target").read_text(encoding="utf-8").splitlines()
    pairs = list(zip(src, tgt))
    return pairs[:limit] if limit else pairs


def reader():
    """read_article when the reading layer exists, else sentences only (said on
    stderr); an article the reading layer returns without sentences is split
    by the sentence splitter alone, and counted in ``FALLBACKS``."""
    from storyweave.sentences import split_sentences  # noqa: PLC0415

    def sentences_only(article: Article) -> Reading:
        return Reading(article.id, tuple(split_sentences(article)), (), (), (), (), (), ())

    try:
        from storyweave.reading import read_article  # noqa: PLC0415
    except ImportError:
        return sentences_only, "sentences.split_sentences only (no reading layer yet)"

    def read(article: Article) -> Reading:
        reading = read_article(article)
        if not reading.sentences and article.text.strip():
            FALLBACKS.append(article.ref)
            return sentences_only(article)
        return reading

    return read, "reading.read_article"


FALLBACKS: list[str] = []


def _lines(text: str) -> str:
    """One sentence per line, for ROUGE-Lsum."""
    import syntok.segmenter as segmenter  # noqa: PLC0415

    out = []
    for paragraph in segmenter.process(text):
        for sent in paragraph:
            out.append("".join(t.spacing + t.value for t in sent).strip())
    return "\n".join(out)


def lexrank(stmts, budget: int, threshold: float = 0.1) -> list[str]:
    """Classic LexRank: thresholded TF-IDF cosine graph, PageRank, top sentences."""
    if not stmts:
        return []
    tf = align.tfidf_matrix([s.text for s in stmts])
    sim = (tf @ tf.T).toarray()
    adj = (sim >= threshold).astype(float)
    np.fill_diagonal(adj, 1.0)  # a sentence without content words keeps its row
    adj /= adj.sum(axis=1, keepdims=True)
    n = len(stmts)
    p = np.full(n, 1.0 / n)
    for _ in range(100):
        p = 0.15 / n + 0.85 * adj.T @ p
    out, used = [], 0
    for i in np.argsort(-p):
        w = len(stmts[i].text.split())
        if out and used + w > budget:
            continue
        out.append(stmts[i].text)
        used += w
    return out


def prepare(pairs, read):
    stories = []
    for src, tgt in pairs:
        articles = parse_source(src)
        readings = [read(a) for a in articles]
        groups = {a.id: a.id for a in articles}
        facts = align.align_facts(articles, readings, groups)
        stories.append((articles, readings, facts, tgt))
    return stories


def evaluate(stories, words: int, *, method: str = "storyweave", kinds=("full", "body")) -> dict[str, tuple]:
    """Mean ROUGE-1/2/Lsum F1 x100, plus ROUGE-L on the summary as one text
    (the only one of the four that sees the sentence order)."""
    from rouge_score import rouge_scorer  # noqa: PLC0415

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum", "rougeL"], use_stemmer=True)
    totals = {k: np.zeros(4) for k in kinds}
    for articles, readings, facts, tgt in stories:
        if method == "lexrank":
            sents = lexrank(align.statements(articles, readings), words)
        else:
            sents = [item["text"] for item in summary.summarize(articles, readings, facts, words=words)]
        pred = "\n".join(s.strip() for s in sents)
        for kind in totals:
            ref = _lines(parse_target(tgt, body_only=kind == "body"))
            s = scorer.score(ref, pred)
            totals[kind] += [s[m].fmeasure for m in ("rouge1", "rouge2", "rougeLsum", "rougeL")]
    return {k: tuple(round(float(v) * 100 / max(len(stories), 1), 2) for v in vals) for k, vals in totals.items()}


def fit(stories, words: int) -> None:
    """Least-squares weights of summary.FEATURES (printed for summary.py).

    Label: F1 of the sentence's stemmed content words against the roundup's.
    Fitted twice: as read, and with the headlines removed (WEIGHTS_UNTITLED).
    """
    from dataclasses import replace  # noqa: PLC0415

    for name, strip in (("WEIGHTS_TITLED", False), ("WEIGHTS_UNTITLED", True)):
        xs, ys = [], []
        for articles, readings, facts, tgt in stories:
            if strip:
                articles = [replace(a, title=None) for a in articles]
            stmts = align.statements(articles, readings)
            if not stmts:
                continue
            support, _ = summary._support_of(stmts, facts)
            x, _ = summary.features(stmts, articles, readings, support, groups=len(articles))
            ref = set(align.terms(parse_target(tgt, body_only=False)))
            for s in stmts:
                t = align.terms(s.text)
                p = sum(1 for w in t if w in ref) / max(len(t), 1)
                r = len(set(t) & ref) / max(len(ref), 1)
                ys.append(2 * p * r / max(p + r, 1e-9))
            xs.append(x)
        w, *_ = np.linalg.lstsq(np.vstack(xs), np.array(ys), rcond=None)
        print(f"{name} = ({', '.join(f'{v:.4f}' for v in w)})")


def _oracle_picks(stmts, ref: str, words: int, scorer) -> tuple[list[int], list[int]]:
    """Two upper bounds that peek at the reference (never used by storyweave):

    * greedy: add the sentence that most raises ROUGE-1 F1 of the whole
      summary, within the budget, until none does (the usual extractive oracle);
    * per-sentence: storyweave's own selection (weak-sentence filter, MMR,
      repeat rules, budget) with each sentence's relevance replaced by its own
      ROUGE-1 F1 against the reference -- what a perfect per-sentence scorer
      would reach with this selection.
    """
    lengths = [summary._words(s.text) for s in stmts]
    greedy: list[int] = []
    best, used = 0.0, 0
    while True:
        gains = []
        for i, s in enumerate(stmts):
            if i in greedy or used + lengths[i] > words:
                continue
            pred = "\n".join(stmts[j].text for j in greedy + [i])
            gains.append((scorer.score(ref, pred)["rouge1"].fmeasure, i))
        if not gains or max(gains)[0] <= best:
            break
        best, pick = max(gains)
        greedy.append(pick)
        used += lengths[pick]
    own = np.array([scorer.score(ref, s.text)["rouge1"].fmeasure for s in stmts])
    weak = np.array([summary._is_weak(s.text) for s in stmts])
    rel = np.where(weak, -np.inf, own) if not weak.all() else own
    tf = align.tfidf_matrix([s.text for s in stmts])
    sim = (tf @ tf.T).toarray()
    return greedy, summary._mmr(stmts, rel, sim, words)


def ceiling(stories, words: int) -> None:
    """Print the two reference-peeking upper bounds of ``_oracle_picks``."""
    from rouge_score import rouge_scorer  # noqa: PLC0415

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    totals = {"greedy oracle": np.zeros(3), "per-sentence oracle": np.zeros(3)}
    for articles, readings, _facts, tgt in stories:
        stmts = align.statements(articles, readings)
        ref = _lines(parse_target(tgt, body_only=False))
        for name, picks in zip(totals, _oracle_picks(stmts, ref, words, scorer)):
            s = scorer.score(ref, "\n".join(stmts[i].text.strip() for i in picks))
            totals[name] += [s[m].fmeasure for m in ("rouge1", "rouge2", "rougeLsum")]
    for name, vals in totals.items():
        print(f"  {name:20s} {tuple(round(float(v) * 100 / max(len(stories), 1), 2) for v in vals)}")


def grid(stories, words: int) -> None:
    for lam in (0.6, 0.7, 0.8, 0.9, 1.0):
        summary.MMR_LAMBDA = lam
        print(f"MMR_LAMBDA={lam}", evaluate(stories, words, kinds=("full",))["full"], flush=True)


def run(split: str = "val", words: int = 75, limit: int | None = None) -> dict[str, float]:
    """ROUGE-1/2/Lsum F1 x100 of the summary against the full roundup (the quality gate's figures)."""
    read, _ = reader()
    stories = prepare(load(Path(os.environ["STORYWEAVE_BENCH_DIR"]), split, limit), read)
    r1, r2, rlsum, _ = evaluate(stories, words, kinds=("full",))["full"]
    return {"rouge1": r1, "rouge2": r2, "rougeLsum": rlsum}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="val", choices=["train", "val"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--offset", type=int, default=0, help="skip this many stories first")
    ap.add_argument("--words", type=int, default=75)
    ap.add_argument("--grid", action="store_true", help="try MMR_LAMBDA values (use on train)")
    ap.add_argument("--fit", action="store_true", help="fit summary.py's feature weights (use on train)")
    ap.add_argument("--ceiling", action="store_true", help="print reference-peeking upper bounds (greedy and per-sentence oracles)")
    args = ap.parse_args()
    bench = os.environ.get("STORYWEAVE_BENCH_DIR")
    if not bench:
        print("set STORYWEAVE_BENCH_DIR to the benchmark folder", file=sys.stderr)
        return 2
    read, how = reader()
    print(f"reading with {how}", file=sys.stderr)
    pairs = load(Path(bench), args.split, None)[args.offset :]
    stories = prepare(pairs[: args.limit] if args.limit else pairs, read)
    if args.fit:
        fit(stories, args.words)
        return 0
    if args.grid:
        grid(stories, args.words)
        return 0
    if args.ceiling:
        print(f"NeuS {args.split} ({len(stories)} stories), words={args.words}, upper bounds, ROUGE-1/2/Lsum F1 x100")
        ceiling(stories, args.words)
        return 0
    print(f"NeuS {args.split} ({len(stories)} stories), words={args.words}, ROUGE-1/2/Lsum F1 x100")
    for method in ("storyweave", "lexrank"):
        scores = evaluate(stories, args.words, method=method)
        print(f"  {method:10s}  full target {scores['full'][:3]}   body only {scores['body'][:3]}   ROUGE-L (order-aware) {scores['full'][3]}")
    default = summary.ORDER
    for order in ("importance", "position"):
        summary.ORDER = order
        scores = evaluate(stories, args.words, kinds=("full",))
        print(f"  summary order {order!r}: ROUGE-L on the joined summary {scores['full'][3]}")
    summary.ORDER = default
    if FALLBACKS:
        print(f"  ({len(FALLBACKS)} articles had no sentences from the reading layer: split by sentences.py)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
