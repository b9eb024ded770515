"""Handoff to a hotline agent: the reply carries a `handoff` payload that the gateway turns into an escalation."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

# Until the staff console lands (issue #5) nobody watches the queue live: say so plainly.
HANDOFF_TEXT = (
    "好的，已经记下您要找人工。在线人工坐席还在开通中，暂时不能在这里直接回复您；"
    "着急的话请拨打 12333 人社热线（法律问题可拨 12348）。我也可以先帮您登记投诉。"
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
