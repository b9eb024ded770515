"""When the bot puts a chat in front of a person: asked for, not understood twice, danger words (real stack)."""

from __future__ import annotations

import httpx
import pytest

from actions.answer import REPEATED_FALLBACK_TEXT
from bot import conversations
from bot.db import open_database
from bot.gateway import DANGER_NOTICE
from bot.normalize import to_script
from tests.stack import Stack, post_message, web_chat, web_chat_key

pytestmark = pytest.mark.stack


def say(client: httpx.Client, text: str) -> list[str]:
    return [reply["text"] for reply in post_message(client, text)]


def mode_of(stack: Stack, key: str) -> dict:
    return conversations.get_chat(open_database(stack.db_path), key)


# Strings no intent can claim. Which of them the model's FallbackClassifier rejects depends a little on training
# (the 2026-12 data takes some made-up sentences such as 火星上的土豆 for 对/好的 — a known gap in bench/nlu), so the
# worker keeps typing gibberish until two in a row are not understood.
GIBBERISH = ["qwxz zzkp vbnm", "阿巴阿巴阿巴", "zzkq wxv", "龘靐齉 齾爩", "xkcd qpzm wvtr", "嗷嗷嗷嗷呜呜呜", "ggggg hhhh",
             "呜哇呜哇呜哇", "kkkkk jjjj", "嘤嘤嘤嘤嘤嘤", "fffff dddd"]


def test_two_messages_in_a_row_not_understood_bring_a_person(stack: Stack) -> None:
    with web_chat(stack) as client:
        key = web_chat_key(client)
        for index, text in enumerate(GIBBERISH):
            replies = say(client, text)
            # 龘靐齉 reads as Traditional script, and replies go back in the worker's script
            if any(REPEATED_FALLBACK_TEXT in reply or to_script(REPEATED_FALLBACK_TEXT, "traditional") in reply
                   for reply in replies):
                assert index >= 1, "a person was called after only one message not understood"
                chat = mode_of(stack, key)
                assert chat["mode"] == "waiting" and chat["escalation_reason"] == "两次没听懂"
                return
            assert mode_of(stack, key)["mode"] == "bot"
    pytest.fail(f"no two messages in a row were taken as not understood: {GIBBERISH}")


def test_danger_words_bring_a_person_and_say_call_110(stack: Stack) -> None:
    with web_chat(stack) as client:
        key = web_chat_key(client)
        replies = say(client, "包工头说再来要钱就找人打人")
    assert replies[0] == DANGER_NOTICE
    chat = mode_of(stack, key)
    assert chat["mode"] == "waiting" and "打人" in chat["escalation_reason"]
