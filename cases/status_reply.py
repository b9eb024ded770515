"""The answer to "我的投诉咋样了": only the asker's own cases.

From the same chat the chat's cases are shown. From anywhere else a case number plus the last four
digits of the phone are needed; a wrong pair gets the same answer as a case that does not exist.
"""

from __future__ import annotations

import re

import sqlite_utils

from .errors import CaseNotFound
from .store import case_events, find_for_owner, lookup, normalise_case_number, office_of

__all__ = ["status_reply", "describe_case", "ASK_FOR_NUMBER", "NOT_FOUND"]

ASK_FOR_NUMBER = "没有找到这个聊天里登记过的投诉。请发案件编号和登记手机号的后四位，例如：HX-2026-000123 5678"
NOT_FOUND = "没有查到。请核对案件编号和登记手机号的后四位，例如：HX-2026-000123 5678。"


def describe_case(db: sqlite_utils.Database, case: dict) -> str:
    lines = [f"{case['case_number']}：{case['status']}"]
    # Assignments are internal, and a transfer's note is written for the department, not the worker.
    events = [event for event in case_events(db, case["id"]) if event.get("kind", "status") != "assign"]
    if events:
        last = events[-1]
        if last.get("kind") == "transfer":
            said = f"，已转交{last['department']}办理"
        else:
            said = f"，{last['note']}" if last["note"] else ""
        lines.append(f"最近更新：{last['created_at'][:10]}{said}")
    office = office_of(db, case)
    if office:
        lines.append(f"承办单位：{office.name}（{office.phone}）")
    if case["status"] not in ("已办结", "不予受理", "已回访"):
        lines.append(f"办结时限：{case['deadline_at'][:10]}" + ("（已超期，已提醒工作人员）" if case["overdue"] else ""))
    if case["duplicate_of"]:
        lines.append("（已与同一老板的其他投诉合并办理）")
    return "\n".join(lines)


def status_reply(db: sqlite_utils.Database, chat_key: str, text: str, case_number: str | None = None) -> str:
    number = normalise_case_number(case_number or "") or normalise_case_number(text or "")
    if number:
        rest = (text or "").replace(case_number, " ") if case_number else (text or "")
        rest = re.sub(r"[A-Za-z]{1,4}-?20[0-9]{2}-?[0-9]{1,6}", " ", rest)
        last4 = re.findall(r"(?<![0-9])([0-9]{4})(?![0-9])", rest)
        own = [case for case in find_for_owner(db, chat_key) if case["case_number"] == number]
        if own:
            return describe_case(db, own[0])
        if not last4:
            return f"请再发一下登记手机号的后四位，例如：{number} 5678"
        try:
            return describe_case(db, lookup(db, number, last4[-1]))
        except CaseNotFound:
            return NOT_FOUND
    cases = find_for_owner(db, chat_key)
    if not cases:
        return ASK_FOR_NUMBER
    return "\n\n".join(describe_case(db, case) for case in cases[:3])
