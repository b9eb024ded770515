"""One long conversation: does a turn cost more when the chat already has hundreds of turns behind it?

    .venv/bin/python bench/load/long_chat.py                 # own stack, 300 turns through the web chat
    .venv/bin/python bench/load/long_chat.py --turns 300 --json /tmp/long.json

ONE worker keeps ONE web chat for --turns messages, sent one at a time (nothing else runs), in blocks of 20 turns
with the same make-up: a greeting, rights questions, status checks, thanks and a whole complaint (opening, the
answers the bot asks for, 确认 on the read-back) — a worker who keeps a chat for weeks. Every window of 20 turns has
the same mix, so the median of turns 1–20, 101–120, 181–200 and 281–300 can be compared directly; rights questions
alone (the costliest turn: NLU + policies + retrieval on the action server) are also shown per window.
Wall time on a shared machine moves with other work, so each window also gets the CPU time the three processes (Rasa,
action server, web) spent per turn (from /proc, 10 ms ticks summed over the window): that ratio holds under load.
At the end: Rasa's tracker for the chat (every session: events, bytes of JSON) and the part Rasa loads on every turn
and sends to the action server on every custom action (the events since the latest session start).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HUXIN_FLOOD_BURST", "100000")  # one message at a time, but 300 of them: measure, do not limit

from bench.load.run import LoadStack  # noqa: E402
from bench.load.workers import ANSWERS, CASE_NUMBER, QUESTIONS, Sent, WebChannel, Worker  # noqa: E402

WINDOWS = [(1, 20), (101, 120), (181, 200), (281, 300)]
BLOCK = 20
OPENING = "我在上海浦东的工地干了半年 老板欠我两万四不给"


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (/proc/<pid>/stat fields 14 and 15)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


class LongChat:
    """The worker's side: a fixed block of 20 turns, repeated; every turn tagged with its kind."""

    def __init__(self, channel: WebChannel, seed: int = 7, pids: list[int] | None = None) -> None:
        self.channel = channel
        self.worker = Worker("long", random.Random(seed), channel.send)
        self.turns: list[tuple[str, Sent]] = []
        self.cpu: list[float] = []  # CPU seconds of the stack's processes per turn
        self.pids = pids or []
        self.cases: list[str] = []

    async def say(self, kind: str, text: str, title: str | None = None) -> Sent:
        before = cpu_seconds(self.pids)
        sent = await self.channel.send(self.worker, text, title)
        await asyncio.sleep(0.05)  # let the outbox and logging settle into this turn's account
        self.cpu.append(cpu_seconds(self.pids) - before)
        self.turns.append((kind, sent))
        return sent

    async def complaint(self, budget: int) -> int:
        """A whole complaint up to 确认 in at most `budget` turns; returns the turns it took."""
        used = 1
        reply = await self.say("complaint", OPENING)
        while used < budget:
            text = "\n".join(reply.replies)
            if "已登记" in text and CASE_NUMBER.search(text):
                self.cases.append(CASE_NUMBER.search(text).group(0))
                break
            if "确认" in text and "修改" in text:
                reply = await self.say("complaint", "/affirm", "确认")
            else:
                answer = next((make(self.worker) for phrase, make in ANSWERS if phrase in text), "不知道")
                reply = await self.say("complaint", answer)
            used += 1
        return used

    async def block(self, index: int) -> None:
        rng = self.worker.rng
        start = len(self.turns)
        await self.say("greeting", "你好")
        await self.say("question", rng.choice(QUESTIONS))
        await self.say("status", "我的投诉咋样了")
        await self.say("question", rng.choice(QUESTIONS))
        await self.complaint(budget=11)
        await self.say("status", "我的投诉咋样了")
        await self.say("thanks", "谢谢")
        while len(self.turns) - start < BLOCK:  # the complaint took fewer turns than its budget: more questions
            await self.say("question", rng.choice(QUESTIONS))

    async def run(self, turns: int, progress: bool = True) -> None:
        await self.channel.open(self.worker)
        index = 0
        while len(self.turns) < turns:
            await self.block(index)
            index += 1
            if progress:
                recent = [s.seconds * 1000 for _, s in self.turns[-BLOCK:]]
                print(f"  turns {len(self.turns) - BLOCK + 1:3}–{len(self.turns):3}: median "
                      f"{statistics.median(recent):6.1f} ms", flush=True)
        del self.turns[turns:]
        del self.cpu[turns:]


def window_medians(turns: list[tuple[str, Sent]], kind: str | None = None) -> dict[str, float]:
    result = {}
    for first, last in WINDOWS:
        if last > len(turns):
            continue
        times = [s.seconds * 1000 for k, s in turns[first - 1:last] if kind is None or k == kind]
        result[f"{first}-{last}"] = statistics.median(times) if times else float("nan")
    return result


def window_cpu_ms(cpu: list[float]) -> dict[str, float]:
    return {f"{first}-{last}": sum(cpu[first - 1:last]) / (last - first + 1) * 1000
            for first, last in WINDOWS if last <= len(cpu)}


def tracker_sizes(rasa_db: Path, sender: str) -> dict[str, int]:
    """Rasa's stored events for the chat: all of them, and the latest session (what Rasa loads and ships per turn)."""
    conn = sqlite3.connect(rasa_db)
    try:
        rows = conn.execute("select id, type_name, data from events where sender_id = ? order by id", [sender]).fetchall()
    finally:
        conn.close()
    starts = [i for i, (_, type_name, _) in enumerate(rows) if type_name == "session_started"]
    session = rows[starts[-1]:] if starts else rows
    return {
        "events_all": len(rows),
        "bytes_all": sum(len(data.encode()) for _, _, data in rows),
        "sessions": len(starts),
        "events_session": len(session),
        "bytes_session": sum(len(data.encode()) for _, _, data in session),
    }


async def main_async(args: argparse.Namespace) -> int:
    stack = LoadStack(Path(tempfile.mkdtemp(prefix="huxin-long-")))
    print("starting Rasa, the action server and the web process ...", flush=True)
    await asyncio.to_thread(stack.start)
    channel = WebChannel(stack.web_url)
    report: dict[str, Any] = {"load_average_before": os.getloadavg(), "turns": args.turns}
    try:
        warm = LongChat(channel, seed=1)  # first requests load lazy parts (jieba, TF graphs, the e5 model)
        await warm.run(BLOCK, progress=False)
        pids = [service.process.pid for service in stack.services.values()]
        chat = LongChat(channel, seed=args.seed, pids=pids)
        started = time.perf_counter()
        await chat.run(args.turns)
        report["seconds"] = time.perf_counter() - started
        failed = [(k, s.text, s.outcome) for k, s in chat.turns if s.outcome != "answer"]
        report["not_answered"] = len(failed)
        report["cases_opened"] = len(chat.cases)
        report["median_ms"] = window_medians(chat.turns)
        report["median_ms_questions"] = window_medians(chat.turns, "question")
        report["cpu_ms_per_turn"] = window_cpu_ms(chat.cpu)
        report["tracker"] = tracker_sizes(stack.data_dir / "rasa-trackers.db", chat.worker.chat)
        report["load_average_after"] = os.getloadavg()
        async with httpx.AsyncClient(base_url=stack.web_url) as web:  # the gateway's /metrics, if it has one
            metrics = await web.get("/metrics")
            report["gateway_metrics_status"] = metrics.status_code
    finally:
        await channel.aclose()
        stack.stop()

    print(f"\n{args.turns} turns of one web chat in {report['seconds']:.0f} s; not answered: {report['not_answered']}; "
          f"cases opened: {report['cases_opened']}")
    print("median ms per window:  " + "  ".join(f"{w}: {v:.0f}" for w, v in report["median_ms"].items()))
    print("rights questions only: " + "  ".join(f"{w}: {v:.0f}" for w, v in report["median_ms_questions"].items()))
    print("CPU ms per turn (Rasa + actions + web): " + "  ".join(f"{w}: {v:.0f}" for w, v in report["cpu_ms_per_turn"].items()))
    first, last = list(report["median_ms"].values())[0], list(report["median_ms"].values())[-1]
    cpu_first, cpu_last = list(report["cpu_ms_per_turn"].values())[0], list(report["cpu_ms_per_turn"].values())[-1]
    print(f"last window / first window: wall {last / first:.2f}, CPU {cpu_last / cpu_first:.2f}")
    t = report["tracker"]
    print(f"Rasa tracker at the end: {t['events_all']} events / {t['bytes_all'] / 1e6:.2f} MB in {t['sessions']} "
          f"session(s); latest session (loaded and sent to the action server per turn): {t['events_session']} "
          f"events / {t['bytes_session'] / 1e3:.0f} kB")
    print(f"load average before {report['load_average_before']}, after {report['load_average_after']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path)
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
