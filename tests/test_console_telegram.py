"""An agent in the console (the stack's web process) talks to a Telegram worker (PTB against the Bot API
stand-in in this process): the reply crosses processes through the outbox, and the bot stays silent meanwhile."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest

import console
from console import users
from tests.stack import Stack
from tests.test_telegram_channel import RunningTelegram, telegram  # noqa: F401  (fixture)

pytestmark = pytest.mark.stack

PASSWORD = "agent-password-2"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def console_session(stack: Stack) -> httpx.AsyncClient:
    db = console.open_db(stack.db_path)
    if not db["users"].count_where("username = ?", ["xiaoli"]):
        users.create_user(db, "xiaoli", PASSWORD, role="agent", display_name="小李")
    client = httpx.AsyncClient(base_url=stack.web_url, timeout=30)
    token = CSRF.search((await client.get("/console/login")).text).group(1)
    await client.post("/console/login", data={"username": "xiaoli", "password": PASSWORD, "csrf_token": token})
    return client


async def test_an_agent_reply_from_the_console_reaches_a_telegram_worker(stack: Stack, telegram: RunningTelegram) -> None:  # noqa: F811
    chat = 1201
    telegram.api.worker_says(chat, "我要找人工")
    (handoff,) = await telegram.api.wait_for_messages(chat, 1)
    assert "转人工" in handoff["text"]

    staff = await console_session(stack)
    try:
        db = console.open_db(stack.db_path)
        ref = db.execute("select ref from chats where chat_key = ?", [f"telegram:{chat}"]).fetchone()[0]
        db.close()
        page = f"/console/chats/{ref}"  # the console names chats by number
        assert f'data-chat="{ref}"' in (await staff.get("/console/queue/list")).text
        token = CSRF.search((await staff.get(page)).text).group(1)
        await staff.post(f"{page}/claim", data={"csrf_token": token})
        await staff.post(f"{page}/reply", data={"csrf_token": token, "text": "您好，我是坐席小李，请讲。"})

        replies = await telegram.api.wait_for_messages(chat, 3, timeout=20)
        assert "小李已接入" in replies[1]["text"]
        assert replies[2]["text"] == "您好，我是坐席小李，请讲。"
        transcript = (await staff.get(f"{page}/transcript")).text
        assert "已送达" in transcript

        telegram.api.worker_says(chat, "老板欠了我两万")
        await asyncio.sleep(2)
        assert len(telegram.api.messages_to(chat)) == 3  # no bot answer while the agent holds the chat
        assert "老板欠了我两万" in (await staff.get(f"{page}/transcript")).text
    finally:
        await staff.aclose()
