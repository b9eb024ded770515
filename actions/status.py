"""Case status for the worker ("我的投诉咋样了") and the 1–5 rating after 已办结 (一事一回访)."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from cases import add_rating_comment, open_db, rate_case
from cases.errors import CasesError
from cases.status_reply import status_reply
from core import dialogue, wording

log = logging.getLogger(__name__)
SKIP_COMMENT = {"不用了", "不用", "没有", "无", "没了", "算了", "不写了", "跳过"}


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        number = next(tracker.get_latest_entity_values(dialogue.CASE_NUMBER), None)
        db = open_db()
        try:
            dispatcher.utter_message(text=status_reply(db, tracker.sender_id, tracker.latest_message.get("text") or "", number))
        finally:
            db.close()
        return []


class ActionRateCase(Action):
    """Stores the rating from the /rate_case{"case_number": ..., "rating": n} button; rating_comment_form
    then asks for a comment."""

    def name(self) -> str:
        return "action_rate_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        number = next(tracker.get_latest_entity_values(dialogue.CASE_NUMBER), None)
        rating = next(tracker.get_latest_entity_values(dialogue.RATING), None)
        db = open_db()
        try:
            rate_case(db, number or "", rating, chat_key=tracker.sender_id)
        except CasesError as error:
            log.info("rating refused: %s", error)
            dispatcher.utter_message(text=wording.say("actions.rating.not_recorded"))
            return [SlotSet("rating_case_number", None)]
        finally:
            db.close()
        dispatcher.utter_message(text=wording.say("actions.rating.thanks", rating=rating))
        return [SlotSet("rating_case_number", number)]


class ActionSaveRatingComment(Action):
    def name(self) -> str:
        return "action_save_rating_comment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        number = tracker.get_slot("rating_case_number")
        comment = (tracker.get_slot("rating_comment") or "").strip()
        if number and comment and comment not in SKIP_COMMENT:
            db = open_db()
            try:
                add_rating_comment(db, number, comment, chat_key=tracker.sender_id)
            except CasesError as error:
                log.info("comment refused: %s", error)
            finally:
                db.close()
        dispatcher.utter_message(text=wording.say("actions.rating.comment_thanks"))
        return [SlotSet("rating_case_number", None), SlotSet("rating_comment", None)]
