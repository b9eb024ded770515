"""Console account attacks against the running stack (real Rasa, action server, web process and their log files).

- A stranger hammering `admin` from one address (127.0.0.2) is made to wait, and the real admin signs in from
  another (127.0.0.1) while the stranger keeps failing.
- After a web chat with a danger-word escalation, a handoff through Rasa, a takeover, a reply and a hand-back, the
  worker's chat id (what the cookie carries) is in no console page and in none of the web, Rasa or action server logs.
"""

from __future__ import annotations

import re
import time

import httpx
import pytest

import console
from console import users
from tests.stack import Stack

pytestmark = pytest.mark.stack

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "stack-agent-password-1"


def client_from(stack: Stack, address: str) -> httpx.Client:
    """A browser whose connections come from this loopback address (the web process sees it as the client)."""
    return httpx.Client(
        base_url=stack.web_url, timeout=60, follow_redirects=True,
        transport=httpx.HTTPTransport(local_address=address),
    )


def try_login(client: httpx.Client, username: str, password: str) -> httpx.Response:
    token = CSRF.search(client.get("/console/login").text).group(1)
    return client.post("/console/login", data={"username": username, "password": password, "csrf_token": token})


def ensure_agent(stack: Stack, username: str) -> None:
    db = console.open_db(stack.db_path)
    if not db["users"].count_where("username = ?", [username]):
        users.create_user(db, username, PASSWORD, role="agent", display_name=username)
    db.close()


def test_a_stranger_hammering_a_name_cannot_lock_its_owner_out(stack: Stack) -> None:
    ensure_agent(stack, "zhou")
    stranger, owner = client_from(stack, "127.0.0.2"), client_from(stack, "127.0.0.1")
    outcomes, told_to_wait_until = [], 0.0
    for attempt in range(10):
        response = try_login(stranger, "zhou", f"guess-{attempt}")
        outcomes.append(response.status_code)
        if told := re.search(r"请 (\d+) 秒后再试", response.text):
            told_to_wait_until = time.monotonic() + int(told.group(1))
        if attempt in (4, 9):  # the owner signs in while the stranger keeps going
            signed_in = try_login(owner, "zhou", PASSWORD)
            assert signed_in.status_code == 200 and "转人工队列" in signed_in.text  # followed to the queue
            owner.cookies.clear()
    assert outcomes[:3] == [401, 401, 401]
    assert 429 in outcomes[3:]  # then waits, told in seconds
    waiting = try_login(stranger, "zhou", PASSWORD)  # even the right password waits its turn from there
    if time.monotonic() < told_to_wait_until - 1:  # a slow machine may reach here after the wait it was told
        assert waiting.status_code == 429 and re.search(r"请 \d+ 秒后再试", waiting.text)


def test_no_web_chat_id_in_console_pages_or_in_any_log_after_a_handoff(stack: Stack) -> None:
    worker = httpx.Client(base_url=stack.web_url, timeout=60)
    worker.get("/")
    cookie = worker.cookies["huxin_chat"]
    chat_id = cookie.split(".")[0]  # the chat id part of the cookie (the whole value when it is not signed)
    say = lambda text: worker.post("/api/chat/messages", json={"text": text}).json()["replies"]  # noqa: E731
    assert any("110" in r["text"] for r in say("包工头威胁要打人，老板欠我三个月工资"))
    assert any("转人工" in (r["text"] or "") for r in say("我要找人工"))

    ensure_agent(stack, "wu")
    staff = client_from(stack, "127.0.0.1")
    assert try_login(staff, "wu", PASSWORD).status_code == 200
    queue = staff.get("/console/queue/list").text
    refs = re.findall(r'data-chat="(\d+)"', queue)
    db = console.open_db(stack.db_path)
    ref = db.execute("select ref from chats where chat_key = ?", [f"web:{chat_id}"]).fetchone()[0]
    db.close()
    assert str(ref) in refs
    page_path = f"/console/chats/{ref}"
    token = CSRF.search(staff.get(page_path).text).group(1)
    staff.post(f"{page_path}/claim", data={"csrf_token": token})
    staff.post(f"{page_path}/reply", data={"csrf_token": token, "text": "您好，我是坐席小吴。"})
    assert any(m["text"] == "您好，我是坐席小吴。" for m in worker.get("/api/chat/history").json()["messages"])
    pages = {path: staff.get(path).text for path in
             ("/console/queue", "/console/queue/list", page_path, f"{page_path}/transcript", "/console/cases")}
    staff.post(f"{page_path}/handback", data={"csrf_token": token})
    for path, html in pages.items():
        assert chat_id not in html and cookie not in html, path
    assert "包工头威胁要打人" in pages[f"{page_path}/transcript"]  # the pages were the real ones

    logs = {log.name: log.read_text(errors="replace") for log in (stack.data_dir / "logs").glob("*.log")}
    assert {"web.log", "rasa.log", "actions.log"} <= set(logs)
    for name, text in logs.items():
        assert chat_id not in text, f"{name} names the chat by its id"
    assert f"web chat #{ref}" in logs["web.log"]  # the danger-word escalation is logged, by number
