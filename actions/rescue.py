"""No complaint dropped: a complaint NLU took for something short (greeting, help, hotline, out of scope ...)
still starts the form, and the facts of a question that was answered come back when the complaint is taken.

Thin: the sorting is ``cases.opening``; the rules (nlu/data/rules/understanding.yml) branch on ``message_kind``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import KIND_COMPLAINT, KIND_OTHER, latest_intent, sort_typed_message
from actions.form_fields import from_slot, to_slot
from cases.intake import FIELDS
from cases.opening import COMPLAINT

log = logging.getLogger(__name__)


class ActionSortMessage(Action):
    """Before a short reply (greeting, help, hotline ...): is this message really a whole complaint?"""

    def name(self) -> str:
        return "action_sort_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        opening = sort_typed_message(tracker)
        if opening and opening.kind == COMPLAINT:
            log.info("message sorted as a complaint (intent %s, facts %s)", latest_intent(tracker), opening.fact_groups)
            return [SlotSet("message_kind", KIND_COMPLAINT)]
        return [SlotSet("message_kind", KIND_OTHER)]


class ActionRestoreFacts(Action):
    """The worker takes the complaint offered after an answer: the facts the question stated fill the empty fields,
    so the form asks only for the rest."""

    def name(self) -> str:
        return "action_restore_facts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        events: list[EventType] = [SlotSet("message_kind", None), SlotSet("offered_facts", None)]
        try:
            facts = json.loads(tracker.get_slot("offered_facts") or "{}")
        except ValueError:
            log.warning("offered_facts is not JSON; the form asks every field")
            facts = {}
        # what the worker types now wins over what the question said before
        typed = sort_typed_message(tracker)
        stated_now = typed.facts if typed else {}
        for name, value in facts.items():
            if name in FIELDS and value and not tracker.get_slot(name) and name not in stated_now:
                events.append(SlotSet(name, to_slot(name, from_slot(name, value))))
        return events
