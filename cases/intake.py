"""The complaint intake conversation, without Rasa: which fields, in which order, the question (with an
example) for each, how an answer is understood, and the summary read back before 确认.

``actions/intake.py`` is a thin Rasa wrapper around this module.
"""

from __future__ import annotations

import re

from .errors import CasesError, InvalidPhone, NumberNotUnderstood, NumberTooLong
from .extract import extract, find_employer, find_period
from .location import parse_location
from .numbers import parse_amount, parse_count, parse_months
from .phone import find_phone, mask, parse_phone

__all__ = [
    "FIELDS", "QUESTIONS", "HELP", "LABELS", "AnswerNotUnderstood", "parse_answer", "fill_from_message",
    "summary_text", "MAX_FAILURES", "SKIP_WORDS", "TOO_LONG",
]

# Ask in this order; project and worker_name may be skipped (不知道 / 匿名).
FIELDS = ("employer", "location", "project", "amount", "workers_count", "months", "phone", "description", "worker_name")
MAX_FAILURES = 2  # after this many failed answers for one field, explain with an example and offer a person

LABELS = {
    "employer": "欠薪单位/老板",
    "location": "干活地点",
    "project": "工地/项目",
    "amount": "欠薪金额",
    "workers_count": "被欠薪人数",
    "months": "欠薪时间",
    "phone": "您的电话",
    "description": "情况说明",
    "worker_name": "您的姓名",
}

QUESTIONS = {
    "employer": "是哪家公司或哪个老板欠的工资？写公司名，或包工头/班组长的名字和电话。\n例如：宏达建筑公司，或 包工头王大军 13912345678",
    "location": "在哪里干的活？写到省、市、区县。\n例如：北京市大兴区，或 青海格尔木",
    "project": "是哪个工地或项目？不知道可以回复“不知道”。\n例如：阳光花园三期工地",
    "amount": "一共欠了多少钱？大概的也可以。\n例如：七万三、8万多、12000元",
    "workers_count": "一共有几个人被欠工资（包括您）？\n例如：就我一个人、9个人、十几个人",
    "months": "欠了多长时间的工资？\n例如：三个月、半年，或 3月到6月",
    "phone": "请留一个能联系到您的手机号，也可以点下面的按钮直接分享号码。\n例如：13812345678",
    "description": "请简单说说情况：干的什么活、什么时候完工、老板怎么说的。",
    "worker_name": "您怎么称呼？不想留名可以回复“匿名”（工作人员会按匿名线索处理）。",
}

# After MAX_FAILURES failed answers: say plainly what form we need.
HELP = {
    "amount": "金额请写一个数字，可以带“万”“千”，大概的也行，比如：3万、两万四、8000块、8万多。",
    "workers_count": "人数请写一个数字，比如：3个人、十几个人；只有您自己就写“我一个人”。",
    "months": "时间请写多久，比如：2个月、半年、一年多；也可以写从几月到几月，比如：3月到6月。",
    "phone": "手机号是1开头的11位数字，比如 13812345678；座机请带区号，比如 0979-8412345。",
    "location": "地点请写省市区县的名字，比如：广东省中山市、北京大兴、乌兰察布集宁区。",
    "employer": "请写公司全名，或者老板/包工头的姓名（知道电话更好），比如：包工头王大军。",
}

# A numeral too long or too large to be meant (a stuck key, a pasted string): say so instead of "没看明白".
TOO_LONG = {
    "amount": "数字太长了，请重新输入金额",
    "workers_count": "数字太长了，请重新输入人数",
    "months": "数字太长了，请重新输入欠薪时间",
}

SKIP_WORDS = re.compile(r"^(不知道|不清楚|没有|无|没|跳过|不记得|忘了|不晓得|算了|不用)[。.!！]?$")


class AnswerNotUnderstood(CasesError, ValueError):
    def __init__(self, field: str, text: str, too_long: bool = False):
        super().__init__(f"could not understand {text[:60]!r} as {field}" + (" (number too long)" if too_long else ""))
        self.field = field
        self.text = text
        self.too_long = too_long


def parse_answer(field: str, text: str, contact_phone: str | None = None) -> str:
    """The slot value for a worker's answer to the question about ``field``; raises AnswerNotUnderstood."""
    answer = (text or "").strip()
    try:
        if field == "phone":
            return parse_phone(contact_phone or answer).number
        if field == "amount":
            return str(parse_amount(answer))
        if field == "workers_count":
            if re.search(r"我一个|就我|只有我|我自己|本人", answer):
                return "1"
            return str(parse_count(answer))
        if field == "months":
            months, period = find_period(answer)
            if months is None:
                months = parse_months(answer)
            return str(months) + (f"（{period}）" if period else "")
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


def fill_from_message(text: str, site_code: str | None = None, contact_phone: str | None = None) -> dict[str, str]:
    """Every slot the message answers. A message long enough to tell the story is also the description."""
    extraction = extract(text, site_code=site_code, contact_phone=contact_phone)
    slots = extraction.as_slots()
    if len((text or "").strip()) >= 15:
        slots["description"] = text.strip()[:2000]
    return slots


def _yuan(value: str) -> str:
    approximate = value.startswith("约")
    number = float(value.lstrip("约"))
    shown = f"{number / 10000:g}万元" if number >= 10000 else f"{number:g}元"
    return ("约" if approximate else "") + shown


def summary_text(slots: dict) -> str:
    """The read-back before 确认 / 修改 / 取消. The phone is shown masked."""
    lines = ["请核对您的投诉信息："]
    for field in FIELDS:
        value = slots.get(field)
        if value in (None, ""):
            continue
        if field == "amount":
            try:
                value = _yuan(str(value))
            except ValueError:
                pass
        elif field == "workers_count":
            value = f"{value}人"
        elif field == "months":
            value = re.sub(r"^(约)?([0-9.]+)", lambda m: f"{m.group(1) or ''}{m.group(2)}个月", str(value))
        elif field == "phone":
            value = mask(str(value))
        elif field == "description" and len(str(value)) > 60:
            value = str(value)[:60] + "…"
        lines.append(f"· {LABELS[field]}：{value}")
    lines.append("没问题请点“确认”，要改请点“修改”，不投诉了请点“取消”。")
    return "\n".join(lines)
