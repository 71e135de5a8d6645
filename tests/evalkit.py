"""Shared plumbing of the quality gates (tests/test_eval_*.py): the bench
script that measures, the data folder it needs, and the pinned floors."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def bench_module(script: str) -> ModuleType:
    """bench/<script>.py imported as module ``bench_<script>``."""
    name = f"bench_{script}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{script}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def bench_data(*parts: str) -> Path:
    """$STORYWEAVE_BENCH_DIR (the folder itself); skips the test when it or parts are missing."""
    value = os.environ.get("STORYWEAVE_BENCH_DIR")
    if not value or not Path(value, *parts).is_dir():
        pytest.skip(f"STORYWEAVE_BENCH_DIR is not set to a folder with {'/'.join(parts)}/")
    return Path(value)


def floors(key: str) -> dict:
    """The pinned floors of one gate (tests/eval_baseline.json)."""
    return json.loads((ROOT / "tests" / "eval_baseline.json").read_text())[key]
