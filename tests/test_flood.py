"""Flood control: one chat sending dozens of messages gets one polite notice, other chats are not held up."""

from __future__ import annotations

import asyncio

import pytest

from bot import conversations
from bot.ratelimit import FLOOD_NOTICE, Decision, FloodGuard
from tests.test_telegram_channel import RunningTelegram, telegram  # noqa: F401  (fixture)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_is_told_once_then_answered_again_after_a_pause() -> None:
    clock = FakeClock()
    guard = FloodGuard(burst=5, per_minute=20, clock=clock)
    decisions = [guard.check("telegram:1") for _ in range(30)]
    assert decisions[:5] == [Decision.ALLOW] * 5
    assert decisions[5] is Decision.NOTIFY
    assert set(decisions[6:]) == {Decision.SILENT}
    assert guard.check("telegram:2") is Decision.ALLOW  # another chat has its own bucket
    clock.now += 4  # one token back is not enough while flooding: still silent, no second notice
    assert guard.check("telegram:1") is Decision.SILENT
    clock.now += 15
    assert guard.check("telegram:1") is Decision.ALLOW
    decisions = [guard.check("telegram:1") for _ in range(10)]
    assert decisions.count(Decision.NOTIFY) == 1  # a new flood later gets one new notice


def test_a_worker_typing_a_complaint_in_several_messages_is_not_limited() -> None:
    clock = FakeClock()
    guard = FloodGuard(clock=clock)
    for _ in range(40):  # one message every 4 seconds for almost three minutes
        assert guard.check("web:abc") is Decision.ALLOW
        clock.now += 4


def test_zero_switches_the_limit_off_and_negative_limits_are_refused() -> None:
    guard = FloodGuard(burst=0, per_minute=0)
    assert all(guard.check("web:x") is Decision.ALLOW for _ in range(100))
    with pytest.raises(ValueError, match="must not be negative"):
        FloodGuard(burst=-1)


@pytest.mark.stack
async def test_a_flood_from_one_telegram_chat_gets_one_notice_and_does_not_hold_up_others(
    telegram: RunningTelegram,
) -> None:
    api, db = telegram.api, telegram.channel.db
    flooder, other = 3001, 3002
    burst = telegram.channel.gateway.flood.burst
    for i in range(40):
        api.worker_says(flooder, f"谢谢 {i}")
    again = api.worker_says(flooder, "谢谢你们")
    api.worker_says(flooder, "谢谢你们", update_id=again)  # the same update delivered twice
    api.worker_says(other, "你好")

    await api.wait_for_messages(other, 1)
    for _ in range(300):  # every message of the flood is stored, none lost
        stored = [m for m in conversations.history(db, f"telegram:{flooder}") if m.direction == "in"]
        if len(stored) == 41:
            break
        await asyncio.sleep(0.1)
    assert len(stored) == 41, "the repeated update must be stored once, every other one kept"
    await asyncio.sleep(1.0)  # let the last answers go out

    to_flooder = api.messages_to(flooder)
    notices = [m for m in to_flooder if m["text"] == FLOOD_NOTICE]
    assert len(notices) == 1, "one polite message for the whole flood, not one per message"
    answered = [m for m in to_flooder if m["text"] != FLOOD_NOTICE]
    assert answered, "the first messages of the flood are answered normally"
    assert sum("rate_limited" in m.payload for m in stored) == 41 - burst
    reached_rasa = db.execute(
        "select count(*) from messages where chat_key = ? and direction = 'in' and intent is not null",
        [f"telegram:{flooder}"],
    ).fetchone()[0]
    assert reached_rasa == burst, "only the first messages of the flood reach Rasa"
    # The other worker was answered while the flooder's answered messages were still going through Rasa one by one.
    order = [m for m in api.sent if str(m["chat_id"]) in {str(flooder), str(other)}]
    other_at = next(i for i, m in enumerate(order) if str(m["chat_id"]) == str(other))
    last_flooder_answer = max(i for i, m in enumerate(order) if m in answered)
    assert other_at < last_flooder_answer
