"""Fuzz the web chat API with bad input (bench/fuzz/corpus.py) through the whole stack and report.

    .venv/bin/python bench/fuzz/run.py                       # starts its own stack, 10,000 cases
    .venv/bin/python bench/fuzz/run.py --count 500 --seed 3
    .venv/bin/python bench/fuzz/run.py --url http://127.0.0.1:8000 --db data/huxin.db   # a running web process

Every case goes to POST /api/chat/messages from a fresh chat (a few cases per chat, so flood control does not hide
them from Rasa). Fails (exit 1) on any 5xx, transport error, accepted message without an answer, a service that
died, an accepted message that was not stored, or a database that fails PRAGMA integrity_check.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.fuzz.corpus import FuzzCase, generate  # noqa: E402
from bot.web.identity import chat_id_in  # noqa: E402

MARKUP_SIGNS = ("<script", "onerror=", "<svg", "<iframe", "javascript:")


@dataclass
class FuzzReport:
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)
    by_kind: dict[str, Counter] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)  # 5xx and transport errors
    unexpected: Counter = field(default_factory=Counter)  # (kind, expected, got) other than 5xx
    unanswered: list[str] = field(default_factory=list)  # 200 without a reply
    markup_echoed: int = 0  # replies repeating markup (rendered as text by the chat page; reported, not a failure)
    accepted_by_chat: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    stored_accepted: int | None = None
    integrity: str | None = None
    dead_services: list[str] = field(default_factory=list)
    progress: bool = False

    @property
    def accepted(self) -> int:
        return sum(self.accepted_by_chat.values())

    def failures(self) -> list[str]:
        problems = [f"server error: {e}" for e in self.server_errors[:20]]
        problems += [f"no answer: {e}" for e in self.unanswered[:20]]
        if self.stored_accepted is not None and self.stored_accepted != self.accepted:
            problems.append(f"{self.accepted} messages accepted but {self.stored_accepted} stored")
        if self.integrity is not None and self.integrity != "ok":
            problems.append(f"integrity_check: {self.integrity[:300]}")
        problems += [f"service died: {name}" for name in self.dead_services]
        return problems

    def print(self) -> None:
        rate = self.sent / self.seconds if self.seconds else 0.0
        print(f"sent {self.sent} cases in {self.seconds:.1f} s ({rate:.1f}/s); statuses {dict(sorted(self.statuses.items()))}")
        for kind, statuses in sorted(self.by_kind.items()):
            print(f"  {kind:15} {dict(sorted(statuses.items()))}")
        print(f"5xx/transport errors {len(self.server_errors)}; accepted without answer {len(self.unanswered)}; "
              f"replies repeating markup {self.markup_echoed}")
        for (kind, expected, got), n in sorted(self.unexpected.items()):
            print(f"  not the expected status: {kind} expected {expected} got {got} ×{n}")
        if self.stored_accepted is not None:
            print(f"accepted {self.accepted}, stored {self.stored_accepted}; integrity_check: {self.integrity}")
        for problem in self.failures():
            print(f"FAIL {problem}")
        print("OK: no crash, no 5xx, database intact" if not self.failures() else "FAILED")


def _describe(case: FuzzCase) -> str:
    return f"{case.kind} {case.body[:80]!r}"


async def _one_chat(client: httpx.AsyncClient, cases: list[FuzzCase], report: FuzzReport) -> None:
    page = await client.get("/")
    page.raise_for_status()
    chat_id = chat_id_in(client.cookies.get("huxin_chat"))
    for case in cases:
        report.sent += 1
        if report.progress and report.sent % 1000 == 0:
            print(f"  {report.sent} sent, {len(report.server_errors)} server errors", file=sys.stderr, flush=True)
        try:
            response = await client.post(
                "/api/chat/messages", content=case.body, headers={"content-type": case.content_type}
            )
        except httpx.HTTPError as error:
            report.server_errors.append(f"{_describe(case)}: {error!r}")
            continue
        status = response.status_code
        report.statuses[status] += 1
        report.by_kind.setdefault(case.kind, Counter())[status] += 1
        if status >= 500:
            report.server_errors.append(f"{_describe(case)}: HTTP {status} {response.text[:200]}")
            continue
        if not case.expected(status):
            report.unexpected[(case.kind, case.expect, status)] += 1
        if status == 200:
            report.accepted_by_chat[chat_id] += 1
            replies = response.json().get("replies") or []
            if not replies:
                report.unanswered.append(_describe(case))
            report.markup_echoed += sum(
                any(sign in (reply.get("text") or "").lower() for sign in MARKUP_SIGNS) for reply in replies
            )


async def run_fuzz(
    web_url: str, cases: list[FuzzCase], concurrency: int = 8, per_chat: int = 5, timeout: float = 60.0,
    progress: bool = False,
) -> FuzzReport:
    """Send the cases through the web chat API, `per_chat` per fresh chat, `concurrency` chats at a time."""
    report = FuzzReport(progress=progress)
    chunks = [cases[i : i + per_chat] for i in range(0, len(cases), per_chat)]
    queue: asyncio.Queue[list[FuzzCase]] = asyncio.Queue()
    for chunk in chunks:
        queue.put_nowait(chunk)

    async def worker() -> None:
        while not queue.empty():
            chunk = queue.get_nowait()
            async with httpx.AsyncClient(base_url=web_url, timeout=timeout) as client:
                await _one_chat(client, chunk, report)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    report.seconds = time.perf_counter() - started
    return report


def check_database(db_path: Path, report: FuzzReport) -> None:
    """Every accepted message stored, and the file intact."""
    conn = sqlite3.connect(str(db_path), timeout=30)
    try:
        stored = 0
        keys = [f"web:{chat_id}" for chat_id in report.accepted_by_chat]
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            stored += conn.execute(
                f"select count(*) from messages where direction = 'in' and chat_key in ({marks})", part
            ).fetchone()[0]
        report.stored_accepted = stored
        report.integrity = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check").fetchall())
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--url", help="a running web process (default: start a stack in a temp dir)")
    parser.add_argument("--db", type=Path, help="its SQLite file (with --url)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    cases = list(generate(seed=args.seed, count=args.count))

    stack = None
    if args.url:
        web_url, db_path = args.url, args.db
    else:
        from tests.stack import Stack

        print("starting Rasa, the action server and the web process (about a minute) ...", flush=True)
        stack = Stack(Path(tempfile.mkdtemp(prefix="huxin-fuzz-"))).start()
        web_url, db_path = stack.web_url, stack.db_path
    try:
        report = asyncio.run(run_fuzz(web_url, cases, concurrency=args.concurrency, progress=True))
        if db_path:
            check_database(db_path, report)
        if stack is not None:
            report.dead_services = [n for n, s in stack.services.items() if s.process.poll() is not None]
    finally:
        if stack is not None:
            stack.stop()
    report.print()
    if args.json:
        args.json.write_text(json.dumps({
            "sent": report.sent, "seconds": round(report.seconds, 1), "statuses": dict(report.statuses),
            "server_errors": len(report.server_errors), "unanswered": len(report.unanswered),
            "accepted": report.accepted, "stored": report.stored_accepted, "integrity": report.integrity,
        }, indent=2))
    return 1 if report.failures() else 0


if __name__ == "__main__":
    sys.exit(main())
