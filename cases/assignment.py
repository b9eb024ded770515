"""Who works a case and where it goes: assignment to a staff member, and 转办 (handing it to a department).

Both are recorded as case events (kind "assign" / "transfer") so the timeline shows them beside the status
changes. An assignment is internal; a transfer moves the case to 已转办 and tells the worker which department
now has it (the staff's note stays internal).
"""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from core import clock

from core.db import transaction

from . import notifications
from .errors import InvalidAssignee, MissingDepartment
from .store import _iso, _view, get_case
from .workflow import TRANSFERRED, check_transition

__all__ = ["assign_case", "transfer_case", "MAX_DEPARTMENT_CHARS"]

MAX_ASSIGNEE_CHARS = 64
MAX_DEPARTMENT_CHARS = 100


def assign_case(
    db: sqlite_utils.Database,
    case_number: str,
    assignee: str | None,
    *,
    actor: str,
    now: datetime | None = None,
) -> dict:
    """Give the case to ``assignee`` (a staff user name), or to nobody with None / "".

    Assigning the same person again changes nothing and records nothing. Raises CaseNotFound or
    InvalidAssignee.
    """
    name = (assignee or "").strip() or None
    if name is not None and len(name) > MAX_ASSIGNEE_CHARS:
        raise InvalidAssignee(assignee)
    now = now or clock.now()
    with transaction(db):
        case = get_case(db, case_number)
        if (case.get("assignee") or None) == name:
            return case
        db["cases"].update(
            case["id"], {"assignee": name, "assigned_at": _iso(now) if name else None, "updated_at": _iso(now)}
        )
        db["case_events"].insert(
            {"case_id": case["id"], "kind": "assign", "status_from": case["status"], "status_to": case["status"],
             "actor": actor, "assignee": name, "note": f"指派给 {name}" if name else "取消指派",
             "created_at": _iso(now)}
        )
        case = db["cases"].get(case["id"])
    return _view(case)


def transfer_case(
    db: sqlite_utils.Database,
    case_number: str,
    department: str,
    *,
    actor: str,
    note: str | None = None,
    notify: bool = True,
    now: datetime | None = None,
) -> dict:
    """转办: hand the case to ``department`` with an internal ``note``; the case becomes 已转办 and the worker is
    told where it went. A case already 已转办 may be handed on to another department.

    Raises CaseNotFound, MissingDepartment, or InvalidTransition (e.g. a case not yet accepted).
    """
    department = (department or "").strip()
    if not department:
        raise MissingDepartment()
    department = department[:MAX_DEPARTMENT_CHARS]
    now = now or clock.now()
    with transaction(db):
        case = get_case(db, case_number)
        if case["status"] != TRANSFERRED:
            check_transition(case["status"], TRANSFERRED)
        db["cases"].update(case["id"], {"status": TRANSFERRED, "department": department, "updated_at": _iso(now)})
        event_id = db["case_events"].insert(
            {"case_id": case["id"], "kind": "transfer", "status_from": case["status"], "status_to": TRANSFERRED,
             "actor": actor, "department": department, "note": (note or "").strip() or None,
             "created_at": _iso(now)}
        ).last_pk
        case = db["cases"].get(case["id"])
        if notify:
            text, rating = notifications.render_transfer(case, department)
            notifications.create(db, case, event_id, text, rating)
    return _view(case)
