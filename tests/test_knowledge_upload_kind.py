"""The admin sets how an uploaded document is split (issue 14): 自动判断 / 法规条文 / 普通文本, in the console and the CLI."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from knowledge import store
from tests.test_console_admin import admin, upload, wait_for_job

# Two numbered points of a notice look like two articles in sequence: auto makes it a statute.
NOTICE = "# 关于工地发薪日的通知\n\n第一条 每月十五日发上月工资。\n\n第二条 遇节假日提前发。\n"


@pytest.fixture
def knowledge_admin(console, tmp_path: Path, monkeypatch):
    from knowledge import cards

    card_dir = tmp_path / "cards"
    card_dir.mkdir()
    (card_dir / "test.yml").write_text(Path(cards.CARDS_DIR / "construction.yml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    monkeypatch.setattr(cards, "CARDS_DIR", card_dir)
    monkeypatch.setenv("HUXIN_INDEX_DIR", str(tmp_path / "index"))
    return admin(console)


def _kind(client, doc_key: str) -> str:
    db = store.open_db(client.app.state.settings.db_path)
    try:
        return store.active_document(db, doc_key)["kind"]
    finally:
        db.close()


def test_the_admin_uploads_a_numbered_notice_as_plain_text(knowledge_admin):
    client = knowledge_admin
    response = upload(client, "发薪日通知.md", NOTICE.encode(), kind="text")
    fragment, stages = wait_for_job(client, response.headers["location"])
    assert stages[-1] == "done", fragment.text
    assert _kind(client, "关于工地发薪日的通知") == "text"


def test_an_unknown_kind_is_refused_with_a_clear_message(knowledge_admin):
    refused = upload(knowledge_admin, "发薪日通知.md", NOTICE.encode(), kind="law")
    assert refused.status_code == 400 and "文件类型" in refused.text and "普通文本" in refused.text


def test_forcing_statute_on_a_file_without_articles_fails_the_job_and_registers_nothing(knowledge_admin):
    client = knowledge_admin
    response = upload(client, "须知.md", "# 工地须知\n\n按时上工，注意安全。\n".encode(), kind="statute")
    fragment, stages = wait_for_job(client, response.headers["location"])
    assert stages[-1] == "failed" and "普通文本" in fragment.text
    db = store.open_db(client.app.state.settings.db_path)
    assert store.active_document(db, "工地须知") is None
    db.close()


def test_the_cli_takes_the_kind(tmp_path: Path):
    notice = tmp_path / "notice.md"
    notice.write_text(NOTICE, encoding="utf-8")
    env = {"HUXIN_DATA_DIR": str(tmp_path), "HUXIN_DB": str(tmp_path / "k.db"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "knowledge", "-q", "ingest", "--kind", "text", "--no-build", str(notice)],
                         capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parents[1])
    assert run.returncode == 0, run.stderr
    db = store.open_db(tmp_path / "k.db")
    assert store.active_document(db, "关于工地发薪日的通知")["kind"] == "text"
    db.close()
