"""Conversation state outlives the Rasa process: a worker half-way through the complaint form when Rasa is killed
(kill -9, no goodbye) goes on where they were after it starts again, and the case opens exactly once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing

import pytest

from cases import open_db
from tests.stack import COMPLAINT, Stack, rasa_chat, running, tell
from tests.stack import reply_texts as texts
from tests.stack import say_to_rasa as say

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Its own stack: this test kills Rasa, which the shared one must not see."""
    with running(Stack(data_dir=tmp_path_factory.mktemp("state"))) as stack:
        yield stack


def test_half_filled_complaint_survives_kill_9_of_rasa(own_stack: Stack) -> None:
    sender = "web:state-kill-1"
    worker = rasa_chat(own_stack, sender)
    tell(worker, COMPLAINT[:2])

    # The trackers are in SQLite's write-ahead log with synchronous=NORMAL (nlu/session_rollover.tune_sqlite): what
    # the killed process committed must come back from the log.
    trackers = own_stack.data_dir / "rasa-trackers.db"
    with closing(sqlite3.connect(trackers)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    own_stack.services["rasa"].kill()
    own_stack.restart("rasa")

    # The form resumes at the question it had asked (the 总包), then the period and the phone: nothing asked twice.
    assert "公司或哪个老板" not in tell(worker, COMPLAINT[2:3])
    summary = tell(worker, COMPLAINT[3:])
    assert "王大军" in summary
    opened = texts(say(own_stack, sender, "/affirm"))
    assert "HX-" in opened

    db = open_db(own_stack.db_path)
    assert db["cases"].count_where("chat_key = ?", [sender]) == 1

    # Each save stored exactly the turn's new events, before and after the restart (nlu/tracker_store.py saves
    # without counting what is stored): no event twice (an event's JSON carries its timestamp), every message once.
    with closing(sqlite3.connect(trackers)) as conn:
        stored = conn.execute("select type_name, data from events where sender_id = ? order by id", [sender]).fetchall()
    assert len(set(stored)) == len(stored)
    assert [kind for kind, _ in stored].count("user") == len(COMPLAINT) + 1  # the complaint's messages and the 确认
