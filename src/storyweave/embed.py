"""Sentence embeddings with the project's static model (model2vec, no torch).

The model is a model2vec static embedder distilled from all-MiniLM-L6-v2 by
``scripts/build_embedder.py`` and kept in ``storyweave/models/minilm-static``.
It is loaded lazily, once per process, from that local folder only: no hub
access. ``STORYWEAVE_EMBEDDER_DIR`` points at another build (used to measure
build options on ``bench/ecbplus.py``). There is no fallback: a missing model
is an error, never a silent switch to weaker vectors.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .errors import StoryweaveError

MODEL_DIR = Path(__file__).resolve().parent / "models" / "minilm-static"
_REQUIRED = ("config.json", "model.safetensors", "tokenizer.json")

_lock = threading.Lock()
_model: Any = None
_model_dir: Path | None = None


class EmbedderMissing(StoryweaveError):
    def __init__(self, folder: Path, detail: str) -> None:
        super().__init__(
            f"sentence embedder not usable at {folder} ({detail}); "
            "rebuild it with scripts/build_embedder.py (see its docstring)"
        )


def model_dir() -> Path:
    override = os.environ.get("STORYWEAVE_EMBEDDER_DIR")
    return Path(override) if override else MODEL_DIR


def _load(folder: Path) -> Any:
    missing = [name for name in _REQUIRED if not (folder / name).is_file()]
    if missing:
        raise EmbedderMissing(folder, "missing " + ", ".join(missing))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from model2vec import StaticModel

    try:
        return StaticModel.from_pretrained(str(folder))
    except Exception as exc:  # a corrupt artifact: say so in one line
        raise EmbedderMissing(folder, f"{type(exc).__name__}: {exc}") from None


def get_model() -> Any:
    """The loaded static model (loaded on first use, then cached)."""
    global _model, _model_dir
    folder = model_dir()
    with _lock:
        if _model is None or _model_dir != folder:
            _model = _load(folder)
            _model_dir = folder
        return _model


def dim() -> int:
    return int(get_model().dim)


def embed(texts: Sequence[str], batch_size: int = 1024) -> np.ndarray:
    """Embed ``texts``: float32 array (n, dim), rows L2-normalised.

    Empty or token-less texts get a zero row (cosine 0 to everything).
    """
    model = get_model()
    if len(texts) == 0:
        return np.zeros((0, int(model.dim)), dtype=np.float32)
    vectors = model.encode(list(texts), batch_size=batch_size, show_progress_bar=False)
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors


def reset() -> None:
    """Forget the cached model (tests; switching STORYWEAVE_EMBEDDER_DIR)."""
    global _model, _model_dir
    with _lock:
        _model = None
        _model_dir = None
