"""Admission control and /metrics: past the bound on messages waiting for Rasa a worker is told at once to send again
in a minute, the message stays stored (as in a Rasa outage), and the numbers an operator watches move."""

from __future__ import annotations

import asyncio
import random
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from bench.load.workers import WebChannel, Worker
from bot.admission import BUSY_NOTICE, Admission
from bot.web.app import create_app
from core.settings import settings as current_settings
from tests.stack import Stack, running

CHATS = 12
QUESTION = "包工头跑了工资找谁要"

# The text exposition format, line by line (prometheus.io "Exposition formats", version 0.0.4).
METRIC_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
SAMPLE = re.compile(rf"^({METRIC_NAME})(\{{(?:{LABEL}(?:,{LABEL})*)?\}})? (-?(?:\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\+Inf|-Inf|NaN))$")
HELP = re.compile(rf"^# HELP ({METRIC_NAME}) .*$")
TYPE = re.compile(rf"^# TYPE ({METRIC_NAME}) (counter|gauge|histogram|summary|untyped)$")


def parse_metrics(text: str) -> dict[str, float]:
    """Every sample as 'name{labels}' → value; fails on any line the format does not allow, a sample whose family
    has no TYPE before it, or a histogram whose buckets are not cumulative."""
    assert text.endswith("\n")
    samples: dict[str, float] = {}
    types: dict[str, str] = {}
    for line in text.splitlines():
        if match := TYPE.match(line):
            assert match.group(1) not in types, f"TYPE twice for {match.group(1)}"
            types[match.group(1)] = match.group(2)
            continue
        if HELP.match(line):
            continue
        match = SAMPLE.match(line)
        assert match, f"not a Prometheus text line: {line!r}"
        name = match.group(1)
        family = re.sub(r"_(bucket|sum|count)$", "", name) if name not in types else name
        assert family in types, f"sample {name} before its TYPE"
        samples[name + (match.group(2) or "")] = float(match.group(3))
    for family, kind in types.items():
        if kind == "histogram":
            buckets = [v for k, v in samples.items() if k.startswith(f"{family}_bucket")]
            assert buckets == sorted(buckets) and buckets[-1] == samples[f"{family}_count"]
    return samples


def test_admission_counts_what_waits() -> None:
    admission = Admission(max_waiting=2)
    assert not admission.full()
    with admission.slot():
        with admission.slot():
            assert admission.full() and admission.waiting == 2
        assert not admission.full()
    assert admission.waiting == 0
    assert not Admission(max_waiting=0).full()  # 0: no bound
    with pytest.raises(ValueError):
        Admission(max_waiting=-1)


def test_metrics_need_the_token_when_one_is_set(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    settings = replace(current_settings(), data_dir=tmp_path, db_override=tmp_path / "huxin.db",
                       rasa_url="http://127.0.0.1:9", metrics_token="metrics-secret-1")
    with TestClient(create_app(settings)) as client:
        assert client.get("/metrics").status_code == 403
        assert client.get("/metrics", headers={"authorization": "Bearer wrong"}).status_code == 403
        response = client.get("/metrics", headers={"authorization": "Bearer metrics-secret-1"})
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
        assert parse_metrics(response.text)["huxin_gateway_refused_total"] == 0


@pytest.fixture(scope="module")
def tiny_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tiny = {"HUXIN_RASA_MAX_WAITING": "1", "HUXIN_FLOOD_BURST": "100000"}
    with running(Stack(data_dir=tmp_path_factory.mktemp("admission"), extra_env=tiny)) as stack:
        yield stack


def metrics(stack: Stack, **headers: str) -> httpx.Response:
    return httpx.get(f"{stack.web_url}/metrics", headers=headers, timeout=10)


@pytest.mark.stack
def test_overload_tells_workers_to_wait_at_once_and_keeps_their_messages(tiny_stack: Stack) -> None:
    before = parse_metrics(metrics(tiny_stack).text)

    async def overload() -> list:
        web = WebChannel(tiny_stack.web_url)
        workers = [Worker(f"w{i}", random.Random(i), web.send) for i in range(CHATS)]
        for worker in workers:
            await web.open(worker)
        try:
            return await asyncio.gather(*(web.send(worker, QUESTION, None) for worker in workers))
        finally:
            await web.aclose()

    sent = asyncio.run(overload())
    busy = [s for s in sent if s.replies == [BUSY_NOTICE]]
    answered = [s for s in sent if s.replies and BUSY_NOTICE not in s.replies]
    assert busy and answered, [s.replies for s in sent]
    assert all(s.seconds < 1.0 for s in busy), [round(s.seconds, 2) for s in busy]

    conn = sqlite3.connect(tiny_stack.db_path)
    try:
        for s in busy:  # stored as written, not understood (never sent to Rasa), then the notice
            rows = conn.execute(
                "select direction, sender, text, intent from messages where chat_key = ? order by id", [s.chat]
            ).fetchall()
            assert rows == [("in", "worker", QUESTION, None), ("out", "system", BUSY_NOTICE, None)]
    finally:
        conn.close()

    after = parse_metrics(metrics(tiny_stack).text)
    assert after["huxin_gateway_refused_total"] - before["huxin_gateway_refused_total"] == len(busy)
    assert after["huxin_gateway_admitted_total"] - before["huxin_gateway_admitted_total"] == CHATS - len(busy)
    assert after['huxin_gateway_messages_total{outcome="busy"}'] == len(busy)
    assert after["huxin_gateway_answer_seconds_count"] - before["huxin_gateway_answer_seconds_count"] == len(answered)
    assert after["huxin_gateway_replies_total"] > before["huxin_gateway_replies_total"]
    assert after["huxin_gateway_rasa_waiting"] == 0 and after["huxin_gateway_rasa_max_waiting"] == 1


@pytest.mark.stack
def test_metrics_are_for_loopback_only_and_not_through_a_proxy(tiny_stack: Stack) -> None:
    assert metrics(tiny_stack).status_code == 200
    # a reverse proxy on the same machine connects from loopback too, but says whom it forwards
    assert metrics(tiny_stack, **{"X-Forwarded-For": "203.0.113.7"}).status_code == 403
    assert metrics(tiny_stack, forwarded="for=203.0.113.7").status_code == 403
