"""Status lookup only for the owner: the chat that opened the case, or case number + 查询码 from elsewhere, with
failed tries limited per chat and per case."""

from datetime import timedelta

import pytest

from cases import CaseNotFound, LookupLimited, find_for_owner, issue_access_code, lookup, open_case
from cases.access_code import code_matches, find_code, hash_code, new_code
from cases.status_reply import NOT_FOUND, status_reply
from core import clock
from tests.cases_helpers import complaint


@pytest.fixture
def two_cases(db):
    mine = open_case(db, complaint("telegram:1", employer="甲公司", phone="13812345678"))
    theirs = open_case(db, complaint("telegram:2", employer="乙公司", phone="13900009999"))
    return mine, theirs


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_owner_chat_sees_only_its_own_cases_without_a_code(db, two_cases):
    mine, theirs = two_cases
    assert [c["case_number"] for c in find_for_owner(db, "telegram:1")] == [mine.case_number]
    reply = status_reply(db, "telegram:1", "我的投诉咋样了")
    assert mine.case_number in reply and theirs.case_number not in reply and "待受理" in reply
    assert "待受理" in status_reply(db, "telegram:1", f"查一下{mine.case_number}")


def test_code_is_random_six_digits_and_only_its_hash_is_stored(db, two_cases):
    mine, theirs = two_cases
    assert len(mine.access_code) == 6 and mine.access_code.isdigit() and mine.access_code != theirs.access_code
    row = db["cases"].get(mine.case["id"])
    assert mine.access_code not in row["access_code_hash"] and "5678" not in (row["access_code_hash"] or "")
    assert code_matches(mine.access_code, row["access_code_hash"])
    assert not code_matches(wrong(mine.access_code), row["access_code_hash"])
    assert len({new_code() for _ in range(200)}) > 190  # not derived from anything: no two runs alike
    assert hash_code("123456") != hash_code("123456")  # salted


def test_number_plus_code_from_another_chat(db, two_cases):
    mine, _ = two_cases
    number = mine.case_number.lower().replace("-", " ")
    assert lookup(db, number, mine.access_code, chat_key="web:new-browser")["case_number"] == mine.case_number
    assert "待受理" in status_reply(db, "web:new-browser", f"{mine.case_number} {mine.access_code}")
    assert "待受理" in status_reply(db, "web:other", f"{mine.case_number} 查询码是{mine.access_code}")


def test_phone_digits_no_longer_open_a_case(db, two_cases):
    mine, _ = two_cases
    reply = status_reply(db, "web:x", f"{mine.case_number} 5678")
    assert "待受理" not in reply and "查询码" in reply
    with pytest.raises(CaseNotFound):
        lookup(db, mine.case_number, "5678", chat_key="web:x")


def test_wrong_code_and_unknown_number_look_the_same(db, two_cases):
    _, theirs = two_cases
    with pytest.raises(CaseNotFound):
        lookup(db, theirs.case_number, wrong(theirs.access_code), chat_key="telegram:1")
    with pytest.raises(CaseNotFound):
        lookup(db, "HX-2026-999999", "999999", chat_key="telegram:1")
    assert status_reply(db, "telegram:3", f"{theirs.case_number} {wrong(theirs.access_code)}") == NOT_FOUND
    assert status_reply(db, "telegram:4", "HX-2026-999999 999999") == NOT_FOUND


def test_another_chat_without_code_is_asked_for_it_not_shown_the_case(db, two_cases):
    _, theirs = two_cases
    reply = status_reply(db, "telegram:1", f"查一下{theirs.case_number}")
    assert "查询码" in reply and "待受理" not in reply


def test_failed_lookups_are_limited_per_chat_even_for_the_right_code(db, two_cases):
    mine, theirs = two_cases
    for _ in range(5):
        assert status_reply(db, "web:attacker", f"{theirs.case_number} {wrong(theirs.access_code)}") == NOT_FOUND
    limited = status_reply(db, "web:attacker", f"{theirs.case_number} {theirs.access_code}")
    assert "次数太多" in limited and "待受理" not in limited
    with pytest.raises(LookupLimited):
        lookup(db, mine.case_number, mine.access_code, chat_key="web:attacker")  # any case, from that chat
    # The window passes: the right code works again.
    later = clock.now() + timedelta(minutes=61)
    assert lookup(db, theirs.case_number, theirs.access_code, chat_key="web:attacker", now=later)


def test_failed_lookups_are_limited_per_case_across_chats(db, two_cases):
    _, theirs = two_cases
    for i in range(5):  # a new chat per try does not reset the count for the case
        with pytest.raises(CaseNotFound):
            lookup(db, theirs.case_number, wrong(theirs.access_code), chat_key=f"web:fresh{i}")
    with pytest.raises(LookupLimited):
        lookup(db, theirs.case_number, theirs.access_code, chat_key="web:fresh-again")
    # The owning chat is never limited and needs no code.
    assert "待受理" in status_reply(db, "telegram:2", "我的投诉咋样了")


def test_owning_chat_gets_a_new_code_on_request_and_the_old_one_stops_working(db, two_cases):
    mine, _ = two_cases
    reply = status_reply(db, "telegram:1", "我的查询码忘了")
    new = find_code(reply.replace(mine.case_number, " "))
    assert mine.case_number in reply and new and new != mine.access_code
    assert lookup(db, mine.case_number, new, chat_key="web:elsewhere")
    with pytest.raises(CaseNotFound):
        lookup(db, mine.case_number, mine.access_code, chat_key="web:elsewhere2")
    with pytest.raises(CaseNotFound):  # nobody else can have a code issued
        issue_access_code(db, mine.case_number, chat_key="telegram:2")
    assert "当初登记" in status_reply(db, "web:stranger", "我的查询码")


def test_case_from_before_the_migration_gets_a_code_lazily(db, two_cases):
    mine, _ = two_cases
    db["cases"].update(mine.case["id"], {"access_code_hash": None})  # as m004 leaves older cases
    with pytest.raises(CaseNotFound):
        lookup(db, mine.case_number, mine.access_code, chat_key="web:a")
    code = issue_access_code(db, mine.case_number, chat_key="telegram:1")
    assert lookup(db, mine.case_number, code, chat_key="web:b")["case_number"] == mine.case_number


def test_confirming_the_same_complaint_again_gives_the_same_case_and_a_working_code(db):
    first = open_case(db, complaint("telegram:9"))
    again = open_case(db, complaint("telegram:9"))
    assert again.case_number == first.case_number and again.access_code
    assert lookup(db, again.case_number, again.access_code, chat_key="web:z")
