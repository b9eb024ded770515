"""core/: every package opens the database the same way, a failed write leaves nothing behind, and the clock
can be set so that what depends on the date (a case number's year, a deadline) does not depend on the day tests run."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timedelta, timezone

import pytest

from core import clock
from core.db import BUSY_TIMEOUT_SECONDS, connect, transaction


def test_every_package_opens_the_file_with_the_same_settings(tmp_path):
    import bot.db
    import cases
    import console.db
    from knowledge import store

    path = tmp_path / "huxin.db"
    for open_ in (bot.db.open_database, cases.open_db, store.open_db, console.db.open_db):
        db = open_(path)
        assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert db.execute("pragma busy_timeout").fetchone()[0] == BUSY_TIMEOUT_SECONDS * 1000
        assert db.execute("pragma foreign_keys").fetchone()[0] == 1
        db.close()
    tables = set(connect(path).table_names())
    assert {"chats", "cases", "documents", "users", "sites"} <= tables  # each package's migrations ran on it


def test_a_failed_write_leaves_nothing_and_an_inner_failure_only_undoes_itself(tmp_path):
    db = connect(tmp_path / "t.db")
    db["rows"].create({"id": int, "text": str}, pk="id")
    with pytest.raises(RuntimeError):
        with transaction(db):
            db["rows"].insert({"id": 1, "text": "a"})
            db.execute("update rows set text = 'b' where id = 1")
            raise RuntimeError("the worker's reply could not be stored")
    assert db["rows"].count == 0

    with transaction(db):
        db["rows"].insert({"id": 1, "text": "kept"})
        try:
            with transaction(db):  # a function that opens its own transaction, called inside another one
                db["rows"].insert({"id": 2, "text": "undone"})
                raise ValueError
        except ValueError:
            pass
    assert [r["text"] for r in db["rows"].rows] == ["kept"]


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path):
    path = tmp_path / "t.db"
    first, second = connect(path), connect(path)
    first["rows"].create({"id": int}, pk="id")
    entered, done = threading.Event(), []

    def write_later():
        entered.wait()
        with transaction(second):
            second["rows"].insert({"id": 2})
        done.append(True)

    writer = threading.Thread(target=write_later)
    writer.start()
    with transaction(first):
        first["rows"].insert({"id": 1})
        entered.set()
        writer.join(timeout=0.5)  # the other writer is blocked on the lock, not failed with "database is locked"
        assert writer.is_alive() and not done
    writer.join(timeout=10)
    assert done and sorted(r["id"] for r in connect(path)["rows"].rows) == [1, 2]


def test_the_clock_can_be_frozen_and_knows_china_s_date():
    late_evening_utc = datetime(2026, 12, 31, 17, 30, tzinfo=timezone.utc)  # already 1 January in China
    with clock.frozen(late_evening_utc):
        assert clock.now() == late_evening_utc
        assert clock.china_today().isoformat() == "2027-01-01"
        assert clock.iso() == "2026-12-31T17:30:00+00:00"
    assert clock.now() - datetime.now(timezone.utc) < timedelta(seconds=5)  # back to the real time
    with pytest.raises(clock.NaiveTime):
        with clock.frozen(datetime(2026, 1, 1)):
            pass


def test_a_case_opened_on_new_year_s_morning_in_china_takes_the_new_year_s_number(tmp_path):
    import cases
    from tests.cases_helpers import complaint

    db = cases.open_db(tmp_path / "huxin.db")
    with clock.frozen(datetime(2026, 12, 31, 16, 30, tzinfo=timezone.utc)):  # 00:30 on 1 January in Beijing
        number = cases.open_case(db, complaint()).case_number
    assert "2027" in number


def test_nothing_outside_core_opens_sqlite_itself():
    """One way to open the database: a package that calls sqlite3.connect would get other settings."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    allowed = {"core/db.py", "backup/archive.py"}  # backup copies the file with SQLite's online backup API
    offenders = [
        str(path.relative_to(root))
        for package in ("bot", "cases", "claims", "knowledge", "sites", "console", "actions", "cluster", "backup")
        for path in (root / package).rglob("*.py")
        if str(path.relative_to(root)) not in allowed
        and ("sqlite3.connect(" in path.read_text(encoding="utf-8") or "sqlite_utils.Database(" in path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"open the database with core.db.connect instead: {offenders}"


def test_sqlite_errors_are_not_swallowed(tmp_path):
    db = connect(tmp_path / "t.db")
    with pytest.raises(sqlite3.OperationalError):
        with transaction(db):
            db.execute("insert into missing_table values (1)")
    assert not db.conn.in_transaction
