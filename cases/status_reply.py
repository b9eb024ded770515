"""The answer to "我的投诉咋样了": only the asker's own cases.

From the chat that opened them the chat's cases are shown, no code needed; that chat can also ask for a new 查询码
("我的查询码"). From anywhere else a case number plus its 查询码 are needed; a wrong pair gets the same answer as a
case that does not exist, and failed tries are limited per chat and per case (cases/lookup_limits.py).
"""

from __future__ import annotations

import re

import sqlite_utils

from core import wording

from .access_code import find_code
from .errors import CaseNotFound, LookupLimited
from .store import CASE_NUMBER, case_events, find_for_owner, issue_access_code, lookup, normalise_case_number, office_of
from .workflow import CLOSED, REJECTED, REVISITED

__all__ = ["status_reply", "describe_case"]


# ASK_FOR_NUMBER and NOT_FOUND: the catalogue's current texts (tests compare replies with them).
__getattr__ = wording.module_texts(__name__, {
    "ASK_FOR_NUMBER": "cases.ask_for_number", "NOT_FOUND": "cases.not_found",
})


ASKS_FOR_CODE = re.compile(r"查询码|查询密码|查询号")
SHOWN_AT_ONCE = 3  # newest cases of a chat shown (and given new codes) in one reply


def describe_case(db: sqlite_utils.Database, case: dict) -> str:
    lines = [wording.say("cases.case.status", number=case["case_number"], status=case["status"])]
    # Assignments are internal, and a transfer's note is written for the department, not the worker.
    events = [event for event in case_events(db, case["id"]) if event.get("kind", "status") != "assign"]
    if events:
        last = events[-1]
        if last.get("kind") == "transfer":
            said = wording.say("cases.case.transferred_to", department=last["department"])
        else:
            said = wording.say("cases.case.note", note=last["note"]) if last["note"] else ""
        lines.append(wording.say("cases.case.last_update", date=last["created_at"][:10], said=said))
    office = office_of(db, case)
    if office:
        lines.append(wording.say("cases.case.office", name=office.name, phone=office.phone))
    if case["status"] not in (CLOSED, REJECTED, REVISITED):
        overdue = wording.say("cases.case.overdue") if case["overdue"] else ""
        lines.append(wording.say("cases.case.deadline", date=case["deadline_at"][:10], overdue=overdue))
    if case["duplicate_of"]:
        lines.append(wording.say("cases.case.merged"))
    return "\n".join(lines)


def _reissue_codes(db: sqlite_utils.Database, chat_key: str, cases: list[dict]) -> str:
    if not cases:
        return wording.say("cases.no_case_for_code")
    lines = [
        wording.say("cases.code_line", number=case["case_number"],
                    code=issue_access_code(db, case["case_number"], chat_key=chat_key))
        for case in cases[:SHOWN_AT_ONCE]
    ]
    return wording.say("cases.codes_reissued", lines="\n".join(lines))


def status_reply(db: sqlite_utils.Database, chat_key: str, text: str, case_number: str | None = None) -> str:
    text = text or ""
    number = normalise_case_number(case_number or "") or normalise_case_number(text)
    # The case number's own digits must not be taken for the code.
    rest = CASE_NUMBER.sub(" ", re.sub(r"\s+", "-", text.strip()) if number else text)
    if case_number:
        rest = rest.replace(case_number, " ")
    code = find_code(rest)
    own = find_for_owner(db, chat_key)
    if ASKS_FOR_CODE.search(text) and not code:
        wanted = [case for case in own if case["case_number"] == number] if number else own
        return _reissue_codes(db, chat_key, wanted)
    if number:
        mine = [case for case in own if case["case_number"] == number]
        if mine:
            return describe_case(db, mine[0])
        if not code:
            return wording.say("cases.ask_for_code", number=number)
        try:
            return describe_case(db, lookup(db, number, code, chat_key=chat_key))
        except LookupLimited as error:
            return wording.say("cases.lookup_limited", minutes=error.window_minutes)
        except CaseNotFound:
            return wording.say("cases.not_found")
    if not own:
        return wording.say("cases.ask_for_number")
    return "\n\n".join(describe_case(db, case) for case in own[:SHOWN_AT_ONCE])
