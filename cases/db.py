"""The cases tables in the shared SQLite file: opened through core.db (one set of settings for every package),
with this package's migrations applied."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from core.db import connect

from .migrations import migrations

__all__ = ["open_db"]


def open_db(path: str | Path | None = None, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open the database file (created if missing); apply the "cases" migrations unless ``migrate`` is False."""
    db = connect(path)
    if migrate:
        migrations.apply(db)
    return db
