"""Bad input through the web chat API and the whole stack: never a 5xx, every accepted message stored and answered,
the database intact. A seeded slice of bench/fuzz (the bench itself runs 10,000 cases)."""

from __future__ import annotations

import sqlite3

import pytest

from bench.fuzz.corpus import GENERATORS, generate
from bench.fuzz.run import check_database, run_fuzz
from tests.stack import Stack

pytestmark = pytest.mark.stack


def test_the_corpus_is_seeded_and_covers_every_kind() -> None:
    first = [case.body for case in generate(seed=5, count=200)]
    assert first == [case.body for case in generate(seed=5, count=200)]
    assert first != [case.body for case in generate(seed=6, count=200)]
    kinds = {case.kind for case in generate(seed=5, count=200)}
    assert kinds == set(GENERATORS)
    sizes = [len(case.body) for case in generate(seed=5, count=2000) if case.kind == "long-text"]
    assert max(sizes) >= 100_000


async def test_bad_input_never_breaks_the_gateway(stack: Stack) -> None:
    cases = list(generate(seed=20261123, count=240))
    report = await run_fuzz(stack.web_url, cases, concurrency=4, per_chat=4)
    check_database(stack.db_path, report)
    report.print()
    assert not report.server_errors, report.server_errors[:5]
    assert not report.unanswered, report.unanswered[:5]
    assert report.stored_accepted == report.accepted > 100
    assert report.integrity == "ok"
    assert not report.unexpected, dict(report.unexpected)
    assert all(service.process.poll() is None for service in stack.services.values()), "a service died"
    conn = sqlite3.connect(stack.db_path)
    try:  # the tables the fuzz's SQL text names are all still there
        tables = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
    finally:
        conn.close()
    assert {"messages", "chats", "outbox", "cases"} <= tables
