"""The shared SQLite file (HUXIN_DB), opened the way every package opens it: WAL, busy timeout,
and this package's migrations applied."""

from __future__ import annotations

import os
from pathlib import Path

import sqlite_utils

from .migrations import migrations

__all__ = ["default_db_path", "open_db", "write_transaction"]

BUSY_TIMEOUT_MS = 5000


def default_db_path() -> Path:
    """``$HUXIN_DB``, else ``$HUXIN_DATA_DIR/huxin.db`` (``data/huxin.db``)."""
    if os.environ.get("HUXIN_DB"):
        return Path(os.environ["HUXIN_DB"])
    return Path(os.environ.get("HUXIN_DATA_DIR", "data")) / "huxin.db"


def open_db(path: str | Path | None = None, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open the database file (created if missing) with WAL and a busy timeout; apply the
    "cases" migrations unless ``migrate`` is False."""
    path = Path(path) if path else default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.enable_wal()
    if migrate:
        migrations.apply(db)
    return db


class write_transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on error).

    IMMEDIATE takes the write lock up front, so two processes opening cases at once wait for each other
    (busy timeout) instead of one failing when its read turns into a write.
    """

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def __enter__(self) -> sqlite_utils.Database:
        self.db.conn.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.db.conn.execute("COMMIT")
        elif self.db.conn.in_transaction:
            self.db.conn.execute("ROLLBACK")
