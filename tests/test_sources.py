"""Tests for storyweave.io.sources: paths, directories, stdin, kinds, caps."""

from __future__ import annotations

import gzip
import io

import pytest

from storyweave.errors import InputNotFound
from storyweave.io.sources import iter_inputs, kind_for_path
from storyweave.records import Dropped, RawInput


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.txt", "text"), ("a.md", "text"), ("a.html", "html"), ("a.HTM", "html"),
        ("a.json", "json"), ("a.jsonl", "jsonl"), ("a.ndjson", "jsonl"),
        ("a.xml", "feed"), ("a.rss", "feed"), ("a.atom", "feed"),
        ("a.warc", "warc"), ("a.warc.gz", "warc"), ("a.dat", None), ("noext", None),
    ],
)
def test_kind_for_path(name: str, kind: str | None) -> None:
    assert kind_for_path(name) == kind


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"),
        (b"<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>", "feed"),
        (b"<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "feed"),
        (b'{"text": "a"}', "json"),
        (b'[{"text": "a"}]', "json"),
        (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        (gzip.compress(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n"), "warc"),
        (b"Plain words on a line.\n", "text"),
    ],
)
def test_unknown_extension_is_sniffed(tmp_path, content: bytes, kind: str) -> None:
    path = tmp_path / "input.dat"
    path.write_bytes(content)
    (item,) = iter_inputs([str(path)], max_bytes=1000)
    assert isinstance(item, RawInput)
    assert item.kind == kind


def test_directory_is_recursive_sorted_and_skips_hidden(tmp_path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two")
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / ".hidden.txt").write_text("no")
    (tmp_path / ".git" / "x.txt").write_text("no")
    refs = [item.ref for item in iter_inputs([str(tmp_path)], max_bytes=1000)]
    assert refs == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "2.txt")]


def test_missing_path_raises_before_anything_is_yielded(tmp_path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("hello")
    with pytest.raises(InputNotFound, match=r"input not found: .*nope\.txt"):
        iter_inputs([str(good), str(tmp_path / "nope.txt")], max_bytes=1000)


def test_stdin_is_read_and_sniffed() -> None:
    (item,) = iter_inputs(["-"], stdin=io.BytesIO(b"<html><body><p>x</p></body></html>"), max_bytes=1000)
    assert isinstance(item, RawInput)
    assert (item.ref, item.kind) == ("-", "html")


def test_large_file_is_dropped_but_containers_are_not(tmp_path) -> None:
    big_text = tmp_path / "big.txt"
    big_text.write_bytes(b"x" * 200)
    big_jsonl = tmp_path / "big.jsonl"
    big_jsonl.write_bytes(b'{"text": "a"}\n' * 20)
    items = list(iter_inputs([str(big_text), str(big_jsonl)], max_bytes=100))
    assert isinstance(items[0], Dropped)
    assert (items[0].stage, items[0].code) == ("read", "too-large")
    assert isinstance(items[1], RawInput) and items[1].kind == "jsonl"


def test_large_stdin_is_dropped() -> None:
    (item,) = iter_inputs(["-"], stdin=io.BytesIO(b"word " * 100), max_bytes=100)
    assert isinstance(item, Dropped) and item.code == "too-large"


def test_read_error_is_dropped_as_unreadable(tmp_path, monkeypatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text("words")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    (item,) = iter_inputs([str(path)], max_bytes=1000)
    assert isinstance(item, Dropped)
    assert (item.stage, item.code) == ("read", "unreadable")
    assert "Permission denied" in item.reason
