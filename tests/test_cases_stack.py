"""End to end through the real Rasa server and action server: a complaint told in one message becomes a
case in the SQLite file, and a status change leaves a notification for the worker's chat."""

from __future__ import annotations

import pytest

from cases import change_status, open_db

from tests.stack import reply_texts as texts
from tests.stack import say_to_rasa as say

pytestmark = pytest.mark.stack




def test_complaint_from_first_message_to_case_and_notification(stack):
    sender = "web:cases-e2e-1"
    first = texts(say(stack, sender, "俺们一共9个人在北京大兴给人装修别墅 干完活老板不给钱 欠了七万三"))
    assert "公司或哪个老板" in first  # place, head count, project and amount are not asked again
    assert "干了多长" not in first and "一共欠了多少" not in first
    # The boss is a person: one optional question for the 总包 (issue 14), then the form goes on.
    assert "总包" in texts(say(stack, sender, "包工头王大军"))
    assert "多长时间" in texts(say(stack, sender, "不知道"))
    assert "手机号" in texts(say(stack, sender, "三个月"))
    say(stack, sender, "13812345678")
    summary = texts(say(stack, sender, "匿名"))
    assert "7.3万元" in summary and "138****5678" in summary
    opened = texts(say(stack, sender, "/affirm"))
    assert "HX-" in opened and "大兴区" in opened

    db = open_db(stack.db_path)
    case = next(db["cases"].rows_where("chat_key = ?", [sender]))
    assert (case["amount"], case["workers_count"], case["anonymous"]) == (73000, 9, 1)
    change_status(db, case["case_number"], "已受理", actor="staff:e2e")
    # the gateway relay may already have taken it: count rows, pending or handed
    assert db["case_notifications"].count_where("chat_key = ? and text like '%已受理%'", [sender]) == 1
    assert case["case_number"] in texts(say(stack, sender, "我的投诉咋样了"))


def test_cancel_midway_writes_nothing(stack):
    sender = "web:cases-e2e-2"
    say(stack, sender, "我要投诉欠薪")
    say(stack, sender, "宏达建筑公司")
    assert "取消" in texts(say(stack, sender, "取消"))
    db = open_db(stack.db_path)
    assert db["cases"].count_where("chat_key = ?", [sender]) == 0
