"""Which questions the calculator conversation asks, and how the answers become calculator inputs.

Answers are the parsed values the form keeps (strings, so they fit in Rasa slots): kind, wage, wage basis, and
then only what that kind of claim needs. Pure functions, so the dialogue logic is tested without Rasa.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from claims import minimum_wage
from claims.calculator import (
    CAP_QUESTION_THRESHOLD,
    ClaimInput,
    ClaimKind,
    EconomicCompensation,
    InvalidClaimInput,
    NoWrittenContract,
    Overtime,
    UnpaidWages,
    Wage,
    WageBasis,
    monthly_from_daily,
)
from core import wording

UNKNOWN = "unknown"  # the worker does not know; the calculation goes on without it
YES, NO = "yes", "no"

# Every question, in the order asked; `needed` picks those a kind of claim uses.
QUESTIONS = (
    "calc_kind",
    "calc_wage",
    "calc_wage_basis",
    "calc_worked",
    "calc_paid",
    "calc_months_no_contract",
    "calc_weekday_hours",
    "calc_rest_day_hours",
    "calc_holiday_hours",
    "calc_days_counted",
    "calc_service_months",
    "calc_days_per_month",
    "calc_average_wage",
    "calc_city",
)

_BY_KIND = {
    ClaimKind.UNPAID_WAGES: ("calc_worked", "calc_paid", "calc_city"),
    ClaimKind.NO_CONTRACT_DOUBLE_WAGE: ("calc_months_no_contract",),
    ClaimKind.OVERTIME: ("calc_weekday_hours", "calc_rest_day_hours", "calc_holiday_hours"),
    ClaimKind.ECONOMIC_COMPENSATION: ("calc_service_months", "calc_average_wage", "calc_city"),
}


# Answers may still be raw text (the form asks for the question list before it validates), so anything that is
# not yet a parsed value reads as "not answered".


def _kind(answers: Mapping[str, Any]) -> ClaimKind | None:
    try:
        return ClaimKind(answers.get("calc_kind"))
    except ValueError:
        return None


def _wage(answers: Mapping[str, Any]) -> Wage | None:
    try:
        return Wage(Decimal(str(answers.get("calc_wage"))), WageBasis(answers.get("calc_wage_basis")))
    except (ValueError, ArithmeticError):
        return None


def needed(answers: Mapping[str, Any]) -> list[str]:
    """The questions this conversation needs, given the answers so far (answered ones included)."""
    kind = _kind(answers)
    if kind is None:
        return ["calc_kind"]
    wanted = {"calc_kind", "calc_wage", "calc_wage_basis", *_BY_KIND[kind]}
    wage = _wage(answers)
    if kind is ClaimKind.UNPAID_WAGES and wage is not None and wage.basis is WageBasis.DAILY:
        # The minimum-wage check compares monthly wages only.
        wanted.discard("calc_city")
    daily = wage is not None and wage.basis is WageBasis.DAILY
    if kind is ClaimKind.OVERTIME and daily and (
        _positive(answers, "calc_rest_day_hours") or _positive(answers, "calc_holiday_hours")
    ):
        # A day rate pays every day worked: ask whether these days are already in 干活天数 (paid or claimed),
        # so the premium is added once.
        wanted.add("calc_days_counted")
    if kind is ClaimKind.ECONOMIC_COMPENSATION and daily:
        # The base is the actual monthly pay (实施条例 第二十七条), not day rate × 21.75.
        wanted.add("calc_days_per_month")
    if kind is ClaimKind.ECONOMIC_COMPENSATION:
        monthly = None
        if wage is not None:
            monthly = wage.amount if wage.basis is WageBasis.MONTHLY else monthly_from_daily(wage.amount)
        if monthly is None or monthly <= CAP_QUESTION_THRESHOLD:
            wanted.discard("calc_average_wage")
    return [q for q in QUESTIONS if q in wanted]


def _positive(answers: Mapping[str, Any], key: str) -> bool:
    try:
        return Decimal(str(answers.get(key))) > 0
    except ArithmeticError:
        return False


def next_question(answers: Mapping[str, Any]) -> str | None:
    """The first needed question without an answer, or None when the calculation can run."""
    return next((q for q in needed(answers) if answers.get(q) in (None, "")), None)


def _number(answers: Mapping[str, Any], key: str) -> Decimal | None:
    value = answers.get(key)
    if value in (None, "", UNKNOWN):
        return None
    return Decimal(str(value))


def local_minimum(answers: Mapping[str, Any]) -> minimum_wage.MinimumWage | None:
    city = answers.get("calc_city")
    if not city or city == UNKNOWN:
        return None
    return minimum_wage.lookup(city)


def build_input(answers: Mapping[str, Any]) -> ClaimInput:
    """The calculator input for a finished conversation. Raises InvalidClaimInput when something is off."""
    kind = _kind(answers)
    wage = _wage(answers)
    if kind is None or wage is None:
        raise InvalidClaimInput(wording.say("claims.cannot_calculate_yet"))
    minimum = local_minimum(answers)
    if kind is ClaimKind.UNPAID_WAGES:
        return UnpaidWages(
            wage=wage,
            worked=_number(answers, "calc_worked"),
            already_paid=_number(answers, "calc_paid") or Decimal("0"),
            minimum_monthly_wage=minimum.monthly if minimum else None,
            place=minimum.place if minimum else None,
        )
    if kind is ClaimKind.NO_CONTRACT_DOUBLE_WAGE:
        return NoWrittenContract(wage=wage, months_without_contract=_number(answers, "calc_months_no_contract"))
    if kind is ClaimKind.OVERTIME:
        return Overtime(
            wage=wage,
            weekday_hours=_number(answers, "calc_weekday_hours") or Decimal("0"),
            rest_day_hours=_number(answers, "calc_rest_day_hours") or Decimal("0"),
            holiday_hours=_number(answers, "calc_holiday_hours") or Decimal("0"),
            days_paid_at_day_rate=_days_counted(answers, wage),
        )
    return EconomicCompensation(
        wage=wage,
        service_months=_number(answers, "calc_service_months"),
        local_average_monthly_wage=_number(answers, "calc_average_wage"),
        minimum_monthly_wage=minimum.monthly if minimum else None,
        days_per_month=_number(answers, "calc_days_per_month") if wage.basis is WageBasis.DAILY else None,
    )


def _days_counted(answers: Mapping[str, Any], wage: Wage) -> bool | None:
    """Only a day-rate answer matters; "not sure" keeps the default (a day rate pays every day worked)."""
    if wage.basis is not WageBasis.DAILY:
        return None
    return {YES: True, NO: False}.get(answers.get("calc_days_counted"))


def minimum_wage_note(answers: Mapping[str, Any]) -> str | None:
    """What the reply says about the minimum-wage figure used, or why none was used."""
    city = answers.get("calc_city")
    if not city:
        return None
    if city == UNKNOWN:
        return wording.say("claims.minimum_wage.no_city")
    figure = minimum_wage.lookup(city)
    if figure is None:
        return wording.say("claims.minimum_wage.no_figure", city=city)
    return wording.say("claims.minimum_wage.compared_with", figure=figure.describe())
