"""The number parser reads amounts, head counts and periods the way workers write them."""

import pytest

from cases.errors import NumberNotUnderstood
from cases.numbers import parse_amount, parse_count, parse_months

AMOUNTS = [
    ("8万多", 80000, True),
    ("两万四", 24000, False),
    ("3.5万", 35000, False),
    ("七万三", 73000, False),
    ("三千二", 3200, False),
    ("1w2", 12000, False),
    ("1W5", 15000, False),
    ("3万5", 35000, False),
    ("12000元", 12000, False),
    ("1,200块", 1200, False),
    ("１２０００", 12000, False),
    ("五千块钱", 5000, False),
    ("大概三万左右", 30000, True),
    ("差不多2万", 20000, True),
    ("两三万", 25000, True),
    ("七八千", 7500, True),
    ("十几万", 120000, True),
    ("几千块", 5000, True),
    ("一百二十万", 1200000, False),
    ("4万5", 45000, False),
    ("5k", 5000, False),
    ("8千多块", 8000, True),
    ("六万多", 60000, True),
    ("一万半", 15000, False),
    ("将近十万", 100000, True),
    ("两千", 2000, False),
]

COUNTS = [
    ("9个人", 9, False),
    ("十几个人", 12, True),
    ("俩", 2, False),
    ("仨人", 3, False),
    ("我们三十多人", 30, True),
    ("二十来个", 20, True),
    ("三四个人", 4, True),
    ("23个工人", 23, False),
    ("一共8人", 8, False),
]

PERIODS = [
    ("一个多月", 1, True),
    ("半年", 6, False),
    ("三个月", 3, False),
    ("两个半月", 2.5, False),
    ("一年半", 18, False),
    ("两三个月", 2.5, True),
    ("半个月", 0.5, False),
    ("一年多", 12, True),
    ("4个月", 4, False),
]


@pytest.mark.parametrize("text,value,approximate", AMOUNTS)
def test_amounts_as_workers_write_them(text, value, approximate):
    amount = parse_amount(text)
    assert (amount.value, amount.approximate) == (value, approximate)


@pytest.mark.parametrize("text,value,approximate", COUNTS)
def test_head_counts(text, value, approximate):
    count = parse_count(text)
    assert (count.value, count.approximate) == (value, approximate)


@pytest.mark.parametrize("text,value,approximate", PERIODS)
def test_periods_in_months(text, value, approximate):
    months = parse_months(text)
    assert (months.value, months.approximate) == (value, approximate)


def test_table_has_at_least_forty_cases():
    assert len(AMOUNTS) + len(COUNTS) + len(PERIODS) >= 40


@pytest.mark.parametrize("text", ["好多钱", "不知道", "", "老板跑了"])
def test_no_number_is_a_named_error_with_an_example(text):
    with pytest.raises(NumberNotUnderstood, match="七万三"):
        parse_amount(text)


def test_approximate_value_is_shown_as_approximate():
    assert str(parse_amount("8万多")) == "约80000"
    assert str(parse_amount("七万三")) == "73000"
