"""Handoff to a hotline agent: the reply carries a `handoff` payload that the gateway turns into an escalation."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

HANDOFF_TEXT = (
    "好的，已经为您转人工，坐席接入后会直接在这里回复您，请稍等。"
    "如果是工作时间以外，坐席上班后会第一时间联系您；着急的话也可以拨打 12333。"
)


def handoff_payload(reason: str) -> dict[str, Any]:
    """The custom payload the gateway understands as 'put this chat in the staff queue'."""
    return {"handoff": {"reason": reason}}


class ActionRequestHuman(Action):
    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=HANDOFF_TEXT)
        dispatcher.utter_message(json_message=handoff_payload("worker asked for a person"))
        return []
