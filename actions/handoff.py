"""Handoff to a hotline agent: the reply carries a `handoff` payload that the gateway turns into an escalation."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from core import dialogue

HANDOFF_TEXT = (
    "好的，已经为您转人工坐席。坐席接入后会在这里直接回复您，请不要关掉对话；"
    "您可以先把情况写下来（欠了多少钱、多久、在哪个工地）。着急的话也可以拨打 12333 人社热线，法律问题拨 12348。"
)

# The button that offers a person: its request_human intent runs action_request_human below.
HUMAN_BUTTON = dialogue.intent_button("转人工", dialogue.REQUEST_HUMAN)


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=HANDOFF_TEXT)
        dispatcher.utter_message(json_message=dialogue.handoff("工人要求人工"))
        return []
