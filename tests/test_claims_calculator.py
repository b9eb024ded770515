"""Owed-wage calculator: a table of worked cases (amounts computed by hand), boundaries, errors, legal bases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claims import legal_basis
from claims.calculator import (
    ClaimKind,
    EconomicCompensation,
    Estimate,
    InvalidClaimInput,
    NoWrittenContract,
    Overtime,
    UnpaidWages,
    Wage,
    calculate,
    compensation_months,
)
from claims.explain import DISCLAIMER, format_estimate
from tests.legal_corpus import article_text, corpus

D = Decimal

# (case id, claim input, expected total, expected claim kinds)
CASES = [
    # Unpaid wages: daily or monthly rate x time worked, less what was paid.
    ("daily 300 x 20 days", UnpaidWages(Wage.daily(300), D(20)), "6000.00", ["unpaid_wages"]),
    ("a single day", UnpaidWages(Wage.daily(350), D(1)), "350.00", ["unpaid_wages"]),
    ("monthly 5000 x 3 months", UnpaidWages(Wage.monthly(5000), D(3)), "15000.00", ["unpaid_wages"]),
    ("half months count", UnpaidWages(Wage.monthly(4500), D("2.5")), "11250.00", ["unpaid_wages"]),
    ("part already paid", UnpaidWages(Wage.daily(280), D(26), already_paid=D(2000)), "5280.00", ["unpaid_wages"]),
    ("one month paid of four", UnpaidWages(Wage.monthly(6000), D(4), already_paid=D(6000)), "18000.00",
     ["unpaid_wages"]),
    ("rounded to the fen", UnpaidWages(Wage.daily("333.333"), D(3)), "1000.00", ["unpaid_wages"]),
    ("below the minimum wage adds the shortfall",
     UnpaidWages(Wage.monthly(2000), D(3), minimum_monthly_wage=D(2360)), "7080.00",
     ["unpaid_wages", "minimum_wage_shortfall"]),
    ("exactly the minimum wage: no shortfall",
     UnpaidWages(Wage.monthly(2360), D(3), minimum_monthly_wage=D(2360)), "7080.00", ["unpaid_wages"]),
    ("daily wage is not compared with the monthly minimum",
     UnpaidWages(Wage.daily(100), D(30), minimum_monthly_wage=D(2360)), "3000.00", ["unpaid_wages"]),
    # Double wages without a written contract: from the second month, at most eleven months.
    ("first month: nothing", NoWrittenContract(Wage.monthly(5000), D(1)), "0.00", ["no_contract"]),
    ("half a month: nothing", NoWrittenContract(Wage.monthly(5000), D("0.5")), "0.00", ["no_contract"]),
    ("two months: one month extra", NoWrittenContract(Wage.monthly(5000), D(2)), "5000.00", ["no_contract"]),
    ("one and a half months", NoWrittenContract(Wage.monthly(5000), D("1.5")), "2500.00", ["no_contract"]),
    ("six months: five extra", NoWrittenContract(Wage.monthly(5000), D(6)), "25000.00", ["no_contract"]),
    ("twelve months: eleven extra", NoWrittenContract(Wage.monthly(5000), D(12)), "55000.00", ["no_contract"]),
    ("thirteen months: still eleven", NoWrittenContract(Wage.monthly(5000), D(13)), "55000.00", ["no_contract"]),
    ("two years: still eleven", NoWrittenContract(Wage.monthly(5000), D(24)), "55000.00", ["no_contract"]),
    ("daily wage converted with 21.75 days", NoWrittenContract(Wage.daily(200), D(3)), "8700.00",
     ["no_contract"]),
    # Overtime: hourly wage = monthly / 21.75 / 8 (rounded to the fen); 150% / 200% / 300%.
    ("weekday overtime 150%", Overtime(Wage.monthly(5000), weekday_hours=D(10)), "431.10", ["overtime"]),
    ("rest-day overtime 200%", Overtime(Wage.monthly(5000), rest_day_hours=D(16)), "919.68", ["overtime"]),
    ("public holiday 300%", Overtime(Wage.monthly(5000), holiday_hours=D(8)), "689.76", ["overtime"]),
    ("daily wage / 8 hours", Overtime(Wage.daily(240), weekday_hours=D(20)), "900.00", ["overtime"]),
    ("day-rate days not counted elsewhere: full 200% and 300%",
     Overtime(Wage.daily(240), rest_day_hours=D(8), holiday_hours=D(8), days_paid_at_day_rate=False),
     "1200.00", ["overtime"]),
    ("day-rate days already paid at the day rate: extra 100% and 200% only",
     Overtime(Wage.daily(240), rest_day_hours=D(8), holiday_hours=D(8)), "720.00", ["overtime"]),
    ("overtime already partly paid", Overtime(Wage.daily(240), weekday_hours=D(10), already_paid=D(200)),
     "250.00", ["overtime"]),
    ("an exact hourly wage", Overtime(Wage.monthly(4350), weekday_hours=D(1)), "37.50", ["overtime"]),
    # Economic compensation: a month per year; six months or more = a year, under six = half a month.
    ("five months: half a month", EconomicCompensation(Wage.monthly(6000), D(5)), "3000.00", ["severance"]),
    ("six months: a full month (half-year rule)", EconomicCompensation(Wage.monthly(6000), D(6)), "6000.00",
     ["severance"]),
    ("just under six months", EconomicCompensation(Wage.monthly(6000), D("5.9")), "3000.00", ["severance"]),
    ("one year", EconomicCompensation(Wage.monthly(6000), D(12)), "6000.00", ["severance"]),
    ("thirteen months: one and a half", EconomicCompensation(Wage.monthly(6000), D(13)), "9000.00",
     ["severance"]),
    ("eighteen months: two", EconomicCompensation(Wage.monthly(6000), D(18)), "12000.00", ["severance"]),
    ("two years three months", EconomicCompensation(Wage.monthly(6000), D(27)), "15000.00", ["severance"]),
    ("wage above three times the average: base capped",
     EconomicCompensation(Wage.monthly(40000), D(60), local_average_monthly_wage=D(10000)), "150000.00",
     ["severance"]),
    ("wage above the cap and 16 years 8 months: twelve-year cap",
     EconomicCompensation(Wage.monthly(40000), D(200), local_average_monthly_wage=D(10000)), "360000.00",
     ["severance"]),
    ("exactly three times the average: no cap",
     EconomicCompensation(Wage.monthly(30000), D(200), local_average_monthly_wage=D(10000)), "510000.00",
     ["severance"]),
    ("below the cap: years are not capped",
     EconomicCompensation(Wage.monthly(8000), D(200), local_average_monthly_wage=D(10000)), "136000.00",
     ["severance"]),
    ("exactly twelve years above the cap",
     EconomicCompensation(Wage.monthly(40000), D(144), local_average_monthly_wage=D(10000)), "360000.00",
     ["severance"]),
    ("twelve and a half years above the cap: still twelve",
     EconomicCompensation(Wage.monthly(40000), D(150), local_average_monthly_wage=D(10000)), "360000.00",
     ["severance"]),
    ("average wage below the minimum is raised to it",
     EconomicCompensation(Wage.monthly(2000), D(24), minimum_monthly_wage=D(2360)), "4720.00", ["severance"]),
    ("daily wage, 26 days a month: base is the actual monthly pay",
     EconomicCompensation(Wage.daily(200), D(12), days_per_month=D(26)), "5200.00", ["severance"]),
    ("actual 12-month average pay wins over the rate",
     EconomicCompensation(Wage.daily(200), D(24), average_monthly_pay=D("6100.50")), "12201.00", ["severance"]),
    ("daily wage converted for compensation", EconomicCompensation(Wage.daily(200), D(12)), "4350.00",
     ["severance"]),
]


@pytest.mark.parametrize("claim, expected, kinds", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_calculator_table(claim, expected, kinds):
    estimate = calculate(claim)
    assert estimate.total == Decimal(expected)
    assert [item.kind.value for item in estimate.items] == kinds
    # The total is the sum of the counted steps: nothing hidden.
    counted = sum((s.amount for s in estimate.steps if s.counts), Decimal("0"))
    assert counted == estimate.total


def test_table_has_at_least_thirty_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize(
    "months, expected",
    [(1, "0.5"), (5, "0.5"), (6, "1"), (11, "1"), (12, "1"), (17, "1.5"), (18, "2"), (24, "2"), (30, "3")],
)
def test_compensation_months_half_year_rule(months, expected):
    assert compensation_months(Decimal(months)) == Decimal(expected)


def test_several_claims_add_up():
    estimate = calculate(
        UnpaidWages(Wage.monthly(5000), D(3)),
        NoWrittenContract(Wage.monthly(5000), D(6)),
        Overtime(Wage.monthly(5000), weekday_hours=D(10)),
        EconomicCompensation(Wage.monthly(5000), D(6)),
    )
    assert estimate.total == Decimal("15000.00") + Decimal("25000.00") + Decimal("431.10") + Decimal("5000.00")
    assert estimate.item(ClaimKind.OVERTIME).amount == Decimal("431.10")


def test_each_counted_step_names_its_legal_basis():
    estimate = calculate(
        UnpaidWages(Wage.monthly(2000), D(3), minimum_monthly_wage=D(2360)),
        NoWrittenContract(Wage.monthly(5000), D(6)),
        Overtime(Wage.monthly(5000), weekday_hours=D(1), rest_day_hours=D(1), holiday_hours=D(1)),
        EconomicCompensation(Wage.monthly(40000), D(200), local_average_monthly_wage=D(10000)),
    )
    cited = {str(b) for s in estimate.steps for b in s.basis}
    for expected in (
        "《劳动合同法》第八十二条",
        "《劳动法》第四十四条",
        "《工资支付暂行规定》第十三条",
        "《劳动合同法》第四十六条",
        "《劳动合同法》第四十七条",
        "《劳动法》第四十八条",
        "《劳动合同法》第八十五条",
    ):
        assert expected in cited
    for step in estimate.steps:
        if step.counts and step.amount > 0:
            assert step.basis, f"step {step.title!r} has no legal basis"


def test_reply_shows_steps_basis_total_and_disclaimer():
    estimate = calculate(NoWrittenContract(Wage.monthly(5000), D(14)))
    reply = format_estimate(estimate)
    assert "55000.00元" in reply
    assert "最多算11个月" in reply
    assert "依据：《劳动合同法》第八十二条" in reply
    assert "合计：55000.00元" in reply
    assert "这是估算，不构成法律意见" in reply and DISCLAIMER in reply
    assert "无固定期限劳动合同" in reply  # the note for a year or more without a contract


def test_conversion_basis_outside_the_corpus_is_flagged():
    reply = format_estimate(calculate(Overtime(Wage.monthly(5000), weekday_hours=D(10))))
    assert "21.75" in reply
    assert "未收入本系统法规库" in reply


def test_overtime_step_shows_rate():
    estimate = calculate(Overtime(Wage.monthly(5000), weekday_hours=D(10), holiday_hours=D(8)))
    details = [s.detail for s in estimate.steps]
    assert any("28.74元/小时 × 150% × 10小时 = 431.10元" in d for d in details)
    assert any("28.74元/小时 × 300% × 8小时 = 689.76元" in d for d in details)


def test_missing_average_wage_for_a_high_wage_is_noted_not_guessed():
    estimate = calculate(EconomicCompensation(Wage.monthly(40000), D(200)))
    assert estimate.total == Decimal("680000.00")  # 40000 x 17, no cap applied
    assert any("没有封顶" in note for item in estimate.items for note in item.notes)


def test_estimate_survives_a_round_trip_through_json_types():
    estimate = calculate(
        UnpaidWages(Wage.daily(300), D(20), already_paid=D(500)),
        EconomicCompensation(Wage.monthly(40000), D(200), local_average_monthly_wage=D(10000)),
    )
    import json

    restored = Estimate.from_dict(json.loads(json.dumps(estimate.to_dict())))
    assert restored == estimate
    assert restored.total == Decimal("365500.00")


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: Wage.monthly(0), "工资必须大于0"),
        (lambda: Wage.daily(-300), "不能是负数"),
        (lambda: Wage.monthly("五千"), "不是一个数字"),
        (lambda: UnpaidWages(Wage.daily(300), D(0)), "必须大于0"),
        (lambda: calculate(UnpaidWages(Wage.daily(300), D(2), already_paid=D(1000))), "比应得工资"),
        (lambda: Overtime(Wage.monthly(5000)), "没有加班费可算"),
        (lambda: EconomicCompensation(Wage.monthly(5000), D(0)), "必须大于0"),
        (lambda: calculate(), "至少给出一项"),
    ],
)
def test_bad_input_raises_a_named_error_with_a_helpful_message(build, message):
    with pytest.raises(InvalidClaimInput, match=message):
        build()


def test_every_cited_article_exists_in_the_official_text():
    cited = [v for v in vars(legal_basis).values() if isinstance(v, legal_basis.LegalBasis)]
    assert len(cited) > 10
    for basis in cited:
        if basis.in_corpus:
            assert article_text(basis.document, basis.article), f"{basis} has no text in the corpus"


def test_the_legal_rules_match_the_official_wording():
    """The numbers the calculator relies on are the ones the official texts state."""
    contract_law = "\n".join(corpus()["劳动合同法"].values())
    labour_law = "\n".join(corpus()["劳动法"].values())
    assert "超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资" in contract_law
    assert "六个月以上不满一年的，按一年计算；不满六个月的，向劳动者支付半个月工资的经济补偿" in contract_law
    assert "职工月平均工资三倍的数额支付，向其支付经济补偿的年限最高不超过十二年" in contract_law
    for percent in ("百分之一百五十", "百分之二百", "百分之三百"):
        assert percent in labour_law
