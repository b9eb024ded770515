"""Login sessions: a random cookie value, stored only as its sha256, with a CSRF token bound to the session."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlite_utils

from .users import User, get_user_by_id

SESSION_LIFETIME = timedelta(hours=12)  # one working shift


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(db: sqlite_utils.Database, user: User, ip: str = "") -> str:
    """A new session for the user; returns the cookie value."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(timezone.utc)
    with db.conn:
        db["sessions"].delete_where("expires_at < ?", [now.isoformat()])
        db["sessions"].insert(
            {
                "token_hash": _hash(token),
                "user_id": user.id,
                "csrf_token": secrets.token_urlsafe(32),
                "created_at": now.isoformat(),
                "expires_at": (now + SESSION_LIFETIME).isoformat(),
                "ip": ip,
            }
        )
    return token


def find(db: sqlite_utils.Database, token: str | None) -> Session | None:
    if not token or len(token) > 100:
        return None
    rows = list(db["sessions"].rows_where("token_hash = ?", [_hash(token)]))
    if not rows or rows[0]["expires_at"] < datetime.now(timezone.utc).isoformat():
        return None
    user = get_user_by_id(db, rows[0]["user_id"])
    return Session(user, rows[0]["csrf_token"]) if user else None


def end(db: sqlite_utils.Database, token: str | None) -> None:
    if token:
        with db.conn:
            db["sessions"].delete_where("token_hash = ?", [_hash(token)])


def end_all(db: sqlite_utils.Database, username: str) -> None:
    """Sign an account out everywhere (after an admin reset its password)."""
    with db.conn:
        db.execute("delete from sessions where user_id in (select id from users where username = ?)", [username])
