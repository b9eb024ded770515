"""Status workflow: allowed transitions, reasons for 不予受理, deadlines per colour and the overdue flag."""

from datetime import datetime, timedelta, timezone

import pytest

from cases import InvalidTransition, MissingReason, case_events, change_status, get_case, list_cases, open_case
from tests.cases_helpers import complaint

START = datetime(2026, 3, 1, tzinfo=timezone.utc)


def test_full_path_records_who_when_and_note(db):
    number = open_case(db, complaint(), now=START).case_number
    for status in ["已受理", "处理中", "已转办", "已办结"]:
        change_status(db, number, status, actor="staff:li", note=f"到{status}", now=START + timedelta(days=1))
    events = case_events(db, get_case(db, number)["id"])
    assert [(e["status_from"], e["status_to"]) for e in events] == [
        (None, "待受理"), ("待受理", "已受理"), ("已受理", "处理中"), ("处理中", "已转办"), ("已转办", "已办结"),
    ]
    assert events[-1]["actor"] == "staff:li" and events[-1]["note"] == "到已办结"
    assert get_case(db, number)["closed_at"].startswith("2026-03-02")


def test_skipping_a_step_is_refused_with_the_allowed_next_steps(db):
    number = open_case(db, complaint()).case_number
    with pytest.raises(InvalidTransition, match="已受理"):
        change_status(db, number, "已办结", actor="staff:li")
    assert get_case(db, number)["status"] == "待受理"


def test_rejection_needs_a_reason(db):
    number = open_case(db, complaint()).case_number
    with pytest.raises(MissingReason):
        change_status(db, number, "不予受理", actor="staff:li")
    change_status(db, number, "不予受理", actor="staff:li", note="不属于本辖区，已告知向中山市投诉")
    assert get_case(db, number)["status"] == "不予受理"


def test_deadline_depends_on_colour_and_overdue_is_flagged(db):
    red = open_case(db, complaint("web:1", employer="甲公司", workers_count="12"), now=START).case
    orange = open_case(db, complaint("web:2", employer="乙公司"), now=START).case
    assert red["colour"] == "红" and red["deadline_at"].startswith("2026-03-08")
    assert orange["colour"] == "橙" and orange["deadline_at"].startswith("2026-03-31")
    a_week_later = START + timedelta(days=7, hours=1)  # past the red deadline, before the orange one
    assert [c["case_number"] for c in list_cases(db, overdue=True, now=a_week_later)] == [red["case_number"]]
    after_both = START + timedelta(days=31)
    overdue = [case["case_number"] for case in list_cases(db, overdue=True, now=after_both)]
    assert overdue == [orange["case_number"], red["case_number"]]
    change_status(db, red["case_number"], "已受理", actor="staff:li")
    change_status(db, red["case_number"], "已办结", actor="staff:li")
    assert get_case(db, red["case_number"])["overdue"] is False  # finished cases are never overdue
