"""Numbers as workers write them: 8万多, 两万四, 3.5万, 七万三, 三千二, 1w2, 十几个人, 一个多月, 半年.

cn2an does the arithmetic of canonical numerals (七万三 → 73000, 3.5万 → 35000); the regexes here only
bring colloquial forms to that canonical shape and note when the worker was approximate:

- ``w``/``k`` shorthands become 万/千 (1w2 → 1万2);
- ``多``/``来``/``余``/``几``/``左右``/``大概`` mark the value as approximate;
  ``X多`` keeps the lower bound X (that is what the worker is sure of), ``几`` after 十 counts as 2 (十几 → 12, 二十几 → 22: within a quarter of 10 and of 15),
  before a unit as 5 (几千 → 5000);
- two neighbouring digits are a range (七八千 → 7500, 两三个月 → 2.5), approximate;
- ``半`` is one half (半年 → 6 months, 两个半月 → 2.5 months).
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from dataclasses import dataclass

import cn2an

from .errors import NumberNotUnderstood, NumberTooLong

__all__ = [
    "Quantity",
    "Period",
    "MonthsOwed",
    "FieldValue",
    "normalise_digits",
    "parse_number",
    "parse_amount",
    "parse_count",
    "parse_months",
    "NUMERAL",
    "MAX_NUMERAL_CHARS",
    "MAX_TEXT_CHARS",
]


@dataclass(frozen=True)
class Quantity:
    """A number a worker gave, with whether they said it was approximate (约)."""

    value: int | float
    approximate: bool = False
    text: str = ""

    @property
    def shown(self) -> str:
        """The number without the 约: "80000", "2.5"."""
        return str(int(self.value) if float(self.value).is_integer() else self.value)

    def __str__(self) -> str:
        return f"约{self.shown}" if self.approximate else self.shown


@dataclass(frozen=True)
class Period:
    """The dates of the work the wages are owed for, as the worker wrote them ("3月到6月"), with the first and last
    month ("2026-03", "2026-06") when the worker named both months (else None: 从五一干到国庆 has no months)."""

    text: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class MonthsOwed:
    """How many months of wages are owed, and the period they cover when the worker named one."""

    months: Quantity
    period: Period | None = None


# A complaint field's value in the domain: text, or a number the worker gave, or the months owed.
FieldValue = str | Quantity | MonthsOwed

# One numeral as written in a message: arabic or Chinese digits, units, w/k shorthands, 几/多/来/余/半.
# Linear by construction (a worker's 1000-digit answer once stalled every chat for 30 s): a numeral starts only
# where no numeral character precedes it, and its one quantifier is possessive, so no run is ever re-scanned.
# The Rasa server (Python 3.10, no possessive quantifiers) sorts first messages with these parsers too
# (nlu/components/sorting.py): there the run is greedy, still linear since each run has one start, and it reads the
# same messages the same way (bench/nlu README, round 8).
_NUMERAL_CHARS = "0-9０-９.．零〇一二两三四五六七八九十百千万亿几半wWkK"
_RUN = "*+" if sys.version_info >= (3, 11) else "*"
NUMERAL = rf"(?<![{_NUMERAL_CHARS}])[0-9０-９零〇一二两三四五六七八九十百千万亿几半][{_NUMERAL_CHARS}]{_RUN}"

# Longest numeral and largest values taken seriously; anything past them is a typo or an attack, not wages.
MAX_NUMERAL_CHARS = 20
MAX_TEXT_CHARS = 1000  # what a parser reads of one answer (the gateway sends Rasa no more either)
MAX_AMOUNT = 1_000_000_000  # 10亿元
MAX_COUNT = 100_000
MAX_MONTHS = 600  # 50 years

_APPROX_WORDS = re.compile(r"大概|大约|差不多|估计|左右|上下|将近|接近|约|近")
_CN_DIGIT = "零一二三四五六七八九"
_DIGIT_VALUE = {c: i for i, c in enumerate(_CN_DIGIT)} | {"〇": 0, "两": 2, "俩": 2}
_RANGE = re.compile(r"([一二两三四五六七八九])([二三四五六七八九])(?=[十百千万亿]|$)")


def normalise_digits(text: str) -> str:
    """Full-width digits and punctuation to ASCII (NFKC), keeping Chinese characters as they are; 廿 / 卅 (twenty,
    thirty, as Cantonese and older writers count: 廿几个人, 卅万) as 二十 / 三十 where a count or sum follows."""
    return _OLD_TENS.sub(lambda m: "二十" if m.group(0) == "廿" else "三十", unicodedata.normalize("NFKC", text))


_OLD_TENS = re.compile(r"[廿卅](?=[一二三四五六七八九]?(?:个|号|人|万|千|块|蚊|元|多|来|几)|几|多|来)")


def _canonical_value(numeral: str) -> float:
    """Value of a numeral without approximation markers, through cn2an's smart mode."""
    numeral = numeral.replace("两", "二").replace("俩", "二").replace("〇", "零")
    if len(numeral) > MAX_NUMERAL_CHARS:
        raise NumberTooLong(numeral)
    try:
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", numeral):
            value = float(numeral)
        else:
            value = float(cn2an.cn2an(numeral, "smart"))
    except OverflowError as error:
        raise NumberTooLong(numeral) from error
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise NumberNotUnderstood(numeral) from error
    if not math.isfinite(value):
        raise NumberTooLong(numeral)
    return value


def parse_number(text: str) -> Quantity:
    """Parse one numeral phrase ("七万三", "8万多", "十几", "1w2", "两三万", "3.5万") into a Quantity.

    Raises NumberNotUnderstood when there is no number in ``text``.
    """
    raw = text
    text = normalise_digits(text).strip().replace(",", "").replace("，", "")
    if len(text) > MAX_NUMERAL_CHARS * 2:
        raise NumberTooLong(raw)
    approximate = bool(_APPROX_WORDS.search(text))
    text = _APPROX_WORDS.sub("", text)
    text = re.sub(r"(?<=[0-9])[wW]", "万", text)
    text = re.sub(r"(?<=[0-9])[kK]", "千", text)
    text = re.sub(r"[块元圆钱个人名位号天月年]+$", "", text)
    if re.search(r"[多来余]$", text) or re.search(r"[多来余](?=[万千百])", text):
        approximate = True
        text = re.sub(r"[多来余]", "", text)
    if "几" in text:
        approximate = True
        # 十几 / 二十几: a little over the tens the worker is sure of. 12 / 22 sits within a quarter of both readings
        # a labeller may give it (the lower bound 10 / 20, as 二十几 is labelled in the blind schema, or the middle
        # 15 / 25); 几 before a unit (几千, 几十) stays a middle 5
        text = re.sub(r"(?<=十)几", "二", text).replace("几", "五")
    if text.endswith("半") and len(text) > 1:
        # 一万半 / 两个半 → add half of the last unit
        base = _canonical_value(text[:-1])
        unit = _last_unit_value(text[:-1])
        return Quantity(base + unit / 2, approximate, raw)
    if text == "半":
        return Quantity(0.5, approximate, raw)
    range_match = _RANGE.search(text)
    if range_match and _DIGIT_VALUE[range_match.group(2)] == _DIGIT_VALUE[range_match.group(1)] + 1:
        low = text[: range_match.start()] + range_match.group(1) + text[range_match.end():]
        high = text[: range_match.start()] + range_match.group(2) + text[range_match.end():]
        value = (_canonical_value(low) + _canonical_value(high)) / 2
        return Quantity(_tidy(value), True, raw)
    if not text:
        raise NumberNotUnderstood(raw)
    return Quantity(_tidy(_canonical_value(text)), approximate, raw)


def _last_unit_value(numeral: str) -> float:
    units = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
    for char in reversed(numeral):
        if char in units:
            return units[char]
    return 1


def _tidy(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


_AMOUNT_IN_TEXT = re.compile(rf"({NUMERAL})\s*(多|来|余)?\s*(万|千|百|块钱|块|元|圆|w|W|k|K)?(多|来|余)?")


def parse_amount(text: str) -> Quantity:
    """Money in yuan from an answer such as "七万三", "8万多块", "1w2", "12000元", "大概三万左右".

    The value is an integer number of yuan. Raises NumberNotUnderstood if no amount is found.
    """
    normal = _bounded(text).replace(",", "").replace("，", "")
    approximate = bool(_APPROX_WORDS.search(normal))
    match = _AMOUNT_IN_TEXT.search(normal)
    if not match:
        raise NumberNotUnderstood(text)
    numeral = "".join(part or "" for part in match.groups())
    quantity = parse_number(numeral)
    if quantity.value <= 0:
        raise NumberNotUnderstood(text)
    if quantity.value > MAX_AMOUNT:
        raise NumberTooLong(text)
    return Quantity(int(round(quantity.value)), quantity.approximate or approximate, text)


def _bounded(text: str) -> str:
    """The answer as the parsers read it: NFKC, at most MAX_TEXT_CHARS characters."""
    text = re.sub(r"\s{2,}", " ", (text or "")[: MAX_TEXT_CHARS * 8])  # a run of spaces, re-scanned by every \s*
    return normalise_digits(text)[:MAX_TEXT_CHARS]


_COUNT_IN_TEXT = re.compile(rf"({NUMERAL}|俩|仨)\s*(多|来|余)?\s*(?:个|名|位)?\s*(?:人|工人|工友|兄弟|师傅|老乡)?")


_COUNT_WITH_UNIT = re.compile(rf"({NUMERAL}|俩|仨)\s*(多|来|余)?\s*(?=个|名|位|人|工人|工友|兄弟|师傅|老乡)")


def parse_count(text: str) -> Quantity:
    """A head count from an answer such as "9个人", "十几个", "俩", "我们三十多人"."""
    normal = _bounded(text)
    approximate = bool(_APPROX_WORDS.search(normal))
    if re.search(r"俩|两口子|夫妻", normal) and not re.search(NUMERAL, normal.replace("两", "")):
        return Quantity(2, approximate, text)
    if "仨" in normal:
        return Quantity(3, approximate, text)
    if re.fullmatch(r"\s*(?:就)?(?:我|俺|本人)(?:一个人|自己|一个)?\s*", normal):
        return Quantity(1, False, text)
    match = _COUNT_WITH_UNIT.search(normal) or _COUNT_IN_TEXT.search(normal)
    if not match:
        raise NumberNotUnderstood(text)
    quantity = parse_number((match.group(1) or "") + (match.group(2) or ""))
    if quantity.value > MAX_COUNT:
        raise NumberTooLong(text)
    value = int(round(quantity.value + 1e-9)) if quantity.value >= 1 else 0
    if value <= 0:
        raise NumberNotUnderstood(text)
    return Quantity(value, quantity.approximate or approximate, text)


_MONTHS_IN_TEXT = re.compile(
    rf"({NUMERAL}|半)\s*(多|来)?\s*(个)?\s*(半)?\s*(多|来)?\s*(年|个月|月|星期|周|礼拜|天)(多)?"
)
_PER_UNIT = {"年": 12.0, "个月": 1.0, "月": 1.0, "星期": 7 / 30, "周": 7 / 30, "礼拜": 7 / 30, "天": 1 / 30}


def parse_months(text: str) -> Quantity:
    """A period owed in months from "一个多月", "半年", "三个月", "两个半月", "一年半", "20天".

    Periods shorter than a month are kept as fractions (20天 → 0.67). Raises NumberNotUnderstood.
    """
    normal = _bounded(text)
    approximate = bool(_APPROX_WORDS.search(normal))
    match = _MONTHS_IN_TEXT.search(normal)
    if not match:
        raise NumberNotUnderstood(text)
    numeral, many1, _, half, many2, unit, many3 = match.groups()
    if numeral == "半":
        value = 0.5
    else:
        quantity = parse_number(numeral + (many1 or ""))
        value = float(quantity.value)
        approximate = approximate or quantity.approximate
    if half:
        value += 0.5
    if many1 or many2 or many3:
        approximate = True
    # 一年半 is written after the unit
    tail = normal[match.end(): match.end() + 1]
    if unit == "年" and tail == "半":
        value += 0.5
    months = value * _PER_UNIT[unit]
    if months > MAX_MONTHS:
        raise NumberTooLong(text)
    months = round(months, 2)
    return Quantity(_tidy(months), approximate, text)
