"""A long chat starts a new Rasa session now and then (nlu/session_rollover.py) so a turn costs the same at turn 300
as at turn 1 — and the worker notices nothing: a complaint in progress is never cut, the read-back still takes a typed
确认, the case opens once, and the facts of a question carry over into the complaint offered after it.

Its own stack with a tiny session bound, so a few turns are "a long chat"."""

from __future__ import annotations

import ast
import sqlite3
from collections.abc import Iterator

import httpx
import pytest
import yaml

from cases import open_db
from tests.stack import COMPLAINT, ROOT, Stack, intent_of, rasa_chat, running, tell
from tests.stack import rasa_tracker as tracker
from tests.stack import reply_texts as texts
from tests.stack import say_to_rasa as say

MAX_EVENTS = 25


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    small = {"HUXIN_SESSION_MAX_EVENTS": str(MAX_EVENTS)}
    with running(Stack(data_dir=tmp_path_factory.mktemp("rollover"), extra_env=small)) as stack:
        yield stack


def sessions(stack: Stack, sender: str) -> tuple[int, int]:
    """(sessions so far, events in the latest one), read from Rasa's tracker store."""
    conn = sqlite3.connect(stack.data_dir / "rasa-trackers.db")
    try:
        rows = conn.execute("select type_name from events where sender_id = ? order by id", [sender]).fetchall()
    finally:
        conn.close()
    starts = [i for i, (type_name,) in enumerate(rows) if type_name == "session_started"]
    return len(starts), len(rows) - (starts[-1] if starts else 0)


def test_every_rule_that_reads_the_last_bot_action_holds_the_rollover() -> None:
    """A rule that starts with a bot action (the read-back, then 确认) needs that action in the session: the
    rollover must wait after it. Adding such a rule without listing its action in HISTORY_ACTIONS fails here."""
    module = ast.parse((ROOT / "nlu" / "session_rollover.py").read_text())
    listed = next(
        ast.literal_eval(node.value.args[0])
        for node in module.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "HISTORY_ACTIONS"
    )
    starting_actions = set()
    for path in sorted((ROOT / "nlu" / "data" / "rules").glob("*.yml")):
        for rule in yaml.safe_load(path.read_text()).get("rules", []):
            first = (rule.get("steps") or [{}])[0]
            if "action" in first:
                starting_actions.add(first["action"])
    assert starting_actions, "no rule starts with an action: the check reads the wrong files"
    # complaint_form / wage_calculator_form start rules only under an active loop, which holds the rollover anyway
    assert starting_actions - {"complaint_form", "wage_calculator_form", "rating_comment_form"} <= set(listed)


@pytest.mark.stack
def test_the_webhook_returns_the_intent_with_the_replies(own_stack: Stack) -> None:
    response = httpx.post(
        f"{own_stack.rasa_url}/webhooks/rest/webhook", params=own_stack.rasa_params, timeout=60,
        json={"sender": "web:rollover-intent", "message": "你好", "metadata": {"channel": "web", "chat_id": "x"}},
    )
    response.raise_for_status()
    assert response.json()  # the body is still Rasa's list of messages
    assert response.headers["X-Huxin-Intent"] == intent_of(own_stack, "你好") == "greet"
    assert 0 < float(response.headers["X-Huxin-Intent-Confidence"]) <= 1


@pytest.mark.stack
def test_a_complaint_in_progress_is_never_cut_and_the_next_message_rolls_over(own_stack: Stack) -> None:
    sender = "web:rollover-form"
    worker = rasa_chat(own_stack, sender)
    worker("你好")
    worker("包工头跑了工资找谁要")
    tell(worker, COMPLAINT[:1])
    during_form, _ = sessions(own_stack, sender)
    summary = tell(worker, COMPLAINT[1:])
    assert "王大军" in summary
    count, length = sessions(own_stack, sender)
    assert length >= MAX_EVENTS and count == during_form  # long, but the form held the rollover

    # typed, not the button: the read-back still takes it (its rule needs the read-back in the session)
    assert intent_of(own_stack, "确认") == "affirm"
    opened = texts(say(own_stack, sender, "确认"))
    assert "HX-" in opened and sessions(own_stack, sender)[0] == during_form

    # Held once more: a 确认 repeated because its reply was lost would need the case's opening in the session.
    assert "HX-" in texts(say(own_stack, sender, "我的投诉咋样了")) and sessions(own_stack, sender)[0] == during_form

    slots_before = tracker(own_stack, sender)["slots"]
    assert any(value is not None for value in slots_before.values())
    status = texts(say(own_stack, sender, "我的投诉咋样了"))
    assert sessions(own_stack, sender)[0] == during_form + 1  # now quiet: a new session
    assert "HX-" in status
    assert tracker(own_stack, sender)["slots"] == slots_before  # every slot came along
    assert open_db(own_stack.db_path)["cases"].count_where("chat_key = ?", [sender]) == 1


@pytest.mark.stack
def test_the_complaint_offered_after_a_question_keeps_its_facts_across_a_rollover(own_stack: Stack) -> None:
    sender = "web:rollover-offer"
    question = "老板欠了我三个月工资两万四 我辞职的话能要经济补偿吗"
    for _ in range(6):  # ask until the session is long: the worker's next typed message starts a new one
        replies = say(own_stack, sender, question)
        if sessions(own_stack, sender)[1] >= MAX_EVENTS:
            break
    assert sessions(own_stack, sender)[1] >= MAX_EVENTS
    assert any(b["payload"] == "/report_arrears" for b in replies[-1].get("buttons") or [])
    before, _ = sessions(own_stack, sender)

    accept = "我要投诉"
    assert intent_of(own_stack, accept) == "report_arrears"
    started = texts(say(own_stack, sender, accept))
    assert sessions(own_stack, sender)[0] == before + 1
    state = tracker(own_stack, sender)
    assert state["active_loop"].get("name") == "complaint_form"
    assert state["slots"]["amount"] == {"value": 24000, "approximate": False} and state["slots"]["months"]["value"] == 3
    assert "一共欠了多少钱" not in started  # the facts the question stated are not asked again
