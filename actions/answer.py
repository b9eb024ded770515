"""action_answer_question: answer a policy question with cited knowledge (thin: logic in knowledge/).

Also the low-confidence fallback: the rules route `nlu_fallback` and `ask_policy` here. If nothing in
the index fits, the reply says so and offers 12333 and a human instead of guessing.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from knowledge.answer import HUMAN_BUTTON, NO_MATCH, build_reply
from knowledge.index import NoIndex

log = logging.getLogger(__name__)


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
        return []
