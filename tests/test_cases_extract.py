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


# Issue 11 item 4: the kinds of opening message the parser missed (names introduced indirectly, a trade noun
# between the number and 人, what is still owed after a part payment, a named phase after the district,
# Traditional script, the 总包 a worker blames). A value the message does not state must stay empty.

def test_names_introduced_indirectly():
    assert extract("我在苏州一家叫优品的装修公司做油漆工 欠我两万一").employer == "优品装修公司"
    assert extract("跟着一个叫赵德明的包工头干钢筋 欠我们十三万六").employer == "包工头赵德明"
    assert extract("厂叫鑫达塑胶制品厂，老板跑路了").employer == "鑫达塑胶制品厂"
    assert extract("老板姓王，在杭州萧山区开饭店的，欠我工资").employer == "王老板"
    assert extract("劳务派遣公司叫成都汇才人力资源有限公司，欠我五千三").employer == "成都汇才人力资源有限公司"


def test_the_general_contractor_blamed_is_not_the_employer():
    result = extract("包工头叫彭志刚，他说总包中天建设有限公司没给钱，还欠我们十四万五")
    assert result.employer == "包工头彭志刚"


def test_head_counts_with_a_noun_between_number_and_people():
    assert extract("我们十二个钢筋工在南宁干了五个月 欠了二十一万").workers_count.value == 12
    assert extract("我们二十多号人被拖了三个月工资").workers_count.value == 20
    assert extract("我们六个服务员的工资都没发").workers_count.value == 6
    assert extract("还有几个同事也一样 欠我一万四").workers_count is None


def test_amount_still_owed_after_a_part_payment_and_no_amount_from_a_wage_rate():
    assert extract("说好的两万四，只给了八千，还差一万六没给").amount.value == 16000
    assert extract("老板姓许 我们车间三十多号人 被拖了两个月工资 一个人五六千").amount is None
    assert extract("每个人四千多一个月 从3月干到6月一分钱没发").amount is None


def test_named_phase_after_the_district_and_project_called_by_name():
    assert extract("工地在成都龙泉驿区保利公园三期 我们木工班七个人").project == "保利公园三期"
    assert extract("重庆九龙坡区 一个叫金科天元道的楼盘 欠我一万九").project == "金科天元道"


def test_where_the_worker_comes_from_is_not_where_the_work_was():
    assert extract("我们是河南周口的，在郑州金水区干钢筋，欠了七万").location.label == "河南省郑州市金水区"


def test_traditional_script_reads_as_simplified():
    result = extract("我們十幾個人在上海閔行區幫人裝修 工頭叫黃志強 欠了我們二十三萬 已經拖了四個多月")
    assert (result.employer, result.location.label) == ("工头黄志强", "上海市闵行区")
    assert (result.workers_count.value, result.amount.value, result.months.value) == (15, 230000, 4)


def test_boss_number_said_to_be_his_is_not_the_workers_phone():
    result = extract("包工头叫张红兵 欠我们二十四万 电话13855123456是他的")
    assert result.phone is None and result.employer_phone.number == "13855123456"
