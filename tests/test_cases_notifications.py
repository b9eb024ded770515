"""Every status change reaches the worker: a pending notification the gateway relay takes over, retried
until handed, given up after too many failures or at once when the worker blocked the bot."""

import json

import pytest

from cases import change_status, notifications, open_case, rate_case, get_case
from cases.errors import CaseNotFound, RatingNotAllowed
from tests.cases_helpers import complaint



def test_each_status_change_queues_one_notification_for_the_owner_chat(db):
    number = open_case(db, complaint("telegram:42")).case_number
    assert notifications.pending(db) == []  # opening is answered in the chat itself
    change_status(db, number, "已受理", actor="staff:li")
    change_status(db, number, "处理中", actor="staff:li", note="已约谈包工头")
    pending = notifications.pending(db)
    assert [n.chat_key for n in pending] == ["telegram:42", "telegram:42"]
    assert number in pending[0].text and "已受理" in pending[0].text
    assert "已约谈包工头" in pending[1].text


def test_closing_asks_for_a_rating_and_nothing_else_does(db):
    number = open_case(db, complaint()).case_number
    change_status(db, number, "已受理", actor="staff:li")
    change_status(db, number, "已办结", actor="staff:li", note="已足额支付")
    accepted, closing = notifications.pending(db)
    assert accepted.rating is None
    assert closing.rating == notifications.RatingRequest(number)
    assert closing.rating.choices == [("5分", 5), ("4分", 4), ("3分", 3), ("2分", 2), ("1分", 1)]


def test_a_rating_request_stored_as_buttons_before_the_relay_made_them_is_still_one(db):
    number = open_case(db, complaint()).case_number
    change_status(db, number, "已受理", actor="staff:li")
    change_status(db, number, "已办结", actor="staff:li")
    closing = notifications.pending(db)[-1]
    old = [{"title": f"{r}分", "payload": "/rate_case" + json.dumps({"case_number": number, "rating": r},
                                                                     ensure_ascii=False)} for r in range(5, 0, -1)]
    db["case_notifications"].update(closing.id, {"buttons": json.dumps(old, ensure_ascii=False)})
    assert notifications.pending(db)[-1].rating == notifications.RatingRequest(number)


def test_rejection_tells_the_reason(db):
    number = open_case(db, complaint()).case_number
    change_status(db, number, "不予受理", actor="staff:li", note="已超过两年时效")
    assert "已超过两年时效" in notifications.pending(db)[0].text


def test_handed_notifications_are_not_handed_again(db):
    number = open_case(db, complaint()).case_number
    change_status(db, number, "已受理", actor="staff:li")
    first = notifications.pending(db)[0]
    notifications.mark_handed(db, first.id)
    assert notifications.pending(db) == []


def test_failed_handover_is_retried_then_given_up(db):
    number = open_case(db, complaint()).case_number
    change_status(db, number, "已受理", actor="staff:li")
    note = notifications.pending(db)[0]
    states = [notifications.mark_failed(db, note.id, "gateway down") for _ in range(5)]
    assert states == ["pending"] * 4 + ["failed"]
    assert notifications.pending(db) == []


def test_blocked_worker_is_given_up_at_once_and_other_workers_still_get_theirs(db):
    blocked = open_case(db, complaint("telegram:1", employer="甲公司")).case_number
    other = open_case(db, complaint("telegram:2", employer="乙公司")).case_number
    change_status(db, blocked, "已受理", actor="staff:li")
    change_status(db, other, "已受理", actor="staff:li")
    first = notifications.pending(db)[0]
    assert notifications.mark_failed(db, first.id, "Forbidden: bot was blocked by the user", permanent=True) == "failed"
    assert [n.chat_key for n in notifications.pending(db)] == ["telegram:2"]
    row = db["case_notifications"].get(first.id)
    assert row["state"] == "failed" and "blocked" in row["last_error"]


def test_rating_after_closing_is_stored_and_marks_the_visit(db):
    number = open_case(db, complaint("telegram:7")).case_number
    with pytest.raises(RatingNotAllowed):
        rate_case(db, number, 5, chat_key="telegram:7")
    change_status(db, number, "已受理", actor="staff:li")
    change_status(db, number, "已办结", actor="staff:li")
    with pytest.raises(CaseNotFound):
        rate_case(db, number, 1, chat_key="telegram:8")  # not the owner
    rate_case(db, number, 4, chat_key="telegram:7", comment="挺快的")
    case = get_case(db, number)
    assert (case["rating"], case["rating_comment"], case["status"]) == (4, "挺快的", "已回访")
