"""Login throttling: growing waits per (name, address), a cap per address, and no lock a stranger can set off.

A hard lock on a name (five failures from anywhere lock it) lets anyone keep ``admin`` out for good. Here the
failures that count are those of one name *from one address*: after ``FREE_FAILURES`` of them that address waits
1 s, 2 s, 4 s … (at most ``MAX_DELAY``) between tries of that name, while the real owner signs in from their own
address as usual. An address that fails too often over all names (``per_address`` in ``WINDOW``) waits until its
oldest failures age out: it stops one machine from trying many names. A success clears its own pair only, so the
owner signing in does not reset a stranger's wait.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import sqlite_utils

from core.db import transaction
from core.settings import default

FREE_FAILURES = 3  # failures of one name from one address before any wait
FIRST_DELAY = 1.0  # seconds; doubles with each further failure
MAX_DELAY = 60.0
WINDOW = timedelta(minutes=15)  # older failures are forgotten
# failures from one address over all names within WINDOW
DEFAULT_PER_ADDRESS: int = default("HUXIN_CONSOLE_LOGIN_FAILURES_PER_ADDRESS")


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def pair_delay(failures: int) -> float:
    """Seconds to wait after the last failure, given the number of recent failures of a (name, address) pair."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(MAX_DELAY, FIRST_DELAY * 2 ** (failures - FREE_FAILURES))


def wait_seconds(
    db: sqlite_utils.Database, username: str, ip: str, now: datetime, per_address: int = DEFAULT_PER_ADDRESS
) -> int:
    """Whole seconds this (name, address) must still wait before its next try; 0: it may try now."""
    since = _iso(now - WINDOW)
    count, last = db.execute(
        "select count(*), max(at) from login_failures where username = ? and ip = ? and at >= ?",
        [username, ip, since],
    ).fetchone()
    remaining = 0.0
    if count and (delay := pair_delay(count)):
        remaining = (datetime.fromisoformat(last) + timedelta(seconds=delay) - now).total_seconds()
    if ip and per_address > 0:
        from_address = db.execute(
            "select count(*) from login_failures where ip = ? and at >= ?", [ip, since]
        ).fetchone()[0]
        if from_address >= per_address:
            # Below the cap again once the oldest (from_address - per_address + 1) failures have aged out.
            ages_out = db.execute(
                "select at from login_failures where ip = ? and at >= ? order by at limit 1 offset ?",
                [ip, since, from_address - per_address],
            ).fetchone()[0]
            remaining = max(remaining, (datetime.fromisoformat(ages_out) + WINDOW - now).total_seconds())
    return math.ceil(remaining) if remaining > 0 else 0


def record_failure(db: sqlite_utils.Database, username: str, ip: str, now: datetime) -> None:
    with transaction(db):
        db["login_failures"].delete_where("at < ?", [_iso(now - WINDOW)])
        db["login_failures"].insert({"username": username, "ip": ip, "at": _iso(now)})


def clear(db: sqlite_utils.Database, username: str, ip: str) -> None:
    """After a success: this pair starts afresh (other addresses' failures for the name stay)."""
    with transaction(db):
        db["login_failures"].delete_where("username = ? and ip = ?", [username, ip])
