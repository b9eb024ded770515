"""Case fields -> `ClaimFacts`, so documents do not depend on how cases are stored.

Takes a plain dict: a `cases` row (worker_name, phone, employer, location, project, amount, months, period,
description, workers_count, case_number, anonymous) or the Rasa slots of the complaint form, which use the same
names. Unknown or empty fields stay None and become marked blanks in the documents.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from claims.calculator import Estimate
from claims.documents import ClaimFacts
from claims.parse import parse_amount

ANONYMOUS_NAMES = {"匿名", "anonymous"}


def _text(case: Mapping[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = case.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def _amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return parse_amount(str(value))


def _count(value: Any) -> int | None:
    amount = _amount(value)
    return int(amount) if amount is not None and amount > 0 else None


def _estimate(value: Any) -> Estimate | None:
    if value is None or value == "":
        return None
    if isinstance(value, Estimate):
        return value
    if isinstance(value, str):
        value = json.loads(value)
    return Estimate.from_dict(value)


def _period(case: Mapping[str, Any]) -> str | None:
    period = _text(case, "period")
    if period:
        return period
    months = case.get("months")
    if months in (None, ""):
        return None
    if isinstance(months, (int, float, Decimal)):
        return f"共{format(Decimal(str(months)).normalize(), 'f')}个月"
    # The complaint form's slot reads "3（3月到6月）": the count, then the dates as the worker wrote them.
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:个月)?\s*(?:[（(](.+)[)）])?\s*", str(months))
    if match:
        count = f"共{format(Decimal(match.group(1)).normalize(), 'f')}个月"
        return f"{match.group(2)}（{count}）" if match.group(2) else count
    return str(months)


def claim_facts_from_case(case: Mapping[str, Any], estimate: Estimate | None = None) -> ClaimFacts:
    """The facts a document needs, from a dict of case fields; `estimate` overrides case["estimate"]."""
    name = _text(case, "worker_name", "name")
    if case.get("anonymous") or (name in ANONYMOUS_NAMES):
        name = None  # an anonymous complaint still needs a name on paper: the worker writes it in
    return ClaimFacts(
        worker_name=name,
        worker_phone=_text(case, "phone", "contact_phone", "worker_phone"),
        worker_address=_text(case, "worker_address", "address"),
        employer=_text(case, "employer"),
        employer_address=_text(case, "employer_address"),
        employer_representative=_text(case, "employer_representative"),
        location=_text(case, "location"),
        project=_text(case, "project"),
        amount=_amount(case.get("amount")),
        period=_period(case),
        description=_text(case, "description"),
        workers_count=_count(case.get("workers_count")),
        case_number=_text(case, "case_number"),
        estimate=estimate if estimate is not None else _estimate(case.get("estimate")),
    )
