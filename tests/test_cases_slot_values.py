"""The form's text slots carry numbers in one encoding (cases/slot_values.py): what the extractor and the form write,
the read-back and the case store read back the same."""

from __future__ import annotations

from cases.extract import extract
from cases.intake import summary_text
from cases.numbers import Quantity, parse_amount
from cases.slot_values import months_slot, quantity_slot, read_quantity, split_months
from cases.store import Complaint


def test_quantities_and_months_round_trip() -> None:
    assert quantity_slot(Quantity(80000, approximate=True)) == "约80000"
    assert read_quantity("约80000") == Quantity(80000, True, "约80000")
    assert read_quantity("2.5") == Quantity(2.5, False, "2.5")
    assert months_slot(Quantity(4), "3月到6月") == "4（3月到6月）"
    assert split_months("4（3月到6月）") == ("4", "3月到6月")
    assert split_months("4") == ("4", None)


def test_another_shape_goes_through_the_parser_when_one_is_given() -> None:
    assert read_quantity("八万多", parse_amount) == parse_amount("八万多")
    assert read_quantity("八万多") is None
    assert read_quantity("") is None and read_quantity(None, parse_amount) is None


def test_what_the_extractor_writes_the_case_and_the_read_back_read() -> None:
    slots = extract("我们十几个人在合肥滨湖干了去年10月到今年1月 老板欠了八万多").as_slots()
    complaint = Complaint.from_slots(slots, chat_key="web:slot-values")
    assert complaint.amount == Quantity(80000, True, slots["amount"])
    assert complaint.workers_count and complaint.workers_count.approximate
    assert complaint.months and complaint.period
    read_back = summary_text(slots)
    assert "约8万元" in read_back and f"（{complaint.period}）" in read_back
