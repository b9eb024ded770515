"""Supervisors' views: 督办 (open cases overdue or due soon, earliest deadline first) and the dashboard (figures
from ``cases.stats`` drawn as inline SVG bar charts, with the same numbers as tables)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

import cases
from cases.stats import COLOURS, UNKNOWN_AREA, dashboard_stats

from ..charts import horizontal_bars, week_columns
from ..users import User
from . import formatting
from .deps import render, role_required, templates

router = APIRouter(prefix="/console")
formatting.install(templates.env)

DUE_WITHIN_DAYS = (1, 3, 7, 14)
DASHBOARD_WEEKS = 12
WEEK_SERIES = ("新增", "办结")


@router.get("/overdue", response_class=HTMLResponse)
async def overdue_page(request: Request, within: str = "3", user: User = role_required("supervisor")) -> Response:
    days = int(within) if within.isdigit() and int(within) in DUE_WITHIN_DAYS else 3
    due = cases.due_cases(request.app.state.cases_db, within_days=days)
    context = {
        "due": due,
        "within": days,
        "choices": DUE_WITHIN_DAYS,
        "overdue_count": sum(1 for case in due if case["overdue"]),
    }
    return render(request, "overdue.html", context)


def _percent(fraction: float | None) -> str:
    return "—" if fraction is None else f"{fraction:.0%}"


@router.get("/dashboard", response_class=HTMLResponse)
async def dashboard(request: Request, user: User = role_required("supervisor")) -> Response:
    figures = dashboard_stats(request.app.state.cases_db, weeks=DASHBOARD_WEEKS)
    weeks = [(w.week_start, {"新增": w.opened, "办结": w.closed}) for w in figures.weekly]
    context = {
        "figures": figures,
        "closure_rate": _percent(figures.closure_rate),
        "on_time_rate": _percent(figures.on_time_rate),
        "weekly_chart": week_columns(weeks, WEEK_SERIES),
        "week_series": WEEK_SERIES,
        "colour_bars": horizontal_bars([(colour, figures.open_by_colour.get(colour, 0)) for colour in COLOURS]),
        "district_bars": horizontal_bars(figures.open_by_district[:15]),
        "districts_left_out": max(len(figures.open_by_district) - 15, 0),
        "unknown_area": UNKNOWN_AREA,
    }
    return render(request, "dashboard.html", context)
