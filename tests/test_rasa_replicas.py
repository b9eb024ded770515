"""How the gateway spreads chats over Rasa replicas (RASA_URLS): one replica per chat, the same in every gateway
process, and a replica added or removed moves only its own chats. Fail-over itself runs against real replicas in
tests/test_cluster.py."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.rasa_client import RasaClient, replica_order, replica_urls

URLS = ["http://10.0.0.11:5005", "http://10.0.0.12:5005", "http://10.0.0.13:5005"]
CHATS = [f"web:chat-{i}" for i in range(3000)]


def test_rasa_urls_are_one_or_a_comma_separated_list() -> None:
    assert replica_urls("http://127.0.0.1:5005") == ["http://127.0.0.1:5005"]
    assert replica_urls(" http://a:5005/, http://b:5006\n") == ["http://a:5005", "http://b:5006"]
    with pytest.raises(ValueError):
        replica_urls(" , ")


def test_each_chat_has_one_stable_order_over_all_replicas() -> None:
    for chat in CHATS[:50]:
        order = replica_order(chat, URLS)
        assert sorted(order) == sorted(URLS)
        assert replica_order(chat, list(reversed(URLS))) == order  # the order of RASA_URLS does not matter


def test_chats_spread_evenly() -> None:
    first = Counter(replica_order(chat, URLS)[0] for chat in CHATS)
    assert set(first) == set(URLS)
    assert max(first.values()) - min(first.values()) < 0.1 * len(CHATS), first


def test_removing_a_replica_moves_only_its_chats_to_their_next_choice() -> None:
    gone = URLS[1]
    for chat in CHATS:
        before = replica_order(chat, URLS)
        after = replica_order(chat, [url for url in URLS if url != gone])
        assert after == [url for url in before if url != gone]


async def test_a_replica_that_refused_lately_is_tried_last() -> None:
    client = RasaClient(",".join(URLS), timeout_seconds=1, auth_token="t")
    try:
        chat = CHATS[0]
        first, second, third = replica_order(chat, URLS)
        client._down_until[first] = float("inf")
        assert client.replicas_for(chat) == [second, third, first]
    finally:
        await client.aclose()
