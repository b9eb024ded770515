"""The complaint intake conversation, without Rasa: which fields, in which order, the question (with an
example) for each, how an answer is understood, and the summary read back before 确认.

``actions/intake.py`` is a thin Rasa wrapper around this module.
"""

from __future__ import annotations

import re

from core import wording

from .errors import CasesError, InvalidPhone, NumberNotUnderstood, NumberTooLong
from .extract import extract, find_employer, find_period
from .location import parse_location
from .numbers import FieldValue, MonthsOwed, Quantity, parse_amount, parse_count, parse_months
from .phone import find_phone, mask, parse_phone

__all__ = [
    "FIELDS", "QUESTIONS", "HELP", "LABELS", "AnswerNotUnderstood", "parse_answer", "fill_from_message",
    "summary_text", "MAX_FAILURES", "SKIP_WORDS", "TOO_LONG",
]

# Ask in this order; project and worker_name may be skipped (不知道 / 匿名).
FIELDS = ("employer", "location", "project", "amount", "workers_count", "months", "phone", "description", "worker_name")
MAX_FAILURES = 2  # after this many failed answers for one field, explain with an example and offer a person

# What the worker reads, from the catalogue (cases/wording.yml): name → text, in the form's order.
LABELS = wording.group("cases.labels")
QUESTIONS = wording.group("cases.questions")
# After MAX_FAILURES failed answers: say plainly what form we need.
HELP = wording.group("cases.help")
# A numeral too long or too large to be meant (a stuck key, a pasted string): say so instead of "没看明白".
TOO_LONG = wording.group("cases.too_long")

SKIP_WORDS = re.compile(r"^(不知道|不清楚|没有|无|没|跳过|不记得|忘了|不晓得|算了|不用)[。.!！]?$")


class AnswerNotUnderstood(CasesError, ValueError):
    def __init__(self, field: str, text: str, too_long: bool = False):
        super().__init__(f"could not understand {text[:60]!r} as {field}" + (" (number too long)" if too_long else ""))
        self.field = field
        self.text = text
        self.too_long = too_long


def parse_answer(field: str, text: str, contact_phone: str | None = None) -> FieldValue:
    """The value of ``field`` in a worker's answer to the question about it; raises AnswerNotUnderstood."""
    answer = (text or "").strip()
    try:
        if field == "phone":
            return parse_phone(contact_phone or answer).number
        if field == "amount":
            return parse_amount(answer)
        if field == "workers_count":
            if re.search(r"我一个|就我|只有我|我自己|本人", answer):
                return Quantity(1, False, answer)
            return parse_count(answer)
        if field == "months":
            months, period = find_period(answer)
            if months is None:
                months = parse_months(answer)
            return MonthsOwed(months, period)
        if field == "location":
            location = parse_location(answer)
            if location is None:
                raise AnswerNotUnderstood(field, text)
            return location.label
        if field == "employer":
            if len(answer) < 2 or SKIP_WORDS.match(answer):
                raise AnswerNotUnderstood(field, text)
            phone = find_phone(answer)
            name = find_employer(answer) or answer[:60]
            return f"{name} {phone.number}" if phone and phone.number not in name else name
        if field == "project":
            return "不详" if SKIP_WORDS.match(answer) else answer[:60]
        if field == "worker_name":
            if re.search(r"匿名|不想|不留|不说|不方便", answer) or SKIP_WORDS.match(answer):
                return "匿名"
            return re.sub(r"^(我叫|我是|叫|姓名|名字)[:：]?", "", answer)[:20]
        if field == "description":
            if len(answer) < 4:
                raise AnswerNotUnderstood(field, text)
            return answer[:2000]
    except (NumberNotUnderstood, InvalidPhone) as error:
        raise AnswerNotUnderstood(field, text, too_long=isinstance(error, NumberTooLong)) from error
    raise AnswerNotUnderstood(field, text)


def fill_from_message(text: str, site_code: str | None = None, contact_phone: str | None = None) -> dict[str, FieldValue]:
    """Every field the message answers. A message long enough to tell the story is also the description."""
    fields = extract(text, site_code=site_code, contact_phone=contact_phone).as_fields()
    if len((text or "").strip()) >= 15:
        fields["description"] = text.strip()[:2000]
    return fields


def _yuan(amount: Quantity) -> str:
    number = float(amount.value)
    shown = (wording.say("cases.summary.ten_thousand_yuan", number=f"{number / 10000:g}") if number >= 10000
             else wording.say("cases.summary.yuan", number=f"{number:g}"))
    return (wording.say("cases.summary.approximately") if amount.approximate else "") + shown


def _months(owed: MonthsOwed) -> str:
    approximately = wording.say("cases.summary.approximately") if owed.months.approximate else ""
    shown = wording.say("cases.summary.months", approximately=approximately, number=owed.months.shown)
    return shown + (f"（{owed.period.text}）" if owed.period else "")


def summary_text(fields: dict[str, FieldValue | None]) -> str:
    """The read-back before 确认 / 修改 / 取消. The phone is shown masked."""
    lines = [wording.say("cases.summary.title")]
    for field in FIELDS:
        value = fields.get(field)
        if value in (None, ""):
            continue
        if isinstance(value, MonthsOwed):
            value = _months(value)
        elif field == "amount" and isinstance(value, Quantity):
            value = _yuan(value)
        elif field == "workers_count":
            value = wording.say("cases.summary.people", count=value)
        elif field == "phone":
            value = mask(str(value))
        elif field == "description" and len(str(value)) > 60:
            value = str(value)[:60] + "…"
        lines.append(wording.say("cases.summary.line", label=LABELS[field], value=value))
    lines.append(wording.say("cases.summary.ask_confirm"))
    return "\n".join(lines)
