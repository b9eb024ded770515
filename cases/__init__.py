"""护薪 cases: complaint intake, triage, duplicates, routing, status workflow and notifications.

Used by the Rasa actions (``actions/intake.py``, ``actions/status.py``), the console and the gateway's
relay. Never imports ``bot``. Tables (own migration set "cases" on the shared HUXIN_DB file): ``cases``,
``case_events``, ``case_links``, ``attachments``, ``offices``, ``case_notifications``, ``case_counters``,
``case_lookup_failures``.

Library::

    from cases import open_db, Complaint, open_case, change_status, lookup, find_for_owner, notifications

    db = open_db()                                   # $HUXIN_DB, WAL, busy timeout, migrations applied
    opened = open_case(db, Complaint.from_fields(fields, chat_key="telegram:123"))
    opened.case_number                               # "HX-2026-000001" (sequential per year)
    opened.access_code                               # "482913": the 查询码, shown once (only its hash is stored)
    opened.triage.colour, opened.office, opened.duplicate_of
    change_status(db, "HX-2026-000001", "已受理", actor="staff:li", note="...")
    find_for_owner(db, "telegram:123")               # the chat's own cases
    lookup(db, "HX-2026-000001", "482913", chat_key="web:x")  # number + 查询码 from another chat, else
                                                     # CaseNotFound; LookupLimited after too many failures
    issue_access_code(db, "HX-2026-000001", chat_key="telegram:123")  # a new code, for the owning chat only
    rate_case(db, "HX-2026-000001", 5, chat_key="telegram:123")

Staff work (the console)::

    list_cases(db, status="处理中", colour="红", district="大兴区", overdue=True, assignee="li", search="5678")
    due_cases(db, within_days=3)                     # overdue and soon-due open cases, earliest deadline first
    assign_case(db, "HX-2026-000001", "li", actor="staff:wang")
    transfer_case(db, "HX-2026-000001", "住房和城乡建设局", actor="staff:li", note="...")   # worker told
    change_status(db, "HX-2026-000001", "已办结", actor="staff:li", amount_recovered=73000)
    stats.dashboard_stats(db)                        # 办结率, median days to close, recovered, per week, ...
    cases_per_site(db)                               # {site code: cases}, for the site registry's list
    latest_event_id(db)                              # grows on every case event: the console's live updates

Notifications (for the gateway relay)::

    for n in notifications.pending(db, limit=50):    # oldest first
        n.id, n.chat_key, n.text, n.rating           # after 已办结 a RatingRequest: n.rating.choices are
                                                     # [("5分", 5), ...]; the relay makes them buttons
        ... copy into the gateway outbox ...
        notifications.mark_handed(db, n.id)          # or notifications.mark_failed(db, n.id, "error",
                                                     #        permanent=True)  # e.g. worker blocked the bot

CLI (mirrors the library)::

    python -m cases list [--status 待受理] [--colour 红] [--overdue]
    python -m cases show HX-2026-000001
    python -m cases status HX-2026-000001 已受理 --actor staff:li --note "..." [--recovered 73000]
    python -m cases list [--district 大兴区] [--assignee li | --unassigned] [--search 5678]
    python -m cases assign HX-2026-000001 li --actor staff:wang
    python -m cases transfer HX-2026-000001 住房和城乡建设局 --actor staff:li --note "..."
    python -m cases due [--within 3]
    python -m cases stats
    python -m cases offices [--load path.csv]
    python -m cases extract "俺们一共9个人在北京大兴给人装修别墅 欠了七万三"
"""

from __future__ import annotations

import importlib

# The public names, by the module each lives in. They are imported on first use (PEP 562), so that the Rasa server
# can import the sorting of a first message (``cases.opening``, used by nlu/components/sorting.py) without the
# database layer: sqlite-utils is not in the Rasa environment and does not need to be.
_PUBLIC = {
    "assignment": ("assign_case", "transfer_case"),
    "config": ("CasesConfig", "load_config"),
    "db": ("open_db",),
    "errors": ("CaseNotFound", "CasesError", "IncompleteComplaint", "LookupLimited", "InvalidAssignee", "InvalidPhone",
               "InvalidRating", "InvalidTransition", "MissingDepartment", "MissingReason", "NumberNotUnderstood",
               "RatingNotAllowed", "RecoveredAmountNotAllowed"),
    "search": ("districts", "due_cases", "list_cases"),
    "stats": ("cases_per_site",),
    "store": ("Complaint", "OpenedCase", "add_attachment", "add_rating_comment", "case_attachments", "case_events",
              "change_status", "confirmed_again", "find_for_owner", "get_attachment", "get_case", "issue_access_code",
              "latest_event_id", "linked_cases", "lookup", "normalise_case_number", "office_of", "open_case",
              "rate_case"),
}
_HOME = {name: module for module, names in _PUBLIC.items() for name in names}
_SUBMODULES = ("notifications", "stats")
__all__ = [*_SUBMODULES, *_HOME]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
