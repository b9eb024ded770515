"""Attacks on staff accounts, in-process on the real web app (chat + console) and its SQLite file, each failing:

a stranger hammering `admin` from one address cannot lock the real admin out of another; unknown and known names
cost the same argon2 work; a changed password ends the other sessions; an idle session ends; an account with a
generated password must set its own first; no web chat id (the worker's only credential) nor a server path appears
in a console page. The same against a running stack, with its log files: test_console_security_stack.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from bot import conversations
from cases import open_case
from cases import open_db as open_cases_db
from console import cli, open_db, users
from tests.cases_helpers import complaint
from tests.console_helpers import ADMIN_PASSWORD, PASSWORD, add_user, chat_path, csrf_token, login

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
STRANGER = ("203.0.113.66", 40000)
OFFICE = ("10.1.2.3", 40001)


class Clock:
    """The console's clock, moved by the test (ConsoleSettings.clock)."""

    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(console) -> Clock:
    clock = Clock()
    console.app.state.console_settings = replace(console.app.state.console_settings, clock=clock)
    return clock


def browser(console, address: tuple[str, int] = ("testclient", 50000)) -> TestClient:
    """Another browser on the same running app, from its own address, with its own cookies."""
    return TestClient(console.app, client=address)


def try_login(client: TestClient, username: str, password: str):
    token = CSRF.search(client.get("/console/login").text).group(1)
    return client.post(
        "/console/login", data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


# -- throttling ------------------------------------------------------------------------------------------------

def test_a_stranger_hammering_admin_cannot_lock_the_real_admin_out(console, clock):
    stranger, admin = browser(console, STRANGER), browser(console, OFFICE)
    waits = []
    for attempt in range(12):
        response = try_login(stranger, "admin", "guess-password")
        if response.status_code == 429:
            waits.append(int(re.search(r"请 (\d+) 秒后再试", response.text).group(1)))
            assert response.headers["retry-after"] == str(waits[-1])
            clock.advance(seconds=waits[-1])  # the stranger waits exactly as told, then fails again
        else:
            assert response.status_code == 401
        if attempt == 6:  # meanwhile the real admin signs in from the office, as usual
            assert try_login(admin, "admin", ADMIN_PASSWORD).status_code == 303
    assert waits == [1, 2, 4, 8, 16]  # growing waits for that name from that address
    assert admin.get("/console/queue").status_code == 200

    for _ in range(4):  # keeps trying: the waits grow to the cap, never to a lock
        clock.advance(seconds=60)
        assert try_login(stranger, "admin", "guess-password").status_code == 401
    assert "请 60 秒后再试" in try_login(stranger, "admin", "guess-password").text
    assert try_login(browser(console, OFFICE), "admin", ADMIN_PASSWORD).status_code == 303
    # the admin's success does not reset the stranger's wait
    assert try_login(stranger, "admin", "guess-password").status_code == 429


def test_one_address_trying_many_names_is_capped(console, clock):
    settings = console.app.state.console_settings
    console.app.state.console_settings = replace(settings, login_failures_per_address=5)
    stranger = browser(console, STRANGER)
    for number in range(5):  # one try per name: no name reaches its own threshold
        assert try_login(stranger, f"name{number}", "guess-password").status_code == 401
    capped = try_login(stranger, "someone-else", "guess-password")
    assert capped.status_code == 429 and "秒后再试" in capped.text
    assert try_login(browser(console, OFFICE), "admin", ADMIN_PASSWORD).status_code == 303  # others are not
    clock.advance(minutes=16)  # the failures age out
    assert try_login(stranger, "someone-else", "guess-password").status_code == 401


class CountingHasher(PasswordHasher):
    def __init__(self) -> None:
        super().__init__()
        self.verifications = 0

    def verify(self, hash, password):  # noqa: A002 (argon2's own parameter name)
        self.verifications += 1
        return super().verify(hash, password)


def test_unknown_disabled_and_known_names_cost_the_same_argon2_work(console, clock, monkeypatch):
    add_user(console, "li", "agent")
    add_user(console, "gone", "agent")
    users.set_active(console.app.state.console_db, "gone", False)
    hasher = CountingHasher()
    monkeypatch.setattr(users, "_hasher", hasher)
    costs = {}
    for name in ("li", "gone", "nobody-here", "li"):
        before = hasher.verifications
        response = try_login(browser(console, (f"10.9.0.{len(costs) + 1}", 1)), name, "wrong-password-1")
        assert response.status_code == 401 and "用户名或密码不对" in response.text
        costs[name] = hasher.verifications - before
    assert costs == {"li": 1, "gone": 1, "nobody-here": 1}
    before = hasher.verifications
    assert try_login(browser(console, OFFICE), "li", PASSWORD).status_code == 303
    assert hasher.verifications - before == 1


def test_a_throttled_try_costs_no_argon2_work_whatever_the_name(console, clock, monkeypatch):
    add_user(console, "li", "agent")
    stranger = browser(console, STRANGER)
    for name in ("li", "nobody-here"):
        for _ in range(3):
            try_login(stranger, name, "wrong-password-1")
    hasher = CountingHasher()
    monkeypatch.setattr(users, "_hasher", hasher)
    assert try_login(stranger, "li", PASSWORD).status_code == 429
    assert try_login(stranger, "nobody-here", PASSWORD).status_code == 429
    assert hasher.verifications == 0


# -- sessions ---------------------------------------------------------------------------------------------------

def test_changing_the_password_ends_every_other_session_of_the_account(console, clock):
    add_user(console, "li", "agent")
    laptop, phone, colleague = browser(console), browser(console), browser(console)
    login(laptop, "li")
    login(phone, "li")
    add_user(console, "wang", "agent")
    login(colleague, "wang")
    changed = laptop.post("/console/account/password",
                          data={"csrf_token": csrf_token(laptop), "current": PASSWORD, "new": "a-brand-new-password"})
    assert changed.status_code == 200 and "其他地方登录的这个账号已经退出" in changed.text
    kicked = phone.get("/console/queue", follow_redirects=False)
    assert kicked.status_code == 303 and kicked.headers["location"].startswith("/console/login")
    assert laptop.get("/console/queue").status_code == 200  # the browser that changed it stays signed in
    assert colleague.get("/console/queue").status_code == 200  # other accounts are untouched
    assert try_login(browser(console), "li", PASSWORD).status_code == 401
    assert try_login(browser(console), "li", "a-brand-new-password").status_code == 303


def test_a_wrong_current_password_changes_nothing_and_ends_nothing(console, clock):
    add_user(console, "li", "agent")
    laptop, phone = browser(console), browser(console)
    login(laptop, "li")
    login(phone, "li")
    refused = laptop.post("/console/account/password",
                          data={"csrf_token": csrf_token(laptop), "current": "not-my-password",
                                "new": "a-brand-new-one"})
    assert refused.status_code == 400 and "当前密码不对" in refused.text
    assert phone.get("/console/queue").status_code == 200
    assert try_login(browser(console), "li", PASSWORD).status_code == 303


def test_an_idle_session_ends_and_background_refreshes_do_not_keep_it_alive(console, clock):
    add_user(console, "li", "agent")
    staff = browser(console)
    login(staff, "li")
    clock.advance(minutes=20)
    assert staff.get("/console/account").status_code == 200  # used: the idle time starts again
    for _ in range(3):  # an unattended queue page keeps refreshing its fragments on live events
        clock.advance(minutes=10)
        assert staff.get("/console/queue/list", headers={"HX-Request": "true"}).status_code == 200
    clock.advance(minutes=1)  # 31 minutes since the last real use
    refused = staff.get("/console/queue", follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/console/login")
    clock.advance(minutes=1)
    assert staff.get("/console/queue", follow_redirects=False).status_code == 303  # ended, not just refused once
    assert console.app.state.console_db["sessions"].count_where(
        "user_id = (select id from users where username = 'li')") == 0


def test_the_idle_timeout_is_a_setting(console, clock):
    console.app.state.console_settings = replace(console.app.state.console_settings, idle_timeout=timedelta(minutes=5))
    add_user(console, "li", "agent")
    staff = browser(console)
    login(staff, "li")
    clock.advance(minutes=4)
    assert staff.get("/console/queue", follow_redirects=False).status_code == 200
    clock.advance(minutes=6)
    assert staff.get("/console/queue", follow_redirects=False).status_code == 303


# -- generated passwords ----------------------------------------------------------------------------------------

def test_an_account_with_a_generated_password_must_set_its_own_first(console, clock):
    login(console, "admin", ADMIN_PASSWORD)
    page = console.post("/console/users", data={"csrf_token": csrf_token(console), "username": "zhao", "role": "admin"})
    one_time = re.search(r'class="one-time-password">([^<]+)<', page.text).group(1)
    zhao = browser(console)
    signed_in = try_login(zhao, "zhao", one_time)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/console/account"
    account = zhao.get("/console/account").text
    assert "一次性密码" in account and 'data-live="/console/events"' not in account
    for path in ("/console/queue", "/console/overdue", "/console/users", "/console/events", "/console/queue/list"):
        response = zhao.get(path, follow_redirects=False)
        assert response.status_code in (303, 403), path
        assert "/console/account" in (response.headers.get("location") or response.headers.get("hx-redirect")), path
    forbidden = zhao.post("/console/users", data={"csrf_token": csrf_token(zhao), "username": "x1", "role": "admin"},
                          follow_redirects=False)
    assert forbidden.status_code == 303 and console.app.state.console_db["users"].count == 2  # nothing created
    same = zhao.post("/console/account/password",
                     data={"csrf_token": csrf_token(zhao), "current": one_time, "new": one_time})
    assert same.status_code == 400 and "不能和当前密码一样" in same.text
    zhao.post("/console/account/password",
              data={"csrf_token": csrf_token(zhao), "current": one_time, "new": "zhao-own-password"})
    assert zhao.get("/console/users").status_code == 200
    assert "待设置密码" not in console.get("/console/users").text


def test_the_command_line_marks_generated_passwords_one_time(console, monkeypatch, capsys):
    monkeypatch.setenv("HUXIN_DB", str(console.app.state.settings.db_path))
    assert cli.main(["users", "add", "sun", "--role", "agent"]) == 0
    one_time = re.search(r"one-time password: (\S+)", capsys.readouterr().out).group(1)
    assert try_login(browser(console), "sun", one_time).headers["location"] == "/console/account"
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("chosen-by-me-1\n"))
    assert cli.main(["users", "add", "qian", "--password-stdin"]) == 0
    assert try_login(browser(console), "qian", "chosen-by-me-1").headers["location"] == "/console/queue"
    assert cli.main(["users", "reset-password", "qian"]) == 0
    reset = re.search(r"one-time password for qian: (\S+)", capsys.readouterr().out).group(1)
    assert try_login(browser(console), "qian", reset).headers["location"] == "/console/account"


def test_a_first_admin_with_a_generated_password_must_change_it(tmp_path):
    fresh = open_db(tmp_path / "fresh.db")
    assert users.ensure_first_admin(fresh, "admin", None)  # printed once on the terminal
    assert users.get_user(fresh, "admin").must_change_password
    given = open_db(tmp_path / "given.db")
    assert users.ensure_first_admin(given, "admin", "given-password-1") is None  # HUXIN_ADMIN_PASSWORD: chosen
    assert not users.get_user(given, "admin").must_change_password


# -- no web chat id, no server path -----------------------------------------------------------------------------

def test_no_console_page_shows_a_web_chat_id_or_a_server_path(console, clock, tmp_path):
    console.get("/")
    chat_id = console.cookies.get("huxin_chat").split(".")[0]  # the id part of the cookie (signed or not)
    key = f"web:{chat_id}"
    reply = console.post("/api/chat/messages", json={"text": "包工头威胁要打人，欠我工资"}).json()["replies"]
    assert any("110" in r["text"] for r in reply)  # escalated: in the queue
    bot_db = console.app.state.db
    data_dir = console.app.state.settings.data_dir
    document = data_dir / "documents" / "投诉书.docx"
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_bytes(b"PK-not-really-a-docx")
    stored = conversations.record_outbound(bot_db, key, "web", "bot", "这是您的投诉书",
                                           {"document": {"path": str(document), "filename": "投诉书.docx"}})
    case = open_case(open_cases_db(console.app.state.settings.db_path), complaint(key))  # this thread's connection

    login(console, "admin", ADMIN_PASSWORD)
    page_path = chat_path(console, key)
    token = csrf_token(console, page_path)
    console.post(f"{page_path}/claim", data={"csrf_token": token})
    console.post(f"{page_path}/reply", data={"csrf_token": token, "text": "您好"})
    console.post(f"{page_path}/note", data={"csrf_token": token, "text": "备注"})
    download = console.get(f"{page_path}/files/{stored.id}")
    assert download.status_code == 200 and download.content == b"PK-not-really-a-docx"
    assert str(data_dir) not in download.headers["content-disposition"]

    pages = ["/console/queue", "/console/queue/list", page_path, f"{page_path}/transcript",
             f"/console/cases/{case.case_number}", "/console/cases", "/console/audit"]
    for path in pages:
        html = console.get(path).text
        assert chat_id not in html, path
        assert str(data_dir) not in html and str(document) not in html, path
    assert f'href="{page_path}"' in console.get(f"/console/cases/{case.case_number}").text  # by number
    targets = [row["target"] or "" for row in console.app.state.console_db["audit_log"].rows]
    assert not [t for t in targets if chat_id in t]
    assert page_path.rsplit("/", 1)[1] in " ".join(targets)  # chat.view etc. name the chat by its number
    assert console.get(f"/console/chats/{key}").status_code == 404  # the key is not an address


def test_an_upgrade_numbers_existing_chats_and_renames_them_in_the_audit_log(tmp_path):
    """A database from before chat numbers: chats are numbered in the order they began, audit rows that named a
    chat by its key name it by number, and chats made afterwards take the next numbers."""
    from sqlite_utils.migrations import Migrations

    from bot import db as bot_db
    from console import db as console_db
    from core.db import connect

    path = tmp_path / "old.db"
    old = connect(path)
    for name, steps in (("bot", [bot_db.m001_chats_messages_outbox, bot_db.m002_chat_holder]),
                        ("console", [console_db.m001_accounts_audit, console_db.m002_chat_work_sites])):
        before = Migrations(name)
        for step in steps:
            before()(step)
        before.apply(old)
    for key, began in (("web:later-one", "2026-11-02T00:00:00"), ("web:first-one", "2026-11-01T00:00:00")):
        old["chats"].insert({"chat_key": key, "channel": "web", "chat_id": key[4:], "created_at": began})
    old["audit_log"].insert_all([{"action": "chat.view", "target": "web:later-one"},
                                 {"action": "chat.file", "target": "web:first-one#7"},
                                 {"action": "case.status", "target": "HX-2026-000001"}])
    old.close()

    upgraded = open_db(path)
    refs = {row["chat_key"]: row["ref"] for row in upgraded["chats"].rows}
    assert refs == {"web:first-one": 1, "web:later-one": 2}
    assert [row["target"] for row in upgraded["audit_log"].rows] == ["chat:2", "chat:1#7", "HX-2026-000001"]
    assert conversations.ensure_chat(upgraded, "web", "new-one")["ref"] == 3
