"""End to end through the real Rasa server and action server: a complaint told in one message becomes a
case in the SQLite file, and a status change leaves a notification for the worker's chat."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from cases import change_status, lookup, open_db

from tests.stack import COMPLAINT, rasa_chat, tell
from tests.stack import reply_texts as texts
from tests.stack import say_to_rasa as say

pytestmark = pytest.mark.stack




def test_complaint_from_first_message_to_case_and_notification(stack):
    sender = "web:cases-e2e-1"
    worker = rasa_chat(stack, sender)
    first = tell(worker, COMPLAINT[:1])  # place, head count, project and amount are not asked again
    assert "干了多长" not in first and "一共欠了多少" not in first
    summary = tell(worker, COMPLAINT[1:])
    assert "138****5678" in summary
    opened = texts(say(stack, sender, "/affirm"))
    assert "HX-" in opened and "大兴区" in opened

    db = open_db(stack.db_path)
    case = next(db["cases"].rows_where("chat_key = ?", [sender]))
    assert (case["amount"], case["workers_count"], case["anonymous"]) == (73000, 9, 1)
    change_status(db, case["case_number"], "已受理", actor="staff:e2e")
    # the gateway relay may already have taken it: count rows, pending or handed
    assert db["case_notifications"].count_where("chat_key = ? and text like '%已受理%'", [sender]) == 1
    assert case["case_number"] in texts(say(stack, sender, "我的投诉咋样了"))


def test_confirm_sent_again_after_the_reply_was_lost_gives_the_same_case(stack):
    """The web process died after Rasa opened the case and before the reply was stored: the worker, asked to send
    again, presses 确认 once more. The bot gives the case number again instead of not understanding (a worker who
    then tells the whole complaint again would open a second case)."""
    sender = "web:cases-lost-reply-1"
    tell(rasa_chat(stack, sender), COMPLAINT)
    lost = texts(say(stack, sender, "/affirm"))  # Rasa answered; the worker never saw it
    number = re.search(r"HX-\d{4}-\d{6}", lost).group(0)
    code = re.search(r"查询码：(\d{6})", lost).group(1)
    again = texts(say(stack, sender, "/affirm"))
    assert number in again and "我的查询码" in again, again
    db = open_db(stack.db_path)
    assert [row["case_number"] for row in db["cases"].rows_where("chat_key = ?", [sender])] == [number]
    # The code the worker may have written down still works from another chat.
    assert lookup(db, number, code, chat_key="web:another-phone")["case_number"] == number


def test_cancel_midway_writes_nothing(stack):
    sender = "web:cases-e2e-2"
    say(stack, sender, "我要投诉欠薪")
    say(stack, sender, "宏达建筑公司")
    assert "取消" in texts(say(stack, sender, "取消"))
    db = open_db(stack.db_path)
    assert db["cases"].count_where("chat_key = ?", [sender]) == 0


def _ask_for_amount(stack, sender: str) -> float:
    """Walks the form to the amount question; returns how long that ordinary turn took (the machine's pace)."""
    say(stack, sender, "我要投诉欠薪")
    say(stack, sender, "宏达建筑公司")
    say(stack, sender, "北京大兴")
    started = time.perf_counter()
    assert "一共欠了多少" in texts(say(stack, sender, "不知道"))
    return time.perf_counter() - started


@pytest.mark.parametrize(
    "answer",
    ["1" * 1000, ("我的工资是" + "一二三四五六七八九十百千万" * 400)[:5000]],
    ids=["1000-digits", "5000-characters"],
)
def test_absurd_amount_answer_is_refused_quickly_while_a_bystander_is_answered(stack, answer):
    """Issue 13: a 1000-digit answer once held every chat for 30 s. Now the form says the number is too long,
    keeps what was already said, and another worker asking at the same moment is answered as usual."""
    sender = f"web:cases-e2e-long-{len(answer)}"
    bystander = f"web:cases-e2e-bystander-{len(answer)}"
    # the bound is 1 s beyond an ordinary form turn measured just before (the test machine is shared and its pace
    # varies); the stall this guards against was 30 s
    ordinary = _ask_for_amount(stack, sender)

    with ThreadPoolExecutor(max_workers=2) as pool:
        started = time.perf_counter()
        attack = pool.submit(say, stack, sender, answer)
        question = pool.submit(say, stack, bystander, "试用期工资最低能给多少")
        reply = texts(attack.result())
        attack_seconds = time.perf_counter() - started
        bystander_reply = texts(question.result())
        bystander_seconds = time.perf_counter() - started

    assert "数字太长了，请重新输入金额" in reply
    assert attack_seconds < ordinary + 1.0, f"{attack_seconds:.2f}s (an ordinary turn took {ordinary:.2f}s)"
    assert len(bystander_reply) > 10 and "数字太长" not in bystander_reply
    assert bystander_seconds < ordinary + 5.0, f"{bystander_seconds:.2f}s (an ordinary turn took {ordinary:.2f}s)"
    # nothing already accepted is lost: a normal amount now goes on to the next question
    assert "几个人" in texts(say(stack, sender, "七万三"))
    assert open_db(stack.db_path)["cases"].count_where("chat_key = ?", [sender]) == 0
