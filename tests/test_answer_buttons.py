"""The buttons under an answer (actions/answer.py): each next step a card names (knowledge.answer.OFFERS) is sent
as the payload the dialogue understands, byte for byte (buttons already sent must keep working)."""

from actions.answer import answer_buttons, card_button, step_button
from knowledge.answer import OFFERS, Reply


def test_each_next_step_is_offered_with_the_payload_the_dialogue_understands():
    assert {name: step_button(step) for name, step in OFFERS.items()} == {
        "complaint": {"title": "投诉欠薪", "payload": "/report_arrears"},
        "arbitration": {"title": "申请仲裁", "payload": '/ask_policy{"card": "arbitration-how"}'},
        "legal_aid": {"title": "法律援助", "payload": "/ask_legal_aid"},
        "human": {"title": "转人工", "payload": "/request_human"},
        "hotline": {"title": "投诉欠薪", "payload": "/report_arrears"},
        "police": {"title": "转人工", "payload": "/request_human"},
    }
    # the complaint offered in its own message right after the answer: not a second complaint button
    assert answer_buttons(Reply("答", OFFERS["hotline"]), complaint_offered=True) == []
    assert answer_buttons(Reply("答", OFFERS["hotline"]), complaint_offered=False) == [step_button(OFFERS["complaint"])]
    assert answer_buttons(Reply("答", OFFERS["legal_aid"]), complaint_offered=True) == [step_button(OFFERS["legal_aid"])]


def test_a_guess_asks_for_its_card_by_id():
    assert card_button("包工头跑了怎么办", "boss-ran-away") == {
        "title": "包工头跑了怎么办", "payload": '/ask_policy{"card": "boss-ran-away"}'}
