"""Configuration: defaults in code, then ``storyweave.toml``, then
``STORYWEAVE_*`` environment variables, then command-line flags.

A partial file overrides only what it sets.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "storyweave.db"
    # Largest input document accepted, in bytes; larger ones become Dropped("too-large").
    max_document_bytes: int = 10_000_000
    # URL fetching (storyweave ingest --urls)
    fetch_timeout: float = 20.0
    fetch_max_bytes: int = 5_000_000
    fetch_max_redirects: int = 5
    user_agent: str = "storyweave/0.1 (+offline news comparison tool)"
    # Optional publisher-family file: "domain owner" per line (see docs).
    families: str | None = None
    summary_words: int = 100
    workers: int = 0  # 0 = one per core


def _coerce(name: str, raw: Any, target: Any) -> Any:
    kind = type(target) if target is not None else str
    try:
        if kind is bool:
            return str(raw).lower() in {"1", "true", "yes", "on"}
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
        return None if raw in ("", None) else str(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"setting {name!r} must be a {kind.__name__}, got {raw!r}") from None


def load_settings(
    toml_path: str | os.PathLike[str] | None = None,
    env: dict[str, str] | None = None,
    **flags: Any,
) -> Settings:
    """Build the effective settings. ``flags`` with value None are ignored."""
    base = Settings()
    names = {f.name for f in fields(Settings)}
    updates: dict[str, Any] = {}

    path = Path(toml_path) if toml_path else Path("storyweave.toml")
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        for key, value in data.items():
            key = key.replace("-", "_")
            if key not in names:
                raise ConfigError(f"{path}: unknown setting {key!r}")
            updates[key] = _coerce(key, value, getattr(base, key))

    env = os.environ if env is None else env
    for name in names:
        value = env.get(f"STORYWEAVE_{name.upper()}")
        if value is not None:
            updates[name] = _coerce(name, value, getattr(base, name))

    for key, value in flags.items():
        if value is not None and key in names:
            updates[key] = _coerce(key, value, getattr(base, key))
    return replace(base, **updates)
