"""Locality routing (属地分离): the place of work decides the office shown to the worker."""

import pytest

from cases import open_case
from cases.location import parse_location
from cases.routing import route
from tests.cases_helpers import complaint



@pytest.mark.parametrize(
    "place,office",
    [
        ("青海格尔木", "格尔木市人力资源和社会保障局 劳动保障监察大队"),
        ("乌兰察布集宁区", "乌兰察布市劳动保障监察支队"),            # district → its city's office
        ("中山市小榄镇", "中山市人力资源和社会保障局 劳动保障监察支队"),
        ("北京大兴", "北京市大兴区人力资源和社会保障局 劳动保障监察队"),
        ("北京市朝阳区", "北京市人力资源和社会保障部门（劳动保障监察）"),  # provincial fallback
        ("广东东莞", "广东省人力资源和社会保障部门（劳动保障监察）"),
        ("西宁市城西区", "青海省人力资源和社会保障部门（劳动保障监察）"),
    ],
)
def test_route_to_the_most_precise_office(db, place, office):
    assert route(db, parse_location(place)).name == office


def test_unknown_place_gets_the_national_hotline(db):
    assert route(db, None).phone == "12333"


def test_opened_case_carries_its_office(db):
    opened = open_case(db, complaint(location="格尔木"))
    assert opened.office.name.startswith("格尔木市")
    assert "电话：0979-12333" in opened.office.describe()
