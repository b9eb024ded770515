"""End to end through the real Rasa server and action server (issue 11): a complaint is never dropped and never
forced, and a message nothing fits gets two guesses before "not understood"."""

from __future__ import annotations

import httpx
import pytest

from bot.normalize import normalize_text
from tests.stack import reply_texts as texts
from tests.stack import say_to_rasa as say

pytestmark = pytest.mark.stack

FIELD_QUESTIONS = {  # words of each form question (cases.intake.QUESTIONS) that no other reply uses
    "amount": "一共欠了多少钱",
    "months": "欠了多长时间",
}


def parse(stack, text: str) -> dict:
    response = httpx.post(f"{stack.rasa_url}/model/parse", json={"text": text}, params=stack.rasa_params, timeout=60)
    response.raise_for_status()
    return response.json()


def tracker(stack, sender: str) -> dict:
    response = httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker", params=stack.rasa_params, timeout=60)
    response.raise_for_status()
    return response.json()


def buttons(replies: list[dict]) -> list[dict]:
    return [button for reply in replies for button in reply.get("buttons") or []]


# Bare fragments, the way answers inside the form look: NLU calls them inform (or is unsure), yet together they
# state a head count, a period and a total. The test uses the first one NLU does not call report_arrears, so it
# exercises the rescue and not the classifier (NLU learnt the long run-on complaints of issue 11 well).
FRAGMENTS = [
    "二十几个人 五个月 三十多万",
    "十二个人 去年十一月到今年三月 二十八万",
    "我们七个 四个月 五万多",
]


def test_a_complaint_not_understood_starts_the_form_with_its_facts(stack):
    candidates = [text for text in FRAGMENTS if parse(stack, text)["intent"]["name"] != "report_arrears"]
    assert candidates, "NLU calls every fragment a complaint: pick messages it does not"
    sender = "web:understanding-1"
    replies = say(stack, sender, candidates[0])
    reply = texts(replies)
    assert "没太明白" not in reply
    state = tracker(stack, sender)
    assert state["active_loop"].get("name") == "complaint_form"
    slots = state["slots"]
    assert slots["amount"]
    assert slots["workers_count"] and slots["months"]
    # the facts given are not asked again
    assert FIELD_QUESTIONS["amount"] not in reply and FIELD_QUESTIONS["months"] not in reply


def test_a_rights_question_about_owed_wages_is_answered_then_the_complaint_keeps_its_facts(stack):
    sender = "web:understanding-2"
    question = "老板欠了我三个月工资两万四 我辞职的话能要经济补偿吗"
    assert parse(stack, question)["intent"]["name"] == "ask_policy"
    replies = say(stack, sender, question)
    answer, offer = replies[0].get("text") or "", replies[-1]
    assert "依据" in answer  # answered first, with its citation
    assert any(b["payload"] == "/report_arrears" for b in offer.get("buttons") or [])
    assert tracker(stack, sender)["active_loop"].get("name") is None  # no form was forced

    started = say(stack, sender, "/report_arrears")
    state = tracker(stack, sender)
    assert state["active_loop"].get("name") == "complaint_form"
    assert state["slots"]["amount"] == "24000" and state["slots"]["months"].startswith("3")
    assert FIELD_QUESTIONS["amount"] not in texts(started)


def test_a_message_not_understood_gets_two_guesses_and_a_person(stack):
    sender = "web:understanding-3"
    # vague wage messages whose nearest cards score below the answer threshold (knowledge.suggest)
    vague = [text for text in ("那个钱的事咋弄啊 上头不管", "合同那个事")
             if parse(stack, text)["intent"]["name"] in {"nlu_fallback", "ask_policy", "inform"}]
    assert vague, "NLU sends none of these to the knowledge path: pick messages it does"
    replies = say(stack, sender, vague[0])
    offered = buttons(replies)
    assert "没太明白" in texts(replies)
    guesses = [b for b in offered if not b["payload"].startswith("/")]
    assert len(guesses) == 2
    assert {"title": "转人工", "payload": "/request_human"} in offered
    # tapping a guess asks that card's question again, and this time it is answered with its citation
    answered = texts(say(stack, sender, guesses[0]["payload"]))
    assert "依据" in answered and "没太明白" not in answered


@pytest.mark.parametrize("text, intent", [
    ("my boss has not paid me for two months and I want to file a complaint", "report_arrears"),
    ("can I get double wages if I never signed a labour contract", "ask_policy"),
    ("老闆拖欠我們三個月工資 我要投訴他", "report_arrears"),
    ("沒簽勞動合同 可以要雙倍工資嗎", "ask_policy"),
])
def test_english_and_traditional_land_on_the_chinese_intents(stack, text, intent):
    # as the gateway sends it: Traditional is converted to Simplified before Rasa sees it
    assert parse(stack, normalize_text(text).text)["intent"]["name"] == intent
