"""The command line as a user meets it: help, usage errors, ingest, crash safety."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyweave.cli import COMMANDS, build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def run(*args, stdin=None, cwd=None, env=None):
    """The real command in a subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "storyweave", *args], input=stdin, capture_output=True, text=True,
        cwd=cwd, env={**os.environ, **(env or {})}, timeout=300,
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(name, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "Example:" in out and f"storyweave {name}" in out


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented_in_the_readme(name):
    assert f"storyweave {name}" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["ingest", "no/such/path.txt", "--db", "{db}"], "input not found: no/such/path.txt"),
        (["ingest", "--db", "{db}"], "give at least one PATH"),
        (["articles", "--format", "xml", "--db", "{db}"], "invalid choice: 'xml'"),
        (["nosuchcommand"], "invalid choice: 'nosuchcommand'"),
        (["ingest", "--urls", "no/such/list.txt", "--db", "{db}"], "input not found: no/such/list.txt"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(tmp_path, argv, message):
    argv = [a.replace("{db}", str(tmp_path / "x.db")) for a in argv]
    result = run(*argv)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_ingest_demo_then_again_is_a_noop(tmp_path, demo_dir):
    db = tmp_path / "d.db"
    first = run("ingest", str(demo_dir), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("5 new")
    second = run("ingest", str(demo_dir), "--db", str(db))
    assert second.returncode == 0
    assert second.stdout.startswith("0 new, 0 revised, 5 already stored")
    listed = run("articles", "--db", str(db), "--format", "json")
    assert len(json.loads(listed.stdout)) == 5


def test_bad_documents_are_dropped_and_the_run_goes_on(tmp_path, demo_dir):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text((demo_dir / "000_caf5cc1dc99393f6.txt").read_text())
    (inputs / "empty.txt").write_text("   \n")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (inputs / "lines.jsonl").write_text('{"text": "A fine article about a port strike that closed the docks on Monday.", "source": "X"}\n{broken\n')
    db = tmp_path / "d.db"
    result = run("ingest", str(inputs), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2 new")
    dropped = json.loads(run("dropped", "--db", str(db), "--format", "json").stdout)
    codes = {d["code"] for d in dropped}
    assert {"empty", "binary", "malformed-json"} <= codes
    assert any(d["ref"].endswith("lines.jsonl#L2") and "line 2" in d["reason"] for d in dropped)


def test_nothing_readable_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = run("ingest", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "d.db"))
    assert result.returncode == 1
    assert "nothing could be read" in result.stderr


def test_stdin_input(tmp_path, demo_dir):
    text = (demo_dir / "002_6a2f342cc3f5a53b.txt").read_text()
    result = run("extract", "-", "--format", "json", stdin=text)
    assert result.returncode == 0, result.stderr
    [article] = json.loads(result.stdout)
    assert article["text"][:40] in text


def _many_inputs(folder: Path, demo_dir: Path, n: int) -> None:
    folder.mkdir()
    sentences = " ".join(p.read_text() for p in sorted(demo_dir.iterdir())).split(". ")
    for i in range(n):
        body = ". ".join(sentences[(i * 7 + k) % len(sentences)] for k in range(12))
        (folder / f"doc{i:04d}.txt").write_text(f"Title: Report number {i}\nSource: Outlet {i % 9}\n\n{body}.\n")


def test_killed_ingest_can_simply_be_run_again(tmp_path, demo_dir):
    """kill -9 in the middle of an ingest: the store stays readable, and the
    same command finishes the job with nothing lost and nothing duplicated."""
    inputs = tmp_path / "many"
    _many_inputs(inputs, demo_dir, 400)
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "storyweave", "ingest", str(inputs), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored >= 20:
            break
    assert proc.poll() is None, "ingest finished before it could be killed; make the input larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < partial < 400
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(ids) == len(set(ids)) == 400


def test_parser_builds_without_touching_the_network():
    parser = build_parser()
    assert parser.prog == "storyweave"


@pytest.mark.parametrize("argv, message", [
    (["report", "nope"], "no story with id 'nope' in the store (list them with 'storyweave stories')"),
    (["why", "x1", "x2"], "no article with id 'x1' in the store (list them with 'storyweave articles')"),
])
def test_unknown_ids_say_how_to_list_them(tmp_path, argv, message):
    db = tmp_path / "e.db"
    from storyweave.store import SqliteStore

    SqliteStore(db).close()
    result = run(*argv, "--db", str(db))
    assert result.returncode == 2
    assert result.stderr.strip() == f"storyweave: error: {message}"
