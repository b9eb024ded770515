"""One turn of the complaint form, decided without Rasa (the action only turns this into events).

``complaint_turn`` gets the requested field, the message and the fields so far, and returns the field
updates, the next field to ask and what to tell the worker (help after failures, 110 on danger) as plain data:
a reply may offer a person, or hand the chat over to one; the action makes those the button and the handoff.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core import wording

from .numbers import FieldValue
from .intake import FIELDS, HELP, MAX_FAILURES, TOO_LONG, AnswerNotUnderstood, fill_from_message, parse_answer
from .triage import danger_words_in

__all__ = ["Reply", "Turn", "complaint_turn", "next_missing"]



@dataclass
class Reply:
    text: str
    offer_human: bool = False  # offer to let a person take over (the worker chooses)
    hand_over: str | None = None  # put the chat in front of a person now, for this reason (for staff, not the worker)


@dataclass
class Turn:
    fields: dict[str, FieldValue | None] = field(default_factory=dict)  # the fields this turn fills or clears
    next_field: str | None = None
    failures: int = 0
    replies: list[Reply] = field(default_factory=list)
    danger: bool = False


def next_missing(slots: dict) -> str | None:
    return next((name for name in FIELDS if slots.get(name) in (None, "")), None)


def complaint_turn(
    requested: str | None,
    text: str,
    current: dict,
    *,
    failures: int = 0,
    site_code: str | None = None,
    contact_phone: str | None = None,
    danger_warned: bool = False,
) -> Turn:
    """``text`` is what the worker typed, "" for a button press (it answers no question and states no facts)."""
    turn = Turn(failures=failures)
    text = text or ""
    merged = dict(current)
    if site_code and not merged.get("project"):
        turn.fields["project"] = site_code
    if text.strip():
        if requested in FIELDS:
            try:
                turn.fields[requested] = parse_answer(requested, text, contact_phone)
                turn.failures = 0
            except AnswerNotUnderstood as error:
                turn.failures = failures + 1
                turn.fields[requested] = None
                if error.too_long and requested in TOO_LONG:
                    turn.replies.append(Reply(TOO_LONG[requested]))
                elif turn.failures >= MAX_FAILURES:
                    turn.replies.append(
                        Reply(
                            wording.say("cases.offer_help", help=HELP.get(requested, wording.say("cases.say_again"))),
                            offer_human=True,
                        )
                    )
                else:
                    turn.replies.append(Reply(wording.say("cases.not_understood")))
        # an answer (or the opening message) may also tell other fields: fill only the empty ones
        if requested is None or len(text) >= 10:
            for name, value in fill_from_message(text, site_code, contact_phone).items():
                if name == requested:
                    continue
                if merged.get(name) in (None, "") and turn.fields.get(name) in (None, ""):
                    if name == "description" and requested is not None:
                        continue
                    turn.fields[name] = value
        if danger_words_in(text) and not danger_warned:
            turn.danger = True
            turn.replies.append(Reply(wording.say("cases.danger"), hand_over="danger words in complaint"))
    merged.update(turn.fields)
    failed_now = requested in FIELDS and requested in turn.fields and turn.fields[requested] is None
    turn.next_field = requested if failed_now else next_missing(merged)
    return turn
