"""Complaint intake: the form's validation, its questions, the read-back, confirm / edit / cancel.

Thin Rasa layer over ``cases.conversation``, ``cases.intake`` and ``cases.store``.
"""

from __future__ import annotations

import json
import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import handoff_payload
from cases import Complaint, open_case, open_db, wording
from cases.conversation import DANGER_TEXT, complaint_turn
from cases.errors import CasesError
from cases.intake import FIELDS, LABELS, QUESTIONS, summary_text

log = logging.getLogger(__name__)

FORM = "complaint_form"
# Slots the form owns (cleared on cancel and after a case opens).
FORM_SLOTS = (*FIELDS, "intake_failures", "edit_field", "danger_warned", "requested_slot")
STOP_INTENTS = {"cancel", "request_human"}


def message_metadata(tracker: Tracker) -> dict[str, Any]:
    return tracker.latest_message.get("metadata") or {}


def form_slots(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in FIELDS}


class ValidateComplaintForm(FormValidationAction):
    """Fills every field the message answers, checks the answer to the question asked, counts failures
    (financial-demo's max_validation_failures) and picks the next question."""

    def name(self) -> str:
        return "validate_complaint_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        return list(FIELDS)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent in STOP_INTENTS and tracker.active_loop.get("name") == FORM:
            return []  # nothing validated: the form rejects and the cancel / handoff rules take over
        metadata = message_metadata(tracker)
        turn = complaint_turn(
            tracker.get_slot("requested_slot") if tracker.active_loop.get("name") == FORM else None,
            tracker.latest_message.get("text") or "",
            form_slots(tracker),
            failures=int(tracker.get_slot("intake_failures") or 0),
            site_code=metadata.get("site_code"),
            contact_phone=metadata.get("contact_phone"),
            danger_warned=bool(tracker.get_slot("danger_warned")),
        )
        for reply in turn.replies:
            dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)
            if reply.custom:
                dispatcher.utter_message(json_message=reply.custom)
        events: list[EventType] = [SlotSet(name, value) for name, value in turn.slots.items()]
        events.append(SlotSet("intake_failures", float(turn.failures)))
        if turn.danger:
            events.append(SlotSet("danger_warned", True))
        events.append(SlotSet("requested_slot", turn.next_field))
        return events


class AskField(Action, ABC):
    """``action_ask_<field>``: the question with an example; the phone question offers share-contact."""

    @property
    @abstractmethod
    def field(self) -> str:
        """The form field this action asks for (set by each subclass)."""

    def name(self) -> str:
        return f"action_ask_{self.field}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        if self.field == "phone":
            dispatcher.utter_message(text=QUESTIONS["phone"], json_message={"request_contact": True})
        elif self.field in ("project", "worker_name"):
            skip = "不知道" if self.field == "project" else "匿名"
            dispatcher.utter_message(text=QUESTIONS[self.field], buttons=[{"title": skip, "payload": skip}])
        else:
            dispatcher.utter_message(text=QUESTIONS[self.field])
        return []


for _field in FIELDS:
    _name = "ActionAsk" + "".join(part.title() for part in _field.split("_"))
    globals()[_name] = type(_name, (AskField,), {"field": _field, "__module__": __name__})


class ActionComplaintSummary(Action):
    def name(self) -> str:
        return "action_complaint_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        dispatcher.utter_message(
            text=summary_text(form_slots(tracker)),
            buttons=[
                {"title": "确认", "payload": "/affirm"},
                {"title": "修改", "payload": "/edit_complaint"},
                {"title": "取消", "payload": "/cancel"},
            ],
        )
        return []


class ActionAskEditField(Action):
    def name(self) -> str:
        return "action_ask_edit_field"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        buttons = [
            {"title": LABELS[name], "payload": "/edit_field" + json.dumps({"field_name": name})}
            for name in FIELDS
        ]
        dispatcher.utter_message(text="要改哪一项？", buttons=buttons)
        return []


class ActionEditField(Action):
    """Clears the chosen field; the form then asks only for it and reads the summary back again."""

    def name(self) -> str:
        return "action_edit_field"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        field = tracker.get_slot("edit_field") or next(tracker.get_latest_entity_values("field_name"), None)
        if field not in FIELDS:
            dispatcher.utter_message(text="没找到要改的那一项，请点按钮选择。")
            return [SlotSet("edit_field", None)]
        return [SlotSet(field, None), SlotSet("edit_field", None), SlotSet("intake_failures", 0.0)]


def clear_form() -> list[EventType]:
    return [SlotSet(name, None) for name in FORM_SLOTS]


class ActionCancelComplaint(Action):
    """取消 at any step: nothing was written yet (a case is only created on 确认), so clearing slots is all."""

    def name(self) -> str:
        return "action_cancel_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        dispatcher.utter_message(response="utter_cancelled")
        return clear_form()


class ActionOpenCase(Action):
    """On 确认: open the case, give the number and its 查询码 (once), the responsible office, duplicate and red-case
    notices."""

    def name(self) -> str:
        return "action_open_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        metadata = message_metadata(tracker)
        complaint = Complaint.from_slots(
            form_slots(tracker),
            chat_key=tracker.sender_id,
            channel=metadata.get("channel"),
            site_code=metadata.get("site_code"),
        )
        db = open_db()
        try:
            opened = open_case(db, complaint)
        except CasesError as error:
            log.warning("case not opened: %s", error)
            dispatcher.utter_message(text="登记没有成功，信息不完整。请重新说一下您的情况，或转人工。",
                                     buttons=[{"title": "转人工", "payload": "/request_human"}])
            return clear_form()
        finally:
            db.close()
        lines = wording.case_opened(opened.case_number, opened.access_code)
        if opened.duplicate_of:
            lines.append(wording.DUPLICATE_NOTICE)
        if opened.office:
            lines.append("负责办理的单位：\n" + opened.office.describe())
        lines.append("办理进度有变化我会主动告诉您，也可以随时问我“我的投诉咋样了”。")
        dispatcher.utter_message(text="\n".join(lines))
        if opened.triage.urgent and not tracker.get_slot("danger_warned"):
            dispatcher.utter_message(text=DANGER_TEXT)
        if opened.triage.needs_escalation:
            dispatcher.utter_message(json_message=handoff_payload("红色案件 " + opened.case_number))
        return clear_form()
