"""Content-hash identifiers: the same content always gets the same id."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def content_id(*parts: Any, prefix: str = "", length: int = 16) -> str:
    """Stable hash of ``parts`` (JSON-serialised), like sqlite-utils' hash_record."""
    payload = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:length]
    return f"{prefix}{digest}"
