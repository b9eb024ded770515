"""Complaint intake: the form's validation, its questions, the read-back, confirm / edit / cancel.

Thin Rasa layer over ``cases.conversation``, ``cases.intake`` and ``cases.store``.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.form_fields import form_fields, to_slots
from actions.handoff import human_button
from cases import Complaint, confirmed_again, open_case, open_db
from cases.conversation import complaint_turn, next_missing
from cases.errors import CasesError, IncompleteComplaint
from cases.intake import FIELDS, LABELS, QUESTIONS, SKIP_WORDS, summary_text
from cases.opening import asks_a_rule_too, question_part
from claims.from_case import CONTRACTOR_MARK, is_organisation
from core import dialogue, wording
from knowledge.answer import build_reply
from knowledge.index import NoIndex

log = logging.getLogger(__name__)

FORM = "complaint_form"
# One optional question beyond cases.intake's fields: when the boss is a person (a 包工头), which company is the
# 总包 or whose project it is, so the papers can name it as a second respondent (issue 14).
CONTRACTOR = "general_contractor"
CONTRACTOR_UNKNOWN = "不详"
# Slots the form owns (cleared on cancel and after a case opens).
FORM_SLOTS = (*FIELDS, CONTRACTOR, "intake_failures", "edit_field", "danger_warned", "requested_slot")
STOP_INTENTS = {"cancel", "request_human"}


def message_metadata(tracker: Tracker) -> dict[str, Any]:
    return tracker.latest_message.get("metadata") or {}


def wants_contractor(fields: dict[str, Any], contractor: Any) -> bool:
    """Ask for the 总包 once, and only when the employer reads as a person rather than a company."""
    employer = fields.get("employer")
    return bool(employer) and not is_organisation(str(employer)) and contractor in (None, "")


def contractor_answer(text: str) -> str:
    answer = text.strip()
    if len(answer) < 2 or dialogue.is_payload(answer) or SKIP_WORDS.match(answer):
        return CONTRACTOR_UNKNOWN
    return answer[:60]


def with_contractor(fields: dict[str, Any], contractor: Any) -> dict[str, Any]:
    """The case fields with the 总包 kept in the description (the cases table has no column for it)."""
    if contractor in (None, "", CONTRACTOR_UNKNOWN):
        return fields
    description = (fields.get("description") or "").strip()
    return {**fields, "description": f"{description}\n{CONTRACTOR_MARK}{contractor}".strip()}


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
        requested = tracker.get_slot("requested_slot") if tracker.active_loop.get("name") == FORM else None
        if requested == CONTRACTOR:
            answer = contractor_answer(tracker.latest_message.get("text") or "")
            return [SlotSet(CONTRACTOR, answer), SlotSet("requested_slot", next_missing(form_fields(tracker)))]
        metadata = message_metadata(tracker)
        text = tracker.latest_message.get("text") or ""
        # requested is None only on the turn that opens the form (Rasa already reports the form active then)
        if requested is None and not dialogue.is_payload(text) and asks_a_rule_too(text):
            await answer_first(dispatcher, text)
        fields = form_fields(tracker)
        turn = complaint_turn(
            requested,
            "" if dialogue.is_payload(text) else text,  # a button press answers nothing
            fields,
            failures=int(tracker.get_slot("intake_failures") or 0),
            site_code=metadata.get(dialogue.META_SITE_CODE),
            contact_phone=metadata.get(dialogue.META_CONTACT_PHONE),
            danger_warned=bool(tracker.get_slot("danger_warned")),
        )
        for reply in turn.replies:
            dispatcher.utter_message(text=reply.text, buttons=[human_button()] if reply.offer_human else None)
            if reply.hand_over:
                dispatcher.utter_message(json_message=dialogue.handoff(reply.hand_over))
        events: list[EventType] = [SlotSet(name, value) for name, value in to_slots(turn.fields).items()]
        events.append(SlotSet("intake_failures", float(turn.failures)))
        if turn.danger:
            events.append(SlotSet("danger_warned", True))
        next_field = turn.next_field
        failed = requested in FIELDS and next_field == requested
        if not failed and wants_contractor({**fields, **turn.fields}, tracker.get_slot(CONTRACTOR)):
            next_field = CONTRACTOR
        events.append(SlotSet("requested_slot", next_field))
        return events


async def answer_first(dispatcher: CollectingDispatcher, text: str) -> None:
    """The complaint that starts the form also asks a rule: answer it first, when an article fits, then go on with the
    form. Nothing is said when nothing fits: the worker came to complain, and the form does not wait for an answer."""
    try:
        reply = await asyncio.to_thread(build_reply, question_part(text), None, text)
    except NoIndex:
        log.error("knowledge index missing; run `python -m knowledge setup`")
        return
    log.info("complaint also asks a rule: entry=%s matched=%s", reply.entry_id, reply.matched)
    if reply.matched:
        dispatcher.utter_message(text=reply.text)
        dispatcher.utter_message(response="utter_complaint_after_answer")


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
            dispatcher.utter_message(text=QUESTIONS["phone"], json_message=dialogue.request_contact())
        elif self.field in ("project", "worker_name"):
            skip = wording.say(f"actions.intake.skip_{self.field}")
            dispatcher.utter_message(text=QUESTIONS[self.field], buttons=[dialogue.button(skip, skip)])
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
        text = summary_text(form_fields(tracker))
        contractor = tracker.get_slot(CONTRACTOR)
        if contractor and contractor != CONTRACTOR_UNKNOWN:
            text += wording.say("actions.intake.contractor", contractor=contractor)
        dispatcher.utter_message(
            text=text,
            buttons=[
                dialogue.intent_button(wording.say("actions.intake.confirm"), dialogue.AFFIRM),
                dialogue.intent_button(wording.say("actions.intake.edit"), dialogue.EDIT_COMPLAINT),
                dialogue.intent_button(wording.say("actions.intake.cancel"), dialogue.CANCEL),
            ],
        )
        return []


class ActionAskEditField(Action):
    def name(self) -> str:
        return "action_ask_edit_field"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        buttons = [dialogue.intent_button(LABELS[name], dialogue.EDIT_FIELD, field_name=name) for name in FIELDS]
        dispatcher.utter_message(text=wording.say("actions.intake.which_field"), buttons=buttons)
        return []


class ActionEditField(Action):
    """Clears the chosen field; the form then asks only for it and reads the summary back again."""

    def name(self) -> str:
        return "action_edit_field"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        field = tracker.get_slot("edit_field") or next(tracker.get_latest_entity_values(dialogue.FIELD_NAME), None)
        if field not in FIELDS:
            dispatcher.utter_message(text=wording.say("actions.intake.no_such_field"))
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
        fields = form_fields(tracker)
        complaint = Complaint.from_fields(
            with_contractor(fields, tracker.get_slot(CONTRACTOR)),
            chat_key=tracker.sender_id,
            channel=metadata.get(dialogue.META_CHANNEL),
            site_code=metadata.get(dialogue.META_SITE_CODE),
        )
        db = open_db()
        try:
            again = not any(fields.values())  # 确认 after the case opened and the form was cleared
            opened = confirmed_again(db, tracker.sender_id) if again else open_case(db, complaint)
            if opened is None:
                raise IncompleteComplaint(complaint.missing())
        except CasesError as error:
            log.warning("case not opened: %s", error)
            dispatcher.utter_message(text=wording.say("actions.intake.not_opened"),
                                     buttons=[human_button()])
            return clear_form()
        finally:
            db.close()
        lines = [wording.say("cases.case_opened", number=opened.case_number)]
        if opened.access_code:
            lines.append(wording.say("cases.access_code", number=opened.case_number, code=opened.access_code))
        else:
            lines.append(wording.say("cases.access_code_given_before"))
        if opened.duplicate_of:
            lines.append(wording.say("cases.duplicate_notice"))
        if opened.office:
            lines.append(wording.say("cases.office", office=opened.office.describe()))
        lines.append(wording.say("cases.progress_promise"))
        dispatcher.utter_message(text="\n".join(lines))
        if again:  # warned and escalated when it opened
            return clear_form()
        if opened.triage.urgent and not tracker.get_slot("danger_warned"):
            dispatcher.utter_message(text=wording.say("cases.danger"))
        if opened.triage.needs_escalation:
            dispatcher.utter_message(json_message=dialogue.handoff("红色案件 " + opened.case_number))
        return clear_form()
