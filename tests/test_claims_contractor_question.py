"""Issue 14, complaint form: when the boss is a person (包工头), one optional question for the 总包 / project
owner; skipped for a company. Real rasa_sdk trackers and a real SQLite file, as in test_cases_intake_actions."""

from __future__ import annotations

from actions.intake import ActionComplaintSummary, ActionOpenCase, ValidateComplaintForm
from cases import open_db
from claims.from_case import claim_facts_from_case
from claims.documents import RespondentRole
from tests.test_cases_intake_actions import FILLED, huxin_db, run, slot_events, tracker  # noqa: F401 (fixture)


async def test_a_person_as_employer_gets_the_contractor_question_next():
    _, events = await run(ValidateComplaintForm(), tracker("包工头王大军", requested="employer"))
    slots = slot_events(events)
    assert slots["employer"] == "包工头王大军"
    assert slots["requested_slot"] == "general_contractor"


async def test_a_company_as_employer_skips_it():
    _, events = await run(ValidateComplaintForm(), tracker("宏达建筑劳务有限公司", requested="employer"))
    assert slot_events(events)["requested_slot"] == "location"


async def test_the_answer_is_kept_and_the_form_goes_on():
    partial = {"employer": "包工头王大军"}
    _, events = await run(ValidateComplaintForm(),
                          tracker("宏达建工集团 阳光花园项目", slots=partial, requested="general_contractor"))
    slots = slot_events(events)
    assert slots["general_contractor"] == "宏达建工集团 阳光花园项目"
    assert slots["requested_slot"] == "location"
    # "不知道" is an answer too: not asked again.
    _, events = await run(ValidateComplaintForm(), tracker("不知道", slots=partial, requested="general_contractor"))
    assert slot_events(events) == {"general_contractor": "不详", "requested_slot": "location"}
    _, events = await run(ValidateComplaintForm(), tracker("北京市大兴区", slots={**partial, "general_contractor": "不详"},
                                                            requested="location"))
    assert slot_events(events)["requested_slot"] != "general_contractor"


async def test_a_failed_answer_is_asked_again_before_the_contractor():
    _, events = await run(ValidateComplaintForm(), tracker("啊", slots={"employer": "老王"}, requested="amount"))
    assert slot_events(events)["requested_slot"] == "amount"


async def test_the_contractor_reaches_the_summary_the_case_and_the_papers(huxin_db):
    slots = {**FILLED, "general_contractor": "宏达建工集团"}
    messages, _ = await run(ActionComplaintSummary(), tracker("", slots=slots))
    assert "总包/项目方：宏达建工集团" in messages[0]["text"]
    await run(ActionOpenCase(), tracker("/affirm", slots=slots, intent="affirm"))
    db = open_db(huxin_db)
    case = next(db["cases"].rows_where())
    db.close()
    facts = claim_facts_from_case(case)
    assert [(r.name, r.role) for r in facts.respondents] == [
        ("包工头王大军", RespondentRole.FOREMAN), ("宏达建工集团", RespondentRole.GENERAL_CONTRACTOR)]
