"""The one clock: what time it is, in UTC (stored) and in China (shown, counted by day and year).

Everything that stamps a row or decides by the date asks ``now()``; tests freeze it with ``frozen(at)`` instead of
depending on the day they run (a deadline, a case number's year, a 30-day window).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

__all__ = ["CHINA", "NaiveTime", "china_today", "frozen", "iso", "now"]

CHINA = ZoneInfo("Asia/Shanghai")


class NaiveTime(ValueError):
    """A time without a zone was given where the clock needs to know which instant it is."""


def _system_now() -> datetime:
    return datetime.now(timezone.utc)


_source: Callable[[], datetime] = _system_now


def now() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return _source()


def iso(at: datetime | None = None, timespec: str = "seconds") -> str:
    """``at`` (default: now) as the ISO 8601 UTC text the database stores (``2026-12-03T03:20:00+00:00``)."""
    return (at or now()).astimezone(timezone.utc).isoformat(timespec=timespec)


def china_today() -> date:
    """Today's date in China (a worker's "today", the day a statistic is counted on)."""
    return now().astimezone(CHINA).date()


@contextmanager
def frozen(at: datetime) -> Iterator[datetime]:
    """Within the block, ``now()`` returns ``at`` (for tests and for replaying a day)."""
    global _source
    if at.tzinfo is None:
        raise NaiveTime(f"frozen() needs a timezone-aware time, got {at!r}; e.g. datetime(..., tzinfo=clock.CHINA)")
    previous, _source = _source, (lambda: at.astimezone(timezone.utc))
    try:
        yield at
    finally:
        _source = previous
