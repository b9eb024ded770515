"""Read the numbers workers type: "五千五", "一天三百", "3.5万", "两年三个月", "十个小时", "没有".

Kept small on purpose: cn2an turns Chinese numerals into digits, and a few regular expressions read the units.
(The cases/ package has its own parser for amounts in complaints; the two may be merged once both settle.)
Every function returns None when it cannot read the text, so the conversation can ask again with an example.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from decimal import Decimal, InvalidOperation

import cn2an

from claims.calculator import HOURS_PER_DAY, WageBasis

_NUMBER = r"\d+(?:\.\d+)?"
_CN_DIGIT_AFTER_ASCII = re.compile(r"(?<=\d)(?=[零〇一二两三四五六七八九十])")
_NONE_WORDS = ("没有", "没", "无", "木有", "冇", "没得", "一次都没", "零")
_UNKNOWN_WORDS = ("不知道", "不清楚", "不晓得", "不懂", "跳过", "不记得", "忘了", "不确定", "晓不得")
_DAILY_WORDS = ("日薪", "天", "日工资", "日结", "一日", "每日", "工日")
_MONTHLY_WORDS = ("月薪", "月", "月工资")


def normalise(text: str) -> str:
    """Full-width to half-width, no thousands separators, Chinese numerals as digits."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = text.replace(",", "").replace("，", "").replace(" ", "")
    # "工资3500一个月" would otherwise become "35001个月".
    text = _CN_DIGIT_AFTER_ASCII.sub(" ", text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns about text it leaves unchanged
        return cn2an.transform(text, "cn2an")


def is_unknown(text: str) -> bool:
    """The worker does not know or wants to skip this question."""
    return any(word in text for word in _UNKNOWN_WORDS)


def is_none(text: str) -> bool:
    """The answer means zero ("没有", "无", "0")."""
    stripped = normalise(text).rstrip("。.!！")
    if re.fullmatch(r"0+(\.0+)?\D{0,3}", stripped):
        return True
    return any(stripped.startswith(word) for word in _NONE_WORDS)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_amount(text: str) -> Decimal | None:
    """A sum of money in yuan: "五千五" 5500, "1万2" 12000, "3.5万" 35000, "5k" 5000, "4,500元" 4500.

    With several numbers ("一天300"), the largest is the amount: the others are counts like 一天.
    """
    if not text:
        return None
    normalised = normalise(text)
    amounts: list[Decimal] = []
    pattern = re.compile(rf"({_NUMBER})\s*(万|w|W|千|k|K)?(\d)?(?!\d)")
    for match in pattern.finditer(normalised):
        value = _decimal(match.group(1))
        if value is None:
            continue
        unit, trailing = match.group(2), match.group(3)
        if unit in ("万", "w", "W"):
            # 口语 "1万2" means 12000: the trailing digit is thousands.
            value = value * 10000 + (Decimal(trailing) * 1000 if trailing else 0)
        elif unit in ("千", "k", "K"):
            value = value * 1000 + (Decimal(trailing) * 100 if trailing else 0)
        amounts.append(value)
    if not amounts:
        return None
    return max(amounts)


def parse_wage(text: str) -> tuple[Decimal, WageBasis | None] | None:
    """A wage and, when the text says it, whether it is per day or per month ("一天三百", "月薪6000")."""
    amount = parse_amount(text)
    if amount is None or amount <= 0:
        return None
    return amount, wage_basis(text)


def wage_basis(text: str) -> WageBasis | None:
    """"按天"/"日薪"/"一天" -> daily, "按月"/"月薪"/"一个月" -> monthly, None when the text does not say."""
    daily = any(word in text for word in _DAILY_WORDS)
    monthly = any(word in text for word in _MONTHLY_WORDS)
    if daily and not monthly:
        return WageBasis.DAILY
    if monthly and not daily:
        return WageBasis.MONTHLY
    return None


def parse_months(text: str) -> Decimal | None:
    """A length of time in months: "两年三个月" 27, "一年半" 18, "半年" 6, "8个月" 8, "两个半月" 2.5, "8" 8."""
    if not text:
        return None
    normalised = normalise(text)
    total = Decimal("0")
    found = False
    years = re.search(rf"({_NUMBER})\s*(?:周)?年(半)?", normalised)
    if years:
        total += Decimal(years.group(1)) * 12 + (6 if years.group(2) else 0)
        found = True
        normalised = normalised[years.end():]
    elif "半年" in normalised:
        total += 6
        found = True
        normalised = normalised.replace("半年", "")
    months = re.search(rf"({_NUMBER})\s*个?(半)?\s*月", normalised)
    if months:
        total += Decimal(months.group(1)) + (Decimal("0.5") if months.group(2) else 0)
        found = True
    elif "半个月" in normalised or "半月" in normalised:
        total += Decimal("0.5")
        found = True
    if not found:
        bare = re.fullmatch(rf"\D{{0,4}}?({_NUMBER})\D{{0,3}}", normalised)
        if bare and not re.search(r"[天日小时钟]", normalised):
            total = Decimal(bare.group(1))
            found = True
    return total if found and total > 0 else None


def parse_days(text: str) -> Decimal | None:
    """A number of days: "二十天" 20, "20" 20, "干了23个工" 23. A text in months gives None (ask in days)."""
    if not text:
        return None
    normalised = normalise(text)
    match = re.search(rf"({_NUMBER})\s*(?:个)?(?:天|日|工)", normalised)
    if match:
        value = Decimal(match.group(1))
        return value if value > 0 else None
    if re.search(r"[月年]", normalised):
        return None
    bare = re.fullmatch(rf"\D{{0,4}}?({_NUMBER})\D{{0,3}}", normalised)
    if bare:
        value = Decimal(bare.group(1))
        return value if value > 0 else None
    return None


def parse_days_counted(text: str) -> str | None:
    """Whether rest days / holidays are already in 干活天数: "yes", "no", "unknown", or None (not understood)."""
    stripped = normalise(text).rstrip("。.!！")
    if is_unknown(stripped):
        return "unknown"
    if re.search(r"没(有)?算|不算|没(有)?包括|不包括|^不是|^没有$|^否", stripped):
        return "no"
    if re.search(r"算了|算进|算在|包括|^是|^对|^嗯|^有", stripped):
        return "yes"
    return None


def parse_hours(text: str) -> Decimal | None:
    """A number of hours: "十个小时" 10, "12h" 12, "两天" 16 (a day is eight hours), "没有" 0."""
    if not text:
        return None
    if is_none(text):
        return Decimal("0")
    normalised = normalise(text)
    hours = re.search(rf"({_NUMBER})\s*(?:个)?(?:小时|钟头|钟|点|h|H|hr)", normalised)
    days = re.search(rf"({_NUMBER})\s*(?:个)?(?:天|日)", normalised)
    total = Decimal("0")
    if days:
        total += Decimal(days.group(1)) * HOURS_PER_DAY
    if hours:
        total += Decimal(hours.group(1))
    if days or hours:
        return total
    bare = re.fullmatch(rf"\D{{0,4}}?({_NUMBER})\D{{0,3}}", normalised)
    if bare:
        return Decimal(bare.group(1))
    return None


# Checked in this order: "没签合同的工资" is about the contract, "加班工资" about overtime.
_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("no_contract", ("合同", "双倍", "二倍", "两倍", "2倍", "双薪")),
    ("overtime", ("加班", "加点", "周末上班", "节假日上班", "过节上班")),
    ("severance", ("补偿", "赔偿", "辞退", "开除", "炒鱿鱼", "遣散", "解除", "裁员", "N+1", "n+1")),
    ("unpaid_wages", ("欠", "拖", "没给", "没发", "不给", "不发", "工钱", "工资", "血汗钱", "结账", "工资款")),
)


def parse_claim_kind(text: str) -> str | None:
    """Which calculation the worker wants: a `ClaimKind` value, or None when the text does not say."""
    if not text:
        return None
    for kind, words in _KIND_WORDS:
        if any(word in text for word in words):
            return kind
    return None
