"""Command line: each command parses, calls one library function, prints.

Results go to stdout; progress and logs to stderr (progress bars only on a
terminal). Usage errors print one line and exit 2; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from . import __version__
from .config import Settings, load_settings
from .errors import StoryweaveError, UsageError

EXAMPLES: dict[str, str] = {}
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line (exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def command(name: str, help: str, example: str):
    """Register a CLI command; every command carries an example in its --help."""

    def wrap(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = fn
        EXAMPLES[name] = example
        fn.help = help  # type: ignore[attr-defined]
        return fn

    return wrap


# ------------------------------------------------------------------ shared options


def db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="FILE", help="SQLite store (default: storyweave.db, or STORYWEAVE_DB)")


def format_option(p: argparse.ArgumentParser, choices: Sequence[str], default: str) -> None:
    p.add_argument("--format", choices=choices, default=default, help=f"output format (default: {default})")


def settings_from(args: argparse.Namespace) -> Settings:
    return load_settings(getattr(args, "config", None), db=getattr(args, "db", None),
                         max_document_bytes=getattr(args, "max_bytes", None))


def progress_bar(desc: str) -> Callable[[Iterable], Iterable]:
    """tqdm on stderr when it is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        return lambda items: items
    from tqdm import tqdm

    return lambda items: tqdm(items, desc=desc, unit="doc", file=sys.stderr)


def open_store(args: argparse.Namespace, *, readonly: bool = False):
    from .store import open_store as _open

    return _open(settings_from(args).db, readonly=readonly)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    widths = {c: max([len(c)] + [len(_cell(r.get(c))) for r in rows]) for c in columns}
    widths = {c: min(w, 60) for c, w in widths.items()}
    print("  ".join(c.upper().ljust(widths[c]) for c in columns))
    for r in rows:
        print("  ".join(_cell(r.get(c))[: widths[c]].ljust(widths[c]) for c in columns).rstrip())


def _cell(value: Any) -> str:
    return "" if value is None else str(value).replace("\n", " ")


# ------------------------------------------------------------------------ commands


def _input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, directories (recursive) or '-' for stdin")
    p.add_argument("--urls", metavar="FILE", help="a file of URLs to fetch, one per line")
    p.add_argument("--max-bytes", type=int, metavar="N", help="largest document accepted (default 10 MB)")


def _urls(args: argparse.Namespace) -> list[str]:
    if not getattr(args, "urls", None):
        return []
    from .io.fetch import read_url_list

    if not Path(args.urls).is_file():
        from .errors import InputNotFound

        raise InputNotFound(args.urls)
    return read_url_list(args.urls)


def _need_inputs(args: argparse.Namespace) -> None:
    if not args.paths and not getattr(args, "urls", None):
        raise UsageError("give at least one PATH (file, directory or '-') or --urls FILE")


@command("ingest", "add documents to the store and group them into stories",
         "storyweave ingest examples/istanbul-2025 --db news.db")
def cmd_ingest(args: argparse.Namespace) -> int:
    from .pipeline import ingest

    _need_inputs(args)
    with open_store(args) as store:
        summary = ingest(store, args.paths, settings_from(args), urls=_urls(args),
                         stdin=sys.stdin.buffer, progress=progress_bar("ingest"))
    for d in summary.dropped_records:
        print(f"dropped {d.ref}: {d.code}: {d.reason}", file=sys.stderr)
    print(summary.line())
    return 0


@command("extract", "print cleaned articles without storing them",
         "storyweave extract page.html --format text")
def cmd_extract(args: argparse.Namespace) -> int:
    from .pipeline import extract
    from .report import article_json, dropped_json

    _need_inputs(args)
    items = [article_json(i) if not hasattr(i, "stage") else dropped_json(i)
             for i in extract(args.paths, settings_from(args), urls=_urls(args), stdin=sys.stdin.buffer)]
    if args.format == "json":
        print_json(items)
    elif args.format == "jsonl":
        for item in items:
            print(json.dumps(item, ensure_ascii=False))
    else:
        for item in items:
            if "stage" in item:
                print(f"# dropped {item['ref']}: {item['code']}: {item['reason']}\n")
            else:
                print(f"# {item['title'] or item['ref']}\n{item['text']}\n")
    return 0 if any("stage" not in i for i in items) or not items else 1


@command("articles", "list stored articles", "storyweave articles --db news.db --format json")
def cmd_articles(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        rows = store.article_rows()
    if args.format == "json":
        print_json(rows)
    else:
        print_table(rows, ["id", "source", "published", "title", "story_id"])
    return 0


@command("dropped", "list documents that could not be used, and why", "storyweave dropped --db news.db")
def cmd_dropped(args: argparse.Namespace) -> int:
    from .report import dropped_json

    with open_store(args) as store:
        rows = [dropped_json(d) for d in store.dropped()]
    if args.format == "json":
        print_json(rows)
    else:
        print_table(rows, ["ref", "stage", "code", "reason"])
    return 0



def _write_report(report: dict, fmt: str, out: str | None) -> list[Path]:
    """Write the report in one format to a file/dir (or stdout). Returns what was written."""
    if fmt == "html":
        from .render.html import render_report_dir

        if not out:
            raise UsageError("--format html writes a folder of pages: give -o DIR")
        return render_report_dir(report, Path(out))
    if fmt == "md":
        from .render.markdown import render_markdown

        text = render_markdown(report)
    else:
        text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
        return [Path(out)]
    sys.stdout.write(text)
    return []


def _report_args(p: argparse.ArgumentParser) -> None:
    format_option(p, ["json", "md", "html"], "json")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout (a folder for html)")
    p.add_argument("--summary-words", type=int, metavar="N", help="summary word budget (default 100)")


def _summary_settings(args: argparse.Namespace) -> Settings:
    settings = settings_from(args)
    if args.summary_words is not None:
        if args.summary_words < 1:
            raise UsageError("--summary-words must be a positive number")
        from dataclasses import replace

        settings = replace(settings, summary_words=args.summary_words)
    return settings


@command("analyze", "ingest inputs, group them into stories and report every story",
         "storyweave analyze examples/istanbul-2025 --format md -o report.md")
def cmd_analyze(args: argparse.Namespace) -> int:
    from .pipeline import analyze

    _need_inputs(args)
    report = analyze(args.paths, _summary_settings(args), urls=_urls(args), stdin=sys.stdin.buffer, db=args.db)
    for path in _write_report(report, args.format, args.output):
        print(f"wrote {path}", file=sys.stderr)
    return 0


@command("report", "report one stored story", "storyweave report 3f2a9c --db news.db --format html -o story/")
def cmd_report(args: argparse.Namespace) -> int:
    from .errors import UnknownId
    from .pipeline import report

    settings = _summary_settings(args)
    with open_store(args) as store:
        story_id = store.resolve_story(args.story)
        if story_id is None:
            raise UnknownId("story", args.story)
        data = report(store, settings, [story_id], dropped=[])
    for path in _write_report(data, args.format, args.output):
        print(f"wrote {path}", file=sys.stderr)
    return 0


@command("stories", "list stories with their articles", "storyweave stories --db news.db --format json")
def cmd_stories(args: argparse.Namespace) -> int:
    from .grouping import story_listing

    with open_store(args) as store:
        rows = story_listing(store, settings_from(args))
    if args.format == "json":
        print_json(rows)
        return 0
    for row in rows:
        print(f"{row['id']}  {row['articles']} articles, {row['independent_sources']} independent sources"
              f"  {row['title'] or ''}")
        for a in row["members"]:
            print(f"    {a['id']}  {a['source'] or '-'}  {a['title'] or a['ref']}")
    return 0


@command("why", "show why two articles were grouped together or kept apart",
         "storyweave why a81124a2 ab249816 --db news.db")
def cmd_why(args: argparse.Namespace) -> int:
    from .grouping import why

    with open_store(args) as store:
        result = why(store, args.article_a, args.article_b)
    if args.format == "json":
        print_json(result)
    else:
        for key, value in result.items():
            print(f"{key:>24}: {value}")
    return 0


@command("merge", "merge two stories into one (kept through later ingests)",
         "storyweave merge STORY_A STORY_B --db news.db")
def cmd_merge(args: argparse.Namespace) -> int:
    from .grouping import correct

    with open_store(args) as store:
        print(correct(store, "merge", {"stories": [args.story_a, args.story_b]}))
    return 0


@command("split", "move articles out of their story into a new story of their own",
         "storyweave split ARTICLE [ARTICLE...] --db news.db")
def cmd_split(args: argparse.Namespace) -> int:
    from .grouping import correct

    with open_store(args) as store:
        print(correct(store, "split", {"articles": args.articles}))
    return 0


@command("move", "move an article to another story", "storyweave move ARTICLE STORY --db news.db")
def cmd_move(args: argparse.Namespace) -> int:
    from .grouping import correct

    with open_store(args) as store:
        print(correct(store, "move", {"article": args.article, "story": args.story}))
    return 0


@command("serve", "serve the store as a local, read-only web app",
         "storyweave serve --db news.db --port 8000")
def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .web.app import create_app

    settings = settings_from(args)
    hosts = None if args.host in ("127.0.0.1", "localhost") else ["127.0.0.1", "localhost", args.host]
    # warm: the newest stories are analysed in the background at start-up
    app = create_app(settings.db, settings=settings, allowed_hosts=hosts, warm=5)
    print(f"serving {settings.db} on http://{args.host}:{args.port}/", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


@command("demo", "analyse the demo corpus and write its reports (what 'make demo' runs)",
         "storyweave demo --out out/demo")
def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    for line in run_demo(Path(args.corpus) if args.corpus else None, Path(args.out), settings_from(args)):
        print(line)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="storyweave",
        description="What the sources agree on, story by story, and where they don't.",
        epilog="Example: storyweave analyze examples/istanbul-2025 --format md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"storyweave {__version__}")
    parser.add_argument("--config", metavar="FILE", help="settings file (default: ./storyweave.toml if present)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for name, fn in COMMANDS.items():
        p = sub.add_parser(name, help=fn.help, description=fn.help.capitalize() + ".",  # type: ignore[attr-defined]
                           epilog=f"Example:\n  {EXAMPLES[name]}", formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--config", metavar="FILE", help=argparse.SUPPRESS)
        configure = CONFIGURE.get(name)
        if configure:
            configure(p)
    return parser


CONFIGURE: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "ingest": lambda p: (_input_args(p), db_option(p)),
    "extract": lambda p: (_input_args(p), format_option(p, ["jsonl", "json", "text"], "jsonl")),
    "articles": lambda p: (db_option(p), format_option(p, ["table", "json"], "table")),
    "dropped": lambda p: (db_option(p), format_option(p, ["table", "json"], "table")),
    "analyze": lambda p: (_input_args(p), db_option(p), _report_args(p)),
    "report": lambda p: (p.add_argument("story", metavar="STORY", help="story id (or a unique prefix, or its key)"),
                         db_option(p), _report_args(p)),
    "stories": lambda p: (db_option(p), format_option(p, ["table", "json"], "table")),
    "why": lambda p: (p.add_argument("article_a", metavar="ARTICLE_A"), p.add_argument("article_b", metavar="ARTICLE_B"),
                      db_option(p), format_option(p, ["text", "json"], "text")),
    "merge": lambda p: (p.add_argument("story_a", metavar="STORY_A"), p.add_argument("story_b", metavar="STORY_B"),
                        db_option(p)),
    "split": lambda p: (p.add_argument("articles", nargs="+", metavar="ARTICLE"), db_option(p)),
    "move": lambda p: (p.add_argument("article", metavar="ARTICLE"), p.add_argument("story", metavar="STORY"),
                       db_option(p)),
    "serve": lambda p: (db_option(p), p.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1"),
                        p.add_argument("--port", type=int, default=8000, help="default 8000")),
    "demo": lambda p: (p.add_argument("--out", default="out/demo", metavar="DIR", help="default out/demo"),
                       p.add_argument("--corpus", metavar="DIR", help="default examples/istanbul-2025"),
                       db_option(p)),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](args)
    except StoryweaveError as exc:
        print(f"storyweave: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("storyweave: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
