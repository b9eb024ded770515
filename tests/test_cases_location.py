"""cases.location reads cpca's record for one text without its pandas wrapper; the reading must stay cpca's own."""

import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import cpca

from cases.location import _clean, _cpca_record, parse_location

TEXTS = [
    "我在郑州航空港区干活，老板欠了三个月工资",
    "深圳宝安区福永的电子厂",
    "北京大兴那个工地",
    "四川成都郫都区一个装修项目",
    "昌吉州呼图壁县的棉花厂",
    "上海市徐汇区虹漕路461号58号楼5楼",
    "泉州市洛江区万安塘西工业区",
    "广东东莞长安镇",
    "县城里一个饭店",
    "没有地名的一句话",
    "",
    "湖南长沙 岳麓区 物流园 分拣",
    "重庆渝北区两路",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_record_is_the_row_cpca_transform_gives(text):
    row = cpca.transform([text]).iloc[0]
    record = _cpca_record(text)
    for column in ("省", "市", "区", "地址", "adcode"):
        assert _clean(record[column]) == _clean(row[column]), column


def test_places_a_worker_names_are_still_read():
    place = parse_location("我在深圳宝安区福永的电子厂上班")
    assert (place.province, place.city, place.district) == ("广东省", "深圳市", "宝安区")
    assert parse_location("县城里一个饭店") is None


def test_counties_made_districts_or_cities_after_cpcas_table_carry_their_new_names():
    assert parse_location("德阳罗江那边的工地").district == "罗江区"
    assert parse_location("在宜宾叙州区的厂里").district == "叙州区"
    assert parse_location("湖南邵东的打火机厂").district == "邵东市"
