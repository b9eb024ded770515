"""Handoff to a hotline agent: the reply carries a `handoff` payload that the gateway turns into an escalation."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from core import dialogue, wording


def human_button() -> dict[str, Any]:
    """The button that offers a person: its request_human intent runs action_request_human below."""
    return dialogue.intent_button(wording.say("actions.human_button"), dialogue.REQUEST_HUMAN)


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=wording.say("actions.handoff"))
        dispatcher.utter_message(json_message=dialogue.handoff("工人要求人工"))
        return []
