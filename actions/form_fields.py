"""The complaint form's fields between Rasa's slots and the domain: a quantity becomes a number slot with its
"about" flag, the months owed a months slot with its period (``core.dialogue``), and back.

``cases`` works with ``Quantity`` and ``MonthsOwed`` and never sees a slot; the actions read and write slots only
through here.
"""

from __future__ import annotations

import logging
from typing import Any, Mapping

from rasa_sdk import Tracker

from cases.intake import FIELDS
from cases.numbers import FieldValue, MonthsOwed, Period, Quantity
from core import dialogue

log = logging.getLogger(__name__)

__all__ = ["to_slot", "from_slot", "to_slots", "form_fields"]


def to_slot(name: str, value: FieldValue | None) -> Any:
    """What the slot ``name`` holds for a field's value (None clears it)."""
    if isinstance(value, Quantity):
        return dialogue.number_slot(value.value, value.approximate)
    if isinstance(value, MonthsOwed):
        period = value.period
        return dialogue.months_slot(value.months.value, value.months.approximate,
                                    dialogue.period_slot(period.text, period.start, period.end) if period else None)
    return value


def from_slot(name: str, raw: Any) -> FieldValue | None:
    """The field's value from what its slot holds, typed or the text of before."""
    if raw in (None, ""):
        return None
    if name == dialogue.MONTHS_SLOT:
        months = dialogue.read_months_slot(raw)
        if months is None:
            log.warning("months slot of an unknown shape, asked again: %r", type(raw).__name__)
            return None
        period = months["period"]
        return MonthsOwed(Quantity(months["value"], months["approximate"]),
                          Period(period["text"], period["start"], period["end"]) if period else None)
    if name in dialogue.NUMBER_SLOTS:
        number = dialogue.read_number_slot(raw)
        if number is None:
            log.warning("%s slot of an unknown shape, asked again: %r", name, type(raw).__name__)
            return None
        return Quantity(number["value"], number["approximate"])
    return str(raw)


def to_slots(fields: Mapping[str, FieldValue | None]) -> dict[str, Any]:
    return {name: to_slot(name, value) for name, value in fields.items()}


def form_fields(tracker: Tracker) -> dict[str, FieldValue | None]:
    """The complaint's fields as the form holds them now."""
    return {name: from_slot(name, tracker.get_slot(name)) for name in FIELDS}
