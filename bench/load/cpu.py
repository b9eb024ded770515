"""CPU per message: what each process (Rasa, action server, web) spends per answered message, A/B in one run.

    .venv/bin/python bench/load/cpu.py                                   # this checkout: mixed load + probes
    .venv/bin/python bench/load/cpu.py --baseline /tmp/huxin-base        # A/B: an older checkout beside this one
    .venv/bin/python bench/load/cpu.py --profile /tmp/prof --rounds 1    # + py-spy per process (see --help)
    .venv/bin/python bench/load/cpu.py --baseline /tmp/huxin-base --replicas 2   # this checkout as make run-cluster

Wall time on a machine shared with other work measures the machine; CPU time (utime + stime from /proc/PID/stat) that
each of the three processes spends per answered message moves much less with the load, so it is the primary number
here. With --baseline, both stacks run side by side (each on its own ports and data directory, the baseline's code from
its own checkout, e.g. `git archive <commit> | tar -x -C /tmp/huxin-base` plus its venv symlinks, models/ and
data/index) and the levels are interleaved A B, B A, ... so both see the same machine.

Per stack and round: a closed-loop mixed workload (bench/load/workers.py) of --chats chats for --seconds, then
--probes sequential rights questions and greetings through the web chat (one at a time: latency p50 and CPU per
message with nothing else of ours running). Capacity of a closed loop = answered messages per second.
--profile DIR also records each process with `py-spy record` during the mixed load of the first round and prints the
functions that take the most CPU samples (self and inclusive), scaled to CPU-ms per answered message.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HUXIN_FLOOD_BURST", "100000")  # workers here type faster than people; measure, do not limit

from bench.load.run import LoadClusterStack, LoadStack, percentile, process_groups, with_children  # noqa: E402
from bench.load.workers import QUESTIONS, WebChannel, Worker  # noqa: E402

PROCESSES = ("rasa", "actions", "web", "state")  # state: PostgreSQL + Redis, in the replicated layout only


def cpu_ticks(pid: int) -> int:
    """utime + stime of one process (all its threads), in clock ticks; 0 for one that has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def cpu_ms(pids: dict[str, list[int]]) -> dict[str, float]:
    """CPU per role, replicas added up; PostgreSQL's per-connection children are counted with it. A child that
    connects during the interval counts in full (its CPU before the interval is small: a connection pool's)."""
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    return {name: sum(cpu_ticks(pid) for pid in with_children(group)) * tick_ms for name, group in pids.items()}


@dataclass
class Measured:
    stack: str
    round: int
    what: str
    seconds: float
    sent: int
    answered: int
    p50_ms: float
    p95_ms: float
    cpu_ms_per_answer: dict[str, float]
    load_average: float
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def total_cpu_ms(self) -> float:
        return sum(self.cpu_ms_per_answer.values())

    def line(self) -> str:
        cpu = " + ".join(f"{self.cpu_ms_per_answer.get(p, 0.0):5.1f}" for p in PROCESSES)
        rate = self.answered / self.seconds
        others = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()) if k != "answer") or "-"
        return (f"{self.stack:6} r{self.round} {self.what:10} {self.answered:5} answered {rate:6.2f}/s  "
                f"p50 {self.p50_ms:6.0f} p95 {self.p95_ms:6.0f} ms  CPU ms/msg (rasa + actions + web + state) {cpu} = "
                f"{self.total_cpu_ms:6.1f}  load {self.load_average:4.1f}  other outcomes: {others}")


class WithoutEnv:
    """extra_env with an empty value removes the variable (Stack.env only adds): for one side of an A/B."""

    def env(self) -> dict[str, str]:
        env = super().env()  # type: ignore[misc]
        for key, value in self.extra_env.items():  # type: ignore[attr-defined]
            if not value:
                env.pop(key, None)
        return env


@dataclass
class EnvStack(WithoutEnv, LoadStack):
    pass


@dataclass
class EnvClusterStack(WithoutEnv, LoadClusterStack):
    pass


def env_stack(data_dir: Path, replicas: int, **fields: Any) -> LoadStack:
    return EnvClusterStack(data_dir, replicas=replicas, **fields) if replicas > 1 else EnvStack(data_dir, **fields)


def parse_env(pairs: list[str]) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in pairs)


class Bench:
    def __init__(self, name: str, stack: LoadStack) -> None:
        self.name = name
        self.stack = stack
        self.channel: WebChannel | None = None
        self.pids: dict[str, list[int]] = {}

    async def start(self) -> None:
        await asyncio.to_thread(self.stack.start)
        self.pids = process_groups(self.stack)
        self.channel = WebChannel(self.stack.web_url)

    async def stop(self) -> None:
        if self.channel:
            await self.channel.aclose()
        await asyncio.to_thread(self.stack.stop)

    async def mixed(self, chats: int, seconds: float, seed: int, round_: int, label: str = "mixed") -> Measured:
        assert self.channel is not None
        stop = asyncio.Event()
        workers = [Worker(f"{self.name}-{seed}-{i}", random.Random(seed * 10_000 + i), self.channel.send)
                   for i in range(chats)]

        async def play(worker: Worker) -> None:
            while not stop.is_set():
                await self.channel.open(worker)
                await worker.run_mix()

        before, started = cpu_ms(self.pids), time.perf_counter()
        tasks = [asyncio.create_task(play(w)) for w in workers]
        await asyncio.sleep(seconds)
        stop.set()
        await asyncio.gather(*tasks)
        elapsed, after = time.perf_counter() - started, cpu_ms(self.pids)
        sent = [s for w in workers for s in w.log]
        return self._measured(round_, label, elapsed, sent, before, after)

    async def probe(self, texts: list[str], round_: int, label: str) -> Measured:
        """One message at a time, each in a new chat (no history), nothing else of ours running."""
        assert self.channel is not None
        worker = Worker(f"{self.name}-probe", random.Random(0), self.channel.send)
        for text in texts[:3]:  # warm this path
            await self.channel.open(worker)
            await worker.say(text)
        worker.log.clear()
        before, started = cpu_ms(self.pids), time.perf_counter()
        for text in texts:
            await self.channel.open(worker)
            await worker.say(text)
        await asyncio.sleep(0.2)  # outbox and logging settle into the account
        elapsed, after = time.perf_counter() - started, cpu_ms(self.pids)
        return self._measured(round_, label, elapsed, worker.log, before, after)

    def _measured(self, round_: int, label: str, elapsed: float, sent: list, before: dict, after: dict) -> Measured:
        answered = [s.seconds * 1000 for s in sent if s.outcome == "answer"]
        n = max(len(answered), 1)
        return Measured(
            stack=self.name, round=round_, what=label, seconds=elapsed, sent=len(sent), answered=len(answered),
            p50_ms=percentile(answered, 50), p95_ms=percentile(answered, 95),
            cpu_ms_per_answer={p: (after[p] - before[p]) / n for p in PROCESSES if p in after},
            load_average=os.getloadavg()[0], outcomes=dict(Counter(s.outcome for s in sent)),
        )


# -- py-spy --------------------------------------------------------------------------------------------------------
def start_profiles(bench: Bench, seconds: float, out: Path, native: bool) -> list[tuple[str, subprocess.Popen, Path]]:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    running = []
    named = [(f"{role}{index}" if len(group) > 1 else role, pid)
             for role, group in bench.pids.items() for index, pid in enumerate(group, start=1)]
    for name, pid in named:
        path = out / f"{bench.name}-{name}.txt"
        # --nonblocking: sample without pausing the process (what it costs stays on py-spy's own CPU account);
        # --native (C frames: TensorFlow, torch, uvloop) needs the process paused for each sample.
        mode = ["--native"] if native else ["--nonblocking"]
        proc = subprocess.Popen([py_spy, "record", "--pid", str(pid), "--duration", str(int(seconds)),
                                 "--rate", str(PROFILE_RATE), "--format", "raw", *mode, "--output", str(path)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        running.append((name, proc, path))
    return running


def read_collapsed(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text(errors="replace").splitlines():
        frames, _, count = line.rpartition(" ")
        if frames and count.isdigit():
            stacks.append((frames.split(";"), int(count)))
    return stacks


def _short(frame: str) -> str:
    # py-spy frames read "function (path/to/file.py:line)": keep the function and the file's last two parts.
    name, _, where = frame.partition(" (")
    where = where.rstrip(")")
    file = "/".join(Path(where.rsplit(":", 1)[0]).parts[-2:])
    return f"{name} ({file})"


PROFILE_RATE = 67  # samples per second per thread


def summarise_profile(path: Path, answered: int, top: int = 12) -> dict[str, list[tuple[str, float]]]:
    """Top functions by self and by inclusive samples, as CPU-ms per answered message. py-spy samples the threads
    that run Python and are not idle, each sample 1/PROFILE_RATE s; native-only threads (TensorFlow's pools) are not
    seen, so the process's CPU from /proc minus the sum here is time in such threads."""
    stacks = read_collapsed(path)
    own: Counter = Counter()
    inclusive: Counter = Counter()
    for frames, count in stacks:
        short = [_short(f) for f in frames]
        own[short[-1]] += count
        for f in set(short):
            inclusive[f] += count
    scale = 1000 / PROFILE_RATE / max(answered, 1)
    return {"self": [(f, c * scale) for f, c in own.most_common(top)],
            "self_all": [(f, c * scale) for f, c in own.most_common()],
            "inclusive": [(f, c * scale) for f, c in inclusive.most_common(top * 3)]}


# -- the run -------------------------------------------------------------------------------------------------------
async def main_async(args: argparse.Namespace) -> int:
    benches = [Bench("after", env_stack(Path(tempfile.mkdtemp(prefix="huxin-cpu-after-")), args.replicas,
                                        extra_env=parse_env(args.env_after)))]
    if args.baseline:
        base = env_stack(Path(tempfile.mkdtemp(prefix="huxin-cpu-before-")), args.baseline_replicas,
                         root=args.baseline.resolve(), extra_env=parse_env(args.env_before))
        benches.insert(0, Bench("before", base))
    results: list[Measured] = []
    profiles: dict[str, Any] = {}
    print(f"starting {len(benches)} stack(s) ... load average {os.getloadavg()}", flush=True)
    try:
        for bench in benches:  # one after the other: two Rasa start-ups at once on 2 cores take minutes
            await bench.start()
        for bench in benches:  # warm-up: lazy parts (jieba, TF graphs, the e5 model) load on first use
            await bench.mixed(4, 8, seed=0, round_=0, label="warmup")
        questions = [QUESTIONS[i % len(QUESTIONS)] for i in range(args.probes)]
        greetings = ["你好"] * args.probes
        for round_ in range(1, args.rounds + 1):
            order = benches if round_ % 2 else list(reversed(benches))
            for bench in order:
                running = []
                if args.profile and round_ == 1:
                    args.profile.mkdir(parents=True, exist_ok=True)
                    running = start_profiles(bench, args.seconds, args.profile, args.native)
                result = await bench.mixed(args.chats, args.seconds, seed=round_, round_=round_)
                for name, proc, path in running:
                    proc.wait(timeout=120)
                    if path.exists():
                        profiles[f"{bench.name}/{name}"] = summarise_profile(path, result.answered)
                results.append(result)
                print(result.line(), flush=True)
                for label, texts in (("question", questions), ("greeting", greetings)):
                    if args.probes:
                        result = await bench.probe(texts, round_, label)
                        results.append(result)
                        print(result.line(), flush=True)
    finally:
        for bench in benches:
            await bench.stop()

    print("\nmedian over rounds:")
    for bench in benches:
        for label in ("mixed", "question", "greeting"):
            rows = [r for r in results if r.stack == bench.name and r.what == label]
            if not rows:
                continue
            med = {p: statistics.median(r.cpu_ms_per_answer.get(p, 0.0) for r in rows) for p in PROCESSES}
            rate = statistics.median(r.answered / r.seconds for r in rows)
            p50 = statistics.median(r.p50_ms for r in rows)
            p95 = statistics.median(r.p95_ms for r in rows)
            print(f"  {bench.name:6} {label:9} CPU ms/msg rasa {med['rasa']:6.1f}  actions {med['actions']:6.1f}  "
                  f"web {med['web']:5.1f}  state {med['state']:5.1f}  total {sum(med.values()):6.1f}   {rate:6.2f} answered/s   "
                  f"p50 {p50:5.0f} ms  p95 {p95:5.0f} ms")
    for key, summary in profiles.items():
        seen = sum(ms for _, ms in summary["self_all"])
        print(f"\npy-spy {key}: CPU-ms per answered message, self (the function itself); Python threads in all "
              f"{seen:.1f} ms")
        for func, ms in summary["self"]:
            print(f"  {ms:6.1f}  {func}")
    if args.json:
        args.json.write_text(json.dumps({"results": [asdict(r) for r in results], "profiles": profiles},
                                        indent=2, ensure_ascii=False))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, help="an older checkout to run beside this one (A/B)")
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--probes", type=int, default=20, help="sequential rights questions / greetings per round")
    parser.add_argument("--profile", type=Path, help="record each process with py-spy into this folder (round 1)")
    parser.add_argument("--env-before", action="append", default=[], metavar="KEY=VALUE",
                        help="environment of the baseline's processes (KEY= removes KEY); repeatable")
    parser.add_argument("--env-after", action="append", default=[], metavar="KEY=VALUE",
                        help="environment of this checkout's processes (KEY= removes KEY); repeatable")
    parser.add_argument("--replicas", type=int, default=1,
                        help="this checkout in the replicated layout (make run-cluster) with N Rasa replicas")
    parser.add_argument("--baseline-replicas", type=int, default=1,
                        help="the baseline in the replicated layout too, with N Rasa replicas (this checkout's "
                             "cluster set-up, the baseline's code and endpoints)")
    parser.add_argument("--native", action="store_true", help="py-spy with C frames (pauses the processes to sample)")
    parser.add_argument("--json", type=Path)
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
