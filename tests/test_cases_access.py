"""Status lookup only for the owner: same chat, or case number + last four phone digits."""

import pytest

from cases import CaseNotFound, find_for_owner, lookup, open_case
from cases.status_reply import NOT_FOUND, status_reply
from tests.cases_helpers import complaint



@pytest.fixture
def two_cases(db):
    mine = open_case(db, complaint("telegram:1", employer="甲公司", phone="13812345678")).case_number
    theirs = open_case(db, complaint("telegram:2", employer="乙公司", phone="13900009999")).case_number
    return mine, theirs


def test_owner_chat_sees_only_its_own_cases(db, two_cases):
    mine, theirs = two_cases
    assert [c["case_number"] for c in find_for_owner(db, "telegram:1")] == [mine]
    reply = status_reply(db, "telegram:1", "我的投诉咋样了")
    assert mine in reply and theirs not in reply and "待受理" in reply


def test_number_plus_last_four_digits_from_another_chat(db, two_cases):
    mine, _ = two_cases
    assert lookup(db, mine.lower().replace("-", " "), "5678")["case_number"] == mine
    assert mine in status_reply(db, "web:new-browser", f"{mine} 5678")


def test_wrong_digits_and_unknown_number_look_the_same(db, two_cases):
    _, theirs = two_cases
    with pytest.raises(CaseNotFound):
        lookup(db, theirs, "5678")
    with pytest.raises(CaseNotFound):
        lookup(db, "HX-2026-999999", "9999")
    assert status_reply(db, "telegram:1", f"{theirs} 5678") == NOT_FOUND
    assert status_reply(db, "telegram:1", "HX-2026-999999 9999") == NOT_FOUND


def test_another_chat_without_digits_is_asked_for_them_not_shown_the_case(db, two_cases):
    _, theirs = two_cases
    reply = status_reply(db, "telegram:1", f"查一下{theirs}")
    assert "后四位" in reply and "待受理" not in reply
