"""Versioned schema of the cases tables ("cases" migration set of sqlite_utils.migrations).

Never edit an applied migration: add a new one.
"""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

migrations = Migrations("cases")


@migrations()
def m001_cases_tables(db) -> None:
    db["case_counters"].create({"year": int, "last": int}, pk="year")
    db["offices"].create(
        {
            "id": int,
            "code": str,
            "name": str,
            "level": str,  # district / city / province / national
            "province": str,
            "city": str,
            "district": str,
            "adcode": str,
            "address": str,
            "phone": str,
            "hours": str,
            "verified": int,  # 0: demo row, to be checked before going live
        },
        pk="id",
        not_null={"code", "name", "level"},
    )
    db["offices"].create_index(["code"], unique=True)
    db["offices"].create_index(["adcode"])
    db["cases"].create(
        {
            "id": int,
            "case_number": str,
            "year": int,
            "chat_key": str,
            "channel": str,
            "employer": str,
            "employer_key": str,
            "employer_phone": str,
            "location": str,
            "province": str,
            "city": str,
            "district": str,
            "adcode": str,
            "project": str,
            "project_key": str,
            "site_code": str,
            "amount": int,
            "amount_approximate": int,
            "workers_count": int,
            "workers_approximate": int,
            "months": float,
            "months_approximate": int,
            "period": str,
            "phone": str,
            "phone_last4": str,
            "worker_name": str,
            "anonymous": int,
            "description": str,
            "colour": str,
            "triage_reasons": str,  # JSON list
            "danger": int,
            "status": str,
            "office_id": int,
            "duplicate_of": int,
            "created_at": str,
            "updated_at": str,
            "deadline_at": str,
            "closed_at": str,
            "rating": int,
            "rating_comment": str,
            "rated_at": str,
        },
        pk="id",
        not_null={"case_number", "chat_key", "status", "colour", "created_at"},
        foreign_keys=[("office_id", "offices", "id"), ("duplicate_of", "cases", "id")],
    )
    db["cases"].create_index(["case_number"], unique=True)
    db["cases"].create_index(["chat_key"])
    db["cases"].create_index(["employer_key", "created_at"])
    db["cases"].create_index(["status"])
    db["case_events"].create(
        {
            "id": int,
            "case_id": int,
            "status_from": str,
            "status_to": str,
            "actor": str,
            "note": str,
            "created_at": str,
        },
        pk="id",
        not_null={"case_id", "status_to", "actor", "created_at"},
        foreign_keys=[("case_id", "cases", "id")],
    )
    db["case_events"].create_index(["case_id"])
    db["case_links"].create(
        {"id": int, "case_id": int, "linked_case_id": int, "kind": str, "reason": str, "created_at": str},
        pk="id",
        not_null={"case_id", "linked_case_id", "kind", "created_at"},
        foreign_keys=[("case_id", "cases", "id"), ("linked_case_id", "cases", "id")],
    )
    db["case_links"].create_index(["case_id"])
    db["case_links"].create_index(["linked_case_id"])
    db["attachments"].create(
        {
            "id": int,
            "case_id": int,
            "chat_key": str,
            "kind": str,  # photo / document / voice
            "file_ref": str,  # channel file id or stored path
            "filename": str,
            "mime": str,
            "caption": str,
            "created_at": str,
        },
        pk="id",
        not_null={"chat_key", "kind", "file_ref", "created_at"},
        foreign_keys=[("case_id", "cases", "id")],
    )
    db["attachments"].create_index(["chat_key"])
    db["attachments"].create_index(["case_id"])
    db["case_notifications"].create(
        {
            "id": int,
            "case_id": int,
            "event_id": int,
            "chat_key": str,
            "text": str,
            "buttons": str,  # JSON list, non-empty for a rating request (cases/notifications.py: create)
            "state": str,  # pending / handed / failed
            "attempts": int,
            "last_error": str,
            "created_at": str,
            "handed_at": str,
        },
        pk="id",
        not_null={"case_id", "chat_key", "text", "state", "created_at"},
        defaults={"state": "pending", "attempts": 0},
        foreign_keys=[("case_id", "cases", "id"), ("event_id", "case_events", "id")],
    )
    db["case_notifications"].create_index(["state", "id"])


@migrations()
def m002_load_shipped_offices(db) -> None:
    from .routing import load_offices

    load_offices(db)


@migrations()
def m003_staff_work(db) -> None:
    """Who works a case (assignee), where it was handed (转办 department), what came back (amount recovered).

    Case events get a kind: "status" (every row so far), "assign" or "transfer"; only status and transfer
    events are worker-facing.
    """
    cases = db["cases"]
    cases.add_column("assignee", str)  # console user name
    cases.add_column("assigned_at", str)
    cases.add_column("department", str)  # the department the case was last handed to (转办)
    cases.add_column("amount_recovered", int)  # yuan, entered when the case is closed; optional
    cases.create_index(["assignee"])
    cases.create_index(["district"])
    events = db["case_events"]
    events.add_column("kind", str, not_null_default="status")
    events.add_column("department", str)
    events.add_column("assignee", str)


@migrations()
def m004_access_codes(db) -> None:
    """查询码 instead of the phone's last four digits for status lookups from another chat.

    Only a hash of the code is stored. Cases opened before this migration have none: their owning chat gets one
    when it asks (``cases.issue_access_code``); until then no code opens them from elsewhere.
    """
    db["cases"].add_column("access_code_hash", str)
    db["case_lookup_failures"].create(
        {"id": int, "chat_key": str, "case_id": int, "created_at": str},
        pk="id",
        not_null={"chat_key", "created_at"},
    )
    db["case_lookup_failures"].create_index(["chat_key", "created_at"])
    db["case_lookup_failures"].create_index(["case_id", "created_at"])


@migrations()
def m005_period_months(db) -> None:
    """The first and last month owed ("2026-03", "2026-06") beside the period as the worker wrote it, when the worker
    named both months: staff can sort and count by them, and the one-year limit for arbitration runs from the end.
    Cases opened before have the text only."""
    db["cases"].add_column("period_start", str)
    db["cases"].add_column("period_end", str)
