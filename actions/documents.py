"""Sends the worker a 劳动保障监察投诉书 and a 劳动人事争议仲裁申请书 (DOCX and PDF) built from the conversation.

Facts come from the complaint form's slots (same names as case fields; numbers read as a case row holds them) and
the calculator's estimate; the gateway delivers each file from the `document` custom payload (a Telegram document, a
web-chat download link).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.calculator import ESTIMATE_SLOT
from actions.form_fields import from_slot
from cases import find_for_owner, office_of, open_db
from cases.numbers import MonthsOwed, Quantity
from claims.documents import DocumentError, GeneratedDocument, generate
from claims.from_case import claim_facts_from_case
from core import dialogue, wording
from core.settings import settings

log = logging.getLogger(__name__)

# Slots of the complaint form (cases.yml) that are also case fields; missing slots read as None.
CASE_SLOTS = ("worker_name", "phone", "employer", "location", "project", "amount", "months", "workers_count",
              "case_number", "description", "general_contractor")


def documents_dir() -> Path:
    return settings().documents_dir


def chat_folder(sender_id: str, now: dt.datetime) -> Path:
    """One folder per request; the chat key is hashed so no phone number or chat id appears in paths."""
    digest = hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:16]
    return documents_dir() / digest / now.strftime("%Y%m%d-%H%M%S-%f")


def row_numbers(tracker: Tracker) -> dict[str, Any]:
    """The form's numbers as a case row has them: amount, head count and months as numbers, the period as written."""
    numbers: dict[str, Any] = {}
    for name in (*dialogue.NUMBER_SLOTS, dialogue.MONTHS_SLOT):
        value = from_slot(name, tracker.get_slot(name))
        quantity = value.months if isinstance(value, MonthsOwed) else value
        numbers[name] = quantity.value if isinstance(quantity, Quantity) else None
        if isinstance(value, MonthsOwed):
            numbers["period"] = value.period.text if value.period else None
    return numbers


def case_fields(tracker: Tracker) -> dict[str, Any]:
    """The facts for the documents: the complaint form while it is being filled, else the chat's latest case
    (the form's slots are cleared once a case is opened). An opened case also gives its routed office under
    "office", whose name is the only one the 此致 line may carry."""
    fields = {name: tracker.get_slot(name) for name in CASE_SLOTS} | row_numbers(tracker)
    if not fields.get("employer"):
        db = open_db()
        try:
            owned = find_for_owner(db, tracker.sender_id)
            office = office_of(db, owned[0]) if owned else None
        finally:
            db.close()
        if owned:
            fields = {name: owned[0].get(name) for name in (*CASE_SLOTS, "period", "anonymous")}
            fields["office"] = office
    if not fields.get("phone"):
        fields["phone"] = ((tracker.latest_message or {}).get("metadata") or {}).get(dialogue.META_CONTACT_PHONE)
    fields["estimate"] = tracker.get_slot(ESTIMATE_SLOT)
    return fields


def document_payload(document: GeneratedDocument) -> dict[str, Any]:
    return dialogue.document(str(document.path.resolve()), document.filename, document.caption)


class ActionSendDocuments(Action):
    def name(self) -> str:
        return "action_send_documents"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        fields = case_fields(tracker)
        facts = claim_facts_from_case(fields, office=fields.pop("office", None))
        try:
            documents = generate(facts, chat_folder(tracker.sender_id, dt.datetime.now()))
        except DocumentError as error:
            log.error("documents not written: %s", error)
            dispatcher.utter_message(text=wording.say("actions.documents.failed"))
            return []
        intro = wording.say("actions.documents.ready")
        if facts.estimate is None and facts.amount is None:
            intro += wording.say("actions.documents.no_amount")
        intro += wording.say("actions.documents.where_to_file")
        dispatcher.utter_message(text=intro)
        for document in documents:
            dispatcher.utter_message(json_message=document_payload(document))
        log.info("sent %d documents", len(documents))
        return []
