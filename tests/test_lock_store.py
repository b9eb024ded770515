"""The replicas' conversation lock (nlu/lock_store.py) on a real redis-server: one chat's messages one after another in
the order they came, other chats not held up, a ticket left by a killed replica expiring, nothing left in Redis.

The lock runs inside Rasa (.venv-rasa), so the scenarios run there as a subprocess, built from
nlu/endpoints.cluster.yml exactly as Rasa builds it (LockStore.create). tests/test_cluster.py covers the same store
under load with two replicas, one of them killed.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cluster.servers import MissingServer, Redis, redis_bin
from tests.cluster import distinct_free_ports
from tests.stack import RASA_PYTHON, run_in_rasa_env

SCRIPT = r"""
import asyncio, json, time
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import read_endpoint_config

config = read_endpoint_config("nlu/endpoints.cluster.yml", "lock_store")  # ${REDIS_*} from the environment
store = LockStore.create(config)
log = []
t0 = time.monotonic()

def note(what):
    log.append([what, round(time.monotonic() - t0, 3)])

async def hold(conversation, name, seconds, lifetime=60, wait=0.05, delay=0.0):
    await asyncio.sleep(delay)
    note(f"{name} asks")
    try:
        async with store.lock(conversation, lock_lifetime=lifetime, wait_time_in_seconds=wait):
            note(f"{name} in")
            await asyncio.sleep(seconds)
            note(f"{name} out")
    except LockError:
        note(f"{name} lock error")

async def main():
    out = {"class": type(store).__module__ + "." + type(store).__name__, "prefix": store.key_prefix}
    # one chat: A, then B and C asking while A holds; another chat asking meanwhile
    await asyncio.gather(hold("chat-1", "A", 0.4), hold("chat-1", "B", 0.1, delay=0.1),
                         hold("chat-1", "C", 0.1, delay=0.2), hold("chat-2", "X", 0.05, delay=0.15))
    # a replica killed while holding chat-3: its ticket is taken and never given back
    counter, queue = store.keys("chat-3")
    await store._issue(keys=[counter, queue], args=[800])
    note("killed holder took chat-3")
    await hold("chat-3", "D", 0.01, wait=0.05)
    # a ticket that expires while it waits behind a long holder
    await asyncio.gather(hold("chat-4", "E", 1.0), hold("chat-4", "F", 0.01, lifetime=0.3, wait=0.05, delay=0.1))
    await asyncio.sleep(0.05)
    out["keys"] = sorted(k.decode() for k in await store.red.keys("*"))
    out["ttls"] = [await store.red.pttl(k) for k in await store.red.keys("*")]
    out["log"] = log
    print(json.dumps(out))

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Redis]:
    try:
        redis_bin()
    except MissingServer as missing:
        pytest.skip(str(missing))
    server = Redis(tmp_path_factory.mktemp("redis"), distinct_free_ports(1)[0], secrets.token_urlsafe(16))
    server.write_config()
    process = subprocess.Popen(server.command(), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        server.wait_ready(process=process)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_scenarios(redis_server: Redis) -> dict:
    if not RASA_PYTHON.exists():
        pytest.skip(".venv-rasa is not built (make setup)")
    env = {"HOME": os.environ.get("HOME", "/tmp"), "REDIS_HOST": redis_server.host,
           "REDIS_PORT": str(redis_server.port), "REDIS_PASSWORD": redis_server.password,
           # the rest of the file is read too: its variables must be set
           "ACTION_SERVER_URL": "http://127.0.0.1:9/webhook", "ACTION_SERVER_TOKEN": "t",
           "DATABASE_URL": "postgresql://u:p@127.0.0.1:9/db"}
    return run_in_rasa_env(SCRIPT, env=env)


@pytest.fixture(scope="module")
def scenarios(redis_server: Redis) -> dict:
    return run_scenarios(redis_server)


def at(log: list, what: str) -> float:
    return next(t for event, t in log if event == what)


def test_the_cluster_endpoints_build_this_store_with_the_configured_prefix(scenarios: dict) -> None:
    assert scenarios["class"] == "nlu.lock_store.RedisLockStore"
    assert scenarios["prefix"] == "huxin:lock:"


def test_one_chats_messages_run_one_at_a_time_in_the_order_they_came(scenarios: dict) -> None:
    log = scenarios["log"]
    chat_1 = [event for event, _ in log if event[0] in "ABC" and event.endswith((" in", " out"))]
    assert chat_1 == ["A in", "A out", "B in", "B out", "C in", "C out"]
    assert at(log, "B in") >= at(log, "A out")
    # waiting costs at most a poll interval or so beyond the holder's release
    assert at(log, "B in") - at(log, "A out") < 0.3


def test_another_chat_is_not_held_up(scenarios: dict) -> None:
    log = scenarios["log"]
    assert at(log, "X in") < at(log, "A out")
    assert at(log, "X in") - at(log, "X asks") < 0.1


def test_a_ticket_left_by_a_killed_replica_expires_with_its_lifetime(scenarios: dict) -> None:
    log = scenarios["log"]
    waited = at(log, "D in") - at(log, "killed holder took chat-3")
    assert 0.6 <= waited < 2.0, log


def test_a_ticket_that_expires_while_waiting_is_a_lock_error_not_a_second_holder(scenarios: dict) -> None:
    log = scenarios["log"]
    events = [event for event, _ in log]
    assert "F lock error" in events and "F in" not in events
    assert at(log, "F lock error") < at(log, "E out")


def test_nothing_is_left_but_counters_that_expire(scenarios: dict) -> None:
    keys = scenarios["keys"]
    assert keys and all(key.startswith("huxin:lock:") and key.endswith(":next") for key in keys), keys
    assert all(0 < ttl <= 60_000 for ttl in scenarios["ttls"]), scenarios["ttls"]
