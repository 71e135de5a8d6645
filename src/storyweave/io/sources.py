"""Read inputs from files, directories and stdin into ``RawInput`` records.

The format is detected from the extension, then from the content. Size caps
apply per file, except for containers (WARC, JSON Lines) where the parser
applies them per record.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import BinaryIO, Iterator

from ..errors import InputNotFound
from ..formats.common import sniff_kind
from ..records import Dropped, RawInput

_BY_SUFFIX = {
    ".txt": "text", ".md": "text", ".markdown": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".warc": "warc",
}
_CONTAINERS = {"jsonl", "warc"}


def kind_for_path(path: str | os.PathLike[str]) -> str | None:
    """The format named by a file's extension, or None to sniff the content."""
    name = os.fspath(path).lower()
    if name.endswith((".warc.gz", ".warc.gzip")):
        return "warc"
    return _BY_SUFFIX.get(os.path.splitext(name)[1])


def iter_inputs(
    paths: list[str], *, stdin: BinaryIO | None = None, max_bytes: int
) -> Iterator[RawInput | Dropped]:
    """Yield one RawInput (or Dropped) per file: each path is a file, a
    directory (recursive, sorted, hidden entries skipped) or ``-`` (stdin).

    Raises ``InputNotFound`` for a missing path before anything is yielded.
    """
    for path in paths:
        if path != "-" and not os.path.exists(path):
            raise InputNotFound(path)
    return _generate(paths, stdin, max_bytes)


def _generate(paths: list[str], stdin: BinaryIO | None, max_bytes: int) -> Iterator[RawInput | Dropped]:
    for path in paths:
        if path == "-":
            yield read_stream(stdin if stdin is not None else sys.stdin.buffer, "-", max_bytes)
        elif os.path.isdir(path):
            for file in walk(path):
                yield read_file(file, max_bytes)
        else:
            yield read_file(path, max_bytes)


def walk(directory: str) -> Iterator[str]:
    """Files under ``directory``, recursively, sorted, skipping hidden names."""
    root = Path(directory)
    for entry in sorted(root.rglob("*")):
        relative = entry.relative_to(root).parts
        if any(part.startswith(".") for part in relative):
            continue
        if entry.is_file():
            yield str(entry)


def read_file(path: str, max_bytes: int) -> RawInput | Dropped:
    kind = kind_for_path(path)
    try:
        size = os.path.getsize(path)
        if size > max_bytes and kind not in _CONTAINERS:
            return Dropped(path, "read", "too-large", f"{size} bytes is over the {max_bytes}-byte limit (max_document_bytes)")
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return Dropped(path, "read", "unreadable", f"cannot read the file: {exc.strerror or exc}")
    return RawInput(ref=path, kind=kind or sniff_kind(data), data=data)  # type: ignore[arg-type]


def read_stream(stream: BinaryIO, ref: str, max_bytes: int) -> RawInput | Dropped:
    """Read a whole stream; the format is sniffed from the content. Stdin
    may hold a container (JSON Lines, WARC), so the cap is checked after
    sniffing."""
    try:
        data = stream.read()
    except OSError as exc:
        return Dropped(ref, "read", "unreadable", f"cannot read stdin: {exc.strerror or exc}")
    if isinstance(data, str):  # a text stream was passed; be lenient
        data = data.encode("utf-8")
    kind = sniff_kind(data)
    if len(data) > max_bytes and kind not in _CONTAINERS:
        return Dropped(ref, "read", "too-large", f"{len(data)} bytes is over the {max_bytes}-byte limit (max_document_bytes)")
    return RawInput(ref=ref, kind=kind, data=data)  # type: ignore[arg-type]
