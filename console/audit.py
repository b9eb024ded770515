"""Audit log: who did what, when, from where. Every login, view of personal data, reply, status change, upload."""

from __future__ import annotations


import sqlite_utils

from core import clock
from core.db import transaction

from .users import User


def record(
    db: sqlite_utils.Database,
    user: User | str | None,
    action: str,
    target: str | None = None,
    detail: str | None = None,
    ip: str | None = None,
) -> None:
    if isinstance(user, User):
        username, role = user.username, user.role
    else:
        username, role = user or "", ""
    with transaction(db):
        db["audit_log"].insert(
            {
                "at": clock.iso(),
                "username": username,
                "role": role,
                "action": action,
                "target": target,
                "detail": (detail or "")[:500] or None,
                "ip": ip,
            }
        )


def recent(
    db: sqlite_utils.Database,
    *,
    limit: int = 200,
    action: str | None = None,
    username: str | None = None,
    offset: int = 0,
) -> list[dict]:
    """Newest first; ``action`` is a prefix ("chat." matches chat.view, chat.reply, ...)."""
    where, params = [], []
    if action:
        where.append("substr(action, 1, ?) = ?")  # a plain prefix: "_" and "%" typed in a filter are not wildcards
        params.extend([len(action), action])
    if username:
        where.append("username = ?")
        params.append(username)
    return list(
        db["audit_log"].rows_where(" and ".join(where) or None, params, order_by="id desc", limit=limit, offset=offset)
    )


def usernames(db: sqlite_utils.Database) -> list[str]:
    """Every name that appears in the log (also failed logins with names that do not exist)."""
    return [row[0] for row in db.execute("select distinct username from audit_log where username != '' order by 1")]
