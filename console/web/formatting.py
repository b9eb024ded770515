"""Jinja filters for the console's case pages: times in China time, amounts in yuan."""

from __future__ import annotations

from datetime import datetime

from core import clock

from ..privacy import mask_phone



def china_time(value: str | datetime | None, with_time: bool = True) -> str:
    """'2026-03-01T02:00:00+00:00' → '2026-03-01 10:00' (stored times are UTC; staff read China time)."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is not None:
        moment = moment.astimezone(clock.CHINA)
    return moment.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def yuan(value: int | float | None) -> str:
    """73000 → '73,000 元'; None → ''."""
    if value is None:
        return ""
    return f"{value:,.0f} 元"


def install(env) -> None:
    """Register the filters on the console's Jinja environment (each route module that uses them calls this)."""
    env.filters.update(china_time=china_time, yuan=yuan, mask_phone=mask_phone)
