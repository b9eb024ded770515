"""Finding cases for staff: the filtered, searchable list and the deadline watch (督办).

The search text matches a case number (whole or in part), the employer, project, location or worker name, and
four digits also match the last four digits of the worker's phone — the way a worker calling the hotline
identifies a case without reading out their whole number.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import sqlite_utils

from core import clock

from .store import _view, normalise_case_number
from .workflow import FINISHED

__all__ = ["list_cases", "due_cases", "districts", "district_of", "DISTRICT_SQL"]

# The most precise administrative area known for a case: its district, else its city, else its province.
DISTRICT_SQL = "coalesce(nullif(district, ''), nullif(city, ''), nullif(province, ''), '')"
SEARCHED_COLUMNS = ("case_number", "employer", "project", "location", "worker_name")


def district_of(case: dict) -> str:
    """What the district filter and the dashboard call a case's area (see DISTRICT_SQL)."""
    return case.get("district") or case.get("city") or case.get("province") or ""


def _like(text: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def _search_clause(text: str) -> tuple[str, list]:
    """(sql, params) matching ``text`` against the searched columns; see the module docstring."""
    clauses = [f"{column} like ? escape '\\'" for column in SEARCHED_COLUMNS]
    params: list = [_like(text)] * len(SEARCHED_COLUMNS)
    number = normalise_case_number(text)
    if number:
        clauses.append("case_number = ?")
        params.append(number)
    digits = re.sub(r"[\s-]", "", text)
    if re.fullmatch(r"[0-9]{4}", digits):
        clauses.append("phone_last4 = ?")
        params.append(digits)
    return "(" + " or ".join(clauses) + ")", params


def list_cases(
    db: sqlite_utils.Database,
    *,
    status: str | None = None,
    colour: str | None = None,
    district: str | None = None,
    overdue: bool | None = None,
    assignee: str | None = None,
    unassigned: bool = False,
    search: str | None = None,
    limit: int | None = 100,
    now: datetime | None = None,
) -> list[dict]:
    """Cases for staff, newest first. Every filter given must match; empty values are ignored.

    ``district`` matches DISTRICT_SQL; ``assignee`` a staff user name, ``unassigned`` the cases nobody holds;
    ``overdue`` True keeps open cases past their deadline, False the others.
    """
    where, params = [], []
    if status:
        where.append("status = ?")
        params.append(status)
    if colour:
        where.append("colour = ?")
        params.append(colour)
    if district:
        where.append(f"{DISTRICT_SQL} = ?")
        params.append(district)
    if unassigned:
        where.append("(assignee is null or assignee = '')")
    elif assignee:
        where.append("assignee = ?")
        params.append(assignee)
    if search and search.strip():
        clause, clause_params = _search_clause(search.strip())
        where.append(clause)
        params.extend(clause_params)
    if overdue:  # only open cases can be overdue: let SQLite drop the finished ones first
        where.append(f"status not in ({', '.join('?' for _ in FINISHED)})")
        params.extend(FINISHED)
    rows = db["cases"].rows_where(" and ".join(where) or None, params, order_by="id desc")
    now = now or clock.now()
    found = []
    for row in rows:
        view = _view(row, now)
        if overdue is not None and view["overdue"] != overdue:
            continue
        found.append(view)
        if limit is not None and len(found) >= limit:
            break
    return found


def due_cases(db: sqlite_utils.Database, *, within_days: int = 3, now: datetime | None = None) -> list[dict]:
    """Open cases past their deadline or due within ``within_days``, the most urgent (earliest deadline) first.

    Each case carries ``days_left``: whole days until the deadline, negative (whole days late) once it has passed;
    0 either side of the deadline means less than a day.
    """
    now = now or clock.now()
    horizon = now + timedelta(days=within_days)
    rows = db["cases"].rows_where(
        f"status not in ({', '.join('?' for _ in FINISHED)}) and deadline_at is not null", list(FINISHED)
    )
    due = []
    for row in rows:
        deadline = datetime.fromisoformat(row["deadline_at"])
        if deadline <= horizon:
            view = _view(row, now)
            left = deadline - now
            view["days_left"] = left.days if left >= timedelta(0) else -((-left).days)  # whole days, toward zero
            due.append((deadline, view))
    return [view for _, view in sorted(due, key=lambda pair: (pair[0], pair[1]["id"]))]


def districts(db: sqlite_utils.Database) -> list[str]:
    """Every area that has cases, for the district filter."""
    rows = db.execute(f"select distinct {DISTRICT_SQL} as area from cases where area != '' order by area")
    return [row[0] for row in rows]
