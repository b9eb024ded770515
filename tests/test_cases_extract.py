"""One opening message fills every field it answers (the issue's example and a few others)."""

from cases.extract import extract
from cases.intake import fill_from_message


def test_issue_example_gives_place_head_count_project_and_amount():
    slots = extract("俺们一共9个人在北京大兴给人装修别墅 干完活老板不给钱 欠了七万三").as_slots()
    assert slots == {
        "location": "北京市大兴区",
        "workers_count": "9",
        "project": "装修别墅",
        "amount": "73000",
    }


def test_boss_phone_is_not_taken_for_the_workers_phone():
    result = extract("包工头老王电话13912345678 欠我两万四 我的手机13812345678")
    assert result.employer == "包工头老王"
    assert result.employer_phone.number == "13912345678"
    assert result.phone.number == "13812345678"
    assert result.amount.value == 24000


def test_total_amount_wins_over_per_person_amount():
    result = extract("每人欠一万二 我们一共五个人 总共欠六万")
    assert result.amount.value == 60000
    assert result.workers_count.value == 5


def test_date_range_becomes_months_and_keeps_the_dates():
    result = extract("中山市小榄镇宏达五金厂拖欠我们十几个人工资8万多 从3月到6月都没发")
    assert result.employer == "中山市小榄镇宏达五金厂"
    assert (result.months.value, result.period) == (4, "3月到6月")
    assert result.amount.approximate and result.workers_count.approximate


def test_site_code_and_shared_contact_prefill_project_and_phone():
    slots = fill_from_message("老板不给工资", site_code="阳光花园三期", contact_phone="+8613812345678")
    assert slots["project"] == "阳光花园三期"
    assert slots["phone"] == "13812345678"


def test_anonymous_clue_is_recorded_as_anonymous():
    assert extract("我想匿名反映 格尔木一个工地欠了二十多个人的工资").as_slots()["worker_name"] == "匿名"


def test_year_is_not_a_period_nor_an_amount():
    result = extract("2025年在成都武侯区干活 老板欠我3000块")
    assert result.months is None
    assert result.amount.value == 3000
