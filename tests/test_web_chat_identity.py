"""Signed web chat ids and the per-client limits, on their own (no stack)."""

from __future__ import annotations

import os
import threading

import pytest

from bot.web.identity import SECRET_FILE, ChatIdentity, SecretKeyError, chat_id_in, load_secret
from bot.web.limits import NewChatLimiter, StreamSlots


def test_the_generated_secret_is_private_and_survives_a_restart(tmp_path) -> None:
    first = load_secret("", tmp_path)
    assert oct(os.stat(tmp_path / SECRET_FILE).st_mode & 0o777) == "0o600"
    assert load_secret("", tmp_path) == first  # a restart keeps every chat
    chat_id, cookie = ChatIdentity(first).issue()
    assert ChatIdentity(load_secret("", tmp_path)).chat_id(cookie) == chat_id == chat_id_in(cookie)
    assert load_secret("from-the-environment", tmp_path) == "from-the-environment"
    (tmp_path / SECRET_FILE).write_text("")
    with pytest.raises(SecretKeyError, match="HUXIN_SECRET_KEY"):
        load_secret("", tmp_path)


def test_processes_starting_at_once_agree_on_one_secret(tmp_path) -> None:
    secrets: list[str] = []
    threads = [threading.Thread(target=lambda: secrets.append(load_secret("", tmp_path))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(secrets)) == 1 and sorted(p.name for p in tmp_path.iterdir()) == [SECRET_FILE]


def test_a_cookie_signed_with_another_secret_or_changed_names_no_chat() -> None:
    ours, theirs = ChatIdentity("secret-one"), ChatIdentity("secret-two")
    chat_id, cookie = ours.issue()
    assert ours.chat_id(cookie) == chat_id
    assert theirs.chat_id(cookie) is None
    assert ours.chat_id(chat_id) is None  # a bare id, as cookies were before signing
    # one character of the signature changed: its first (the last one's low bits can be base64 padding that decodes
    # to the same bytes, which made this check pass or fail by chance)
    at = cookie.rindex(".") + 1
    assert ours.chat_id(cookie[:at] + ("A" if cookie[at] != "A" else "B") + cookie[at + 1:]) is None
    assert ours.chat_id("") is None and ours.chat_id(None) is None and ours.chat_id("x." * 500) is None


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_new_chats_per_address_in_a_sliding_window() -> None:
    clock = Clock()
    limiter = NewChatLimiter(limit=30, window_seconds=600, clock=clock)
    assert all(limiter.allow("10.0.0.1") for _ in range(30))  # a whole crew opening the chat at once
    assert not limiter.allow("10.0.0.1")
    assert limiter.allow("10.0.0.2")
    clock.now = 599
    assert not limiter.allow("10.0.0.1")
    clock.now = 601
    assert limiter.allow("10.0.0.1")
    off = NewChatLimiter(limit=0, window_seconds=600)
    assert all(off.allow("10.0.0.1") for _ in range(1000))
    with pytest.raises(ValueError, match="must not be negative"):
        NewChatLimiter(limit=-1, window_seconds=600)


def test_stream_slots_per_chat_and_per_address() -> None:
    slots = StreamSlots(per_chat=3, per_address=4)
    held = [slots.acquire("web:a", "10.0.0.1") for _ in range(3)]
    assert all(held) and slots.acquire("web:a", "10.0.0.1") is None
    assert slots.acquire("web:b", "10.0.0.1") is not None  # 4th for the address
    assert slots.acquire("web:c", "10.0.0.1") is None
    held[0].release()
    held[0].release()  # twice is harmless
    assert slots.open_for("web:a") == 2
    assert slots.acquire("web:a", "10.0.0.1") is not None
