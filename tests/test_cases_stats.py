"""The dashboard's figures: 办结率, median time to close, amount recovered, workers helped, open cases by colour and
area, cases per week."""

from datetime import date, datetime, timedelta, timezone

from cases import change_status, open_case
from cases.stats import dashboard_stats
from tests.cases_helpers import complaint

MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)  # 10:00 in China, a Monday


def test_empty_database_has_no_rates_rather_than_made_up_ones(db):
    figures = dashboard_stats(db, now=MONDAY)
    assert figures.total == 0 and figures.closure_rate is None and figures.median_days_to_close is None
    assert figures.open_by_colour == {"红": 0, "橙": 0, "蓝": 0}
    assert len(figures.weekly) == 12 and all(w.opened == w.closed == 0 for w in figures.weekly)


def test_figures_count_what_the_dashboard_says(db):
    def opened(chat, days, **slots):
        return open_case(db, complaint(chat, employer=f"公司{chat}", **slots), now=MONDAY + timedelta(days=days))

    fast = opened("web:1", 0, workers_count="9").case_number  # 橙, 北京大兴
    slow = opened("web:2", 1, workers_count="3").case_number  # 橙
    refused = opened("web:3", 2).case_number
    still_open_red = opened("web:4", 7, workers_count="15", location="上海市浦东新区").case_number  # 红
    opened("web:5", 8, amount="5000", workers_count="1", location="上海市浦东新区")  # 蓝, never accepted
    for number in (fast, slow):
        change_status(db, number, "已受理", actor="staff:li", now=MONDAY + timedelta(days=1))
    change_status(db, fast, "已办结", actor="staff:li", amount_recovered=60000, now=MONDAY + timedelta(days=2))
    change_status(db, slow, "已办结", actor="staff:li", now=MONDAY + timedelta(days=7))  # no amount entered
    change_status(db, refused, "不予受理", actor="staff:li", note="不属本辖区", now=MONDAY + timedelta(days=3))
    change_status(db, still_open_red, "已受理", actor="staff:li", now=MONDAY + timedelta(days=8))

    figures = dashboard_stats(db, weeks=3, now=MONDAY + timedelta(days=20))
    assert (figures.total, figures.accepted, figures.closed, figures.open) == (5, 3, 2, 2)
    assert figures.closure_rate == 2 / 3  # 办结 ÷ 受理; the refused case was never accepted
    assert figures.closed_on_time == 2
    assert figures.median_days_to_close == 4.0  # 2 days and 6 days
    assert (figures.amount_recovered, figures.cases_with_amount_recovered) == (60000, 1)
    assert figures.workers_helped == 12  # 9 + 3, the closed cases only
    assert figures.open_by_colour == {"红": 1, "橙": 0, "蓝": 1}
    assert figures.open_by_district == [("浦东新区", 2)]
    assert figures.overdue == 1  # the red one: 7 days from day 7
    assert [(w.week_start, w.opened, w.closed) for w in figures.weekly] == [
        (date(2026, 3, 2), 3, 1), (date(2026, 3, 9), 2, 1), (date(2026, 3, 16), 0, 0),
    ]


def test_a_case_revisited_after_closing_still_counts_as_closed(db):
    number = open_case(db, complaint("telegram:1"), now=MONDAY).case_number
    change_status(db, number, "已受理", actor="staff:li", now=MONDAY)
    change_status(db, number, "已办结", actor="staff:li", now=MONDAY + timedelta(days=1))
    change_status(db, number, "已回访", actor="staff:li", now=MONDAY + timedelta(days=2))
    figures = dashboard_stats(db, now=MONDAY + timedelta(days=3))
    assert figures.closed == 1 and figures.median_days_to_close == 1.0 and figures.open == 0
