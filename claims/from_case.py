"""Case fields -> `ClaimFacts`, so documents do not depend on how cases are stored.

Takes a plain dict: a `cases` row (worker_name, phone, employer, location, project, amount, months, period,
description, workers_count, case_number, anonymous), or the complaint form's fields in the same shape (numbers as
numbers, the period as the worker wrote it). Unknown or empty fields stay None and become marked blanks in the documents.

Respondents: `respondents` (a list of dicts with name, role, credit_code, id_number, address, phone) when given;
otherwise the employer, and, when the employer is a person (a 包工头), the 总包 the worker named in
`general_contractor`. The 此致 line takes an office name only from the routing table: pass the case's routed
`cases.routing.Office` (or its name) as `office`.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from claims.calculator import Estimate
from claims.documents import ClaimFacts, DocumentError, Respondent, RespondentRole
from cases.parties import OWNER_TITLE, split_beside
from claims.parse import parse_amount
from core import wording

ANONYMOUS_NAMES = {"匿名", "anonymous"}
# The complaint form keeps the 总包 a worker names in the case description, on a line of its own after this mark.
CONTRACTOR_MARK = "总包/项目方："
# Words that mark an organisation's name; anything else the worker calls the boss is taken for a person (包工头).
_ORGANISATION = re.compile(r"公司|集团|企业|工厂|厂$|单位|项目部|中心|合作社|事务所|商行|经营部|工作室|学校|医院|酒店|局|院$|店$|队$")


_OWNER_TITLE = re.compile("^" + OWNER_TITLE)


def is_organisation(name: str | None) -> bool:
    """Whether an employer's name reads as an organisation ("某某建筑劳务公司") rather than a person ("老王", "张三")."""
    return bool(name and _ORGANISATION.search(employer_and_owner(name)[0]))


def employer_and_owner(employer: str) -> tuple[str, str | None]:
    """An organisation's name and the owner named beside it ("永泰鞋业厂（老板林国富）" → 永泰鞋业厂, 林国富); a person's
    name stays whole ("王老板（王建国）"), and an owner known only by title and surname ("黄老板") is no name for a
    document."""
    name, beside = split_beside(employer)
    if beside is None or not _ORGANISATION.search(name):
        return employer.strip(), None
    owner = _OWNER_TITLE.sub("", beside).split("，")[-1].strip()
    named = len(owner) >= 2 and not re.search(r"老板|老总|某|先生|女士|太", owner)
    return name, owner if named else None


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
    """"3月到6月（共3个月）" when the dates and the count are known, else whichever is."""
    dates = _text(case, "period")
    months = case.get("months")
    try:
        count = None if months in (None, "") else wording.say(
            "claims.document.period.months", months=format(Decimal(str(months)).normalize(), "f"))
    except InvalidOperation:
        count = str(months)
    if dates and count:
        return wording.say("claims.document.period.dates", dates=dates, months=count)
    return dates or count


def _respondents(case: Mapping[str, Any]) -> tuple[Respondent, ...]:
    given = case.get("respondents")
    if isinstance(given, str) and given.strip():
        given = json.loads(given)
    if given:
        fields = ("name", "role", "credit_code", "id_number", "address", "phone", "representative")
        try:
            return tuple(Respondent(**{k: _text(row, k) for k in fields}) for row in given)
        except (TypeError, AttributeError) as error:
            raise DocumentError(f"被申请人信息格式不对：{error}") from None
    employer = _text(case, "employer")
    contractor = _text(case, "general_contractor") or _marked_contractor(_text(case, "description"))
    if employer is None or is_organisation(employer):
        if contractor is None:
            return ()  # the single employer, from the employer fields
        role = RespondentRole.EMPLOYER
    else:
        role = RespondentRole.FOREMAN
    name, owner = employer_and_owner(employer)
    parties = [
        Respondent(
            name=name,
            role=role,
            address=_text(case, "employer_address"),
            representative=_text(case, "employer_representative") or owner,
        )
    ]
    if contractor:
        parties.append(Respondent(name=contractor, role=RespondentRole.GENERAL_CONTRACTOR))
    return tuple(parties)


def _marked_contractor(description: str | None) -> str | None:
    match = re.search(rf"^{CONTRACTOR_MARK}(.+)$", description or "", re.M)
    return match.group(1).strip() if match else None


def _office_name(office: Any) -> str | None:
    if office is None:
        return None
    name = office if isinstance(office, str) else getattr(office, "name", None)
    return str(name).strip() or None if name else None


def _contract(value: Any) -> bool | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("false", "no", "0", "没签", "没有", "未签"):
        return False
    if text in ("true", "yes", "1", "签了", "有"):
        return True
    return None


def claim_facts_from_case(
    case: Mapping[str, Any], estimate: Estimate | None = None, office: Any = None
) -> ClaimFacts:
    """The facts a document needs, from a dict of case fields; `estimate` overrides case["estimate"].

    `office`: the case's routed `cases.routing.Office` (or its name); its name goes on the complaint's 此致 line.
    The routing table lists labour-inspection offices only, so the arbitration committee stays blank.
    """
    name = _text(case, "worker_name", "name")
    employer, owner = employer_and_owner(_text(case, "employer") or "")
    if case.get("anonymous") or (name in ANONYMOUS_NAMES):
        name = None  # an anonymous complaint still needs a name on paper: the worker writes it in
    return ClaimFacts(
        worker_name=name,
        worker_phone=_text(case, "phone", "contact_phone", "worker_phone"),
        worker_address=_text(case, "worker_address", "address"),
        employer=employer or None,
        employer_address=_text(case, "employer_address"),
        employer_representative=_text(case, "employer_representative") or owner,
        location=_text(case, "location"),
        project=_text(case, "project"),
        amount=_amount(case.get("amount")),
        period=_period(case),
        description=_text(case, "description"),
        workers_count=_count(case.get("workers_count")),
        case_number=_text(case, "case_number"),
        estimate=estimate if estimate is not None else _estimate(case.get("estimate")),
        respondents=_respondents(case),
        # The worker's 工作单位 is whoever they said employed them, and on which project.
        worker_workplace=_text(case, "worker_workplace") or _workplace(case),
        started_on=_text(case, "started_on"),
        written_contract=_contract(case.get("written_contract")),
        ended_on=_text(case, "ended_on"),
        end_reason=_text(case, "end_reason"),
        inspection_office=_office_name(office),
    )


def _workplace(case: Mapping[str, Any]) -> str | None:
    employer, project = _text(case, "employer"), _text(case, "project")
    if employer and project:
        return wording.say("claims.document.workplace", employer=employer, project=project)
    return employer
