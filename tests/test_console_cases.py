"""The cases area of the console, in-process: list with filters and search (phone masked), a case's page (full phone,
audited), status changes that reach the worker, assignment, 转办, documents, attachments, and the supervisors'
督办 and dashboard pages."""

from __future__ import annotations

import io
import re
import time
from datetime import datetime, timedelta, timezone

import pytest
from docx import Document
from pypdf import PdfReader

from bot import conversations
from cases import add_attachment, get_case, open_case
from cases import open_db as open_cases_db
from cases.numbers import MonthsOwed, Period, Quantity
from tests.cases_helpers import complaint
from tests.console_helpers import add_user, csrf_token, login

LONG_AGO = datetime(2026, 3, 1, tzinfo=timezone.utc)  # every deadline has passed since


def cases_db(console):
    """This thread's connection to the web process's database file (the app's own cases connection belongs to the
    server's thread)."""
    if not hasattr(console, "test_cases_db"):
        console.test_cases_db = open_cases_db(console.app.state.settings.db_path)
    return console.test_cases_db


def open_for_worker(console, chat_id: str, now: datetime | None = None, **slots) -> str:
    """A case opened from a real web chat (so the relay can deliver its notifications)."""
    conversations.ensure_chat(console.app.state.db, "web", chat_id)
    return open_case(cases_db(console), complaint(f"web:{chat_id}", **slots), now=now).case_number


def audit_rows(console, action: str) -> list[dict]:
    return list(console.app.state.console_db["audit_log"].rows_where("action = ?", [action], order_by="id"))


def listed(page: str) -> set[str]:
    return set(re.findall(r'data-case="([^"]+)"', page))


@pytest.fixture
def agent(console):
    add_user(console, "li", "agent")
    login(console, "li")
    return console


def post(client, path: str, **data):
    token = csrf_token(client, "/console/cases")
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


def test_filters_and_search_return_the_right_cases(agent):
    daxing = open_for_worker(agent, "a1", employer="宏达建筑有限公司", project="金色家园二期")
    pudong = open_for_worker(agent, "a2", now=LONG_AGO, employer="浦江劳务公司", location="上海市浦东新区",
                             workers_count="12", phone="13900001111", worker_name="李娟")
    zhongshan = open_for_worker(agent, "a3", employer="南方装饰工程部", location="广东省中山市", amount="8000",
                                workers_count="1", phone="13700002222")
    assert listed(agent.get("/console/cases").text) == {daxing, pudong, zhongshan}
    assert listed(agent.get("/console/cases?colour=红").text) == {pudong}
    assert listed(agent.get("/console/cases?district=中山市").text) == {zhongshan}
    assert listed(agent.get("/console/cases?overdue=1").text) == {pudong}
    assert listed(agent.get("/console/cases?q=1111").text) == {pudong}  # phone's last four digits
    assert listed(agent.get("/console/cases?q=金色家园").text) == {daxing}
    assert listed(agent.get("/console/cases?q=李娟").text) == {pudong}
    assert listed(agent.get("/console/cases", params={"q": zhongshan.lower()}).text) == {zhongshan}
    assert listed(agent.get("/console/cases?status=已受理").text) == set()
    assert post(agent, f"/console/cases/{daxing}/assign", assignee="li").status_code == 303
    assert listed(agent.get("/console/cases?assignee=li").text) == {daxing}
    assert listed(agent.get("/console/cases?assignee=-").text) == {pudong, zhongshan}
    assert "没有符合条件的案件" in agent.get("/console/cases?q=不存在的公司").text


def test_phone_is_masked_in_the_list_and_full_on_the_case_page_with_an_audit_row(agent):
    number = open_for_worker(agent, "p1", phone="13812345678")
    page = agent.get("/console/cases").text
    assert "138****5678" in page and "13812345678" not in page
    assert audit_rows(agent, "case.view_phone") == []
    detail = agent.get(f"/console/cases/{number}")
    assert detail.status_code == 200 and "13812345678" in detail.text
    [row] = audit_rows(agent, "case.view_phone")
    assert (row["username"], row["target"]) == ("li", number)
    timeline = agent.get(f"/console/cases/{number}/timeline").text  # the live-refreshed part carries no phone
    assert "投诉登记" in timeline and "13812345678" not in timeline
    assert len(audit_rows(agent, "case.view_phone")) == 1


def test_a_case_page_shows_the_months_owed_with_their_first_and_last_month(agent):
    owed = MonthsOwed(Quantity(4), Period("去年10月到今年1月", "2025-10", "2026-01"))
    page = agent.get(f"/console/cases/{open_for_worker(agent, 'period', months=owed)}").text
    assert "4 个月（去年10月到今年1月） <span id=\"case-period-months\">2025-10 至 2026-01</span>" in page
    undated = agent.get(f"/console/cases/{open_for_worker(agent, 'no-dates', employer='别家公司')}").text
    assert "3 个月" in undated and "case-period-months" not in undated


def wait_for_outbox(console, chat_key: str, needle: str, timeout: float = 5.0) -> dict:
    """The relay (running in the web process) copies the case notification into the chat's outbox."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = console.app.state.db.query(
            "select m.text from outbox o join messages m on m.id = o.message_id where o.chat_key = ?", [chat_key]
        )
        for row in rows:
            if needle in row["text"]:
                return row
        time.sleep(0.1)
    raise AssertionError(f"no outbox message with {needle!r} for {chat_key}")


def test_status_change_notifies_the_worker_and_is_audited(agent):
    number = open_for_worker(agent, "s1")
    page = agent.get(f"/console/cases/{number}").text
    for stable_id in ('id="status"', 'id="status-note"', 'id="change-status"'):
        assert stable_id in page
    response = post(agent, f"/console/cases/{number}/status", status="已受理", note="明天联系用人单位")
    assert response.status_code == 303 and response.headers["location"].startswith(f"/console/cases/{number}")
    assert get_case(cases_db(agent), number)["status"] == "已受理"
    [notification] = list(cases_db(agent)["case_notifications"].rows_where("chat_key = 'web:s1'"))
    assert "已受理" in notification["text"] and "明天联系用人单位" in notification["text"]
    wait_for_outbox(agent, "web:s1", f"{number} 已受理")
    [row] = audit_rows(agent, "case.status")
    assert row["target"] == number and row["detail"] == "待受理 → 已受理" and row["username"] == "li"
    assert "明天联系用人单位" in agent.get(f"/console/cases/{number}/timeline").text


def test_invalid_transition_shows_the_workflow_message_and_changes_nothing(agent):
    number = open_for_worker(agent, "s2")
    response = post(agent, f"/console/cases/{number}/status", status="已办结")
    assert response.status_code == 409
    assert "不能直接改为“已办结”" in response.text and "已受理" in response.text
    rejected = post(agent, f"/console/cases/{number}/status", status="不予受理", note="")
    assert rejected.status_code == 400 and "原因" in rejected.text
    assert get_case(cases_db(agent), number)["status"] == "待受理"
    assert list(cases_db(agent)["case_notifications"].rows) == [] and audit_rows(agent, "case.status") == []


def test_closing_with_an_amount_recovered_keeps_it(agent):
    number = open_for_worker(agent, "s3")
    post(agent, f"/console/cases/{number}/status", status="已受理")
    wrong = post(agent, f"/console/cases/{number}/status", status="处理中", amount_recovered="5000")
    assert wrong.status_code == 400 and get_case(cases_db(agent), number)["status"] == "已受理"
    unreadable = post(agent, f"/console/cases/{number}/status", status="已办结", amount_recovered="好多")
    assert unreadable.status_code == 400 and get_case(cases_db(agent), number)["status"] == "已受理"
    assert post(agent, f"/console/cases/{number}/status", status="已办结", amount_recovered="7.3万").status_code == 303
    case = get_case(cases_db(agent), number)
    assert case["status"] == "已办结" and case["amount_recovered"] == 73000
    assert "73,000 元" in agent.get(f"/console/cases/{number}").text


def test_transfer_tells_the_worker_the_department_and_keeps_the_note_internal(agent):
    number = open_for_worker(agent, "t1")
    too_early = post(agent, f"/console/cases/{number}/transfer", department="住房和城乡建设局")
    assert too_early.status_code == 409 and "先受理" in too_early.text
    post(agent, f"/console/cases/{number}/status", status="已受理")
    assert post(agent, f"/console/cases/{number}/transfer", department="", note="x").status_code == 400
    response = post(agent, f"/console/cases/{number}/transfer", department="住房和城乡建设局", note="请约谈总包")
    assert response.status_code == 303
    case = get_case(cases_db(agent), number)
    assert case["status"] == "已转办" and case["department"] == "住房和城乡建设局"
    sent = wait_for_outbox(agent, "web:t1", "住房和城乡建设局")
    assert "约谈" not in sent["text"]
    assert "请约谈总包" in agent.get(f"/console/cases/{number}/timeline").text
    [row] = audit_rows(agent, "case.transfer")
    assert row["target"] == number and row["detail"] == "住房和城乡建设局"


def test_assignment_takes_only_staff_accounts_and_is_audited(agent):
    number = open_for_worker(agent, "as1")
    assert post(agent, f"/console/cases/{number}/assign", assignee="nobody").status_code == 400
    assert get_case(cases_db(agent), number)["assignee"] is None
    assert post(agent, f"/console/cases/{number}/assign", assignee="li").status_code == 303
    assert get_case(cases_db(agent), number)["assignee"] == "li"
    assert "指派给 li" in agent.get(f"/console/cases/{number}/timeline").text
    assert [r["detail"] for r in audit_rows(agent, "case.assign")] == ["li"]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_documents_download_with_the_case_facts_inside_and_are_audited(agent, fmt):
    number = open_for_worker(agent, "d1", employer="宏达建筑有限公司", worker_name="张伟")
    page = agent.get(f"/console/cases/{number}").text
    assert f"/console/cases/{number}/documents/complaint.{fmt}" in page
    for kind, title in (("complaint", "劳动保障监察投诉书"), ("arbitration", "劳动人事争议仲裁申请书")):
        response = agent.get(f"/console/cases/{number}/documents/{kind}.{fmt}")
        assert response.status_code == 200
        assert "attachment" in response.headers["content-disposition"]
        if fmt == "docx":
            text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
        else:
            text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages))
        assert title in text and "宏达建筑有限公司" in text and "张伟" in text
    assert [r["detail"] for r in audit_rows(agent, "case.document")] == [
        f"{number}-劳动保障监察投诉书.{fmt}", f"{number}-劳动人事争议仲裁申请书.{fmt}",
    ]
    assert agent.get(f"/console/cases/{number}/documents/other.exe").status_code == 404


def test_attachments_are_served_to_staff_from_the_data_folder_only_and_audited(agent, tmp_path):
    photo = tmp_path / "attachments" / "iou.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"\xff\xd8\xff IOU photo")
    conversations.ensure_chat(agent.app.state.db, "web", "f1")
    first = add_attachment(cases_db(agent), chat_key="web:f1", kind="photo", file_ref=str(photo), filename="欠条.jpg")
    elsewhere = add_attachment(cases_db(agent), chat_key="web:f1", kind="document", file_ref="/etc/passwd")
    number = open_case(cases_db(agent), complaint("web:f1")).case_number  # joins the waiting attachments
    page = agent.get(f"/console/cases/{number}").text
    assert "欠条.jpg" in page and "未保存在本机" in page
    response = agent.get(f"/console/cases/{number}/attachments/{first}")
    assert response.status_code == 200 and response.content == b"\xff\xd8\xff IOU photo"
    assert agent.get(f"/console/cases/{number}/attachments/{elsewhere}").status_code == 404
    assert [r["target"] for r in audit_rows(agent, "case.attachment")] == [f"{number}#{first}"]
    agent.cookies.clear()
    anonymous = agent.get(f"/console/cases/{number}/attachments/{first}", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/console/login")


def test_markup_in_case_fields_is_shown_as_text(agent):
    attack = "<img src=x onerror=alert(1)>"
    number = open_for_worker(agent, "x1", employer=attack, project="<script>alert(2)</script>",
                             description="<b>老板</b>跑了")
    for page in (agent.get("/console/cases").text, agent.get(f"/console/cases/{number}").text):
        assert attack not in page and "<script>alert(2)" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;老板&lt;/b&gt;跑了" in agent.get(f"/console/cases/{number}").text


def test_unknown_case_is_a_clear_404(agent):
    response = agent.get("/console/cases/HX-2026-999999")
    assert response.status_code == 404 and "没有找到案件" in response.text


def test_agents_get_403_on_the_supervisor_pages(agent):
    for path in ("/console/dashboard", "/console/overdue"):
        response = agent.get(path)
        assert response.status_code == 403 and "没有权限" in response.text


def test_overdue_view_lists_late_and_soon_due_cases_earliest_deadline_first(console):
    add_user(console, "wang", "supervisor")
    login(console, "wang")
    now = datetime.now(timezone.utc)
    orange_late = open_for_worker(console, "o1", now=now - timedelta(days=40))  # 橙: 30 days, 10 days late
    red_late = open_for_worker(console, "o2", now=now - timedelta(days=8), workers_count="12")  # 红: 1 day late
    red_due = open_for_worker(console, "o3", now=now - timedelta(days=5), workers_count="15")  # 红: 2 days left
    open_for_worker(console, "o4", now=now)  # 橙, due in 30 days: not shown
    page = console.get("/console/overdue").text
    assert re.findall(r'data-case="([^"]+)"', page) == [orange_late, red_late, red_due]
    assert "超期 10 天" in page and "已超期 2 件" in page


def test_dashboard_shows_the_figures_as_svg_charts_and_tables(console):
    add_user(console, "wang", "supervisor")
    login(console, "wang")
    number = open_for_worker(console, "g1", workers_count="9")
    open_for_worker(console, "g2", employer="浦江劳务公司", location="上海市浦东新区", workers_count="12")
    post(console, f"/console/cases/{number}/status", status="已受理")
    post(console, f"/console/cases/{number}/status", status="已办结", amount_recovered="60000")
    page = console.get("/console/dashboard")
    assert page.status_code == 200
    text = page.text
    assert re.search(r'id="closure-rate">100%<', text)
    assert "60,000 元" in text and re.search(r'id="workers-helped">9 人<', text)
    for chart in ("chart-weekly", "chart-colour", "chart-district"):
        assert f'<svg class="chart" id="{chart}"' in text
    assert re.search(r"<td>浦东新区</td>|>浦东新区</a></td><td>1</td>", text)
    assert re.search(r"<title>新增：2</title>", text)  # both cases opened this week


def test_case_page_links_duplicates_both_ways(agent):
    first = open_for_worker(agent, "dup1")
    second = open_for_worker(agent, "dup2")  # same employer, place and project within 90 days
    later = agent.get(f"/console/cases/{second}").text
    assert f'href="/console/cases/{first}"' in later and "本案重复了它" in later
    earlier = agent.get(f"/console/cases/{first}").text
    assert f'href="/console/cases/{second}"' in earlier and "它重复了本案" in earlier
