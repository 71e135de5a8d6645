"""Storage edge. SQLite (one file, WAL) is the embedded default."""

from .sqlite import AddResult, SqliteStore

Store = SqliteStore


def open_store(path: str, *, readonly: bool = False) -> SqliteStore:
    return SqliteStore(path, readonly=readonly)


__all__ = ["AddResult", "SqliteStore", "Store", "open_store"]
