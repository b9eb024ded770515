"""Telegram end to end: PTB's real network code against a local Bot API stand-in, through Rasa and the actions."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from dataclasses import dataclass, replace

import pytest

from bot import conversations
from core.settings import Settings, settings as current_settings
from bot.ratelimit import FLOOD_NOTICE
from bot.telegram import GROUP_NOTICE, TelegramChannel, split_text
from bot.telegram_files import quota_notice
from tests.stack import Stack
from tests.telegram_standin import TelegramStandIn

pytestmark = pytest.mark.stack


@dataclass
class RunningTelegram:
    api: TelegramStandIn
    channel: TelegramChannel


def settings_for(stack: Stack, api: TelegramStandIn, **overrides: object) -> Settings:
    """The channel's settings pointed at the test stack and at the Bot API stand-in instead of Telegram."""
    return replace(
        current_settings(),
        data_dir=stack.data_dir,
        db_override=stack.db_path,
        rasa_url=stack.rasa_url,
        telegram_token=api.token,
        telegram_base_url=api.base_url,
        telegram_base_file_url=api.base_file_url,
        outbox_poll_seconds=0.2,
        **overrides,
    )


@pytest.fixture
async def telegram(stack: Stack, tmp_path) -> AsyncIterator[RunningTelegram]:
    async with running_telegram(stack) as running:
        yield running


@asynccontextmanager
async def running_telegram(stack: Stack, **overrides: object) -> AsyncIterator[RunningTelegram]:
    api = TelegramStandIn()
    await api.start()
    channel = TelegramChannel(settings_for(stack, api, **overrides))
    application = channel.build_application()
    await application.initialize()
    await application.post_init(application)
    await application.start()
    await application.updater.start_polling(poll_interval=0.05, timeout=1)
    try:
        yield RunningTelegram(api, channel)
    finally:
        await application.updater.stop()
        await application.stop()
        await application.post_shutdown(application)
        await application.shutdown()
        await api.stop()


async def test_a_greeting_goes_through_rasa_and_comes_back_with_buttons(telegram: RunningTelegram) -> None:
    telegram.api.worker_says(1001, "你好")
    (reply,) = await telegram.api.wait_for_messages(1001, 1)
    assert "护薪" in reply["text"]
    keyboard = reply["reply_markup"]["inline_keyboard"]
    assert ["我要投诉欠薪"] in [[b["text"] for b in row] for row in keyboard]


async def test_a_button_press_is_answered_as_the_buttons_payload(telegram: RunningTelegram) -> None:
    telegram.api.worker_says(1002, "你好")
    (greeting,) = await telegram.api.wait_for_messages(1002, 1)
    human = next(
        b for row in greeting["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "转人工"
    )
    telegram.api.worker_presses(1002, human["callback_data"])
    replies = await telegram.api.wait_for_messages(1002, 2)
    assert "人工" in replies[1]["text"]
    assert telegram.api.callback_answers, "the button press must be acknowledged"
    chat = conversations.get_chat(telegram.channel.db, "telegram:1002")
    assert chat["mode"] == "waiting"


async def test_start_with_a_site_code_tags_the_chat(telegram: RunningTelegram) -> None:
    telegram.api.worker_says(1003, "/start WLCB-001")
    await telegram.api.wait_for_messages(1003, 1)
    assert conversations.get_chat(telegram.channel.db, "telegram:1003")["site_code"] == "WLCB-001"
    telegram.api.worker_says(1003, "/start OTHER-999")  # a deep link someone else sent does not move the chat
    await telegram.api.wait_for_messages(1003, 2)
    assert conversations.get_chat(telegram.channel.db, "telegram:1003")["site_code"] == "WLCB-001"


async def test_a_traditional_writer_is_answered_in_traditional(telegram: RunningTelegram) -> None:
    telegram.api.worker_says(1004, "請問人社熱線電話是多少")
    (reply,) = await telegram.api.wait_for_messages(1004, 1)
    assert "電話" in reply["text"] or "熱線" in reply["text"]
    assert "电话" not in reply["text"]


async def test_the_same_update_delivered_twice_is_answered_once(telegram: RunningTelegram) -> None:
    telegram.api.worker_says(1005, "你好", update_id=90001)
    await telegram.api.wait_for_messages(1005, 1)
    telegram.api.worker_says(1005, "你好", update_id=90001)
    telegram.api.worker_says(1005, "谢谢")
    replies = await telegram.api.wait_for_messages(1005, 2)
    await asyncio.sleep(0.5)
    assert len(telegram.api.messages_to(1005)) == 2
    assert "不客气" in replies[1]["text"]


async def test_a_photo_of_an_iou_is_downloaded_kept_and_acknowledged(telegram: RunningTelegram) -> None:
    telegram.api.worker_sends_photo(1006, b"\xff\xd8fake-jpeg-of-an-IOU")
    (reply,) = await telegram.api.wait_for_messages(1006, 1)
    assert "照片" in reply["text"]
    (inbound,) = [m for m in conversations.history(telegram.channel.db, "telegram:1006") if m.direction == "in"]
    attachment = inbound.payload["attachment"]
    assert attachment["type"] == "photo"
    with open(attachment["path"], "rb") as handle:
        assert handle.read() == b"\xff\xd8fake-jpeg-of-an-IOU"


async def stored_inbound(db, key: str, count: int) -> list[conversations.StoredMessage]:
    for _ in range(300):
        stored = [m for m in conversations.history(db, key) if m.direction == "in"]
        if len(stored) >= count:
            return stored
        await asyncio.sleep(0.1)
    raise TimeoutError(f"expected {count} stored messages for {key}, got {len(stored)}")


async def test_files_past_the_flood_limit_are_stored_by_reference_but_not_downloaded(telegram: RunningTelegram) -> None:
    api, db = telegram.api, telegram.channel.db
    burst = telegram.channel.gateway.flood.burst
    for i in range(30):
        api.worker_sends_photo(1101, f"photo {i}".encode())
    stored = await stored_inbound(db, "telegram:1101", 30)
    await asyncio.sleep(0.5)
    # The first `burst` photos are downloaded (a token or so may refill while they are handled); the rest are not.
    assert burst <= len(api.file_requests) <= burst + 2 and len(api.downloads) == len(api.file_requests)
    not_downloaded = [m.payload["attachment"] for m in stored if "path" not in m.payload["attachment"]]
    assert len(not_downloaded) == 30 - len(api.downloads)
    assert all(a["not_kept"] == "flood" and a["file_id"] for a in not_downloaded)  # staff can still fetch them
    assert sum(m["text"] == FLOOD_NOTICE for m in api.messages_to(1101)) == 1


async def test_the_same_file_forwarded_twice_is_kept_once(telegram: RunningTelegram) -> None:
    api, db = telegram.api, telegram.channel.db
    api.worker_sends_photo(1102, b"\xff\xd8IOU", unique_id="iou-1")
    await api.wait_for_messages(1102, 1)
    api.worker_sends_photo(1102, b"\xff\xd8IOU", unique_id="iou-1")  # a forward: new file id, same unique id
    await api.wait_for_messages(1102, 2)
    first, second = (m.payload["attachment"] for m in await stored_inbound(db, "telegram:1102", 2))
    assert first["file_id"] != second["file_id"] and first["path"] == second["path"]
    assert len(api.downloads) == 1
    assert [p.name for p in Path(first["path"]).parent.iterdir()] == [Path(first["path"]).name]


async def test_files_past_the_daily_quota_are_not_downloaded_and_the_worker_is_told(stack: Stack) -> None:
    async with running_telegram(stack, telegram_file_quota_mb=100_000 / 2**20) as telegram:  # 100 000 bytes, exactly
        api, db = telegram.api, telegram.channel.db
        for i in range(3):
            api.worker_sends_document(1103, bytes([i]) * 40_000, file_name=f"考勤表{i}.pdf")
        replies = await api.wait_for_messages(1103, 3)
        assert len(api.downloads) == 2  # 80 KB kept; the third would pass 100 KB
        assert "文件" in replies[0]["text"] and "文件" in replies[1]["text"]
        assert replies[2]["text"] == quota_notice(100_000)
        third = (await stored_inbound(db, "telegram:1103", 3))[2].payload["attachment"]
        assert third["not_kept"] == "quota" and "path" not in third and third["file_id"]
        api.worker_sends_document(1103, bytes([0]) * 40_000, file_name="考勤表0.pdf", unique_id=api.unique_ids["doc-1"])
        await api.wait_for_messages(1103, 4)
        assert len(api.downloads) == 2  # a file already kept is not counted again, nor downloaded


async def test_in_a_group_the_bot_only_says_to_write_privately(telegram: RunningTelegram) -> None:
    api, db = telegram.api, telegram.channel.db
    group = -100555
    api.someone_says_in_group(group, 1104, "我的投诉咋样了 HX-20260101-0001")
    api.someone_says_in_group(group, 1105, "老板欠我们三个月工资")
    api.someone_says_in_group(-100556, 1106, "你好", chat_type="supergroup")
    api.worker_says(1104, "你好")  # the same worker, privately, is answered as usual
    await api.wait_for_messages(1104, 1)
    await asyncio.sleep(1.0)
    to_group = api.messages_to(group)
    assert len(to_group) == 1 and to_group[0]["text"] == GROUP_NOTICE.format(username="huxin_test_bot")
    assert "\n" not in to_group[0]["text"]
    assert len(api.messages_to(-100556)) == 1
    assert conversations.get_chat(db, f"telegram:{group}") is None  # nothing of the group is stored


async def test_a_worker_who_blocked_the_bot_is_recorded_and_nothing_breaks(telegram: RunningTelegram) -> None:
    telegram.api.blocked_chats.add(1007)
    telegram.api.worker_says(1007, "你好")
    for _ in range(100):
        chat = conversations.get_chat(telegram.channel.db, "telegram:1007")
        if chat and chat["blocked"]:
            break
        await asyncio.sleep(0.1)
    assert chat["blocked"] == 1
    telegram.api.worker_says(1008, "你好")  # other workers are still answered
    await telegram.api.wait_for_messages(1008, 1)


def test_replies_over_4096_characters_are_split() -> None:
    text = ("工资" * 1500 + "\n") * 3
    parts = split_text(text)
    assert all(len(p) <= 4096 for p in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")


async def test_webhook_mode_takes_updates_only_with_the_secret_token(stack: Stack) -> None:
    import httpx

    from bot.telegram import webhook_options
    from tests.stack import free_port

    api = TelegramStandIn()
    await api.start()
    port = free_port()
    settings = settings_for(
        stack,
        api,
        telegram_webhook_url=f"http://127.0.0.1:{port}/telegram",
        telegram_webhook_secret="s3cret-for-tests",
        telegram_webhook_port=port,
    )
    channel = TelegramChannel(settings)
    application = channel.build_application()
    await application.initialize()
    await application.start()
    options = webhook_options(settings) | {"listen": "127.0.0.1"}
    await application.updater.start_webhook(**options)
    try:
        update = {
            "update_id": 5001,
            "message": {"message_id": 1, "date": 0, "chat": {"id": 2001, "type": "private"},
                        "from": {"id": 2001, "is_bot": False, "first_name": "工友"}, "text": "你好"},
        }
        async with httpx.AsyncClient() as client:
            forged = await client.post(settings.telegram_webhook_url, json=update)
            assert forged.status_code == 403
            real = await client.post(
                settings.telegram_webhook_url, json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-for-tests"},
            )
            assert real.status_code == 200
        (reply,) = await api.wait_for_messages(2001, 1)
        assert "护薪" in reply["text"]
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        await api.stop()
