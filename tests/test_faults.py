"""Faults: services killed with kill -9 in the middle of a load run and started again.

Nothing a worker sent is lost, a confirmed complaint is one case (never two), and every worker gets an answer or a
clear "please send again". The end-to-end test runs its own stack, so killing services does not disturb other tests.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.intake import ActionOpenCase
from bench.load.workers import CASE_NUMBER, NETWORK_ERROR, WebChannel, Worker
from bot import conversations
from bot.db import open_database
from bot.gateway import PLEASE_RESEND, Gateway, Inbound
from cases import open_db
from tests.stack import Stack

FILLED = {
    "employer": "包工头王大军", "location": "北京市大兴区", "project": "装修别墅", "amount": "73000",
    "workers_count": "9", "months": "3", "phone": "13812345678", "description": "干完活老板不给钱",
    "worker_name": "匿名",
}


def confirmation(sender: str) -> Tracker:
    return Tracker(
        sender_id=sender, slots=dict(FILLED),
        latest_message={"text": "/affirm", "intent": {"name": "affirm", "confidence": 1.0}, "entities": [],
                        "metadata": {"channel": "web"}},
        events=[], paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen",
    )


async def test_a_confirmation_retried_after_a_crash_opens_no_second_case(tmp_path, monkeypatch) -> None:
    """The action server opened the case and died before Rasa got the reply: the slots are still filled and the
    worker presses 确认 again. Same case number, one case."""
    monkeypatch.setenv("HUXIN_DB", str(tmp_path / "huxin.db"))
    first, again = CollectingDispatcher(), CollectingDispatcher()
    await ActionOpenCase().run(first, confirmation("web:w1"), {})
    await ActionOpenCase().run(again, confirmation("web:w1"), {})
    number = CASE_NUMBER.search(first.messages[0]["text"]).group(0)
    assert number in again.messages[0]["text"]
    db = open_db(tmp_path / "huxin.db")
    assert [row["case_number"] for row in db["cases"].rows] == [number]
    other = CollectingDispatcher()  # another worker with the same facts still gets a case of their own
    await ActionOpenCase().run(other, confirmation("web:w2"), {})
    assert db["cases"].count == 2
    assert CASE_NUMBER.search(other.messages[0]["text"]).group(0) != number


class SilentRasa:
    """A Rasa whose action failed: the REST webhook answers 200 with no messages."""

    async def send(self, sender: str, text: str, metadata: dict) -> list[dict]:
        return []

    async def latest_intent(self, sender: str) -> tuple[str | None, float | None]:
        return "affirm", 0.99


async def test_when_an_action_fails_and_rasa_says_nothing_the_worker_is_asked_to_resend(tmp_path) -> None:
    gateway = Gateway(open_database(tmp_path / "huxin.db"), SilentRasa())  # type: ignore[arg-type]
    replies = await gateway.handle(Inbound(channel="web", chat_id="w1", text="确认"))
    assert [r.text for r in replies] == [PLEASE_RESEND]


def test_on_restart_each_chat_left_unanswered_by_a_crash_is_asked_to_resend(tmp_path) -> None:
    db = open_database(tmp_path / "huxin.db")

    def worker_wrote(channel: str, chat: str, text: str, **payload) -> None:
        conversations.ensure_chat(db, channel, chat)
        conversations.record_inbound(db, f"{channel}:{chat}", text, text, payload=payload)

    worker_wrote("web", "killed", "老板欠我工资")  # stored, then the web process died
    worker_wrote("web", "killed", "三个月")
    worker_wrote("web", "understood", "确认")  # Rasa answered; the process died before storing the reply
    conversations.record_nlu(db, db.execute("select max(id) from messages").fetchone()[0], "affirm", 0.99)
    worker_wrote("web", "answered", "你好")
    conversations.record_outbound(db, "web:answered", "web", "bot", "您好")
    worker_wrote("web", "held", "师傅在吗")
    conversations.set_mode(db, "web:held", "human")  # a person answers this one
    worker_wrote("web", "flooding", "在吗", rate_limited=True)
    worker_wrote("telegram", "1", "你好")  # another process's chat: not the web process's to answer

    gateway = Gateway(db, SilentRasa())  # type: ignore[arg-type]
    assert gateway.resend_unanswered("web") == 2
    for chat in ("web:killed", "web:understood"):
        assert [(m.direction, m.text) for m in conversations.history(db, chat)][-1] == ("out", PLEASE_RESEND)
    asked = db.execute(
        "select o.chat_key from outbox o join messages m on m.id = o.message_id where m.text = ? and o.status = ?",
        [PLEASE_RESEND, "pending"],
    ).fetchall()
    assert sorted(asked) == [("web:killed",), ("web:understood",)]  # queued: the chat page gets it over its event stream or history
    assert gateway.resend_unanswered("web") == 0  # once


# -- the whole stack under load ------------------------------------------------------------------------------------
@dataclass
class FaultStack(Stack):
    def env(self) -> dict[str, str]:
        env = super().env()
        env["HUXIN_FLOOD_BURST"] = "500"  # simulated workers resend faster than people type; not a flood
        return env


@pytest.fixture(scope="module")
def fault_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    stack = FaultStack(data_dir=tmp_path_factory.mktemp("faults")).start()
    yield stack
    stack.stop()


def stored_rows(db_path: Path) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "select chat_key, id, direction, sender, text, payload from messages order by chat_key, id"
        ).fetchall()
    finally:
        conn.close()


@pytest.mark.stack
@pytest.mark.timeout(900)
async def test_killing_each_service_mid_load_loses_nothing_and_answers_everyone(fault_stack: Stack) -> None:
    stack = fault_stack
    channel = WebChannel(stack.web_url, timeout=45)
    stop = asyncio.Event()
    workers = [
        Worker(f"w{i}", random.Random(i), channel.send, think_seconds=0.2, resend_wait_seconds=2.0, max_resends=90)
        for i in range(10)
    ]
    kinds: Counter = Counter()

    async def play(worker: Worker) -> None:
        while not stop.is_set():
            while True:  # a new chat for each conversation (opening the page can fail while the web is down)
                try:
                    await channel.open(worker)
                    break
                except Exception:
                    await asyncio.sleep(1)
            kinds[await worker.run_mix()] += 1

    async def kill_and_restart(name: str, after_seconds: float) -> float:
        await asyncio.sleep(after_seconds)
        stack.services[name].kill()
        await asyncio.sleep(1)
        started = time.monotonic()
        await asyncio.to_thread(stack.restart, name)  # returns when the whole stack answers again
        return time.monotonic() - started

    players = [asyncio.create_task(play(w)) for w in workers]
    try:
        # Staggered so each dies with traffic flowing through it (the web process mid-request, the action server
        # while Rasa calls it, Rasa mid-request); the restarts overlap to save time.
        schedule = {"web": 5, "actions": 10, "rasa": 15}
        restarts = await asyncio.gather(*(kill_and_restart(name, at) for name, at in schedule.items()))
        downtimes = {name: round(seconds) for name, seconds in zip(schedule, restarts)}
        await asyncio.sleep(5)  # everyone back to normal
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*players), timeout=300)
        await channel.aclose()
    sent = [s for w in workers for s in w.log]
    outcomes = Counter(s.outcome for s in sent)
    recovered = [line for line in stack.services["web"].log.read_text().splitlines() if "left unanswered" in line]
    print(f"\nrestart took {downtimes}; {len(sent)} messages; outcomes {dict(outcomes)}; conversations {dict(kinds)}")
    print("web process on restart:", recovered or "no message was left unanswered")
    assert outcomes["resend"] and outcomes[NETWORK_ERROR], "the kills happened during the load"

    rows = stored_rows(stack.db_path)
    # 1. Every message the web process accepted (HTTP 200) is stored.
    stored = Counter((chat, text) for chat, _, direction, _, text, _ in rows if direction == "in")
    accepted = Counter((s.chat, s.text) for s in sent if s.status == 200)
    assert not accepted - stored, f"accepted but not stored: {list((accepted - stored).items())[:5]}"

    # 2. Every stored worker message got an answer or PLEASE_RESEND before the worker's next message — including
    #    the ones the web process died on (queued when it started again).
    by_chat: dict[str, list[tuple]] = {}
    for row in rows:
        by_chat.setdefault(row[0], []).append(row)
    unanswered = []
    for chat, messages in by_chat.items():
        for current, following in zip(messages, messages[1:] + [None]):
            if current[2] == "in" and (following is None or following[2] == "in"):
                unanswered.append((chat, current[4]))
    assert not unanswered, f"stored but never answered: {unanswered[:5]}"
    assert any(row[4] == PLEASE_RESEND for row in rows)

    # 3. In the end every worker was answered (told to resend, they did, and got an answer).
    finals = [w.log[-1].outcome for w in workers if w.log]
    assert set(finals) == {"answer"}, finals

    # 4. Every case a worker was given exists exactly once; no chat opened a complaint twice.
    conn = sqlite3.connect(stack.db_path)
    cases_by_chat = Counter(chat for (chat,) in conn.execute("select chat_key from cases"))
    numbers = Counter(number for (number,) in conn.execute("select case_number from cases"))
    conn.close()
    given = {number for w in workers for number in w.case_numbers}
    assert given, "complaints were confirmed during the run"
    assert all(numbers[number] == 1 for number in given), (given, numbers)
    twice = [chat for chat, count in cases_by_chat.items() if count > 1]
    assert not twice, "a chat opened two cases:\n" + "\n".join(
        f"{row[2]:>3} {row[3]:>6}: {row[4][:120]!r}" for row in rows if row[0] in twice
    )
