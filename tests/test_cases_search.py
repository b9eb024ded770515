"""Finding cases for staff: filters, the search box (number, employer, project, place, name, phone's last four
digits) and the 督办 deadline watch."""

from datetime import datetime, timedelta, timezone

from cases import assign_case, change_status, districts, due_cases, list_cases, open_case
from tests.cases_helpers import complaint

START = datetime(2026, 3, 1, tzinfo=timezone.utc)


def numbers(cases):
    return [case["case_number"] for case in cases]


def open_three(db):
    daxing = open_case(db, complaint("web:1", employer="宏达建筑有限公司", project="阳光花园三期"), now=START)
    shanghai = open_case(
        db, complaint("web:2", employer="浦江劳务公司", location="上海市浦东新区", project="滨江大道改造",
                      phone="13900001111", worker_name="李娟", workers_count="12"),
        now=START + timedelta(days=1),
    )
    zhongshan = open_case(
        db, complaint("web:3", employer="南方装饰工程部", location="广东省中山市", project="不详", phone="13700002222",
                      worker_name="匿名", amount="8000", workers_count="1"),
        now=START + timedelta(days=2),
    )
    return daxing.case_number, shanghai.case_number, zhongshan.case_number


def test_each_filter_keeps_only_matching_cases(db):
    daxing, shanghai, zhongshan = open_three(db)
    assert numbers(list_cases(db)) == [zhongshan, shanghai, daxing]  # newest first
    assert numbers(list_cases(db, colour="红")) == [shanghai]  # 12 workers
    assert numbers(list_cases(db, colour="蓝")) == [zhongshan]
    assert numbers(list_cases(db, district="浦东新区")) == [shanghai]
    assert numbers(list_cases(db, district="中山市")) == [zhongshan]  # no district known: the city stands in
    change_status(db, daxing, "已受理", actor="staff:li")
    assert numbers(list_cases(db, status="已受理")) == [daxing]
    assign_case(db, shanghai, "li", actor="staff:wang")
    assert numbers(list_cases(db, assignee="li")) == [shanghai]
    assert numbers(list_cases(db, unassigned=True)) == [zhongshan, daxing]
    assert numbers(list_cases(db, assignee="li", colour="蓝")) == []


def test_overdue_filter_uses_the_deadline_of_each_colour(db):
    daxing, shanghai, zhongshan = open_three(db)  # 红 7 days, 橙 30, 蓝 15
    on_day_10 = START + timedelta(days=10)
    assert numbers(list_cases(db, overdue=True, now=on_day_10)) == [shanghai]
    assert numbers(list_cases(db, overdue=False, now=on_day_10)) == [zhongshan, daxing]
    change_status(db, shanghai, "不予受理", actor="staff:li", note="不属本省")
    assert list_cases(db, overdue=True, now=on_day_10) == []  # a finished case is never overdue


def test_search_finds_number_employer_project_place_name_and_phone_last4(db):
    daxing, shanghai, zhongshan = open_three(db)
    assert numbers(list_cases(db, search=daxing)) == [daxing]
    assert numbers(list_cases(db, search=daxing.lower().replace("-", " "))) == [daxing]  # "hx 2026 000001"
    assert numbers(list_cases(db, search="浦江")) == [shanghai]
    assert numbers(list_cases(db, search="阳光花园")) == [daxing]
    assert numbers(list_cases(db, search="中山")) == [zhongshan]
    assert numbers(list_cases(db, search="李娟")) == [shanghai]
    assert numbers(list_cases(db, search="1111")) == [shanghai]  # phone 13900001111
    assert numbers(list_cases(db, search="2222")) == [zhongshan]
    assert list_cases(db, search="没有这家公司") == []
    assert list_cases(db, search="%") == []  # LIKE wildcards are matched literally


def test_due_cases_lists_overdue_and_soon_due_open_cases_earliest_deadline_first(db):
    daxing, shanghai, zhongshan = open_three(db)  # deadlines: 3/31, 3/9, 3/18
    on_day_7 = START + timedelta(days=7)
    due = due_cases(db, within_days=3, now=on_day_7)
    assert numbers(due) == [shanghai]
    assert due[0]["days_left"] == 1 and due[0]["overdue"] is False
    on_day_16 = START + timedelta(days=16)
    due = due_cases(db, within_days=3, now=on_day_16)
    assert numbers(due) == [shanghai, zhongshan]  # 3/9 overdue, then 3/18 due in two days
    assert due[0]["overdue"] is True and due[0]["days_left"] < 0
    change_status(db, shanghai, "已受理", actor="staff:li")
    change_status(db, shanghai, "已办结", actor="staff:li")
    assert numbers(due_cases(db, within_days=3, now=on_day_16)) == [zhongshan]


def test_districts_lists_the_areas_that_have_cases(db):
    open_three(db)
    assert districts(db) == sorted(["大兴区", "浦东新区", "中山市"])
