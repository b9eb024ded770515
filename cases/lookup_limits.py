"""Failed status lookups, counted per chat and per case, so nobody can try 查询码 until one fits.

A failure is a lookup from a chat that does not own the case with a wrong code or an unknown case number. Over the
limit (``[status_lookup]`` in cases/config.toml: 5 per hour each by default) every lookup is refused, the right code
too, until the window has passed. The owning chat is never limited: it sees its own cases without a code.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlite_utils

from core.db import transaction

from .config import CasesConfig
from .errors import LookupLimited

__all__ = ["check_not_limited", "record_failure"]

KEEP = timedelta(days=1)  # failures older than this are deleted when a new one is recorded


def _since(now: datetime, config: CasesConfig) -> str:
    return (now - timedelta(minutes=config.lookup_window_minutes)).isoformat()


def check_not_limited(
    db: sqlite_utils.Database, chat_key: str, case_id: int | None, now: datetime, config: CasesConfig
) -> None:
    """Raises LookupLimited if this chat, or this case, has used up its failed lookups in the window."""
    since = _since(now, config)
    by_chat = db.execute(
        "select count(*) from case_lookup_failures where chat_key = ? and created_at >= ?", [chat_key, since]
    ).fetchone()[0]
    if by_chat >= config.lookup_failures_per_chat:
        raise LookupLimited("chat", config.lookup_window_minutes)
    if case_id is not None:
        by_case = db.execute(
            "select count(*) from case_lookup_failures where case_id = ? and created_at >= ?", [case_id, since]
        ).fetchone()[0]
        if by_case >= config.lookup_failures_per_case:
            raise LookupLimited("case", config.lookup_window_minutes)


def record_failure(db: sqlite_utils.Database, chat_key: str, case_id: int | None, now: datetime) -> None:
    with transaction(db):
        db.execute("delete from case_lookup_failures where created_at < ?", [(now - KEEP).isoformat()])
        db["case_lookup_failures"].insert({"chat_key": chat_key, "case_id": case_id, "created_at": now.isoformat()})
