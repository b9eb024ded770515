"""Phone numbers: mainland mobile and landline accepted, anything else refused; logs see them masked."""

import pytest

from cases.errors import InvalidPhone
from cases.phone import find_phone, mask, parse_phone


@pytest.mark.parametrize(
    "text,number,kind",
    [
        ("13812345678", "13812345678", "mobile"),
        ("我电话138 1234 5678", "13812345678", "mobile"),
        ("+86 139-1234-5678", "13912345678", "mobile"),
        ("０１０－６２３４５６７８", "010-62345678", "landline"),
        ("0755 83456789", "0755-83456789", "landline"),
        ("（0979）8412345", "0979-8412345", "landline"),
    ],
)
def test_valid_numbers_are_normalised(text, number, kind):
    phone = parse_phone(text)
    assert (phone.number, phone.kind) == (number, kind)


@pytest.mark.parametrize("text", ["123", "12345678901", "1381234567", "138123456789", "电话没有"])
def test_invalid_numbers_are_refused(text):
    with pytest.raises(InvalidPhone):
        parse_phone(text)


def test_mask_hides_the_middle_digits():
    assert mask("13812345678") == "138****5678"
    assert "1234" not in mask("13812345678")[3:7]


def test_a_mobile_read_out_in_chinese_digits_is_a_phone():
    assert parse_phone("幺五九 一二三四 五六七八").number == "15912345678"
    assert find_phone("欠了一万二千三百四十五") is None  # an amount in Chinese numerals is no phone
