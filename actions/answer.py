"""action_answer_question: answer a policy question with cited knowledge (thin: logic in knowledge/).

Also the low-confidence fallback: the rules route `nlu_fallback` and `ask_policy` here. If nothing in
the index fits, the reply says so and offers 12333 and a human instead of guessing.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import handoff_payload
from knowledge.answer import HUMAN_BUTTON, NO_MATCH, build_reply
from knowledge.index import NoIndex

log = logging.getLogger(__name__)


FALLBACK = "nlu_fallback"
REPEATED_FALLBACK_TEXT = "我还是没能理解您的意思，已经请人工坐席来帮您，坐席会在这里回复您。也可以拨打 12333。"


def _repeated_fallback(tracker: Tracker) -> bool:
    """This message and the worker's one before it were both not understood: a person should take over."""
    intents = [
        ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        for event in tracker.events
        if event.get("event") == "user"
    ]
    return len(intents) >= 2 and intents[-1] == FALLBACK and intents[-2] == FALLBACK


def _question(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text") or ""
    # A bare intent payload ("/ask_policy") carries no question; use the last typed user text instead.
    if text.startswith("/"):
        for event in reversed(tracker.events):
            if event.get("event") == "user" and event.get("text") and not event["text"].startswith("/"):
                return event["text"]
        return ""
    return text


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        question = _question(tracker)
        if not question.strip():
            dispatcher.utter_message(response="utter_ask_question")
            return []
        try:
            reply = build_reply(question)
        except NoIndex:
            log.error("knowledge index missing; run `python -m knowledge setup`")
            dispatcher.utter_message(text=NO_MATCH, buttons=[HUMAN_BUTTON])
            return []
        log.info("answer entry=%s matched=%s index=%s", reply.entry_id, reply.matched, reply.version)
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
        if _repeated_fallback(tracker):
            dispatcher.utter_message(text=REPEATED_FALLBACK_TEXT)
            dispatcher.utter_message(json_message=handoff_payload("两次没听懂"))
        return []
