"""The replicated layout (docs/deploy.md): two Rasa replicas and two action servers on a real PostgreSQL 15 (tracker
store) and a real redis-server (lock store), the web process routing each chat to one replica (RASA_URLS).

Under a 50-chat load, one Rasa replica and its action server are killed with kill -9 and stay dead: chats move to the
other replica, every message the web process accepted is answered or the worker is asked to send it again, no case
is lost or opened twice, and a complaint half-filled on the killed replica goes on where it was on the other one.
"""

from __future__ import annotations

import asyncio
import random
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator

import pytest

from bench.load.workers import NETWORK_ERROR, WebChannel, Worker
from bot.gateway import PLEASE_RESEND
from bot.rasa_client import replica_order
from tests.cluster import ClusterStack, require_servers
from tests.test_faults import stored_rows

pytestmark = [pytest.mark.stack, pytest.mark.cluster]

CHATS = 50
BEFORE_KILL_SECONDS = 15
AFTER_KILL_SECONDS = 30


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClusterStack]:
    require_servers()
    stack = ClusterStack(data_dir=tmp_path_factory.mktemp("cluster")).start()
    try:
        yield stack
    finally:
        stack.stop()


def texts(sent) -> str:
    return "\n".join(sent.replies)


@pytest.mark.timeout(1200)
async def test_killing_a_replica_and_an_action_server_under_load_loses_nothing(cluster: ClusterStack) -> None:
    channel = WebChannel(cluster.web_url, timeout=45)
    urls = cluster.rasa_urls

    # A worker half-way through a complaint on the replica that will be killed.
    probe = Worker("probe", random.Random(99), channel.send, resend_wait_seconds=2.0, max_resends=60)
    await channel.open(probe)
    victim = urls.index(replica_order(probe.chat, urls)[0]) + 1
    assert "公司或哪个老板" in texts(await probe.say("俺们一共9个人在北京大兴给人装修别墅 干完活老板不给钱 欠了七万三"))
    assert "总包" in texts(await probe.say("包工头王大军"))

    stop = asyncio.Event()
    workers = [
        Worker(f"w{i}", random.Random(i), channel.send, think_seconds=1.0, resend_wait_seconds=2.0, max_resends=90)
        for i in range(CHATS)
    ]
    kinds: Counter = Counter()

    async def play(worker: Worker) -> None:
        while not stop.is_set():
            await channel.open(worker)
            kinds[await worker.run_mix()] += 1

    players = [asyncio.create_task(play(w)) for w in workers]
    try:
        await asyncio.sleep(BEFORE_KILL_SECONDS)
        cluster.services[f"actions{victim}"].kill()
        cluster.services[f"rasa{victim}"].kill()
        killed_at = time.perf_counter()

        # The half-filled complaint goes on on the other replica: the form asks the next question, nothing twice.
        after = texts(await probe.say("不知道"))
        assert "多长时间" in after and "公司或哪个老板" not in after, after
        assert "手机号" in texts(await probe.say("三个月"))
        await probe.say("13812345678")
        summary = texts(await probe.say("匿名"))
        assert "7.3万元" in summary and "王大军" in summary, summary
        assert "HX-" in texts(await probe.say("/affirm", "确认"))

        await asyncio.sleep(AFTER_KILL_SECONDS)
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*players, return_exceptions=True), timeout=600)
        await channel.aclose()

    for name in (f"rasa{victim}", f"actions{victim}"):
        assert cluster.services[name].process.poll() is not None, f"{name} stayed dead for the rest of the run"
    sent = [s for w in workers for s in w.log]
    outcomes = Counter(s.outcome for s in sent)
    moved = [s for s in sent if s.started > killed_at and replica_order(s.chat, urls)[0] == urls[victim - 1]]
    failovers = [line for line in cluster.services["web"].log.read_text().splitlines() if "refused the connection" in line]
    print(f"\n{len(sent)} messages; outcomes {dict(outcomes)}; conversations {dict(kinds)}; "
          f"{len(moved)} sent after the kill by chats of the killed replica; {len(failovers)} fail-overs logged")

    # Chats of the killed replica were answered by the other one.
    assert Counter(s.outcome for s in moved)["answer"] >= 5, Counter(s.outcome for s in moved)
    assert failovers

    rows = stored_rows(cluster.db_path)
    # 1. Every message the web process accepted (HTTP 200) is stored.
    stored = Counter((chat, text) for chat, _, direction, _, text, _ in rows if direction == "in")
    accepted = Counter((s.chat, s.text) for s in sent if s.status == 200)
    assert not accepted - stored, f"accepted but not stored: {list((accepted - stored).items())[:5]}"
    assert outcomes[NETWORK_ERROR] == 0, "the web process stayed up: no worker lost the connection"

    # 2. Every stored worker message got an answer or PLEASE_RESEND before the worker's next message.
    by_chat: dict[str, list[tuple]] = {}
    for row in rows:
        by_chat.setdefault(row[0], []).append(row)
    unanswered = [
        (chat, current[4])
        for chat, messages in by_chat.items()
        for current, following in zip(messages, messages[1:] + [None])
        if current[2] == "in" and (following is None or following[2] == "in")
    ]
    assert not unanswered, f"stored but never answered: {unanswered[:5]}"

    # 3. In the end every worker was answered.
    finals = [w.log[-1].outcome for w in workers if w.log]
    assert set(finals) == {"answer"}, finals

    # 4. The cases table against what workers were told: every number given exists once, every case of a worker's
    #    chat is one the worker was given, no chat has two.
    conn = sqlite3.connect(cluster.db_path)
    cases = conn.execute("select chat_key, case_number from cases").fetchall()
    conn.close()
    numbers = Counter(number for _, number in cases)
    given = {number for w in workers for number in w.case_numbers}
    assert given, "complaints were confirmed during the run"
    assert all(numbers[number] == 1 for number in given), (given, numbers)
    worker_chats = {s.chat for s in sent}
    assert {number for chat, number in cases if chat in worker_chats} == given
    assert max(Counter(chat for chat, _ in cases).values()) == 1
    assert [number for chat, number in cases if chat == probe.chat] == probe.case_numbers[:1]

    # The state really lived in the shared servers: every chat's conversation is in PostgreSQL's tracker store, and
    # the replicas took their conversation locks in Redis.
    assert cluster.postgres and cluster.redis
    senders = set(cluster.postgres.psql("select distinct sender_id from events", database="huxin_rasa").split())
    answered_chats = {chat for chat, _, direction, _, text, _ in rows if direction == "out" and text != PLEASE_RESEND}
    assert answered_chats and answered_chats <= senders, list(answered_chats - senders)[:5]
    stats = cluster.redis.cli("INFO", "commandstats")
    # nlu/lock_store.py: two scripts per message (take a ticket, give it back), run as EVALSHA
    scripts = re.search(r"cmdstat_evalsha:calls=(\d+)", stats)
    assert scripts and int(scripts.group(1)) >= 2 * len(answered_chats), stats
