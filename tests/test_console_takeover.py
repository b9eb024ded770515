"""Live takeover in the console, in-process: escalation, claim, reply through the gateway, notes, hand back.

Rasa is not running here, so escalation comes from the gateway's own danger-word check; the full path through
Rasa and a real browser is in test_console_browser.py.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.web.identity import chat_id_in
from console.web.routes_chats import HANDED_BACK
from tests.console_helpers import ADMIN_PASSWORD, PASSWORD, add_user, chat_path, csrf_token, login

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def worker_says(client, text: str) -> list[dict]:
    response = client.post("/api/chat/messages", json={"text": text})
    assert response.status_code == 200, response.text
    return response.json()["replies"]


def worker_key(client) -> str:
    return "web:" + chat_id_in(client.cookies.get("huxin_chat"))


def escalated_worker(console) -> str:
    console.get("/")
    replies = worker_says(console, "包工头威胁要打人，电话13812345678")
    assert any("110" in r["text"] for r in replies)
    return worker_key(console)


def test_danger_words_put_the_chat_in_the_queue_with_the_phone_masked(console):
    key = escalated_worker(console)
    login(console, "admin", ADMIN_PASSWORD)
    page = console.get("/console/queue/list").text
    assert f'href="{chat_path(console, key)}"' in page
    assert key.split(":")[1] not in page  # the web chat's id (its cookie's) never reaches a console page
    assert "等待人工" in page
    assert "138****5678" in page and "13812345678" not in page


def test_agent_reply_reaches_the_worker_and_the_bot_stays_silent(console):
    key = escalated_worker(console)
    add_user(console, "wang", "agent")
    login(console, "wang")
    token = csrf_token(console, chat_path(console, key))
    refused = console.post(f"{chat_path(console, key)}/reply", data={"csrf_token": token, "text": "您好"})
    assert refused.status_code == 409 and "先接管" in refused.text

    assert console.post(f"{chat_path(console, key)}/claim", data={"csrf_token": token}).status_code == 200
    console.post(f"{chat_path(console, key)}/reply", data={"csrf_token": token, "text": "您好，我是坐席小王，请说说情况。"})
    assert worker_says(console, "欠了三个月工资") == []  # a person holds the chat: no bot answer, no "resend"

    history = console.get("/api/chat/history").json()["messages"]
    senders = [(m["sender"], m["text"]) for m in history]
    assert ("agent", "您好，我是坐席小王，请说说情况。") in senders
    assert senders[-1] == ("worker", "欠了三个月工资")
    transcript = console.get(f"{chat_path(console, key)}/transcript").text
    assert "欠了三个月工资" in transcript and "发送中" in transcript  # not yet fetched by the worker's page


def test_internal_notes_never_reach_the_worker(console):
    key = escalated_worker(console)
    login(console, "admin", ADMIN_PASSWORD)
    token = csrf_token(console, chat_path(console, key))
    console.post(f"{chat_path(console, key)}/note", data={"csrf_token": token, "text": "内部：疑似群体事件，已报班长"})
    assert "疑似群体事件" in console.get(f"{chat_path(console, key)}/transcript").text
    history = console.get("/api/chat/history").json()["messages"]
    assert all("疑似群体事件" not in m["text"] for m in history)
    bot_db = console.app.state.db
    assert bot_db["messages"].count_where("text like ?", ["%疑似群体事件%"]) == 0
    assert bot_db["outbox"].count_where("chat_key = ?", [key]) == len([m for m in history if m["direction"] == "out"])


def test_a_claimed_chat_cannot_be_taken_by_a_second_agent(console):
    key = escalated_worker(console)
    add_user(console, "li", "agent")
    add_user(console, "zhao", "agent")
    login(console, "li")
    console.post(f"{chat_path(console, key)}/claim", data={"csrf_token": csrf_token(console, chat_path(console, key))})
    login(console, "zhao")
    token = csrf_token(console, chat_path(console, key))
    taken = console.post(f"{chat_path(console, key)}/claim", data={"csrf_token": token})
    assert taken.status_code == 409 and "li" in taken.text
    reply = console.post(f"{chat_path(console, key)}/reply", data={"csrf_token": token, "text": "抢答"})
    assert reply.status_code == 409
    assert console.app.state.db["messages"].count_where("text = ?", ["抢答"]) == 0


def test_hand_back_lets_the_bot_answer_again(console):
    key = escalated_worker(console)
    login(console, "admin", ADMIN_PASSWORD)
    token = csrf_token(console, chat_path(console, key))
    console.post(f"{chat_path(console, key)}/claim", data={"csrf_token": token})
    assert worker_says(console, "还在吗") == []
    back = console.post(f"{chat_path(console, key)}/handback", data={"csrf_token": token}, follow_redirects=False)
    assert back.status_code == 303
    history = console.get("/api/chat/history").json()["messages"]
    assert history[-1]["text"] == HANDED_BACK
    assert worker_says(console, "还在吗") != []  # the bot (here: Rasa is down, so "please resend") answers again
    assert chat_path(console, key) not in console.get("/console/queue/list").text


def test_worker_markup_is_shown_as_text_in_the_transcript(console):
    console.get("/")
    worker_says(console, '<script>alert(1)</script><img src=x onerror="alert(2)">要打人了')
    key = worker_key(console)
    login(console, "admin", ADMIN_PASSWORD)
    transcript = console.get(f"{chat_path(console, key)}/transcript").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in transcript
    assert "<script>alert(1)" not in transcript and "<img src=x" not in transcript


def test_repeated_wrong_passwords_from_one_address_make_it_wait_before_the_next_try(console):
    settings = console.app.state.console_settings
    frozen = settings.clock()
    console.app.state.console_settings = replace(settings, clock=lambda: frozen)  # no second passes in between
    add_user(console, "chen", "agent")
    for _ in range(3):
        page = console.get("/console/login")
        token = CSRF.search(page.text).group(1)
        wrong = console.post("/console/login", data={"username": "chen", "password": "wrong", "csrf_token": token})
        assert wrong.status_code == 401 and "用户名或密码不对" in wrong.text
    token = CSRF.search(console.get("/console/login").text).group(1)
    waiting = console.post("/console/login", data={"username": "chen", "password": PASSWORD, "csrf_token": token})
    assert waiting.status_code == 429 and "请 1 秒后再试" in waiting.text


def test_session_cookie_is_httponly_and_samesite(console):
    page = console.get("/console/login")
    token = CSRF.search(page.text).group(1)
    response = console.post(
        "/console/login", data={"username": "admin", "password": ADMIN_PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert "huxin_console=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_logins_replies_and_views_are_audited(console):
    key = escalated_worker(console)
    login(console, "admin", ADMIN_PASSWORD)
    token = csrf_token(console, chat_path(console, key))
    console.post(f"{chat_path(console, key)}/claim", data={"csrf_token": token})
    console.post(f"{chat_path(console, key)}/reply", data={"csrf_token": token, "text": "您好"})
    actions = [row["action"] for row in console.app.state.console_db["audit_log"].rows_where(order_by="id")]
    assert actions[:1] == ["login"]
    assert {"chat.view", "chat.claim", "chat.reply"} <= set(actions)
