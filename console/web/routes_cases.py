"""Cases for agents: the list with filters and search, a case's page (every field, attachments, duplicates, the
timeline), status changes along the workflow (the worker is notified), assignment, 转办, and the complaint /
arbitration documents.

The routes stay thin: the work is done by ``cases`` (and ``claims`` for the documents). Every change and every view
of the worker's full phone number is audited.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

import cases
from bot import conversations
from cases.config import load_config
from cases.errors import CaseNotFound, InvalidTransition, MissingReason, NumberNotUnderstood
from cases.numbers import parse_amount
from cases.stats import COLOURS
from cases.workflow import CLOSED, STATUSES, TRANSFERRED, TRANSITIONS
from claims.documents import DocumentFormat, DocumentKind, generate
from claims.from_case import claim_facts_from_case

from .. import audit, users
from ..users import User
from . import formatting
from .deps import client_ip, console_db, error_page, render, role_required, templates

router = APIRouter(prefix="/console")

LIST_LIMIT = 200
MAX_NOTE_CHARS = 2000
UNASSIGNED = "-"  # the assignee filter's value for "nobody"
EVENT_KINDS = {"status": "状态", "assign": "指派", "transfer": "转办"}
DOCUMENT_MEDIA = {
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentFormat.PDF: "application/pdf",
}
FORMAT_NAMES = {DocumentFormat.DOCX: "Word", DocumentFormat.PDF: "PDF"}

formatting.install(templates.env)


class BadInput(Exception):
    """A form value the console cannot use; the message says what to fix (shown with status 400)."""


def _case_or_none(request: Request, number: str) -> dict | None:
    try:
        return cases.get_case(request.app.state.cases_db, number)
    except CaseNotFound:
        return None


def _not_found(request: Request, number: str) -> Response:
    return error_page(request, "没有这个案件", f"没有找到案件 {number}，请核对编号。", 404)


def _back(number: str, anchor: str = "") -> Response:
    return RedirectResponse(f"/console/cases/{number}{anchor}", status_code=303)


def _actor(user: User) -> str:
    return f"staff:{user.username}"


def _staff(request: Request) -> list[dict]:
    return [row for row in users.list_users(console_db(request)) if row["active"]]


def _filters(request: Request) -> dict[str, str]:
    """The list's filters as given in the query string (unknown values are simply not applied)."""
    query = request.query_params
    return {
        "status": query.get("status", "") if query.get("status", "") in STATUSES else "",
        "colour": query.get("colour", "") if query.get("colour", "") in COLOURS else "",
        "district": query.get("district", "").strip()[:40],
        "overdue": query.get("overdue", "") if query.get("overdue", "") in ("1", "0") else "",
        "assignee": query.get("assignee", "").strip()[:64],
        "q": query.get("q", "").strip()[:100],
    }


@router.get("/cases", response_class=HTMLResponse)
async def case_list(request: Request, user: User = role_required("agent")) -> Response:
    db = request.app.state.cases_db
    filters = _filters(request)
    found = cases.list_cases(
        db,
        status=filters["status"] or None,
        colour=filters["colour"] or None,
        district=filters["district"] or None,
        overdue={"1": True, "0": False}.get(filters["overdue"]),
        assignee=filters["assignee"] if filters["assignee"] not in ("", UNASSIGNED) else None,
        unassigned=filters["assignee"] == UNASSIGNED,
        search=filters["q"] or None,
        limit=LIST_LIMIT + 1,
    )
    context = {
        "cases": found[:LIST_LIMIT],
        "more": len(found) > LIST_LIMIT,
        "limit": LIST_LIMIT,
        "filters": filters,
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "statuses": STATUSES,
        "colours": COLOURS,
        "districts": cases.districts(db),
        "staff": _staff(request),
        "unassigned": UNASSIGNED,
    }
    return render(request, "cases.html", context)


def _detail_context(request: Request, case: dict) -> dict:
    db = request.app.state.cases_db
    office = cases.office_of(db, case)
    data_dir = request.app.state.settings.data_dir.resolve()
    attachments = [
        {**row, "servable": _attachment_path(row, data_dir) is not None}
        for row in cases.case_attachments(db, case["id"])
    ]
    allowed = [status for status in TRANSITIONS.get(case["status"], ()) if status != TRANSFERRED]
    return {
        "case": case,
        "chat_ref": conversations.ref_of(request.app.state.db, case.get("chat_key")),  # the chat key stays on the server
        "reasons": json.loads(case["triage_reasons"] or "[]"),
        "office": office,
        "attachments": attachments,
        "links": cases.linked_cases(db, case["id"]),
        "events": cases.case_events(db, case["id"]),
        "event_kinds": EVENT_KINDS,
        "next_statuses": allowed,
        "can_transfer": TRANSFERRED in TRANSITIONS.get(case["status"], ()) or case["status"] == TRANSFERRED,
        "departments": load_config().transfer_departments,
        "staff": _staff(request),
        "document_kinds": list(DocumentKind),
        "document_formats": list(DocumentFormat),
        "format_names": FORMAT_NAMES,
        "max_note": MAX_NOTE_CHARS,
    }


@router.get("/cases/{number}", response_class=HTMLResponse)
async def case_page(number: str, request: Request, user: User = role_required("agent")) -> Response:
    case = _case_or_none(request, number)
    if case is None:
        return _not_found(request, number)
    # This page shows the worker's full phone number: every view is on record.
    audit.record(console_db(request), user, "case.view_phone", target=case["case_number"], ip=client_ip(request))
    return render(request, "case.html", _detail_context(request, case))


@router.get("/cases/{number}/timeline", response_class=HTMLResponse)
async def case_timeline(number: str, request: Request, user: User = role_required("agent")) -> Response:
    """The timeline alone (no phone number), refreshed live on the case page."""
    case = _case_or_none(request, number)
    if case is None:
        return _not_found(request, number)
    events = cases.case_events(request.app.state.cases_db, case["id"])
    return render(request, "_case_timeline.html", {"case": case, "events": events, "event_kinds": EVENT_KINDS})


def _note(text: str) -> str | None:
    text = text.strip()
    if len(text) > MAX_NOTE_CHARS:
        raise BadInput(f"说明太长（{len(text)} 字，最多 {MAX_NOTE_CHARS} 字）。")
    return text or None


def _recovered_amount(text: str) -> int | None:
    """'73000', '7.3万', '七万三' → yuan; empty → None (the amount is optional)."""
    text = text.strip().replace(",", "").replace("，", "")
    if not text:
        return None
    if text.isdigit():
        return int(text)
    try:
        return int(round(parse_amount(text).value))
    except NumberNotUnderstood:
        raise BadInput(f"追回金额“{text}”看不懂，请填数字（元），例如 73000 或 7.3万。") from None


@router.post("/cases/{number}/status")
async def change_status(
    number: str,
    request: Request,
    status: str = Form(""),
    note: str = Form(""),
    amount_recovered: str = Form(""),
    user: User = role_required("agent"),
) -> Response:
    case = _case_or_none(request, number)
    if case is None:
        return _not_found(request, number)
    if status == TRANSFERRED:
        return error_page(request, "请用转办", "转办要写明接收部门：请用案件页的“转办”表单。", 400)
    if status not in STATUSES:
        return error_page(request, "状态不对", f"没有“{status}”这个状态，请从列表里选。", 400)
    try:
        text = _note(note)
        amount = _recovered_amount(amount_recovered)
        if amount is not None and status != CLOSED:
            raise BadInput("追回金额只在改为“已办结”时填写。状态没有改动。")
        changed = cases.change_status(
            request.app.state.cases_db, case["case_number"], status, actor=_actor(user), note=text,
            amount_recovered=amount,
        )
    except BadInput as error:
        return error_page(request, "没有改动", str(error), 400)
    except InvalidTransition as error:
        allowed = "、".join(error.allowed) or "没有（流程已结束）"
        message = f"案件现在是“{error.current}”，不能直接改为“{error.requested}”。下一步可以是：{allowed}。"
        return error_page(request, "不能这样改状态", message, 409)
    except MissingReason:
        return error_page(request, "需要写原因", "改为“不予受理”必须在说明里写明原因，工人会收到这段说明。", 400)
    detail = f"{case['status']} → {changed['status']}" + (f"；追回 {amount} 元" if amount is not None else "")
    audit.record(console_db(request), user, "case.status", target=case["case_number"], detail=detail,
                 ip=client_ip(request))
    return _back(case["case_number"], "#status-form")


@router.post("/cases/{number}/assign")
async def assign(
    number: str, request: Request, assignee: str = Form(""), user: User = role_required("agent")
) -> Response:
    case = _case_or_none(request, number)
    if case is None:
        return _not_found(request, number)
    name = assignee.strip()
    if name and name not in {row["username"] for row in _staff(request)}:
        return error_page(request, "没有这个账号", f"没有可用的工作人员账号“{name[:64]}”，请从列表里选。", 400)
    cases.assign_case(request.app.state.cases_db, case["case_number"], name or None, actor=_actor(user))
    audit.record(console_db(request), user, "case.assign", target=case["case_number"], detail=name or "取消指派",
                 ip=client_ip(request))
    return _back(case["case_number"])


@router.post("/cases/{number}/transfer")
async def transfer(
    number: str,
    request: Request,
    department: str = Form(""),
    note: str = Form(""),
    user: User = role_required("agent"),
) -> Response:
    case = _case_or_none(request, number)
    if case is None:
        return _not_found(request, number)
    try:
        cases.transfer_case(
            request.app.state.cases_db, case["case_number"], department, actor=_actor(user), note=_note(note)
        )
    except BadInput as error:
        return error_page(request, "没有转办", str(error), 400)
    except cases.MissingDepartment:
        return error_page(request, "没有转办", "请填写接收的部门，例如“住房和城乡建设局”。", 400)
    except InvalidTransition as error:
        message = f"案件现在是“{error.current}”，还不能转办。请先受理。"
        return error_page(request, "不能转办", message, 409)
    audit.record(console_db(request), user, "case.transfer", target=case["case_number"],
                 detail=department.strip()[:100], ip=client_ip(request))
    return _back(case["case_number"])


def _attachment_path(row: dict, data_dir: Path) -> Path | None:
    """The stored file of an attachment, only inside the data folder (a Telegram file id has no local file)."""
    if not row.get("file_ref"):
        return None
    path = Path(row["file_ref"]).resolve()
    return path if path.is_relative_to(data_dir) and path.is_file() else None


@router.get("/cases/{number}/attachments/{attachment_id}")
async def attachment(
    number: str, attachment_id: str, request: Request, user: User = role_required("agent")
) -> Response:
    """A photo or file the worker sent as evidence; staff only, every download on record."""
    case = _case_or_none(request, number)
    if case is None:
        return _not_found(request, number)
    try:
        if not attachment_id.isdigit():
            raise CaseNotFound(attachment_id)
        row = cases.get_attachment(request.app.state.cases_db, case["id"], int(attachment_id))
    except CaseNotFound:
        return error_page(request, "没有这个附件", "这个案件没有这个附件。", 404)
    path = _attachment_path(row, request.app.state.settings.data_dir.resolve())
    if path is None:
        return error_page(request, "文件不在本机", "这个附件没有保存在本机（可能只存在 Telegram 上），无法打开。", 404)
    audit.record(console_db(request), user, "case.attachment", target=f"{case['case_number']}#{attachment_id}",
                 ip=client_ip(request))
    return FileResponse(path, filename=row.get("filename") or path.name, media_type=row.get("mime") or None)


def _document_choice(name: str) -> tuple[DocumentKind, DocumentFormat]:
    kind, _, fmt = name.partition(".")
    try:
        return DocumentKind(kind), DocumentFormat(fmt)
    except ValueError:
        raise BadInput(f"没有“{name}”这种文书。") from None


def _render_document(case: dict, kind: DocumentKind, fmt: DocumentFormat) -> bytes:
    # Written to a temporary folder and read back: no copy of the worker's data stays on disk.
    with tempfile.TemporaryDirectory(prefix="huxin-console-doc-") as folder:
        [document] = generate(claim_facts_from_case(case), Path(folder), kinds=[kind], formats=[fmt])
        return document.path.read_bytes()


@router.get("/cases/{number}/documents/{name}")
async def document(number: str, name: str, request: Request, user: User = role_required("agent")) -> Response:
    """劳动保障监察投诉书 / 劳动人事争议仲裁申请书 as DOCX or PDF, filled from the case (blanks marked)."""
    case = _case_or_none(request, number)
    if case is None:
        return _not_found(request, number)
    try:
        kind, fmt = _document_choice(name)
    except BadInput as error:
        return error_page(request, "没有这种文书", str(error), 404)
    content = await run_in_threadpool(_render_document, case, kind, fmt)
    filename = f"{case['case_number']}-{kind.title}.{fmt.value}"
    audit.record(console_db(request), user, "case.document", target=case["case_number"], detail=filename,
                 ip=client_ip(request))
    disposition = f"attachment; filename=\"{kind.value}.{fmt.value}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=DOCUMENT_MEDIA[fmt], headers={"Content-Disposition": disposition})
