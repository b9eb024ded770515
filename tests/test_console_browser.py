"""The console and the web chat side by side in a real browser (Playwright + Debian's chromium), real stack.

A worker asks for a person; the escalation appears in the console by itself; the agent takes over and replies; the
reply shows in the worker's chat; the bot stays silent; the agent hands back; a case status change reaches the
worker. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import time

import pytest

import console
from cases import Complaint, open_case
from cases import open_db as open_cases_db
from console import users
from bot.web.identity import chat_id_in
from console.web.routes_chats import HANDED_BACK
from tests.browser import chromium
from tests.stack import Stack

pytestmark = [pytest.mark.stack, pytest.mark.browser]

PASSWORD = "agent-password-1"
MARKUP = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>老板欠我工资"


def chat_ref(stack: Stack, key: str) -> int:
    db = console.open_db(stack.db_path)
    try:
        return db.execute("select ref from chats where chat_key = ?", [key]).fetchone()[0]
    finally:
        db.close()


def send(page, text: str) -> None:
    page.fill("#text", text)
    page.click("#send")


def test_agent_takes_over_a_chat_live_and_hands_it_back(stack: Stack, artifacts_dir) -> None:
    console_db = console.open_db(stack.db_path)
    if not console_db["users"].count_where("username = ?", ["xiaowang"]):
        users.create_user(console_db, "xiaowang", PASSWORD, role="agent", display_name="小王")

    with chromium() as browser:
        staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
        staff.goto(stack.web_url + "/console/")
        staff.fill("input[name=username]", "xiaowang")
        staff.fill("input[name=password]", PASSWORD)
        staff.click("button[type=submit]")
        staff.wait_for_url("**/console/queue")

        worker_context = browser.new_context(viewport={"width": 390, "height": 800}, locale="zh-CN")
        worker = worker_context.new_page()
        worker.goto(stack.web_url + "/")
        worker.get_by_role("button", name="查投诉进度").wait_for(timeout=60_000)
        key = "web:" + chat_id_in(next(c["value"] for c in worker_context.cookies() if c["name"] == "huxin_chat"))

        send(worker, MARKUP)
        worker.locator(".msg.in .text", has_text="老板欠我工资").wait_for(timeout=30_000)
        send(worker, "我要找人工")
        worker.locator(".msg.out .text", has_text="已经为您转人工").wait_for(timeout=60_000)
        asked = time.monotonic()

        # the queue updates by itself (no reload) with the waiting chat
        row = staff.locator(f"tr[data-chat='{chat_ref(stack, key)}']")  # chats are named by number
        row.wait_for(timeout=15_000)
        print(f"escalation visible in the console {time.monotonic() - asked:.2f} s after the handoff reply")
        assert "等待人工" in row.inner_text()
        staff.screenshot(path=str(artifacts_dir / "console-queue.png"), full_page=True)

        row.get_by_role("link", name="打开").click()
        staff.wait_for_url(f"**/console/chats/{chat_ref(stack, key)}")
        worker_text = staff.locator(".msg.from-worker .text", has_text="老板欠我工资")
        assert "<img src=x" in worker_text.inner_text()  # shown as text, not run
        assert staff.locator(".transcript img").count() == 0 and staff.title() != "pwned"
        assert staff.locator(".nlu", has_text="request_human").count() >= 1

        staff.click("#claim")
        worker.locator(".msg.out .text", has_text="坐席小王已接入").wait_for(timeout=15_000)
        staff.fill("#reply-text", "您好，我是坐席小王。请问一共欠了多少钱？")
        staff.click("#send-reply")
        worker.locator(".msg.out .text", has_text="我是坐席小王").wait_for(timeout=15_000)
        staff.locator(".msg.from-agent .delivery-sent").first.wait_for(timeout=15_000)  # confirmed as sent

        bot_before = len(worker.locator(".msg.out").all())
        send(worker, "欠了三万块，三个月了")
        staff.locator(".msg.from-worker .text", has_text="欠了三万块").wait_for(timeout=15_000)  # live
        staff.fill("#note-text", "内部备注：工人情绪稳定，待核实工地")
        staff.click("#save-note")
        staff.locator(".msg.note", has_text="待核实工地").wait_for(timeout=10_000)
        worker.wait_for_timeout(3000)
        assert len(worker.locator(".msg.out").all()) == bot_before  # no bot answer while a person holds the chat
        assert worker.locator(".msg", has_text="待核实工地").count() == 0
        staff.screenshot(path=str(artifacts_dir / "console-chat.png"), full_page=True)
        worker.screenshot(path=str(artifacts_dir / "worker-with-agent.png"), full_page=True)

        staff.click("#handback")
        staff.wait_for_url("**/console/queue")
        worker.locator(".msg.out .text", has_text=HANDED_BACK[:12]).wait_for(timeout=15_000)
        send(worker, "人社热线电话多少")
        worker.locator(".msg.out .text", has_text="12333").last.wait_for(timeout=60_000)

        # a status change in the console reaches the worker's chat
        cases_db = open_cases_db(stack.db_path)
        opened = open_case(
            cases_db,
            Complaint.from_fields(
                {"employer": "宏达建筑劳务公司", "location": "北京市大兴区", "amount": "30000", "workers_count": "1",
                 "months": "3", "phone": "13812345678", "worker_name": "张师傅"},
                chat_key=key,
            ),
        )
        number = opened.case_number
        staff.goto(f"{stack.web_url}/console/cases/{number}")
        staff.select_option("select#status", "已受理")
        staff.fill("textarea#status-note", "已联系用人单位")
        staff.click("button#change-status")
        worker.locator(".msg.out .text", has_text=number).last.wait_for(timeout=20_000)
        assert "已受理" in worker.locator(".msg.out .text", has_text=number).last.inner_text()
        staff.screenshot(path=str(artifacts_dir / "console-case.png"), full_page=True)
        worker.screenshot(path=str(artifacts_dir / "worker-notified.png"), full_page=True)
