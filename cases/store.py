"""The cases API used by actions, the CLI and the console: open, read, look up, change status, rate.

Every write runs in one transaction: a case, its first event, its duplicate link and its attachments are
written together or not at all.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

import sqlite_utils

from core import clock, wording

from core.db import transaction

from . import notifications
from .access_code import code_matches, hash_code, new_code
from .config import CasesConfig, load_config
from .duplicates import employer_key, find_duplicate, project_key
from .lookup_limits import check_not_limited, record_failure
from .errors import (
    CaseNotFound, IncompleteComplaint, InvalidRating, NumberNotUnderstood, RatingNotAllowed, RecoveredAmountNotAllowed,
)
from .location import parse_location
from .numbers import FieldValue, MonthsOwed, Period, Quantity, parse_amount, parse_count, parse_months, parse_number
from .phone import find_phone, last4, mask, parse_phone
from .routing import Office, get_office, route
from .triage import Triage, triage
from .workflow import CLOSED, PENDING, REJECTED, REVISITED, check_transition, deadline_for, is_overdue

__all__ = [
    "Complaint", "OpenedCase", "open_case", "get_case", "find_for_owner", "lookup", "change_status",
    "rate_case", "add_rating_comment", "add_attachment", "case_events", "latest_event_id", "case_attachments", "get_attachment",
    "linked_cases", "REQUIRED_FIELDS", "issue_access_code",
]

log = logging.getLogger(__name__)
CASE_NUMBER = re.compile(r"([A-Za-z]{1,4})-?(20[0-9]{2})-?([0-9]{1,6})")
REQUIRED_FIELDS = ("employer", "location", "amount", "workers_count", "phone")


@dataclass
class Complaint:
    """What a worker confirmed; amounts in yuan, counts and months with their approximate flags."""

    chat_key: str
    employer: str | None = None
    location: str | None = None
    project: str | None = None
    amount: Quantity | None = None
    workers_count: Quantity | None = None
    months: Quantity | None = None
    period: Period | None = None
    phone: str | None = None
    worker_name: str | None = None
    anonymous: bool = False
    description: str = ""
    channel: str | None = None
    site_code: str | None = None
    employer_phone: str | None = None

    @classmethod
    def from_fields(cls, fields: dict[str, FieldValue | None], chat_key: str, channel: str | None = None,
                    site_code: str | None = None) -> "Complaint":
        """Build from the form's fields (``cases.intake``): text, quantities and the months owed. A number given as
        text ("八万多", "73000") goes through the number parser."""
        owed = fields.get("months")
        if owed not in (None, "") and not isinstance(owed, MonthsOwed):
            owed = MonthsOwed(_quantity(owed, _months))
        name = fields.get("worker_name")
        anonymous = name in (None, "", "匿名")
        project = fields.get("project")
        employer = fields.get("employer")
        employer_phone = find_phone(employer) if employer else None
        return cls(
            chat_key=chat_key,
            channel=channel or chat_key.split(":", 1)[0],
            employer=re.sub(r"\s*\+?[0-9][0-9\s-]{6,}[0-9]", "", employer).strip() if employer else None,
            location=fields.get("location"),
            project=None if project in (None, "", "不详") else project,
            amount=_quantity(fields.get("amount"), parse_amount),
            workers_count=_quantity(fields.get("workers_count"), parse_count),
            months=owed.months if owed else None,
            period=owed.period if owed else None,
            phone=fields.get("phone"),
            worker_name=None if anonymous else name,
            anonymous=anonymous,
            description=fields.get("description") or "",
            site_code=site_code,
            employer_phone=employer_phone.number if employer_phone else None,
        )

    def missing(self) -> list[str]:
        return [name for name in REQUIRED_FIELDS if getattr(self, name) in (None, "")]


def _quantity(value: FieldValue | int | float | None, parser: Callable[[str], Quantity]) -> Quantity | None:
    """A quantity given as one, or as text for ``parser`` ("八万多", "约15")."""
    if value in (None, ""):
        return None
    return value if isinstance(value, Quantity) else parser(str(value))


def _months(text: str) -> Quantity:
    """Months as text: "3个月", or a bare number ("3")."""
    try:
        return parse_months(text)
    except NumberNotUnderstood:
        return parse_number(text)


@dataclass
class OpenedCase:
    case: dict
    triage: Triage
    office: Office | None
    duplicate_of: dict | None = None
    events: list[dict] = field(default_factory=list)
    # The 查询码 in clear, only here: shown once to the worker; the database keeps its hash.
    access_code: str | None = None

    @property
    def case_number(self) -> str:
        return self.case["case_number"]


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _next_case_number(db: sqlite_utils.Database, year: int, prefix: str) -> str:
    row = db.execute(
        "insert into case_counters (year, last) values (?, 1) "
        "on conflict(year) do update set last = last + 1 returning last",
        [year],
    ).fetchone()
    return f"{prefix}-{year}-{row[0]:06d}"


def open_case(
    db: sqlite_utils.Database,
    complaint: Complaint,
    *,
    now: datetime | None = None,
    config: CasesConfig | None = None,
) -> OpenedCase:
    """Open a case: number it, triage it, link it to an earlier case of the same clue, route it.

    Raises IncompleteComplaint if a required field is missing, InvalidPhone if the phone is not one.
    """
    config = config or load_config()
    missing = complaint.missing()
    if missing:
        raise IncompleteComplaint(missing)
    phone = parse_phone(complaint.phone)
    now = now or clock.now()
    location = parse_location(complaint.location or "")
    amount = int(complaint.amount.value) if complaint.amount else None
    workers = int(complaint.workers_count.value) if complaint.workers_count else None
    result = triage(amount, workers, complaint.description, config)
    access_code = new_code()
    code_hash = hash_code(access_code)  # before the write lock: scrypt takes tens of milliseconds
    with transaction(db):
        repeated = _same_complaint_from_chat(db, complaint, phone.number, amount, now)
        if repeated is not None:  # a 确认 retried after a crash or a lost reply: the case it opened, not a second
            log.info("case %s confirmed again from the same chat: not opened twice", repeated["case_number"])
            # The first reply (with the code) may never have arrived, so this one carries a new code.
            db["cases"].update(repeated["id"], {"access_code_hash": code_hash})
            return _as_opened(db, repeated, result, access_code)
        year = now.astimezone(clock.CHINA).year
        case_number = _next_case_number(db, year, config.case_number_prefix)
        duplicate = find_duplicate(
            db,
            employer=complaint.employer,
            adcode=location.adcode if location else None,
            location=location.label if location else complaint.location,
            project=complaint.project,
            now=now,
            config=config,
        )
        office = route(db, location)
        row = {
            "case_number": case_number,
            "year": year,
            "chat_key": complaint.chat_key,
            "channel": complaint.channel,
            "employer": complaint.employer,
            "employer_key": employer_key(complaint.employer),
            "employer_phone": complaint.employer_phone,
            "location": location.label if location else complaint.location,
            "province": location.province if location else None,
            "city": location.city if location else None,
            "district": location.district if location else None,
            "adcode": location.adcode if location else None,
            "project": complaint.project,
            "project_key": project_key(complaint.project),
            "site_code": complaint.site_code,
            "amount": amount,
            "amount_approximate": int(bool(complaint.amount and complaint.amount.approximate)),
            "workers_count": workers,
            "workers_approximate": int(bool(complaint.workers_count and complaint.workers_count.approximate)),
            "months": float(complaint.months.value) if complaint.months else None,
            "months_approximate": int(bool(complaint.months and complaint.months.approximate)),
            "period": complaint.period.text if complaint.period else None,
            "period_start": complaint.period.start if complaint.period else None,
            "period_end": complaint.period.end if complaint.period else None,
            "phone": phone.number,
            "phone_last4": last4(phone.number),  # staff search only; never a credential
            "access_code_hash": code_hash,
            "worker_name": complaint.worker_name,
            "anonymous": int(complaint.anonymous),
            "description": complaint.description,
            "colour": result.colour,
            "triage_reasons": json.dumps(result.reasons, ensure_ascii=False),
            "danger": int(result.urgent),
            "status": PENDING,
            "office_id": office.id if office else None,
            "duplicate_of": duplicate["id"] if duplicate else None,
            "created_at": _iso(now),
            "updated_at": _iso(now),
            "deadline_at": _iso(deadline_for(result.colour, now, config)),
        }
        case_id = db["cases"].insert(row).last_pk
        db["case_events"].insert(
            {"case_id": case_id, "status_from": None, "status_to": PENDING, "actor": "worker",
             "note": wording.say("cases.event.opened"), "created_at": _iso(now)}
        )
        if duplicate:
            db["case_links"].insert(
                {"case_id": case_id, "linked_case_id": duplicate["id"], "kind": "duplicate",
                 "reason": "同一用人单位、同一地点（及项目）90天内重复投诉", "created_at": _iso(now)}
            )
        db.execute(
            "update attachments set case_id = ? where chat_key = ? and case_id is null",
            [case_id, complaint.chat_key],
        )
        case = db["cases"].get(case_id)
    log.info(
        "case opened %s colour=%s duplicate_of=%s phone=%s",
        case_number, result.colour, duplicate["case_number"] if duplicate else None, mask(phone.number),
    )
    return OpenedCase(case=_view(case), triage=result, office=office, duplicate_of=_view(duplicate) if duplicate else None,
                      access_code=access_code)


def confirmed_again(
    db: sqlite_utils.Database, chat_key: str, *, now: datetime | None = None, config: CasesConfig | None = None
) -> OpenedCase | None:
    """确认 (or "好的") after the case was opened and the complaint cleared: the worker may never have got the reply
    (the web process died after Rasa answered, a lost connection). The case this chat opened in the last
    REPEAT_WINDOW, or None. Its 查询码 is not changed: the worker may have it written down, and in its own chat
    "我的查询码" gives a new one (status_reply)."""
    config = config or load_config()
    now = now or clock.now()
    rows = db.query(
        "select * from cases where chat_key = ? and created_at >= ? order by id desc limit 1",
        [chat_key, _iso(now - REPEAT_WINDOW)],
    )
    row = next(iter(rows), None)
    if row is None:
        return None
    log.info("case %s confirmed again after it was opened: number given again", row["case_number"])
    return _as_opened(db, row, triage(row["amount"], row["workers_count"], row["description"], config))


def _as_opened(db: sqlite_utils.Database, row: dict, result: Triage, access_code: str | None = None) -> OpenedCase:
    """An already opened case as a repeated 确认 reports it: its office and the earlier case it duplicates."""
    earlier = db["cases"].get(row["duplicate_of"]) if row["duplicate_of"] else None
    office = get_office(db, row["office_id"]) if row["office_id"] else None
    return OpenedCase(case=_view(row), triage=result, office=office, duplicate_of=_view(earlier),
                      access_code=access_code)


REPEAT_WINDOW = timedelta(hours=24)


def _same_complaint_from_chat(
    db: sqlite_utils.Database, complaint: Complaint, phone: str, amount: int | None, now: datetime
) -> dict | None:
    """A case this chat opened in the last 24 h for the same employer, amount and phone: confirming the same
    complaint again (a retry after a crash, a double tap on 确认) must not open a second case."""
    if not complaint.chat_key:
        return None
    rows = db.query(
        """select * from cases where chat_key = ? and employer_key is ? and amount is ? and phone = ?
           and created_at >= ? order by id desc limit 1""",
        [complaint.chat_key, employer_key(complaint.employer), amount, phone, _iso(now - REPEAT_WINDOW)],
    )
    return next(iter(rows), None)


def _view(row: dict | None, now: datetime | None = None) -> dict | None:
    if row is None:
        return None
    view = dict(row)
    view["overdue"] = is_overdue(row["status"], row["deadline_at"], now)
    return view


def normalise_case_number(text: str) -> str | None:
    """"hx 2026 123", "HX-2026-000123" → "HX-2026-000123"."""
    match = CASE_NUMBER.search(re.sub(r"\s+", "-", (text or "").strip()))
    if not match:
        return None
    return f"{match.group(1).upper()}-{match.group(2)}-{int(match.group(3)):06d}"


def get_case(db: sqlite_utils.Database, case_number: str) -> dict:
    """Staff access: a case by number (no ownership check). Raises CaseNotFound."""
    number = normalise_case_number(case_number) or case_number
    rows = list(db["cases"].rows_where("case_number = ?", [number], limit=1))
    if not rows:
        raise CaseNotFound(case_number)
    return _view(rows[0])


def find_for_owner(db: sqlite_utils.Database, chat_key: str) -> list[dict]:
    """The cases opened from this chat, newest first: what "我的投诉咋样了" answers."""
    return [_view(row) for row in db["cases"].rows_where("chat_key = ?", [chat_key], order_by="id desc")]


def lookup(
    db: sqlite_utils.Database,
    case_number: str,
    code: str,
    *,
    chat_key: str,
    now: datetime | None = None,
    config: CasesConfig | None = None,
) -> dict:
    """A case by number plus its 查询码, asked from ``chat_key`` (a chat that did not open it).

    A wrong code and an unknown number give the same CaseNotFound, so the lookup never tells a stranger whether a
    case exists; each counts as a failure for the chat and the case. Raises LookupLimited once either has too many
    failures in the window (cases/lookup_limits.py), whatever the code.
    """
    config = config or load_config()
    now = now or clock.now()
    number = normalise_case_number(case_number)
    check_not_limited(db, chat_key, None, now, config)
    rows = list(db["cases"].rows_where("case_number = ?", [number], limit=1)) if number else []
    case = rows[0] if rows else None
    if case is not None:
        check_not_limited(db, chat_key, case["id"], now, config)
    if case is None or not code_matches(re.sub(r"[^0-9]", "", code or ""), case["access_code_hash"]):
        record_failure(db, chat_key, case["id"] if case else None, now)
        log.info("status lookup failed from %s for %s", chat_key.split(":", 1)[0], number or "no number")
        raise CaseNotFound(case_number)
    return _view(case)


def issue_access_code(db: sqlite_utils.Database, case_number: str, *, chat_key: str) -> str:
    """A new 查询码 for the chat that opened the case (the old one stops working). Raises CaseNotFound for any
    other chat. Returns the code in clear, to be shown to the worker once."""
    code = new_code()
    code_hash = hash_code(code)
    with transaction(db):
        case = get_case(db, case_number)
        if case["chat_key"] != chat_key:
            raise CaseNotFound(case_number)
        db["cases"].update(case["id"], {"access_code_hash": code_hash})
    return code


def case_events(db: sqlite_utils.Database, case_id: int) -> list[dict]:
    return list(db["case_events"].rows_where("case_id = ?", [case_id], order_by="id"))


def latest_event_id(db: sqlite_utils.Database) -> int | None:
    """The id of the newest case event of any case (None before the first): grows on every status change,
    assignment, transfer and rating, so a watcher can tell that something happened to some case."""
    if not db["case_events"].exists():
        return None
    return db.execute("select max(id) from case_events").fetchone()[0]


def case_attachments(db: sqlite_utils.Database, case_id: int) -> list[dict]:
    """Photos and files the worker sent, joined to this case, oldest first."""
    return list(db["attachments"].rows_where("case_id = ?", [case_id], order_by="id"))


def get_attachment(db: sqlite_utils.Database, case_id: int, attachment_id: int) -> dict:
    """One attachment of this case (an id of another case's attachment is not found). Raises CaseNotFound."""
    rows = list(db["attachments"].rows_where("id = ? and case_id = ?", [attachment_id, case_id], limit=1))
    if not rows:
        raise CaseNotFound(f"attachment {attachment_id}")
    return rows[0]


def linked_cases(db: sqlite_utils.Database, case_id: int) -> list[dict]:
    """Cases linked to this one in either direction (duplicates), each with ``kind``, ``reason`` and
    ``direction`` ("earlier": this case duplicates it; "later": it duplicates this case)."""
    rows = db.query(
        """select l.kind, l.reason, 'earlier' as direction, c.* from case_links l
             join cases c on c.id = l.linked_case_id where l.case_id = ?
           union all
           select l.kind, l.reason, 'later' as direction, c.* from case_links l
             join cases c on c.id = l.case_id where l.linked_case_id = ?
           order by id""",
        [case_id, case_id],
    )
    return [_view(row) for row in rows]


def change_status(
    db: sqlite_utils.Database,
    case_number: str,
    status: str,
    *,
    actor: str,
    note: str | None = None,
    notify: bool = True,
    amount_recovered: int | None = None,
    now: datetime | None = None,
) -> dict:
    """Move a case to ``status``, record who/when/why, and queue a notification for the worker.

    ``amount_recovered`` (yuan, optional) is entered when the case moves to 已办结.
    Raises CaseNotFound, InvalidTransition, MissingReason (不予受理 needs a reason) or
    RecoveredAmountNotAllowed (an amount with another status, or a negative one).
    """
    now = now or clock.now()
    if amount_recovered is not None and (
        status != CLOSED or not isinstance(amount_recovered, int) or amount_recovered < 0
    ):
        raise RecoveredAmountNotAllowed(status, amount_recovered)
    with transaction(db):
        case = get_case(db, case_number)
        check_transition(case["status"], status, note)
        changes = {"status": status, "updated_at": _iso(now)}
        if status in (CLOSED, REJECTED):
            changes["closed_at"] = _iso(now)
        if amount_recovered is not None:
            changes["amount_recovered"] = amount_recovered
        db["cases"].update(case["id"], changes)
        event_id = db["case_events"].insert(
            {"case_id": case["id"], "status_from": case["status"], "status_to": status, "actor": actor,
             "note": note, "created_at": _iso(now)}
        ).last_pk
        case = db["cases"].get(case["id"])
        if notify:
            text, rating = notifications.render(case, status, note)
            notifications.create(db, case, event_id, text, rating)
    log.info("case %s → %s by %s", case["case_number"], status, actor)
    return _view(case)


def rate_case(
    db: sqlite_utils.Database,
    case_number: str,
    rating: int | str,
    *,
    chat_key: str,
    comment: str | None = None,
    now: datetime | None = None,
) -> dict:
    """The worker's 1–5 rating after 已办结 (一事一回访); only from the chat that opened the case.

    The case moves to 已回访. Raises InvalidRating, CaseNotFound (also for another chat's case) or
    RatingNotAllowed if the case is not closed yet.
    """
    try:
        value = int(rating)
    except (TypeError, ValueError) as error:
        raise InvalidRating(rating) from error
    if not 1 <= value <= 5:
        raise InvalidRating(rating)
    now = now or clock.now()
    with transaction(db):
        case = get_case(db, case_number)
        if case["chat_key"] != chat_key:
            raise CaseNotFound(case_number)
        if case["status"] not in (CLOSED, REVISITED):
            raise RatingNotAllowed(case["case_number"], case["status"])
        db["cases"].update(case["id"], {"rating": value, "rating_comment": comment, "rated_at": _iso(now)})
        if case["status"] == CLOSED:
            db["cases"].update(case["id"], {"status": REVISITED, "updated_at": _iso(now)})
            db["case_events"].insert(
                {"case_id": case["id"], "status_from": CLOSED, "status_to": REVISITED, "actor": "worker",
                 "note": wording.say("cases.event.rated", rating=value), "created_at": _iso(now)}
            )
        case = db["cases"].get(case["id"])
    return _view(case)


def add_rating_comment(db: sqlite_utils.Database, case_number: str, comment: str, *, chat_key: str) -> dict:
    """Store the worker's comment after their rating (same ownership rule as rate_case)."""
    with transaction(db):
        case = get_case(db, case_number)
        if case["chat_key"] != chat_key or case["rating"] is None:
            raise CaseNotFound(case_number)
        db["cases"].update(case["id"], {"rating_comment": comment.strip()[:2000]})
        case = db["cases"].get(case["id"])
    return _view(case)


def add_attachment(
    db: sqlite_utils.Database,
    *,
    chat_key: str,
    kind: str,
    file_ref: str,
    filename: str | None = None,
    mime: str | None = None,
    caption: str | None = None,
    case_number: str | None = None,
) -> int:
    """Keep a photo or file a worker sent. Without a case number it waits and joins the next case the
    chat opens; with one, the case must belong to this chat."""
    with transaction(db):
        case_id = None
        if case_number:
            case = get_case(db, case_number)
            if case["chat_key"] != chat_key:
                raise CaseNotFound(case_number)
            case_id = case["id"]
        return db["attachments"].insert(
            {"case_id": case_id, "chat_key": chat_key, "kind": kind, "file_ref": file_ref, "filename": filename,
             "mime": mime, "caption": caption, "created_at": _iso(clock.now())}
        ).last_pk


def office_of(db: sqlite_utils.Database, case: dict) -> Office | None:
    return get_office(db, case["office_id"]) if case.get("office_id") else None
