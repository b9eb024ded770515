"""The Rasa actions of the complaint intake, run with real rasa_sdk trackers on a real SQLite file."""

from __future__ import annotations

import json
import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.intake import (ActionAskEditField, ActionAskPhone, ActionCancelComplaint, ActionComplaintSummary,
                            ActionEditField, ActionOpenCase, ValidateComplaintForm)
from actions.status import ActionCheckStatus, ActionRateCase
from cases import change_status, get_case, lookup, open_db
from core import dialogue

OPENING = "俺们一共9个人在北京大兴给人装修别墅 干完活老板不给钱 欠了七万三"
FILLED = {
    "employer": "包工头王大军",
    "location": "北京市大兴区",
    "project": "装修别墅",
    "amount": {"value": 73000, "approximate": False},
    "workers_count": {"value": 9, "approximate": False},
    "months": {"value": 3, "approximate": False,
               "period": {"text": "3月到5月", "start": "2026-03", "end": "2026-05"}},
    "phone": "13812345678",
    "description": OPENING,
    "worker_name": "匿名",
}
# The same form as a conversation saved before the slots were typed holds it (text slots).
FILLED_AS_TEXT = {**FILLED, "amount": "约73000", "workers_count": "9", "months": "3（3月到5月）"}


@pytest.fixture(autouse=True)
def huxin_db(tmp_path, monkeypatch):
    monkeypatch.setenv("HUXIN_DB", str(tmp_path / "huxin.db"))
    return tmp_path / "huxin.db"


def get_case_numbers(path) -> list[str]:
    db = open_db(path)
    try:
        return [row["case_number"] for row in db["cases"].rows_where(order_by="id")]
    finally:
        db.close()


def tracker(text: str, slots: dict | None = None, intent: str = "inform", requested: str | None = None,
            active: bool = True, sender: str = "telegram:42", entities: list | None = None, metadata: dict | None = None):
    values = {"requested_slot": requested, **(slots or {})}
    return Tracker(
        sender_id=sender,
        slots=values,
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or [],
                        "metadata": metadata or {}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": "complaint_form"} if active else {},
        latest_action_name="action_listen",
    )


def slot_events(events) -> dict:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def run(action, t):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, {})
    return dispatcher.messages, events


async def test_opening_message_fills_what_it_says_and_asks_for_the_employer():
    messages, events = await run(ValidateComplaintForm(), tracker(OPENING, intent="report_arrears", active=False))
    slots = slot_events(events)
    assert slots["location"] == "北京市大兴区" and slots["amount"] == {"value": 73000, "approximate": False}
    assert slots["workers_count"] == {"value": 9, "approximate": False}
    assert slots["project"] == "装修别墅" and slots["description"] == OPENING
    assert slots["requested_slot"] == "employer"


async def test_site_code_prefills_the_project():
    _, events = await run(ValidateComplaintForm(), tracker("老板欠钱", intent="report_arrears", active=False,
                                                            metadata={"site_code": "SITE-GEM-01"}))
    assert slot_events(events)["project"] == "SITE-GEM-01"


async def test_bad_amount_twice_explains_with_example_and_offers_a_person():
    first_messages, first = await run(ValidateComplaintForm(), tracker("好多好多", requested="amount"))
    assert slot_events(first)["amount"] is None and slot_events(first)["requested_slot"] == "amount"
    assert "转人工" not in json.dumps(first_messages, ensure_ascii=False)
    second_messages, second = await run(
        ValidateComplaintForm(), tracker("不清楚啊", requested="amount", slots={"intake_failures": 1.0})
    )
    text = json.dumps(second_messages, ensure_ascii=False)
    assert "8万多" in text and "/request_human" in text
    third_messages, third = await run(
        ValidateComplaintForm(), tracker("八万多", requested="amount", slots={"intake_failures": 2.0})
    )
    assert slot_events(third)["amount"] == {"value": 80000, "approximate": True}
    assert slot_events(third)["intake_failures"] == 0


async def test_shared_contact_fills_the_phone():
    _, events = await run(ValidateComplaintForm(), tracker("+8613812345678", requested="phone",
                                                            metadata={"contact_phone": "+8613812345678"}))
    assert slot_events(events)["phone"] == "13812345678"


async def test_danger_words_tell_the_worker_to_call_110_and_ask_for_a_person():
    messages, events = await run(ValidateComplaintForm(), tracker("包工头说再来要钱就打人 欠我们五万", intent="report_arrears", active=False))
    assert any("110" in (m.get("text") or "") for m in messages)
    assert [dialogue.handoff_reason(m["custom"]) for m in messages if m.get("custom")] == ["danger words in complaint"]
    assert slot_events(events)["danger_warned"] is True


async def test_cancel_inside_the_form_lets_the_cancel_rule_run():
    _, events = await run(ValidateComplaintForm(), tracker("取消", intent="cancel", requested="amount"))
    assert events == []


async def test_cancel_clears_every_field_and_writes_nothing(huxin_db):
    messages, events = await run(ActionCancelComplaint(), tracker("取消", slots=FILLED, intent="cancel"))
    assert all(value is None for name, value in slot_events(events).items())
    assert set(FILLED) <= set(slot_events(events))
    assert open_db(huxin_db)["cases"].count == 0


async def test_edit_clears_only_the_chosen_field():
    _, events = await run(ActionEditField(), tracker("/edit_field", slots={**FILLED, "edit_field": "amount"}, intent="edit_field"))
    slots = slot_events(events)
    assert slots["amount"] is None and "employer" not in slots


async def test_confirm_opens_the_case_with_number_office_and_then_status_and_rating(huxin_db):
    messages, events = await run(ActionOpenCase(), tracker("/affirm", slots=FILLED, intent="affirm", active=False))
    text = messages[0]["text"]
    assert "HX-" in text and "北京市大兴区人力资源和社会保障局" in text
    assert all(value is None for value in slot_events(events).values())
    db = open_db(huxin_db)
    number = next(db["cases"].rows)["case_number"]
    status_messages, _ = await run(ActionCheckStatus(), tracker("我的投诉咋样了", intent="check_status", active=False))
    assert number in status_messages[0]["text"] and "待受理" in status_messages[0]["text"]
    other_messages, _ = await run(ActionCheckStatus(), tracker("我的投诉咋样了", intent="check_status", active=False, sender="telegram:99"))
    assert number not in other_messages[0]["text"]
    change_status(db, number, "已受理", actor="staff:li")
    change_status(db, number, "已办结", actor="staff:li")
    entities = [{"entity": "case_number", "value": number}, {"entity": "rating", "value": 5}]
    await run(ActionRateCase(), tracker("/rate_case", intent="rate_case", entities=entities, active=False))
    assert get_case(db, number)["rating"] == 5


async def test_red_case_asks_for_a_person(huxin_db):
    messages, _ = await run(ActionOpenCase(), tracker("/affirm", slots={**FILLED, "workers_count": {"value": 30, "approximate": True}}, intent="affirm", active=False))
    assert {"handoff": {"reason": messages[-1]["custom"]["handoff"]["reason"]}} == messages[-1]["custom"]
    assert dialogue.handoff_reason(messages[-1]["custom"]).startswith("红色案件 HX-")


async def test_read_back_edit_and_phone_question_send_what_the_form_rules_expect():
    messages, _ = await run(ActionComplaintSummary(), tracker("/affirm", slots=FILLED, intent="affirm", active=False))
    assert messages[0]["buttons"] == [{"title": "确认", "payload": "/affirm"}, {"title": "修改", "payload": "/edit_complaint"},
                                      {"title": "取消", "payload": "/cancel"}]
    messages, _ = await run(ActionAskEditField(), tracker("/edit_complaint", slots=FILLED, intent="edit_complaint"))
    assert {"title": "欠薪金额", "payload": '/edit_field{"field_name": "amount"}'} in messages[0]["buttons"]
    messages, _ = await run(ActionAskPhone(), tracker("", requested="phone"))
    assert messages[0]["custom"] == {"request_contact": True} and messages[0]["text"]


async def test_duplicate_complaint_is_told_it_joins_an_existing_clue_without_the_other_number(huxin_db):
    first, _ = await run(ActionOpenCase(), tracker("/affirm", slots=FILLED, intent="affirm", active=False, sender="telegram:1"))
    messages, _ = await run(ActionOpenCase(), tracker("/affirm", slots=FILLED, intent="affirm", active=False, sender="telegram:2"))
    earlier = re.search(r"HX-[0-9]{4}-[0-9]{6}", first[0]["text"]).group(0)
    text = messages[0]["text"]
    assert "同一单位已有工友投诉，我们会合并处理" in text
    assert earlier not in text and set(re.findall(r"HX-[0-9]{4}-[0-9]{6}", text)) == {get_case_numbers(huxin_db)[-1]}


async def test_opened_case_shows_its_access_code_once(huxin_db):
    messages, _ = await run(ActionOpenCase(), tracker("/affirm", slots=FILLED, intent="affirm", active=False, sender="telegram:5"))
    code = re.search(r"查询码：([0-9]{6})", messages[0]["text"]).group(1)
    number = get_case_numbers(huxin_db)[-1]
    db = open_db()
    try:
        assert lookup(db, number, code, chat_key="web:another-phone")["case_number"] == number
        assert code not in str(list(db["cases"].rows))  # only a hash is kept
    finally:
        db.close()


async def test_an_answer_about_the_months_keeps_the_count_and_the_dates():
    _, events = await run(ValidateComplaintForm(), tracker("2025年11月到2026年2月", requested="months"))
    assert slot_events(events)["months"] == {
        "value": 4, "approximate": False,
        "period": {"text": "2025年11月到2026年2月", "start": "2025-11", "end": "2026-02"}}


async def test_a_form_saved_with_text_slots_before_the_upgrade_reads_back_and_opens_the_same_case(huxin_db):
    old, _ = await run(ActionComplaintSummary(), tracker("/affirm", slots=FILLED_AS_TEXT, intent="affirm", active=False))
    assert "约7.3万元" in old[0]["text"] and "9人" in old[0]["text"] and "3个月（3月到5月）" in old[0]["text"]
    await run(ActionOpenCase(), tracker("/affirm", slots=FILLED_AS_TEXT, intent="affirm", active=False))
    case = next(open_db(huxin_db)["cases"].rows)
    assert (case["amount"], case["amount_approximate"], case["workers_count"], case["months"]) == (73000, 1, 9, 3.0)
    assert (case["period"], case["period_start"]) == ("3月到5月", None)  # the text slot held no year


async def test_the_case_keeps_the_first_and_last_month_owed(huxin_db):
    await run(ActionOpenCase(), tracker("/affirm", slots=FILLED, intent="affirm", active=False))
    case = next(open_db(huxin_db)["cases"].rows)
    assert (case["months"], case["period"], case["period_start"], case["period_end"]) == (3.0, "3月到5月", "2026-03", "2026-05")


async def test_an_english_complaint_with_a_range_of_months_opens_the_form_with_its_period():
    text = "My father worked on a site in Shenzhen from March to May, the boss owes 8 workers 60000 yuan"
    _, events = await run(ValidateComplaintForm(), tracker(text, intent="report_arrears", active=False))
    months = slot_events(events)["months"]
    assert (months["value"], months["period"]["text"]) == (3, "from March to May")
