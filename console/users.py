"""Staff accounts and roles; passwords hashed with argon2id (argon2-cffi); login attempts rate-limited."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import (
    InvalidUsername,
    LoginFailed,
    LoginThrottled,
    UnknownRole,
    UserExists,
    UserNotFound,
    WeakPassword,
)

ROLES = ("agent", "supervisor", "admin")  # each role can do everything the ones before it can
ROLE_NAMES = {"agent": "坐席", "supervisor": "班长", "admin": "管理员"}
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[A-Za-z0-9._-]{2,32}$")
# Failures counted over this window; a name (or an address trying many names) is refused past the limit.
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_IP = 20

_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    @property
    def label(self) -> str:
        return f"{self.display_name}（{ROLE_NAMES[self.role]}）"

    @classmethod
    def from_row(cls, row: dict) -> "User":
        return cls(row["id"], row["username"], row["display_name"] or row["username"], row["role"])


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def create_user(
    db: sqlite_utils.Database, username: str, password: str, *, role: str, display_name: str | None = None
) -> User:
    if role not in ROLES:
        raise UnknownRole(role)
    if not USERNAME.match(username):
        raise InvalidUsername(username)
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(MIN_PASSWORD)
    with db.conn:
        if db["users"].count_where("username = ?", [username]):
            raise UserExists(username)
        user_id = db["users"].insert(
            {
                "username": username,
                "display_name": (display_name or username).strip()[:40],
                "role": role,
                "password_hash": _hasher.hash(password),
                "active": 1,
                "created_at": _iso(now_utc()),
            }
        ).last_pk
    return User.from_row(db["users"].get(user_id))


def get_user(db: sqlite_utils.Database, username: str) -> User:
    rows = list(db["users"].rows_where("username = ? and active = 1", [username]))
    if not rows:
        raise UserNotFound(username)
    return User.from_row(rows[0])


def get_user_by_id(db: sqlite_utils.Database, user_id: int) -> User | None:
    rows = list(db["users"].rows_where("id = ? and active = 1", [user_id]))
    return User.from_row(rows[0]) if rows else None


def list_users(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("select id, username, display_name, role, active, created_at, last_login_at from users order by id"))


def set_active(db: sqlite_utils.Database, username: str, active: bool) -> None:
    with db.conn:
        if not db["users"].count_where("username = ?", [username]):
            raise UserNotFound(username)
        db.execute("update users set active = ? where username = ?", [int(active), username])
        if not active:  # a disabled account loses its sessions at once
            db.execute("delete from sessions where user_id in (select id from users where username = ?)", [username])


def set_password(db: sqlite_utils.Database, username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(MIN_PASSWORD)
    with db.conn:
        if not db["users"].count_where("username = ?", [username]):
            raise UserNotFound(username)
        db.execute("update users set password_hash = ? where username = ?", [_hasher.hash(password), username])


def _recent_failures(db: sqlite_utils.Database, column: str, value: str, now: datetime) -> int:
    since = _iso(now - THROTTLE_WINDOW)
    return db["login_failures"].count_where(f"{column} = ? and at >= ?", [value, since])


def authenticate(
    db: sqlite_utils.Database, username: str, password: str, *, ip: str = "", now: datetime | None = None
) -> User:
    """The user for a right name and password. Raises LoginThrottled (checked first, so a locked name cannot be
    probed) or LoginFailed (same message for an unknown name and a wrong password)."""
    now = now or now_utc()
    username = username.strip()[:64]
    if (
        _recent_failures(db, "username", username, now) >= MAX_FAILURES_PER_NAME
        or (ip and _recent_failures(db, "ip", ip, now) >= MAX_FAILURES_PER_IP)
    ):
        raise LoginThrottled(int(THROTTLE_WINDOW.total_seconds() // 60))
    rows = list(db["users"].rows_where("username = ? and active = 1", [username]))
    try:
        if not rows:
            raise VerificationError("unknown user")
        _hasher.verify(rows[0]["password_hash"], password)
    except (VerificationError, InvalidHashError):
        with db.conn:
            db["login_failures"].insert({"username": username, "ip": ip, "at": _iso(now)})
        raise LoginFailed() from None
    row = rows[0]
    with db.conn:
        db["login_failures"].delete_where("username = ?", [username])
        changes = {"last_login_at": _iso(now)}
        if _hasher.check_needs_rehash(row["password_hash"]):
            changes["password_hash"] = _hasher.hash(password)
        db["users"].update(row["id"], changes)
    return User.from_row(row)


def ensure_first_admin(db: sqlite_utils.Database, username: str, password: str | None) -> str | None:
    """With no users yet, create the first admin. Returns the generated one-time password (None if given or if
    users exist) so the caller can show it once."""
    if db["users"].count:
        return None
    generated = None if password else generate_password()
    create_user(db, username, password or generated, role="admin", display_name="管理员")
    return generated
