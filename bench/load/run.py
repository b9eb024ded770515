"""Whole-stack load: simulated workers through the web chat API and the Telegram stand-in, N concurrent chats.

    .venv/bin/python bench/load/run.py                                   # own stack; 10, 50, 200 chats; web + telegram
    .venv/bin/python bench/load/run.py --chats 50 --seconds 60 --channel web
    .venv/bin/python bench/load/run.py --no-breakdown --json /tmp/load.json
    .venv/bin/python bench/load/run.py --replicas 2 --chats 200 --think 15 --channel web --no-breakdown  # cluster

Each worker plays conversations from the mix (bench/load/workers.py: rights questions, full complaints, status checks,
requests for a person), a new chat per conversation, no think time unless --think (a closed loop: N chats always
waiting on the bot, so throughput is the stack's capacity and latency is mostly queueing once it is saturated).
Per level it prints reply latency p50/p95/p99 (time to the reply; Telegram: to the first reply), messages per second,
errors (HTTP errors, network errors, "please send again"), and each service's peak RSS. Then, with nothing else
running, where one message's time goes: gateway round trip vs Rasa's webhook, NLU parse, the tracker read, an action
on its own (retrieval, database), and the gateway's SQLite writes.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HUXIN_FLOOD_BURST", "100000")  # workers here type faster than people; measure, do not limit

from bench.load.workers import Sent, WebChannel, Worker, classify  # noqa: E402
from tests.cluster import ClusterStack  # noqa: E402
from tests.stack import Stack  # noqa: E402


@dataclass
class LoadStack(Stack):
    def env(self) -> dict[str, str]:
        env = super().env()
        env["HUXIN_FLOOD_BURST"] = os.environ["HUXIN_FLOOD_BURST"]
        # Every simulated worker opens its chats from 127.0.0.1: the new-chats-per-address limit is off here.
        env["HUXIN_WEB_NEW_CHATS_PER_ADDRESS"] = "0"
        return env


@dataclass
class LoadClusterStack(ClusterStack, LoadStack):
    """The replicated layout (make run-cluster: N Rasa replicas and action servers on PostgreSQL and Redis)."""

    def env(self) -> dict[str, str]:
        env = super().env()
        env["HUXIN_FLOOD_BURST"] = os.environ["HUXIN_FLOOD_BURST"]  # the cluster test's own limit is lower
        return env


def load_stack(data_dir: Path, replicas: int = 1, **fields: Any) -> LoadStack:
    """One Rasa (make run), or the replicated layout when replicas > 1."""
    if replicas > 1:
        return LoadClusterStack(data_dir, replicas=replicas, **fields)
    return LoadStack(data_dir, **fields)


def process_groups(stack: Stack) -> dict[str, list[int]]:
    """The stack's processes by role: every Rasa replica counts as "rasa", every action server as "actions"; the
    replicated layout adds "state" (PostgreSQL, whose backends are its children, and redis-server)."""
    groups: dict[str, list[int]] = {}
    for name, service in stack.services.items():
        if service.process is not None:
            groups.setdefault(name.rstrip("0123456789"), []).append(service.process.pid)
    for name, process in getattr(stack, "_state_processes", {}).items():
        groups.setdefault("state", []).append(process.pid)
    return groups


def with_children(pids: list[int]) -> list[int]:
    """The processes and their children now (PostgreSQL serves each connection in a child process)."""
    found = list(pids)
    parents = set(pids)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid in parents:
            found.append(int(stat.parent.name))
    return found


# -- Telegram through the stand-in -----------------------------------------------------------------------------------
class TelegramLoad:
    """A TelegramChannel (PTB's real network code) in this process, talking to the Bot API stand-in."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.chat_ids = itertools.count(50_000_001)
        self.waiters: dict[int, asyncio.Event] = {}

    async def start(self) -> None:
        from dataclasses import replace

        from bot.telegram import TelegramChannel
        from core.settings import settings as current_settings
        from tests.telegram_standin import TelegramStandIn

        waiters = self.waiters

        class NotifyingStandIn(TelegramStandIn):
            async def _api_sendMessage(self, params: dict[str, Any]):  # noqa: N802 (Bot API name)
                response = await super()._api_sendMessage(params)
                event = waiters.get(int(params["chat_id"]))
                if event:
                    event.set()
                return response

        self.api = NotifyingStandIn()
        await self.api.start()
        settings = replace(
            current_settings(), data_dir=self.stack.data_dir, db_override=self.stack.db_path, rasa_url=self.stack.rasa_url,
            telegram_token=self.api.token, telegram_base_url=self.api.base_url,
            telegram_base_file_url=self.api.base_file_url, outbox_poll_seconds=0.2,
        )
        self.channel = TelegramChannel(settings)
        self.app = self.channel.build_application()
        await self.app.initialize()
        await self.app.post_init(self.app)
        await self.app.start()
        await self.app.updater.start_polling(poll_interval=0.0, timeout=1)

    async def stop(self) -> None:
        await self.app.updater.stop()
        await self.app.stop()
        await self.app.post_shutdown(self.app)
        await self.app.shutdown()
        await self.api.stop()

    async def open(self, worker: Worker) -> None:
        worker.chat = f"telegram:{next(self.chat_ids)}"

    async def send(self, worker: Worker, text: str, title: str | None) -> Sent:
        chat_id = int(worker.chat.split(":")[1])
        event = self.waiters.setdefault(chat_id, asyncio.Event())
        event.clear()
        before = len(self.api.messages_to(chat_id))
        sent = Sent(chat=worker.chat, text=title or text, started=time.perf_counter())
        if text.startswith("/affirm"):  # the worker presses the 确认 button under the summary
            summary = next(m for m in reversed(self.api.messages_to(chat_id)) if m.get("reply_markup"))
            button = next(b for row in summary["reply_markup"]["inline_keyboard"] for b in row if b["text"] == title)
            self.api.worker_presses(chat_id, button["callback_data"])
        else:
            self.api.worker_says(chat_id, text)
        try:
            await asyncio.wait_for(event.wait(), timeout=60)
        except asyncio.TimeoutError:
            sent.outcome = "no-reply"
            return sent
        sent.seconds = time.perf_counter() - sent.started
        for _ in range(100):  # the rest of this message's replies are already queued; wait until they are out
            pending = self.channel.db.execute(
                "select count(*) from outbox where chat_key = ? and status = 'pending'", [worker.chat]
            ).fetchone()[0]
            if not pending:
                break
            await asyncio.sleep(0.02)
        sent.replies = [m.get("text") or "" for m in self.api.messages_to(chat_id)[before:]]
        sent.outcome = classify(sent.replies)
        return sent


# -- measuring -------------------------------------------------------------------------------------------------------
def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class RssSampler:
    """Peak RSS per role (a role's replicas added up), sampled every 0.25 s."""

    def __init__(self, pids: dict[str, list[int]]) -> None:
        self.pids = pids
        self.peak: dict[str, float] = {name: 0.0 for name in pids}
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        while True:
            for name, group in self.pids.items():
                self.peak[name] = max(self.peak[name], sum(rss_mb(pid) for pid in group))
            await asyncio.sleep(0.25)

    def __enter__(self) -> "RssSampler":
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task:
            self._task.cancel()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class LevelResult:
    channel: str
    chats: int
    seconds: float
    messages: int
    msgs_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: dict[str, int]
    conversations: dict[str, int]
    cases_opened: int
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    # How fast a worker learns to wait: admission control's "please send in a minute" (p95, slowest), issue 15.
    busy_p95_ms: float = float("nan")
    busy_max_ms: float = float("nan")

    def line(self) -> str:
        errors = ", ".join(f"{k} {v}" for k, v in sorted(self.errors.items())) or "none"
        rss = " ".join(f"{k} {v:.0f}" for k, v in self.peak_rss_mb.items())
        return (f"{self.channel:8} {self.chats:4} chats  {self.messages:5} msgs in {self.seconds:5.1f} s  "
                f"{self.msgs_per_s:6.1f} answered/s  p50 {self.p50_ms:6.0f} ms  p95 {self.p95_ms:6.0f} ms  "
                f"p99 {self.p99_ms:6.0f} ms  errors: {errors}  cases {self.cases_opened}  peak RSS MB: {rss}"
                + (f"  busy notice p95 {self.busy_p95_ms:.0f} ms, slowest {self.busy_max_ms:.0f} ms"
                   if self.errors.get("busy") else ""))


async def run_level(
    channel: Any, name: str, chats: int, seconds: float, seed: int, pids: dict[str, list[int]], think: float = 0.0
) -> LevelResult:
    stop = asyncio.Event()
    workers = [
        Worker(f"{name}-{chats}-{i}", random.Random(seed * 10_000 + i), channel.send, think_seconds=think)
        for i in range(chats)
    ]
    kinds: Counter = Counter()

    async def play(worker: Worker) -> None:
        while not stop.is_set():
            await channel.open(worker)
            kinds[await worker.run_mix()] += 1

    with RssSampler(pids) as rss:
        started = time.perf_counter()
        tasks = [asyncio.create_task(play(w)) for w in workers]
        await asyncio.sleep(seconds)
        stop.set()
        await asyncio.gather(*tasks)  # conversations under way finish
        elapsed = time.perf_counter() - started
    sent = [s for w in workers for s in w.log]
    answered = [s.seconds * 1000 for s in sent if s.outcome == "answer"]
    errors = Counter(s.outcome for s in sent if s.outcome != "answer")
    busy = [s.seconds * 1000 for s in sent if s.outcome == "busy"]
    return LevelResult(
        # answered per second: a "busy" notice (admission control) is quick and is not capacity
        channel=name, chats=chats, seconds=elapsed, messages=len(sent), msgs_per_s=len(answered) / elapsed,
        p50_ms=percentile(answered, 50), p95_ms=percentile(answered, 95), p99_ms=percentile(answered, 99),
        errors=dict(errors), conversations=dict(kinds),
        cases_opened=len({n for w in workers for n in w.case_numbers}), peak_rss_mb=dict(rss.peak),
        busy_p95_ms=percentile(busy, 95), busy_max_ms=max(busy, default=float("nan")),
    )


async def timed(call, samples: int) -> tuple[float, float]:
    """Median and p95 milliseconds of `samples` sequential calls."""
    times = []
    for i in range(samples):
        started = time.perf_counter()
        await call(i)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), percentile(times, 95)


async def breakdown(stack: Stack, samples: int = 20) -> dict[str, tuple[float, float]]:
    """One message at a time, nothing else running: where a message's time goes."""
    from bot import conversations
    from bot.db import open_database
    from bot.normalize import normalize_text

    question, greeting = "包工头跑了工资找谁要", "你好"
    web = WebChannel(stack.web_url)
    # The probes call Rasa and the action server directly, so they carry what the gateway and Rasa carry.
    rasa = httpx.AsyncClient(base_url=stack.rasa_url, timeout=60, params=stack.rasa_params)
    actions = httpx.AsyncClient(base_url=stack.action_url, timeout=60, headers=stack.action_headers)
    results: dict[str, tuple[float, float]] = {}
    worker = Worker("probe", random.Random(0), web.send)

    def web_message(text: str):
        async def call(i: int) -> None:
            await web.open(worker)
            await web.send(worker, text, None)
        return call

    def webhook(text: str):
        async def call(i: int) -> None:
            await rasa.post("/webhooks/rest/webhook", json={"sender": f"probe:{text}{i}", "message": text,
                                                             "metadata": {"channel": "web", "chat_id": f"p{i}"}})
        return call

    async def parse(i: int) -> None:
        await rasa.post("/model/parse", json={"text": question})

    async def tracker(i: int) -> None:
        await rasa.get(f"/conversations/probe:{question}{i}/tracker", params={"include_events": "NONE"})

    def action(name: str, text: str, intent: str):
        async def call(i: int) -> None:
            await actions.post("/webhook", json={
                "next_action": name, "sender_id": f"web:probe{i}", "domain": {},
                "tracker": {"sender_id": f"web:probe{i}", "slots": {}, "latest_message": {
                    "text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": [],
                    "metadata": {"channel": "web"}}, "events": [], "paused": False, "followup_action": None,
                    "active_loop": {}, "latest_action_name": "action_listen"},
            })
        return call

    results["web round trip: rights question (everything)"] = await timed(web_message(question), samples)
    results["web round trip: greeting (no custom action)"] = await timed(web_message(greeting), samples)
    results["Rasa webhook: rights question (NLU+policy+action)"] = await timed(webhook(question), samples)
    results["Rasa webhook: greeting (NLU+policy)"] = await timed(webhook(greeting), samples)
    results["Rasa /model/parse (NLU only)"] = await timed(parse, samples)
    results["Rasa tracker read (gateway asks for the intent)"] = await timed(tracker, samples)
    results["action server: action_answer_question (retrieval)"] = await timed(
        action("action_answer_question", question, "ask_policy"), samples)
    results["action server: action_check_status (database)"] = await timed(
        action("action_check_status", "我的投诉咋样了", "check_status"), samples)

    db = open_database(Path(tempfile.mkdtemp(prefix="huxin-db-bench-")) / "huxin.db")

    async def storage(i: int) -> None:
        normalize_text(question)
        conversations.ensure_chat(db, "web", f"d{i}")
        message_id = conversations.record_inbound(db, f"web:d{i}", question, question)
        conversations.record_nlu(db, message_id, "ask_policy", 0.9)
        conversations.record_outbound(db, f"web:d{i}", "web", "bot", "回答" * 200)

    results["gateway SQLite writes + normalise (in process)"] = await timed(storage, samples)
    await web.aclose()
    await rasa.aclose()
    await actions.aclose()
    return results


async def main_async(args: argparse.Namespace) -> int:
    stack = load_stack(Path(tempfile.mkdtemp(prefix="huxin-load-")), args.replicas)
    layout = f"{args.replicas} Rasa replicas and action servers on PostgreSQL and Redis" if args.replicas > 1 else (
        "Rasa, the action server")
    print(f"starting {layout} and the web process ...", flush=True)
    await asyncio.to_thread(stack.start)
    pids = process_groups(stack)
    telegram = None
    report: dict[str, Any] = {"levels": [], "breakdown": {}, "load_average_before": os.getloadavg()}
    try:
        channels: list[tuple[str, Any]] = []
        if args.channel in ("web", "both"):
            channels.append(("web", WebChannel(stack.web_url)))
        if args.channel in ("telegram", "both"):
            telegram = TelegramLoad(stack)
            await telegram.start()
            channels.append(("telegram", telegram))
        # warm-up: first requests load lazy parts (jieba, TF graphs)
        await run_level(channels[0][1], "warmup", 4, 5, seed=0, pids={})
        if args.breakdown and args.replicas == 1:  # the breakdown probes one Rasa and one action server
            report["breakdown"] = await breakdown(stack)
            print("\nWhere one message's time goes (sequential, median / p95 ms):")
            for what, (median, p95) in report["breakdown"].items():
                print(f"  {what:55} {median:7.1f} / {p95:7.1f}")
        print()
        for name, channel in channels:
            for level in args.chats:
                result = await run_level(channel, name, level, args.seconds, seed=level,
                                         pids={**pids, "bench+telegram": [os.getpid()]} if name == "telegram" else pids,
                                         think=args.think)
                report["levels"].append(asdict(result))
                print(result.line(), flush=True)
        conn_ok = await asyncio.to_thread(_integrity, stack.db_path)
        print(f"\nPRAGMA integrity_check: {conn_ok}; load average now {os.getloadavg()}")
        for name, channel in channels:
            if isinstance(channel, WebChannel):
                await channel.aclose()
    finally:
        if telegram:
            await telegram.stop()
        stack.stop()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def _integrity(path: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=lambda s: [int(x) for x in s.split(",")], default=[10, 50, 200])
    parser.add_argument("--seconds", type=float, default=45, help="load per level (conversations under way finish)")
    parser.add_argument("--channel", choices=["web", "telegram", "both"], default="both")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a worker takes to type each message (default 0)")
    parser.add_argument("--no-breakdown", dest="breakdown", action="store_false")
    parser.add_argument("--replicas", type=int, default=1,
                        help="Rasa replicas (>1: the replicated layout of make run-cluster, PostgreSQL + Redis)")
    parser.add_argument("--json", type=Path)
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
