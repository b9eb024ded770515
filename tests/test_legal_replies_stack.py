"""The corrected legal-aid and hotline replies as a worker gets them: real Rasa (the trained model's domain), action
server and web chat."""
from __future__ import annotations

import pytest

from tests.stack import Stack
from tests.test_web_chat import open_chat, say

pytestmark = pytest.mark.stack


def test_the_legal_aid_button_names_the_legal_aid_agency_and_no_means_test(stack: Stack) -> None:
    with open_chat(stack) as client:
        replies = say(client, "/ask_legal_aid", title="法律援助")
    text = "\n".join(r["text"] for r in replies)
    assert "法律援助机构" in text and "免予核查经济困难状况" in text
    assert "12348" in text and "拨打 12348 申请" not in text


def test_the_hotline_reply_keeps_110_for_danger_and_12348_for_advice(stack: Stack) -> None:
    with open_chat(stack) as client:
        replies = say(client, "/ask_hotline", title="常用电话")
    text = "\n".join(r["text"] for r in replies)
    assert "110" in text and "12348 公共法律服务热线" in text and "法律援助机构" in text
