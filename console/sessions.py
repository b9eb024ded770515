"""Login sessions: a random cookie value, stored only as its sha256, with a CSRF token bound to the session.

A session ends after SESSION_LIFETIME (one shift) or after the idle timeout without use (console/settings.py), when
its user signs out, and — every *other* session of the account — when the password changes (end_others) or an
admin resets it (end_all).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from core import clock
from core.db import transaction

from .users import User, get_user_by_id

SESSION_LIFETIME = timedelta(hours=12)  # one working shift
# last_seen_at is written at most this often: a page that polls does not write on every request.
TOUCH_EVERY = timedelta(seconds=30)


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now(now: datetime | None) -> datetime:
    return now or clock.now()


def start(db: sqlite_utils.Database, user: User, ip: str = "", now: datetime | None = None) -> str:
    """A new session for the user; returns the cookie value."""
    token = secrets.token_urlsafe(32)
    now = _now(now)
    with transaction(db):
        db["sessions"].delete_where("expires_at < ?", [now.isoformat()])
        db["sessions"].insert(
            {
                "token_hash": _hash(token),
                "user_id": user.id,
                "csrf_token": secrets.token_urlsafe(32),
                "created_at": now.isoformat(),
                "last_seen_at": now.isoformat(),
                "expires_at": (now + SESSION_LIFETIME).isoformat(),
                "ip": ip,
            }
        )
    return token


def find(
    db: sqlite_utils.Database,
    token: str | None,
    *,
    now: datetime | None = None,
    idle_timeout: timedelta | None = None,
    touch: bool = True,
) -> Session | None:
    """The live session for a cookie value, or None. A session unused for longer than ``idle_timeout`` is ended
    here. ``touch``: this request is the staff member's own doing (a page, a form), so it counts as use; the
    console's own background refreshes pass False and do not keep an unattended session alive."""
    if not token or len(token) > 100:
        return None
    now = _now(now)
    token_hash = _hash(token)
    rows = list(db["sessions"].rows_where("token_hash = ?", [token_hash]))
    if not rows or rows[0]["expires_at"] < now.isoformat():
        return None
    row = rows[0]
    last_seen = datetime.fromisoformat(row["last_seen_at"] or row["created_at"])
    if idle_timeout is not None and now - last_seen > idle_timeout:
        end(db, token)
        return None
    user = get_user_by_id(db, row["user_id"])
    if user is None:
        return None
    if touch and now - last_seen >= TOUCH_EVERY:
        with transaction(db):
            db["sessions"].update(token_hash, {"last_seen_at": now.isoformat()})
    return Session(user, row["csrf_token"])


def end(db: sqlite_utils.Database, token: str | None) -> None:
    if token:
        with transaction(db):
            db["sessions"].delete_where("token_hash = ?", [_hash(token)])


def end_others(db: sqlite_utils.Database, user_id: int, keep_token: str | None) -> int:
    """After a password change: every session of the account but this one ends. Returns how many ended."""
    with transaction(db):
        cursor = db.execute(
            "delete from sessions where user_id = ? and token_hash != ?", [user_id, _hash(keep_token or "")]
        )
    return cursor.rowcount


def end_all(db: sqlite_utils.Database, username: str) -> None:
    """Sign an account out everywhere (after an admin reset its password)."""
    with transaction(db):
        db.execute("delete from sessions where user_id in (select id from users where username = ?)", [username])
