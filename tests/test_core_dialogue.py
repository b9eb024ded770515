"""The dialogue contract (core/dialogue.py): payloads Rasa reads back as sent, buttons as the gateway reads them."""

import json
import re

from core import dialogue

# How Rasa 3.6 unpacks a payload (rasa/shared/core/training_data/story_reader/yaml_story_reader.py,
# _regex_message_pattern): /intent, an optional @confidence, an optional JSON object of entities, nothing else.
RASA_PAYLOAD = re.compile(r"^/(?P<intent>[^{@]+)(?P<confidence>@[0-9.]+)?(?P<entities>{.+})?(?P<rest>.*)$")


def rasa_reads(text: str) -> tuple[str, dict]:
    match = RASA_PAYLOAD.match(text.strip())
    assert match and not match["rest"], f"Rasa would not read {text!r} as a payload"
    return match["intent"].strip(), json.loads(match["entities"] or "{}")


def test_a_payload_with_chinese_text_reads_back_as_sent():
    sent = dialogue.payload(dialogue.ASK_POLICY, card="欠薪-包工头跑了")
    assert sent == '/ask_policy{"card": "欠薪-包工头跑了"}'  # readable in stored chats, not \u-escaped
    assert rasa_reads(sent) == ("ask_policy", {"card": "欠薪-包工头跑了"})
    rating = dialogue.payload(dialogue.RATE_CASE, case_number="HX-2026-000001", rating=5)
    assert rating == '/rate_case{"case_number": "HX-2026-000001", "rating": 5}'
    assert rasa_reads(rating) == ("rate_case", {"case_number": "HX-2026-000001", "rating": 5})
    assert dialogue.payload(dialogue.REQUEST_HUMAN) == "/request_human"
    assert dialogue.is_payload(rating) and not dialogue.is_payload("包工头跑了 /急")


def test_a_reader_of_a_button_sees_its_title_and_payload_after_rasa_and_the_store():
    sent = dialogue.intent_button("申请仲裁", dialogue.ASK_POLICY, card="arbitration-how")
    through_json = json.loads(json.dumps([sent], ensure_ascii=False))[0]  # Rasa's REST reply, the gateway's store
    assert dialogue.read_button(through_json) == {"title": "申请仲裁", "payload": '/ask_policy{"card": "arbitration-how"}'}
    assert dialogue.read_button({"title": "不知道"}) == {"title": "不知道", "payload": ""}
    assert dialogue.read_button({"payload": "/request_human"}) is None  # nothing to show


def test_custom_replies_read_back():
    assert dialogue.handoff_reason(dialogue.handoff("红色案件 HX-2026-000001")) == "红色案件 HX-2026-000001"
    assert dialogue.handoff_reason({dialogue.HANDOFF: {}}) == "handoff"
    assert dialogue.handoff_reason(dialogue.request_contact()) is None
    assert dialogue.metadata("telegram", "42", None, "simplified") == {
        "channel": "telegram", "chat_id": "42", "site_code": None, "script": "simplified"}
    assert dialogue.metadata("telegram", "42", "SITE-1", "traditional", "+8613812345678")["contact_phone"] == \
        "+8613812345678"


def test_typed_slot_values_read_back_after_the_tracker_store_and_from_text_slots_of_before():
    owed = dialogue.months_slot(3.0, False, dialogue.period_slot("去年11月到1月", "2025-11", "2026-01"))
    stored = json.loads(json.dumps({"amount": dialogue.number_slot(80000.0, True), "months": owed}))
    assert dialogue.read_number_slot(stored["amount"]) == {"value": 80000, "approximate": True}
    assert dialogue.read_months_slot(stored["months"]) == {
        "value": 3, "approximate": False, "period": {"text": "去年11月到1月", "start": "2025-11", "end": "2026-01"}}
    # a conversation saved before the slots were typed
    assert dialogue.read_number_slot("约80000") == {"value": 80000, "approximate": True}
    assert dialogue.read_number_slot("2.5") == {"value": 2.5, "approximate": False}
    assert dialogue.read_months_slot("4（3月到6月）") == {
        "value": 4, "approximate": False, "period": {"text": "3月到6月", "start": None, "end": None}}
    # nothing that is not a number is taken for one
    assert [dialogue.read_number_slot(raw) for raw in (None, "", "八万多", True, {"value": "9"})] == [None] * 5
    assert dialogue.read_months_slot({"value": 2, "approximate": True, "period": {"start": "2026-01"}}) == {
        "value": 2, "approximate": True, "period": None}
