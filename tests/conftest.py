import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "istanbul-2025"


@pytest.fixture
def demo_dir() -> Path:
    return DEMO


@pytest.fixture
def bench_dir() -> Path:
    value = os.environ.get("STORYWEAVE_BENCH_DIR")
    if not value or not Path(value).is_dir():
        pytest.skip("STORYWEAVE_BENCH_DIR is not set to the benchmark data folder")
    return Path(value)
