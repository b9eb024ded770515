"""How many months lie between two points a worker names: "从五一干到国庆", "去年冬月到今年四月", "十一月中到三月".

Workers date their work by festivals and parts of a month as often as by month numbers. Each end is read as a point
on a month scale (1.0 = the start of January): a month alone is its start when it opens the span and its end when it
closes it (3月到6月 = four months, as the form has always counted), 中 / 中旬 is the middle, 底 / 末 the end; the
festivals are the day they fall on (五一 5.0, 国庆 10.0, 元旦 1.0 of the next year, 端午 about 6.0, 中秋 about 9.5);
过完年 / 年后 / 正月十五 are mid-February; the lunar 冬月 and 腊月 are about December and January.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Span", "find_span"]

_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12,
              "正": 1, "腊": 12, "冬": 11}
_YEAR = r"(?P<{0}>20[0-9]{{2}}年|去年|今年|前年|明年)?\s*(?:阳历|农历|公历)?"
_MONTH_POINT = (
    r"(?P<{0}m>1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十])月份?\s*(?P<{0}d>[0-9]{{1,2}}[号日]|初|上旬|中旬|中|下旬|底|末)?"
)
# festivals and the lunar new year, with the month position they stand for (start of month = .0)
_FESTIVALS = {
    "五一": 5.0, "劳动节": 5.0, "国庆节": 10.0, "国庆": 10.0, "十一": None, "元旦": 13.0, "端午节": 6.0, "端午": 6.0,
    "中秋节": 9.5, "中秋": 9.5, "过完年": 2.5, "过了年": 2.5, "年后": 2.5, "过年后": 2.5, "春节后": 2.5, "开春": 3.0,
    "正月十五": 2.5, "元宵": 2.5, "正月": 2.0, "冬月": 12.0, "腊月": 1.0 + 12, "年前": 13.0, "过年": 13.0, "春节": 13.0,
}
_FESTIVAL = "|".join(sorted((k for k, v in _FESTIVALS.items() if v is not None), key=len, reverse=True))
_POINT = r"(?:{year}(?:(?P<{name}f>{festival})|{month}))"
_SPAN = re.compile(
    r"(?:从|打|自)?" + _POINT.format(year=_YEAR.format("y1"), name="a", festival=_FESTIVAL, month=_MONTH_POINT.format("a"))
    + r"\s*(?:进场|开工|开始|入职|进厂|上班|去的|过去的|来的|开始干|起)?[^0-9。！？!?，,]{0,3}?"
    r"(?:到|至|-|~|—|一直到|一直干到|干到|做到|搞到|做咗到|干活到)\s*(?:现在|如今|目前)?\s*"  # 干到现在八月底
    + _POINT.format(year=_YEAR.format("y2"), name="b", festival=_FESTIVAL, month=_MONTH_POINT.format("b"))
)


@dataclass(frozen=True)
class Span:
    months: float
    approximate: bool
    text: str


def _point(match: re.Match, name: str, closing: bool) -> tuple[float, bool] | None:
    """The month position of one end, and whether it is approximate (a festival or part of a month)."""
    festival = match.group(f"{name}f")
    if festival:
        value = _FESTIVALS[festival]
        if festival in ("腊月", "年前", "过年", "春节") and not closing:
            value = 12.0 if festival == "腊月" else 13.0
        return value, festival not in ("五一", "劳动节", "国庆", "国庆节", "元旦")
    month_text = match.group(f"{name}m")
    month = int(month_text) if month_text.isdigit() else _CN_MONTHS.get(month_text)
    if not month:
        return None
    part = match.group(f"{name}d") or ""
    if part in ("中", "中旬"):
        return month + 0.5, True
    if part in ("底", "末", "下旬"):
        return month + 1.0, False
    if part in ("初", "上旬"):
        return float(month), False
    if part and part[0].isdigit():
        return month + min(int(part[:-1]), 30) / 30, False
    return (month + 1.0 if closing else float(month)), False


def _year(text: str | None) -> int | None:
    if not text:
        return None
    if text[0].isdigit():
        return int(text[:4])
    return {"前年": -2, "去年": -1, "今年": 0, "明年": 1}[text]


def find_span(text: str) -> Span | None:
    """The first span of months the text states between two named points, or None."""
    for match in _SPAN.finditer(text):
        start, end = _point(match, "a", False), _point(match, "b", True)
        if start is None or end is None:
            continue
        y1, y2 = _year(match.group("y1")), _year(match.group("y2"))
        value = end[0] - start[0]
        if y1 is not None and y2 is not None:
            value += 12 * (y2 - y1) - (12 if end[0] >= 13 and y2 > y1 else 0)  # 去年国庆到今年元旦
        while value <= 0:
            value += 12  # 国庆干到元旦 / 去年十月到三月: over the new year
        if value > 36:
            continue
        return Span(round(value, 2), start[1] or end[1], match.group(0))
    return None
