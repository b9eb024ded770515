"""The dialogue contract: what the gateway (bot/) and the action server (actions/) tell each other through Rasa.

- Intent payloads. A button or a chat command sends ``/intent`` or ``/intent{"entity": value}``; Rasa reads that as
  the intent with those entities without asking NLU, so what a button does never depends on how NLU reads a text.
  The intent and entity names are declared in ``nlu/domain/*.yml``.
- Buttons: ``{"title", "payload"}``, as rasa_sdk's dispatcher takes them and Rasa's REST channel returns them. The
  payload is an intent payload, or plain text the worker could have typed ("不知道").
- Custom replies (``dispatcher.utter_message(json_message=...)``): ``handoff``, ``document``, ``request_contact``.
- Metadata the gateway sends with every message; actions read it from ``tracker.latest_message["metadata"]``.

Only ``actions/`` and ``bot/`` use this module. Domain packages return plain results (a next step, a rating
request, "hand over") and the actions turn those into buttons here; ``tests/test_layers.py`` keeps it that way.
Changing a string here changes what Rasa receives: payloads must keep their bytes (buttons already sent are stored
in chats and in Telegram's keyboards), and names must match the domain and the training data.
"""

from __future__ import annotations

import json
import re
from typing import Any, Mapping, TypedDict

# Rasa reads a message starting with this as an intent payload (rasa.shared.constants.INTENT_MESSAGE_PREFIX).
PAYLOAD_PREFIX = "/"

# Intents that buttons and commands send.
GREET = "greet"
HELP = "help"
ASK_POLICY = "ask_policy"
REPORT_ARREARS = "report_arrears"
ASK_LEGAL_AID = "ask_legal_aid"
REQUEST_HUMAN = "request_human"
CHECK_STATUS = "check_status"
CANCEL = "cancel"
AFFIRM = "affirm"
EDIT_COMPLAINT = "edit_complaint"
EDIT_FIELD = "edit_field"
RATE_CASE = "rate_case"
CALCULATE_WAGES = "calculate_wages"
REQUEST_DOCUMENTS = "request_documents"

# Entities those payloads carry.
CARD = "card"  # ask_policy: the id of the knowledge card to answer with
CASE_NUMBER = "case_number"  # rate_case
RATING = "rating"  # rate_case: 1-5
FIELD_NAME = "field_name"  # edit_field: the complaint form's field to change

# Parse data: the intent NLU gave a typed message before its last step re-named it by the sorting of a first message
# (nlu/components/sorting.py). The actions sort from it again, as that step did.
SORTED_FROM = "sorted_from"


def payload(intent: str, **entities: Any) -> str:
    """What a button sends for ``intent``: ``/intent``, or ``/intent{"entity": value, ...}``.

    Entities in the order given, written by json.dumps with ensure_ascii=False and its default ", " / ": "
    separators: the exact bytes payloads have always had, so Chinese stays readable in stored chats and a button
    sent before a release still matches after it."""
    text = PAYLOAD_PREFIX + intent
    return text + json.dumps(entities, ensure_ascii=False) if entities else text


def is_payload(text: str) -> bool:
    """A button's or command's payload rather than words the worker typed (it states no facts, asks no question)."""
    return text.startswith(PAYLOAD_PREFIX)


# A reply's buttons, in Rasa's REST reply and in the gateway's stored reply.
BUTTONS = "buttons"


class Button(TypedDict):
    title: str  # what the worker sees
    payload: str  # what is sent when it is tapped


def button(title: str, sent: str) -> Button:
    """A button showing ``title`` that sends ``sent`` (a payload from ``payload()``, or plain text)."""
    return {"title": title, "payload": sent}


def intent_button(title: str, intent: str, **entities: Any) -> Button:
    """A button that sends ``intent`` with ``entities``."""
    return button(title, payload(intent, **entities))


def read_button(raw: Mapping[str, Any]) -> Button | None:
    """A button as a reader gets it from Rasa's reply: title and payload as text (a missing payload reads as "");
    None for a button without a title, which could show nothing."""
    if not raw.get("title"):
        return None
    return button(str(raw["title"]), str(raw.get("payload", "")))


# Custom reply keys (json_message), read by the gateway (bot/replies.py). The gateway stores `document` and
# `request_contact` under the same names with the reply it sends, for the channels.
HANDOFF = "handoff"  # {"handoff": {"reason": ...}}: put the chat in the staff queue (mode "waiting")
DOCUMENT = "document"  # {"document": {"path", "filename", "caption"}}: a file to send
REQUEST_CONTACT = "request_contact"  # {"request_contact": true}: offer the channel's share-my-number button
HANDOFF_REASON = "reason"
DEFAULT_HANDOFF_REASON = "handoff"  # a handoff that gave no reason


def handoff(reason: str) -> dict[str, Any]:
    """The custom reply that asks the gateway to put this chat in front of a person."""
    return {HANDOFF: {HANDOFF_REASON: reason}}


def handoff_reason(custom: Mapping[str, Any]) -> str | None:
    """Why a custom reply asks for a person; None when it does not."""
    if HANDOFF not in custom:
        return None
    return str((custom.get(HANDOFF) or {}).get(HANDOFF_REASON) or DEFAULT_HANDOFF_REASON)


def document(path: str, filename: str, caption: str) -> dict[str, Any]:
    """The custom reply that sends a file (``path`` on the shared disk, as the action server wrote it)."""
    return {DOCUMENT: {"path": path, "filename": filename, "caption": caption}}


def request_contact() -> dict[str, Any]:
    """The custom reply that offers the share-contact button with the question it follows."""
    return {REQUEST_CONTACT: True}


# Metadata keys of every message the gateway sends to Rasa.
META_CHANNEL = "channel"  # "telegram" | "web"
META_CHAT_ID = "chat_id"
META_SITE_CODE = "site_code"  # the construction site whose QR code opened the chat, if any
META_SCRIPT = "script"  # "simplified" | "traditional": how the worker writes
META_CONTACT_PHONE = "contact_phone"  # only on a message that shared the worker's own number (Telegram)


def metadata(channel: str, chat_id: str, site_code: str | None, script: str,
             contact_phone: str | None = None) -> dict[str, Any]:
    """The metadata of one message to Rasa; contact_phone only when the channel gave one."""
    data: dict[str, Any] = {META_CHANNEL: channel, META_CHAT_ID: chat_id, META_SITE_CODE: site_code,
                            META_SCRIPT: script}
    if contact_phone:
        data[META_CONTACT_PHONE] = contact_phone
    return data


# Typed values of the complaint form's slots (nlu/domain/cases.yml, type any). Numbers are numbers with the worker's
# "about" kept as a flag; the months owed carry the period as written and, when the worker named both months, its
# first and last month. Conversations saved before these types held text ("约80000", "4（3月到6月）"); the readers
# take that too, so a form in progress across an upgrade keeps its answers.
NUMBER_SLOTS = ("amount", "workers_count")
MONTHS_SLOT = "months"


class NumberSlot(TypedDict):
    value: int | float
    approximate: bool


class PeriodSlot(TypedDict):
    text: str  # as the worker wrote it: "去年10月到今年1月"
    start: str | None  # "2025-10"
    end: str | None  # "2026-01"


class MonthsSlot(NumberSlot):
    period: PeriodSlot | None


_WRITTEN_NUMBER = re.compile(r"(约)?([0-9]+(?:\.[0-9]+)?)")
_WRITTEN_PERIOD = re.compile(r"（(.+)）")


def _tidy(number: float) -> int | float:
    return int(number) if float(number).is_integer() else float(number)


def number_slot(value: int | float, approximate: bool = False) -> NumberSlot:
    return {"value": _tidy(value), "approximate": bool(approximate)}


def months_slot(value: int | float, approximate: bool = False, period: PeriodSlot | None = None) -> MonthsSlot:
    return {**number_slot(value, approximate), "period": period}


def period_slot(text: str, start: str | None = None, end: str | None = None) -> PeriodSlot:
    return {"text": text, "start": start, "end": end}


def read_number_slot(raw: Any) -> NumberSlot | None:
    """A number slot's value: a NumberSlot, a bare number, or the text of before ("约80000"); None when empty or
    not a number."""
    if isinstance(raw, Mapping) and isinstance(raw.get("value"), (int, float)) and not isinstance(raw["value"], bool):
        return number_slot(raw["value"], bool(raw.get("approximate")))
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return number_slot(raw)
    written = _WRITTEN_NUMBER.fullmatch(raw.strip()) if isinstance(raw, str) else None
    return number_slot(float(written.group(2)), bool(written.group(1))) if written else None


def read_months_slot(raw: Any) -> MonthsSlot | None:
    """The months slot's value: a MonthsSlot, or the text of before ("4（3月到6月）", the dates without months)."""
    if isinstance(raw, str):
        dates = _WRITTEN_PERIOD.search(raw)
        number = read_number_slot(_WRITTEN_PERIOD.sub("", raw))
        return months_slot(**number, period=period_slot(dates.group(1)) if dates else None) if number else None
    number = read_number_slot(raw)
    if number is None:
        return None
    given = raw.get("period") if isinstance(raw, Mapping) else None
    period = (period_slot(str(given["text"]), given.get("start"), given.get("end"))
              if isinstance(given, Mapping) and given.get("text") else None)
    return months_slot(**number, period=period)
