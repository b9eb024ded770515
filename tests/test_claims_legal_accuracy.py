"""Issue 14, calculator: what a day-rate worker is owed for rest days and holidays, the 经济补偿 base, and the
double-wage time-limit caution. Amounts worked out by hand from 劳动法 第四十四条 and 实施条例 第二十七条."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claims import questions
from claims.calculator import (
    DOUBLE_WAGE_TIME_LIMIT_NOTE,
    ClaimKind,
    EconomicCompensation,
    Estimate,
    InvalidClaimInput,
    NoWrittenContract,
    Overtime,
    UnpaidWages,
    Wage,
    calculate,
)
from claims.explain import format_estimate

D = Decimal


def test_day_rate_month_with_rest_days_and_a_holiday_totals_what_the_law_gives():
    """300 元/天, 26 days worked, of which 4 rest days (no 补休) and 1 public holiday.

    The law: 21 ordinary days × 300 = 6300; 4 rest days × 300 × 200 % = 2400; 1 holiday × 300 × 300 % = 900;
    together 9600. The old calculator paid all 26 days at 100 % and then added 200 % / 300 % on top (12,000).
    """
    estimate = calculate(
        UnpaidWages(wage=Wage.daily(300), worked=D(26)),
        Overtime(wage=Wage.daily(300), rest_day_hours=D(4 * 8), holiday_hours=D(8)),
    )
    assert estimate.total == D("9600.00")
    assert estimate.item(ClaimKind.UNPAID_WAGES).amount == D("7800.00")
    assert estimate.item(ClaimKind.OVERTIME).amount == D("1800.00")


@pytest.mark.parametrize(
    "rest_days, holidays, expected",
    [
        (0, 0, "7800.00"),   # 26 ordinary days
        (4, 0, "9000.00"),   # 22 × 300 + 4 × 600
        (0, 1, "8400.00"),   # 25 × 300 + 1 × 900
        (4, 1, "9600.00"),
        (8, 3, "12000.00"),  # 15 × 300 + 8 × 600 + 3 × 900
    ],
)
def test_day_rate_overtime_table(rest_days, holidays, expected):
    ordinary = 26 - rest_days - holidays
    by_law = D(300) * ordinary + D(600) * rest_days + D(900) * holidays
    inputs = [UnpaidWages(wage=Wage.daily(300), worked=D(26))]
    if rest_days or holidays:
        inputs.append(Overtime(wage=Wage.daily(300), rest_day_hours=D(rest_days * 8), holiday_hours=D(holidays * 8)))
    total = calculate(*inputs).total
    assert total == by_law == D(expected)


def test_days_not_counted_in_the_days_worked_get_the_full_rate():
    """When the 4 rest days and the holiday were left out of 干活天数 (21 days claimed), they carry the full rate."""
    estimate = calculate(
        UnpaidWages(wage=Wage.daily(300), worked=D(21)),
        Overtime(wage=Wage.daily(300), rest_day_hours=D(32), holiday_hours=D(8), days_paid_at_day_rate=False),
    )
    assert estimate.total == D("9600.00")


def test_reply_explains_that_only_the_extra_part_is_added():
    reply = format_estimate(calculate(Overtime(wage=Wage.daily(300), rest_day_hours=D(8))))
    assert "另加100%" in reply and "已按日工资算过" in reply
    assert "200%、300%" in reply  # tells the worker what to say when the days were not counted


def test_monthly_wage_keeps_the_full_rest_day_rate_and_cannot_be_marked_as_already_paid():
    assert calculate(Overtime(Wage.monthly(5000), rest_day_hours=D(16))).total == D("919.68")
    with pytest.raises(InvalidClaimInput, match="月工资"):
        Overtime(Wage.monthly(5000), rest_day_hours=D(16), days_paid_at_day_rate=True)


def test_compensation_base_is_the_actual_monthly_pay_not_day_rate_times_21_75():
    """A 300 元/天 worker doing 28 days a month earns 8400 a month; 21.75 days would give only 6525 (−22 %)."""
    actual = calculate(EconomicCompensation(Wage.daily(300), D(24), days_per_month=D(28)))
    assert actual.total == D("16800.00")  # 8400 × 2 months
    reply = format_estimate(actual)
    assert "300.00元 × 平均每月干28天 = 8400.00元" in reply
    assert "《劳动合同法实施条例》第二十七条" in reply

    averaged = calculate(EconomicCompensation(Wage.daily(300), D(24), average_monthly_pay=D(8123)))
    assert averaged.total == D("16246.00")
    assert "前12个月平均工资" in format_estimate(averaged)


def test_compensation_from_day_rate_alone_says_the_base_may_be_too_low():
    reply = format_estimate(calculate(EconomicCompensation(Wage.daily(300), D(24))))
    assert "6525.00元 × 2个月" in reply
    assert "暂按每月21.75天折算" in reply


def test_the_actual_average_still_gets_the_minimum_wage_floor_and_the_cap():
    low = calculate(EconomicCompensation(Wage.daily(80), D(12), days_per_month=D(20), minimum_monthly_wage=D(2360)))
    assert low.total == D("2360.00")
    high = calculate(
        EconomicCompensation(Wage.monthly(9000), D(24), average_monthly_pay=D(40000), local_average_monthly_wage=D(10000))
    )
    assert high.total == D("60000.00")


@pytest.mark.parametrize("bad", ["32", "-1", "0", "很多"])
def test_days_per_month_must_be_a_real_month(bad):
    with pytest.raises(InvalidClaimInput, match="每月干活天数"):
        EconomicCompensation(Wage.daily(300), D(24), days_per_month=bad)


def test_every_result_with_double_wages_carries_the_time_limit_caution():
    double = calculate(NoWrittenContract(Wage.monthly(5000), D(8)))
    reply = format_estimate(double)
    assert DOUBLE_WAGE_TIME_LIMIT_NOTE in reply
    assert "很多仲裁委不把二倍工资差额算作劳动报酬" in reply and "第二十七条" in reply
    # Merged with other items, and kept from before the note existed (no notes stored): still there, once.
    old = Estimate.from_dict({"items": [{**double.items[0].to_dict(), "notes": []}]})
    merged = old.merged(calculate(UnpaidWages(wage=Wage.daily(300), worked=D(10))))
    reply = format_estimate(merged)
    assert reply.count(DOUBLE_WAGE_TIME_LIMIT_NOTE) == 1
    assert DOUBLE_WAGE_TIME_LIMIT_NOTE not in format_estimate(calculate(UnpaidWages(Wage.daily(300), D(10))))


def test_conversation_asks_day_rate_workers_for_days_per_month_before_compensation():
    answers = {"calc_kind": "severance", "calc_wage": "300", "calc_wage_basis": "daily"}
    assert "calc_days_per_month" in questions.needed(answers)
    assert "calc_days_per_month" not in questions.needed({**answers, "calc_wage_basis": "monthly"})
    done = {**answers, "calc_service_months": "24", "calc_days_per_month": "28", "calc_city": questions.UNKNOWN}
    assert questions.next_question(done) is None
    assert calculate(questions.build_input(done)).total == D("16800.00")
    unknown = {**done, "calc_days_per_month": questions.UNKNOWN}
    assert calculate(questions.build_input(unknown)).total == D("13050.00")


def test_conversation_asks_day_rate_workers_whether_those_days_were_counted():
    answers = {"calc_kind": "overtime", "calc_wage": "300", "calc_wage_basis": "daily", "calc_weekday_hours": "0",
               "calc_rest_day_hours": "32", "calc_holiday_hours": "8"}
    assert questions.next_question(answers) == "calc_days_counted"
    counted = calculate(questions.build_input({**answers, "calc_days_counted": "yes"}))
    assert counted.total == D("1800.00")
    not_counted = calculate(questions.build_input({**answers, "calc_days_counted": "no"}))
    assert not_counted.total == D("3300.00")
    weekday_only = {**answers, "calc_rest_day_hours": "0", "calc_holiday_hours": "0", "calc_weekday_hours": "10"}
    assert questions.next_question(weekday_only) is None


@pytest.mark.parametrize(
    "text, expected",
    [("算进去了", "yes"), ("没算进去", "no"), ("算了", "yes"), ("是的，都算进去了", "yes"), ("没算", "no"), ("不包括", "no"), ("不知道", "unknown"),
     ("随便", None)],
)
def test_days_counted_answers_are_read(text, expected):
    from claims.parse import parse_days_counted

    assert parse_days_counted(text) == expected
