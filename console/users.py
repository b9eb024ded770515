"""Staff accounts and roles; passwords hashed with argon2id (argon2-cffi); login attempts throttled
(console/login_throttle.py).

A login costs one argon2 verification whether or not the name exists (an unknown or disabled name is checked
against a dummy hash), so neither the answer nor its timing tells who has an account. The verification is the only
step that needs no database (``Login.verify``), so the web process runs it in a worker thread and keeps its event
loop free; hashing a new password likewise (``hash_password``).
"""

from __future__ import annotations

import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core import clock
from core.db import transaction

from . import login_throttle
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

_hasher = PasswordHasher()
# argon2 takes 64 MiB and several cores per hash or check: a burst of logins (a script, before any failure is
# counted) takes its turn here instead of filling the machine's memory.
_ARGON2_AT_ONCE = threading.BoundedSemaphore(2)
# What an unknown or disabled name's password is checked against. Made once at import with the hasher's own
# parameters, so even the first unknown name costs one verification and nothing more.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str
    # Made with a generated password (first admin, `users add`, a reset): must set their own before anything else.
    must_change_password: bool = False

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    @property
    def label(self) -> str:
        return f"{self.display_name}（{ROLE_NAMES[self.role]}）"

    @classmethod
    def from_row(cls, row: dict) -> "User":
        return cls(
            row["id"], row["username"], row["display_name"] or row["username"], row["role"],
            bool(row.get("must_change_password")),
        )


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def hash_password(password: str) -> str:
    """The argon2id hash of an acceptable password (CPU-bound: the web process calls it in a worker thread)."""
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(MIN_PASSWORD)
    with _ARGON2_AT_ONCE:
        return _hasher.hash(password)


def create_user(
    db: sqlite_utils.Database,
    username: str,
    password: str,
    *,
    role: str,
    display_name: str | None = None,
    one_time: bool = False,
    hashed: str | None = None,
) -> User:
    """``one_time``: the password was generated for the account, which must set its own at first login.
    ``hashed``: the password's hash made beforehand (off the event loop); hashed here otherwise."""
    if role not in ROLES:
        raise UnknownRole(role)
    if not USERNAME.match(username):
        raise InvalidUsername(username)
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(MIN_PASSWORD)
    with transaction(db):
        if db["users"].count_where("username = ?", [username]):
            raise UserExists(username)
        user_id = db["users"].insert(
            {
                "username": username,
                "display_name": (display_name or username).strip()[:40],
                "role": role,
                "password_hash": hashed or hash_password(password),
                "must_change_password": int(one_time),
                "active": 1,
                "created_at": _iso(clock.now()),
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
    return list(db.query(
        "select id, username, display_name, role, active, must_change_password, created_at, last_login_at "
        "from users order by id"
    ))


def set_active(db: sqlite_utils.Database, username: str, active: bool) -> None:
    with transaction(db):
        if not db["users"].count_where("username = ?", [username]):
            raise UserNotFound(username)
        db.execute("update users set active = ? where username = ?", [int(active), username])
        if not active:  # a disabled account loses its sessions at once
            db.execute("delete from sessions where user_id in (select id from users where username = ?)", [username])


def set_password(
    db: sqlite_utils.Database, username: str, password: str, *, one_time: bool = False, hashed: str | None = None
) -> None:
    """Set a password (``one_time``: a generated one the account must replace at its next login). Ending the
    account's other sessions is the caller's part (sessions.end_all / end_others)."""
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(MIN_PASSWORD)
    hashed = hashed or hash_password(password)
    with transaction(db):
        if not db["users"].count_where("username = ?", [username]):
            raise UserNotFound(username)
        db.execute(
            "update users set password_hash = ?, must_change_password = ? where username = ?",
            [hashed, int(one_time), username],
        )


class Login:
    """One login attempt in three steps, so the web process can run the argon2 step in a worker thread:

    ``Login(db, name, ip=…)`` checks the throttle (raises LoginThrottled before any password work, the same for
    every name) and reads the account; ``verify(password)`` makes exactly one argon2 verification and touches no
    database; ``finish()`` records the outcome and returns the User or raises LoginFailed (the same message for an
    unknown name and a wrong password)."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        username: str,
        *,
        ip: str = "",
        now: datetime | None = None,
        per_address: int = login_throttle.DEFAULT_PER_ADDRESS,
    ) -> None:
        self.db, self.ip, self.now = db, ip, now or clock.now()
        self.username = username.strip()[:64]
        wait = login_throttle.wait_seconds(db, self.username, ip, self.now, per_address)
        if wait:
            raise LoginThrottled(wait)
        rows = list(db["users"].rows_where("username = ? and active = 1", [self.username]))
        self._row = rows[0] if rows else None
        self._verified = False
        self._new_hash: str | None = None

    def verify(self, password: str) -> None:
        stored = self._row["password_hash"] if self._row else None
        with _ARGON2_AT_ONCE:
            try:
                _hasher.verify(stored or _DUMMY_HASH, password)
            except (VerificationError, InvalidHashError):
                return
            self._verified = stored is not None
            if self._verified and _hasher.check_needs_rehash(stored):
                self._new_hash = _hasher.hash(password)

    def finish(self) -> User:
        if not self._verified:
            login_throttle.record_failure(self.db, self.username, self.ip, self.now)
            raise LoginFailed()
        login_throttle.clear(self.db, self.username, self.ip)
        changes = {"last_login_at": _iso(self.now)}
        if self._new_hash:
            changes["password_hash"] = self._new_hash
        with transaction(self.db):
            self.db["users"].update(self._row["id"], changes)
        return User.from_row(self._row)


def authenticate(
    db: sqlite_utils.Database,
    username: str,
    password: str,
    *,
    ip: str = "",
    now: datetime | None = None,
    per_address: int = login_throttle.DEFAULT_PER_ADDRESS,
) -> User:
    """The user for a right name and password, all in this thread (CLI, tests). Raises LoginThrottled or
    LoginFailed (see Login)."""
    attempt = Login(db, username, ip=ip, now=now, per_address=per_address)
    attempt.verify(password)
    return attempt.finish()


def ensure_first_admin(db: sqlite_utils.Database, username: str, password: str | None) -> str | None:
    """With no users yet, create the first admin. Returns the generated one-time password (None if given or if
    users exist) so the caller can show it once."""
    if db["users"].count:
        return None
    generated = None if password else generate_password()
    create_user(db, username, password or generated, role="admin", display_name="管理员", one_time=bool(generated))
    return generated
