"""Backup and restore: a copy of the live database taken while the gateway writes, restored into a new place,
with the knowledge index version it served; damaged backups and overwrites are refused with a clear error."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from backup import BackupCorrupt, BackupExists, NotABackup, RestoreTargetExists, create_backup, restore_backup
from bot import conversations
from bot.db import open_database
from cases import open_case, open_db
from knowledge.retrieve import Retriever
from tests.cases_helpers import complaint
from tests.knowledge_cards import two_cards

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def served_index(tmp_path_factory) -> Path:
    """The index the services serve: this test's own, built from two cards (not the developer's data/index)."""
    from knowledge import index, store

    root = tmp_path_factory.mktemp("served")
    (root / "cards").mkdir()
    (root / "cards" / "cards.yml").write_text(two_cards(), encoding="utf-8")
    db = store.open_db(root / "huxin.db")
    try:
        index.build(db, index_root=root / "index", cards_dir=root / "cards")
    finally:
        db.close()
    return root / "index"


class Writer(threading.Thread):
    """Writes like the web process does while a backup is taken: messages with their outbox rows, and cases."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(daemon=True)
        self.db_path = db_path
        self.stop = threading.Event()
        self.written = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            db = open_database(self.db_path)
            cases_db = open_db(self.db_path)
            while not self.stop.is_set():
                n = self.written
                conversations.ensure_chat(db, "web", f"w{n}")
                conversations.record_inbound(db, f"web:w{n}", f"老板欠我工资 {n}", f"老板欠我工资 {n}")
                conversations.record_outbound(db, f"web:w{n}", "web", "bot", f"回复 {n}")
                if n % 10 == 0:
                    open_case(cases_db, complaint(f"web:w{n}", employer=f"第{n}建筑公司"))
                self.written += 1
        except BaseException as error:  # reported by the test
            self.error = error


@pytest.fixture
def live_db(tmp_path: Path) -> Path:
    path = tmp_path / "live" / "huxin.db"
    open_db(path).close()  # bot and cases tables
    open_database(path).close()
    attachments = tmp_path / "live" / "attachments" / "telegram" / "42"
    attachments.mkdir(parents=True)
    (attachments / "1-iou.jpg").write_bytes(b"\xff\xd8 an IOU")
    return path


def test_a_backup_taken_during_writes_restores_to_a_usable_database_and_index(
        live_db: Path, tmp_path: Path, served_index: Path) -> None:
    writer = Writer(live_db)
    writer.start()
    while writer.written < 50:  # writes are under way
        time.sleep(0.01)
    before = writer.written
    manifest = create_backup(tmp_path / "backup", db_path=live_db, index_dir=served_index, data_dir=live_db.parent)
    after_backup = writer.written
    time.sleep(0.2)
    writer.stop.set()
    writer.join()
    assert writer.error is None, writer.error
    assert writer.written > after_backup, "the writer kept writing while and after the backup was taken"

    restored = tmp_path / "restored"
    restore_backup(
        tmp_path / "backup", db_path=restored / "huxin.db", index_dir=restored / "index", data_dir=restored
    )
    db = open_database(restored / "huxin.db")  # the services open it like this
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    chats = db["chats"].count
    assert before <= chats <= after_backup + 1 and chats == manifest.tables["chats"]
    # one consistent snapshot: no reply without its outbox row, no case without its first event
    assert db.execute("select count(*) from messages m left join outbox o on o.message_id = m.id "
                      "where m.direction = 'out' and o.id is null").fetchone()[0] == 0
    assert db.execute("select count(*) from cases c left join case_events e on e.case_id = c.id "
                      "where e.id is null").fetchone()[0] == 0
    assert [m.text for m in conversations.history(db, "web:w3")] == ["老板欠我工资 3", "回复 3"]
    cases_db = open_db(restored / "huxin.db")
    number = open_case(cases_db, complaint("web:after-restore", employer="恢复后公司")).case_number
    assert int(number.rsplit("-", 1)[1]) == manifest.tables["cases"] + 1  # numbering continues, no reuse
    assert (restored / "attachments" / "telegram" / "42" / "1-iou.jpg").read_bytes() == b"\xff\xd8 an IOU"

    hits = Retriever(restored / "index").search("包工头跑了工资找谁要", k=3, mode="bm25")
    assert hits and hits[0].citations, "the restored index answers with citations"
    assert (restored / "index" / "CURRENT").read_text().strip() == (served_index / "CURRENT").read_text().strip()


def test_restore_never_overwrites_silently_and_keeps_the_replaced_database(live_db: Path, tmp_path: Path) -> None:
    create_backup(tmp_path / "backup", db_path=live_db, index_dir=tmp_path / "no-index", data_dir=tmp_path / "none")
    target = tmp_path / "target" / "huxin.db"
    open_database(target).close()
    with pytest.raises(RestoreTargetExists, match="--force"):
        restore_backup(tmp_path / "backup", db_path=target, index_dir=tmp_path / "t-index", data_dir=tmp_path / "t")
    restore_backup(tmp_path / "backup", db_path=target, index_dir=tmp_path / "t-index", data_dir=tmp_path / "t",
                   force=True)
    assert len(list(target.parent.glob("huxin.db.before-restore-*"))) == 1
    with pytest.raises(BackupExists):
        create_backup(tmp_path / "backup", db_path=live_db)


def test_a_damaged_backup_is_refused_before_anything_is_written(
        live_db: Path, tmp_path: Path, served_index: Path) -> None:
    create_backup(tmp_path / "backup", db_path=live_db, index_dir=served_index, data_dir=tmp_path / "none")
    copy = tmp_path / "backup" / "huxin.db"
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    target = tmp_path / "target"
    with pytest.raises(BackupCorrupt, match="checksum"):
        restore_backup(tmp_path / "backup", db_path=target / "huxin.db", index_dir=target / "index", data_dir=target)
    assert not target.exists()
    with pytest.raises(NotABackup):
        restore_backup(tmp_path, db_path=target / "huxin.db")


def test_the_command_line_creates_and_restores_with_the_services_settings(
        live_db: Path, tmp_path: Path, served_index: Path) -> None:
    def cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
        env = {**os.environ, "HUXIN_DATA_DIR": str(data_dir), "HUXIN_DB": str(data_dir / "huxin.db"),
               "HUXIN_INDEX_DIR": str(served_index if data_dir == live_db.parent else data_dir / "index")}
        return subprocess.run([sys.executable, "-m", "backup", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)

    created = cli("create", str(tmp_path / "b1"), data_dir=live_db.parent)
    assert created.returncode == 0, created.stderr
    assert "index version v" in created.stdout
    restored = cli("restore", str(tmp_path / "b1"), data_dir=tmp_path / "new")
    assert restored.returncode == 0, restored.stderr
    again = cli("restore", str(tmp_path / "b1"), data_dir=tmp_path / "new")
    assert again.returncode == 1 and "RestoreTargetExists" in again.stderr and "--force" in again.stderr
    conn = sqlite3.connect(tmp_path / "new" / "huxin.db")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert (tmp_path / "new" / "index" / "CURRENT").exists()
