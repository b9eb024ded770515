"""The one way to open the shared SQLite file, and the one write transaction.

Every package (bot, cases, knowledge, sites, console) keeps its own tables and its own migration set
(``sqlite_utils.migrations``) and applies it on a connection made here, so all of them see the same settings:
WAL (readers never block the writer), a 30 s busy timeout (a second process waits its turn instead of failing
with "database is locked"), foreign keys on, and a connection any thread of a process may use (the web process
serves the chat and the console from one connection).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from core.settings import settings

__all__ = ["BUSY_TIMEOUT_SECONDS", "connect", "default_path", "transaction"]

BUSY_TIMEOUT_SECONDS = 30


def default_path() -> Path:
    """``$HUXIN_DB``, else ``$HUXIN_DATA_DIR/huxin.db`` (``data/huxin.db``). Read at call time, so tests and CLIs
    can point a process at another file."""
    return settings().db_path


def connect(path: Path | str | None = None) -> sqlite_utils.Database:
    """Open (creating it and its folder if needed) the database file; no migrations (each package applies its own)."""
    path = str(path or default_path())
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    db.execute("PRAGMA foreign_keys=ON")
    return db


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, ``ROLLBACK`` on any error; inside another transaction, a savepoint of it.

    IMMEDIATE takes the write lock up front: a deferred BEGIN fails at once with "database is locked" when a read
    inside it meets another process's commit before its first write; IMMEDIATE waits its turn (busy timeout).
    sqlite-utils' own write methods nest inside it as savepoints, so the whole block is one transaction, and so
    does a function that opens its own transaction when its caller already has one.
    """
    if db.conn.in_transaction:
        with db.atomic():  # a savepoint: undone alone on error, committed with the outer transaction
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:  # an error such as a RAISE(ROLLBACK) trigger may have ended it already
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
