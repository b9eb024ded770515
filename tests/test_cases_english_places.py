"""English messages name places in pinyin; they are read as the Chinese names (cases.english_places)."""

from cases.english_places import chinese_place_names, is_english
from cases.extract import extract
from cases.location import parse_location


def test_cities_and_provinces_in_pinyin_become_chinese_names():
    assert chinese_place_names("a site in Changsha, Hunan") == "长沙市 湖南省"
    assert extract("I work at a construction site in Xi'an, Shaanxi. The boss owes me 9000 yuan.").location.label == \
        "陕西省西安市"


def test_a_district_is_read_only_beside_its_city_or_when_called_a_district():
    assert chinese_place_names("Shenzhen Bao'an") == "深圳市 宝安区"
    assert chinese_place_names("Chaoyang District, Beijing") == "北京市 朝阳区"
    # a person's name that happens to spell a district is not a place
    assert chinese_place_names("my father Liu Jianguo works in Changsha") == "长沙市"


def test_origin_is_not_the_work_place_and_chinese_text_is_not_english():
    assert extract("We are 8 workers from Sichuan, worked 4 months in a factory in Dongguan.").location.label == "广东省东莞市"
    assert not is_english("我们在深圳宝安区干活 boss 欠钱")


def test_a_district_named_before_its_city_is_read_inside_that_city():
    # 宝山区 is in Shanghai and in Shuangyashan: the city the message names decides (cities are handed to cpca first)
    assert chinese_place_names("the site is in Baoshan district, Shanghai") == "上海市 宝山区"
    assert parse_location(chinese_place_names("the site is in Baoshan district, Shanghai")).label == "上海市宝山区"
