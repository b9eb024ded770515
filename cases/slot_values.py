"""How the complaint's numbers travel in the form's text slots: written and read here only.

Rasa's form slots are text (nlu/domain/cases.yml). An amount or a head count is ``str(Quantity)`` ("80000",
"约80000", "2.5"); the months owed carry the period the worker named, in brackets ("4（3月到6月）"). The extractor and
the form's answers write them with ``quantity_slot`` / ``months_slot``; the read-back and the case store read them
with ``read_quantity`` / ``split_months``. A value in any other shape goes through the number parser, when one is
given.
"""

from __future__ import annotations

import re
from typing import Callable

from .numbers import Quantity

__all__ = ["quantity_slot", "months_slot", "read_quantity", "split_months"]

_QUANTITY = re.compile(r"(约)?([0-9]+(?:\.[0-9]+)?)")
_PERIOD = re.compile(r"（(.+)）")


def quantity_slot(quantity: Quantity) -> str:
    """"约80000" for about 80,000; "15" for exactly 15."""
    return str(quantity)


def months_slot(months: Quantity, period: str | None = None) -> str:
    """"4（3月到6月）": the months owed, then the period the worker named, if any."""
    return quantity_slot(months) + (f"（{period}）" if period else "")


def read_quantity(value: object, parser: Callable[[str], Quantity] | None = None) -> Quantity | None:
    """The quantity a slot holds; None when it is empty, or in another shape and no parser is given."""
    if value in (None, ""):
        return None
    match = _QUANTITY.fullmatch(str(value).strip())
    if match:
        number = float(match.group(2))
        return Quantity(int(number) if number.is_integer() else number, bool(match.group(1)), str(value))
    return parser(str(value)) if parser else None


def split_months(value: object) -> tuple[str, str | None]:
    """A months slot's months and its period: "4（3月到6月）" → ("4", "3月到6月")."""
    text = str(value)
    match = _PERIOD.search(text)
    return _PERIOD.sub("", text), (match.group(1) if match else None)
