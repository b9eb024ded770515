"""Duplicates (重复分离): same employer and place (and project when known) within 90 days → linked."""

from datetime import datetime, timedelta, timezone

import pytest

from cases import open_case
from cases.duplicates import employer_key
from tests.cases_helpers import complaint

START = datetime(2026, 3, 1, tzinfo=timezone.utc)



def test_second_worker_joins_the_first_clue_and_keeps_an_own_record(db):
    first = open_case(db, complaint("telegram:1"), now=START)
    second = open_case(db, complaint("telegram:2", employer="宏达建筑公司", phone="13900001111"), now=START + timedelta(days=10))
    assert second.duplicate_of["case_number"] == first.case_number
    assert second.case_number != first.case_number and second.case["chat_key"] == "telegram:2"
    link = next(db["case_links"].rows_where("case_id = ?", [second.case["id"]]))
    assert (link["linked_case_id"], link["kind"]) == (first.case["id"], "duplicate")


def test_third_report_links_to_the_root_case(db):
    first = open_case(db, complaint("telegram:1"), now=START)
    open_case(db, complaint("telegram:2"), now=START + timedelta(days=1))
    third = open_case(db, complaint("telegram:3"), now=START + timedelta(days=2))
    assert third.duplicate_of["id"] == first.case["id"]


@pytest.mark.parametrize(
    "change,days",
    [
        ({}, 91),                                   # outside the 90-day window
        ({"location": "广东省中山市"}, 5),          # another place
        ({"project": "幸福里小区"}, 5),              # another named project
        ({"employer": "鑫源劳务公司"}, 5),           # another employer
    ],
)
def test_not_a_duplicate(db, change, days):
    open_case(db, complaint("telegram:1"), now=START)
    later = open_case(db, complaint("telegram:2", **change), now=START + timedelta(days=days))
    assert later.duplicate_of is None


def test_unknown_project_still_matches_same_employer_and_place(db):
    first = open_case(db, complaint("telegram:1"), now=START)
    later = open_case(db, complaint("telegram:2", project="不详", location="北京大兴"), now=START + timedelta(days=3))
    assert later.duplicate_of["id"] == first.case["id"]


def test_employer_key_ignores_legal_form_titles_and_phone():
    assert employer_key("宏达建筑有限公司") == employer_key(" 宏达建筑公司") == employer_key("宏达建筑")
    assert employer_key("包工头老王 13912345678") == employer_key("老王")
