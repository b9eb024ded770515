"""Simulated workers for load and fault runs: each one opens a web chat (or a Telegram chat through the stand-in) and
plays a conversation from the mix — a rights question, a full complaint, a status check, a request for a person.

A worker behaves like a person: a complaint answers whatever the bot asks next (employer, months, phone, name ...)
and presses 确认 on the summary; told to send again (PLEASE_RESEND, a network error) it waits and sends the same
message again; if the bot lost track of the complaint (a Rasa restart forgets open forms) it starts over.
Every message and its outcome is recorded for the report and for the fault test's checks.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.admission import BUSY_NOTICE
from bot.gateway import PLEASE_RESEND
from bot.ratelimit import FLOOD_NOTICE
from bot.web.identity import chat_id_in

CASE_NUMBER = re.compile(r"HX-\d{4}-\d{6}")
NETWORK_ERROR = "network-error"

QUESTIONS = [
    "包工头跑了工资找谁要",
    "老板拖欠工资可以去哪里投诉",
    "劳动仲裁要花钱吗",
    "没签劳动合同能要到工资吗",
    "总包单位要先垫付工资吗",
    "工资专户是干啥用的",
    "12333是什么电话",
    "法律援助怎么申请",
]
GREETINGS = ["你好", "在吗", "谢谢"]
HANDOFF = ["转人工", "我要找真人客服"]
STATUS = ["我的投诉咋样了"]
EMPLOYERS = ["王大军", "李建国", "张铁柱", "刘富贵", "陈满仓", "赵有才", "孙长河", "周大海"]
OPENINGS = [
    "俺们一共9个人在北京大兴给人装修别墅 干完活老板不给钱 欠了七万三",
    "我在上海浦东的工地干了半年 老板欠我两万四不给",
    "我们5个人在广州白云区干装修 工头欠了三万多跑了",
]
ANSWERS = [  # what the bot asks (a phrase of cases/intake.py QUESTIONS) → how the worker answers
    ("总包", lambda w: "不知道"),  # asked only when the boss is a person (actions/intake.py)
    ("哪家公司或哪个老板", lambda w: f"包工头{w.rng.choice(EMPLOYERS)}"),
    ("在哪里干的活", lambda w: "北京市大兴区"),
    ("哪个工地", lambda w: "不知道"),
    ("欠了多少钱", lambda w: "七万三"),
    ("几个人", lambda w: "9个人"),
    ("多长时间", lambda w: "三个月"),
    ("手机号", lambda w: w.phone),
    ("简单说说情况", lambda w: "干完活老板不给钱"),
    ("怎么称呼", lambda w: "匿名"),
]


@dataclass
class Sent:
    """One message a worker sent and what became of it."""

    chat: str  # chat key, e.g. "web:abc"
    text: str
    started: float
    seconds: float = 0.0
    status: int | None = None  # HTTP status (web); None for a network error or Telegram
    replies: list[str] = field(default_factory=list)
    outcome: str = ""  # answer | resend | busy | flood | network-error | http-<status> | no-reply

    @property
    def answered(self) -> bool:
        return self.outcome == "answer"


@dataclass
class Worker:
    """One simulated worker; `send` is the channel (web or Telegram) it talks through."""

    name: str
    rng: random.Random
    send: Callable[["Worker", str, str | None], Awaitable[Sent]]
    think_seconds: float = 0.0
    resend_wait_seconds: float = 3.0
    max_resends: int = 20
    chat: str = ""
    phone: str = ""
    log: list[Sent] = field(default_factory=list)
    case_numbers: list[str] = field(default_factory=list)  # numbers the bot gave this worker
    conversations: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.phone = "13" + "".join(str(self.rng.randint(0, 9)) for _ in range(9))

    async def say(self, text: str, title: str | None = None) -> Sent:
        """Send, and send again while told to (as a person would, after a pause)."""
        for _ in range(self.max_resends):
            sent = await self.send(self, text, title)
            self.log.append(sent)
            for reply in sent.replies:
                self.case_numbers += CASE_NUMBER.findall(reply) if "已登记" in reply else []
            if sent.outcome not in ("resend", "busy", NETWORK_ERROR, "flood") and not sent.outcome.startswith("http-5"):
                return sent
            await asyncio.sleep(self.resend_wait_seconds)
        return sent

    async def pause(self) -> None:
        if self.think_seconds:
            await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.think_seconds)

    async def ask_question(self) -> None:
        await self.say(self.rng.choice(QUESTIONS))

    async def greet(self) -> None:
        await self.say(self.rng.choice(GREETINGS))

    async def check_status(self) -> None:
        await self.say(self.rng.choice(STATUS))

    async def ask_for_person(self) -> None:
        await self.say(self.rng.choice(HANDOFF))

    async def complain(self, max_turns: int = 14, max_restarts: int = 2) -> str | None:
        """A full complaint up to 确认; returns the case number the bot gave, if any."""
        reply = await self.say(self.rng.choice(OPENINGS))
        restarts = 0
        for _ in range(max_turns):
            text = "\n".join(reply.replies)
            if "已登记" in text and CASE_NUMBER.search(text):
                return CASE_NUMBER.search(text).group(0)
            await self.pause()
            if "确认" in text and "修改" in text:
                reply = await self.say("/affirm", "确认")
                continue
            answer = next((make(self) for phrase, make in ANSWERS if phrase in text), None)
            if answer is None:  # the bot is not in the complaint (lost after a restart, or misunderstood)
                if restarts >= max_restarts:
                    return None
                restarts += 1
                reply = await self.say(self.rng.choice(OPENINGS))
                continue
            reply = await self.say(answer)
        return None

    async def run_mix(self, weights: dict[str, float] | None = None) -> str:
        """One conversation from the mix; returns its kind."""
        weights = weights or {"question": 0.45, "complaint": 0.25, "status": 0.15, "handoff": 0.1, "greeting": 0.05}
        kind = self.rng.choices(list(weights), list(weights.values()))[0]
        self.conversations.append(kind)
        await self.pause()  # a person opens the chat and types
        if kind == "complaint":
            await self.complain()
            await self.pause()
            await self.check_status()
        elif kind == "question":
            await self.ask_question()
            await self.pause()
            await self.ask_question()
        elif kind == "status":
            await self.check_status()
        elif kind == "handoff":
            await self.greet()
            await self.pause()
            await self.ask_for_person()
        else:
            await self.greet()
        return kind


def classify(replies: list[str]) -> str:
    if not replies:
        return "no-reply"
    if any(PLEASE_RESEND in r for r in replies):
        return "resend"
    if any(BUSY_NOTICE in r for r in replies):
        return "busy"
    if any(FLOOD_NOTICE in r for r in replies):
        return "flood"
    return "answer"


# -- the web chat channel --------------------------------------------------------------------------------------------
class WebChannel:
    """Talks to the web chat API: one cookie (chat) per worker, a shared connection pool."""

    def __init__(self, web_url: str, timeout: float = 60.0, max_connections: int = 400) -> None:
        # Idle connections are dropped after 2 s, before uvicorn drops them (its keep-alive is 5 s, and httpx's default
        # is 5 s too). With equal times a request can go out on a connection the server is closing at that moment and
        # fail; a browser sends such a request again by itself, httpx does not. The likely cause of the one worker
        # request that failed (1 of 1,444) in a clean-clone CI run of tests/test_cluster.py, whose web log shows no
        # stored message waiting longer than the gateway's 30 s.
        self.client = httpx.AsyncClient(
            base_url=web_url, timeout=timeout,
            limits=httpx.Limits(max_connections=max_connections, keepalive_expiry=2.0),
        )
        self.cookies: dict[str, str] = {}

    async def open(self, worker: Worker) -> None:
        """Open the chat page as a new visitor. Its own client: the shared one's cookie jar would hand one worker's
        new cookie to another worker opening at the same moment (and the page keeps a chat for a known cookie)."""
        async with httpx.AsyncClient(base_url=str(self.client.base_url), timeout=self.client.timeout) as visitor:
            response = await visitor.get("/")
        response.raise_for_status()
        chat_id = response.cookies.get("huxin_chat")
        self.cookies[worker.name] = chat_id
        worker.chat = f"web:{chat_id_in(chat_id)}"

    def _cookie(self, worker: Worker) -> dict[str, str]:  # set per request; the shared client stores none
        return {"cookie": f"huxin_chat={self.cookies[worker.name]}"}

    async def send(self, worker: Worker, text: str, title: str | None) -> Sent:
        sent = Sent(chat=worker.chat, text=title or text, started=time.perf_counter())
        try:
            response = await self.client.post(
                "/api/chat/messages", json={"text": text, "title": title}, headers=self._cookie(worker)
            )
        except httpx.HTTPError:
            sent.seconds = time.perf_counter() - sent.started
            sent.outcome = NETWORK_ERROR
            return sent
        sent.seconds = time.perf_counter() - sent.started
        sent.status = response.status_code
        if response.status_code != 200:
            sent.outcome = f"http-{response.status_code}"
            return sent
        sent.replies = [r.get("text") or "" for r in response.json().get("replies", [])]
        sent.outcome = classify(sent.replies)
        return sent

    async def history(self, worker: Worker) -> list[dict[str, Any]]:
        response = await self.client.get("/api/chat/history", headers=self._cookie(worker))
        response.raise_for_status()
        return response.json()["messages"]

    async def aclose(self) -> None:
        await self.client.aclose()
