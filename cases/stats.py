"""Figures for the supervisors' dashboard, over every case in the database.

What each figure counts:
- 受理 (accepted): cases that reached 已受理 (a case refused straight from 待受理 never was).
- 办结 (closed): cases that reached 已办结 (later 已回访 still counts; 不予受理 does not).
- 办结率: 办结 ÷ 受理. 按期办结: closed no later than the deadline of its colour.
- median time to close: from opening to 已办结, in days, over closed cases.
- amount recovered: the sum of the amounts entered when cases were closed (many closures enter none).
- workers helped: the sum of the worker counts of closed cases (as the workers reported them; some are
  approximate).
- open cases: every case not 已办结 / 不予受理 / 已回访, by colour and by area (district, else city).
- per week: cases opened and closed in each calendar week (Monday to Sunday, China time).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlite_utils

from core import clock

from .search import DISTRICT_SQL
from .workflow import ACCEPTED, CLOSED, FINISHED, is_overdue

__all__ = ["DashboardStats", "WeekCount", "dashboard_stats", "cases_per_site", "COLOURS"]

COLOURS = ("红", "橙", "蓝")
UNKNOWN_AREA = "未识别地区"


@dataclass(frozen=True)
class WeekCount:
    week_start: date  # the Monday
    opened: int
    closed: int


@dataclass(frozen=True)
class DashboardStats:
    total: int
    accepted: int
    closed: int
    closed_on_time: int
    open: int
    overdue: int
    median_days_to_close: float | None
    amount_recovered: int
    cases_with_amount_recovered: int
    workers_helped: int
    open_by_colour: dict[str, int] = field(default_factory=dict)
    open_by_district: list[tuple[str, int]] = field(default_factory=list)
    weekly: list[WeekCount] = field(default_factory=list)

    @property
    def closure_rate(self) -> float | None:
        """办结率 as a fraction (None before any case was accepted)."""
        return self.closed / self.accepted if self.accepted else None

    @property
    def on_time_rate(self) -> float | None:
        return self.closed_on_time / self.closed if self.closed else None


def _week_start(moment: datetime) -> date:
    day = moment.astimezone(clock.CHINA).date()
    return day - timedelta(days=day.weekday())


def dashboard_stats(db: sqlite_utils.Database, *, weeks: int = 12, now: datetime | None = None) -> DashboardStats:
    """The dashboard's figures; ``weeks`` calendar weeks up to and including the current one."""
    now = now or clock.now()
    rows = db.execute(
        f"""select c.status, c.colour, c.created_at, c.closed_at, c.deadline_at, c.workers_count,
                   c.amount_recovered, {DISTRICT_SQL} as area,
                   exists(select 1 from case_events e where e.case_id = c.id and e.status_to = ?) as was_accepted,
                   exists(select 1 from case_events e where e.case_id = c.id and e.status_to = ?) as was_closed
            from cases c""",
        [ACCEPTED, CLOSED],
    ).fetchall()
    accepted = closed = on_time = open_count = overdue = workers = recovered = recovered_cases = 0
    days_to_close: list[float] = []
    by_colour = {colour: 0 for colour in COLOURS}
    by_area: dict[str, int] = {}
    first_week = _week_start(now) - timedelta(weeks=weeks - 1)
    opened_per_week: dict[date, int] = {}
    closed_per_week: dict[date, int] = {}
    for status, colour, created_at, closed_at, deadline_at, workers_count, amount_recovered, area, \
            was_accepted, was_closed in rows:
        created = datetime.fromisoformat(created_at)
        opened_per_week[_week_start(created)] = opened_per_week.get(_week_start(created), 0) + 1
        accepted += bool(was_accepted)
        if amount_recovered is not None:
            recovered += amount_recovered
            recovered_cases += 1
        if was_closed and closed_at:
            closed += 1
            finished = datetime.fromisoformat(closed_at)
            days_to_close.append((finished - created).total_seconds() / 86400)
            on_time += bool(deadline_at) and finished <= datetime.fromisoformat(deadline_at)
            workers += workers_count or 0
            closed_per_week[_week_start(finished)] = closed_per_week.get(_week_start(finished), 0) + 1
        if status not in FINISHED:
            open_count += 1
            overdue += is_overdue(status, deadline_at, now)
            by_colour[colour] = by_colour.get(colour, 0) + 1
            by_area[area or UNKNOWN_AREA] = by_area.get(area or UNKNOWN_AREA, 0) + 1
    weekly = [
        WeekCount(week, opened_per_week.get(week, 0), closed_per_week.get(week, 0))
        for week in (first_week + timedelta(weeks=n) for n in range(weeks))
    ]
    return DashboardStats(
        total=len(rows),
        accepted=accepted,
        closed=closed,
        closed_on_time=on_time,
        open=open_count,
        overdue=overdue,
        median_days_to_close=round(statistics.median(days_to_close), 1) if days_to_close else None,
        amount_recovered=recovered,
        cases_with_amount_recovered=recovered_cases,
        workers_helped=workers,
        open_by_colour=by_colour,
        open_by_district=sorted(by_area.items(), key=lambda item: (-item[1], item[0])),
        weekly=weekly,
    )


def cases_per_site(db: sqlite_utils.Database) -> dict[str, int]:
    """Cases per construction site code (the QR poster or deep link the complaint came from), upper-cased as the
    site registry writes codes."""
    if not db["cases"].exists():
        return {}
    rows = db.execute("select upper(site_code), count(*) from cases where site_code is not null group by 1")
    return {code: count for code, count in rows.fetchall()}
