"""The owed-wage calculator conversation: `wage_calculator_form` validation and the reply with the working.

Thin: parsing lives in claims.parse, which questions to ask in claims.questions, the arithmetic in
claims.calculator and the reply text in claims.explain.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from claims import parse, questions
from claims.calculator import ClaimKind, Estimate, InvalidClaimInput, WageBasis, calculate
from claims.explain import format_estimate
from core import dialogue, wording

FORM = "wage_calculator_form"
ESTIMATE_SLOT = "calc_estimate"
# Intents that end or leave the form instead of answering its question; the form rejects them so rules apply.
LEAVING_INTENTS = {"cancel", "request_human"}

# "Not understood" by the question asked (actions/wording.yml).
NOT_UNDERSTOOD = wording.group("actions.calculator.not_understood")


def answers(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in questions.QUESTIONS}


def _latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def _latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


class ValidateWageCalculatorForm(FormValidationAction):
    """Asks only the questions the chosen claim needs (claims.questions), one at a time, and reads each answer."""

    def name(self) -> str:
        return "validate_wage_calculator_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        return questions.needed(answers(tracker))

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The answer is the whole message, for the question asked (slots use `custom` mappings)."""
        if _latest_intent(tracker) in LEAVING_INTENTS:
            return []
        text = _latest_text(tracker).strip()
        requested = tracker.get_slot("requested_slot")
        if requested is None:
            # The message that opened the form may already say which claim ("加班费咋算"), and a complaint
            # told earlier may already say where the work was (the cases form's `location` slot).
            events = []
            kind = parse.parse_claim_kind(text)
            if kind:
                events.append(SlotSet("calc_kind", kind))
            location = tracker.get_slot("location")
            if location:
                events.append(SlotSet("calc_city", str(location)))
            return events
        if requested in questions.QUESTIONS and text:
            return [SlotSet(requested, text)]
        return []

    # -- one validator per question: returns the parsed value, or None (and a hint) to ask again ---------------

    # Questions answered by one number that a parser reads: a table instead of a method each. rasa-sdk finds a
    # slot's validator with getattr(self, "validate_<slot>"), which falls through to __getattr__ for these.
    NUMBER_ANSWERS: dict[str, Callable[[str], Decimal | None]] = {
        "calc_months_no_contract": parse.parse_months,
        "calc_weekday_hours": parse.parse_hours,
        "calc_rest_day_hours": parse.parse_hours,
        "calc_holiday_hours": parse.parse_hours,
        "calc_service_months": parse.parse_months,
    }

    def __getattr__(self, name: str) -> Callable[..., dict[str, Any]]:
        slot = name.removeprefix("validate_")
        if slot == name or slot not in self.NUMBER_ANSWERS:
            raise AttributeError(name)
        parser = self.NUMBER_ANSWERS[slot]
        return lambda value, dispatcher, tracker, domain: self._number(slot, parser, value, dispatcher)

    def validate_calc_kind(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
        known = {kind.value for kind in ClaimKind}
        kind = value if value in known else parse.parse_claim_kind(str(value))
        if kind is None:
            dispatcher.utter_message(text=wording.say("actions.calculator.which_claim"))
        return {"calc_kind": kind}

    def validate_calc_wage(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
        parsed = parse.parse_wage(str(value))
        if parsed is None:
            dispatcher.utter_message(text=wording.say("actions.calculator.wage_not_understood"))
            return {"calc_wage": None}
        amount, basis = parsed
        slots: dict[str, Any] = {"calc_wage": str(amount)}
        if basis is not None:
            slots["calc_wage_basis"] = basis.value
        return slots

    def validate_calc_wage_basis(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        text = str(value)
        basis = text if text in (b.value for b in WageBasis) else parse.wage_basis(text)
        if basis is None:
            dispatcher.utter_message(text=NOT_UNDERSTOOD["calc_wage_basis"])
            return {"calc_wage_basis": None}
        return {"calc_wage_basis": WageBasis(basis).value}

    def validate_calc_worked(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        daily = tracker.get_slot("calc_wage_basis") == WageBasis.DAILY.value
        return self._number("calc_worked", parse.parse_days if daily else parse.parse_months, value, dispatcher)

    def validate_calc_paid(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
        if parse.is_none(str(value)):
            return {"calc_paid": "0"}
        return self._number("calc_paid", parse.parse_amount, value, dispatcher)

    def validate_calc_average_wage(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        if parse.is_unknown(str(value)):
            return {"calc_average_wage": questions.UNKNOWN}
        return self._number("calc_average_wage", parse.parse_amount, value, dispatcher)

    def validate_calc_days_counted(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        answer = parse.parse_days_counted(str(value))
        if answer is None:
            dispatcher.utter_message(text=NOT_UNDERSTOOD["calc_days_counted"])
        return {"calc_days_counted": answer}

    def validate_calc_days_per_month(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        if parse.is_unknown(str(value)):
            return {"calc_days_per_month": questions.UNKNOWN}
        days = parse.parse_days(str(value))
        if days is None or days > 31:
            dispatcher.utter_message(text=NOT_UNDERSTOOD["calc_days_per_month"])
            return {"calc_days_per_month": None}
        return {"calc_days_per_month": str(days)}

    def validate_calc_city(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
        text = str(value).strip()
        if not text or parse.is_unknown(text) or parse.is_none(text):
            return {"calc_city": questions.UNKNOWN}
        return {"calc_city": text[:40]}

    @staticmethod
    def _number(slot: str, parser: Callable[[str], Decimal | None], value: Any,
                dispatcher: CollectingDispatcher) -> dict[str, Any]:
        number = parser(str(value))
        if number is None or number < 0:
            dispatcher.utter_message(text=NOT_UNDERSTOOD[slot])
            return {slot: None}
        return {slot: str(number)}


class ActionResetCalculator(Action):
    """Clears the calculator's answers so a new calculation starts from the first question."""

    def name(self) -> str:
        return "action_reset_calculator"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        return [SlotSet(name, None) for name in questions.QUESTIONS]


class ActionCalculateWages(Action):
    """Replies with each step, its legal basis, the total and the disclaimer; keeps the estimate for documents."""

    def name(self) -> str:
        return "action_calculate_wages"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        given = answers(tracker)
        try:
            estimate = calculate(questions.build_input(given))
        except InvalidClaimInput as error:
            dispatcher.utter_message(text=wording.say("actions.calculator.cannot_calculate", reason=error))
            return [SlotSet(name, None) for name in questions.QUESTIONS]
        note = questions.minimum_wage_note(given)
        if note:
            estimate = Estimate(items=estimate.items, notes=estimate.notes + (note,))
        dispatcher.utter_message(
            text=format_estimate(estimate),
            buttons=[
                dialogue.intent_button(wording.say("actions.calculator.documents_button"),
                                       dialogue.REQUEST_DOCUMENTS),
                dialogue.intent_button(wording.say("actions.calculator.again_button"), dialogue.CALCULATE_WAGES),
            ],
        )
        previous = tracker.get_slot(ESTIMATE_SLOT)
        if previous:
            estimate = Estimate.from_dict(previous).merged(estimate)
        return [SlotSet(ESTIMATE_SLOT, estimate.to_dict())] + [SlotSet(n, None) for n in questions.QUESTIONS]
