"""A case's status change reaches the worker's chat: cases/ writes a notification, the relay queues it."""

from bot import conversations, outbox
from bot.db import open_database
from bot.gateway import Gateway
from bot.rasa_client import RasaClient
from bot.relay import relay_case_notifications
from cases import Complaint, change_status, open_case, open_db

SLOTS = {
    "employer": "张三（包工头）",
    "location": "内蒙古自治区乌兰察布市集宁区",
    "project": "幸福小区3号楼",
    "amount": "73000",
    "workers_count": "9",
    "months": "3",
    "phone": "13812345678",
    "description": "干完活老板不给钱",
    "worker_name": "李四",
}


async def test_a_status_change_is_queued_for_the_workers_chat_once(tmp_path) -> None:
    path = tmp_path / "huxin.db"
    db = open_database(path)
    cases_db = open_db(path)
    conversations.ensure_chat(db, "telegram", "4242", script="traditional")
    opened = open_case(cases_db, Complaint.from_fields(SLOTS, chat_key="telegram:4242"))
    rasa = RasaClient("http://127.0.0.1:9", timeout_seconds=1)
    gateway = Gateway(db, rasa)
    relay_case_notifications(cases_db, gateway)  # whatever opening the case queued
    before = len(outbox.due(db, "telegram"))

    change_status(cases_db, opened.case_number, "已受理", actor="staff:wang", note="已联系施工单位")
    assert relay_case_notifications(cases_db, gateway) == 1
    assert relay_case_notifications(cases_db, gateway) == 0  # handed once, never twice
    await rasa.aclose()

    due = outbox.due(db, "telegram")
    assert len(due) == before + 1
    message = due[-1].message
    assert opened.case_number in message.text and "受理" in message.text
    assert "聯繫" in message.text  # the worker writes Traditional, so the notification is in Traditional too
    assert message.sender == "system"


async def test_a_closed_case_asks_for_a_rating_with_rate_case_buttons(tmp_path) -> None:
    path = tmp_path / "huxin.db"
    db = open_database(path)
    cases_db = open_db(path)
    conversations.ensure_chat(db, "telegram", "4242")
    number = open_case(cases_db, Complaint.from_fields(SLOTS, chat_key="telegram:4242")).case_number
    rasa = RasaClient("http://127.0.0.1:9", timeout_seconds=1)
    gateway = Gateway(db, rasa)
    change_status(cases_db, number, "已受理", actor="staff:wang")
    change_status(cases_db, number, "已办结", actor="staff:wang")
    relay_case_notifications(cases_db, gateway)
    await rasa.aclose()

    accepted, closed = (d.message for d in outbox.due(db, "telegram")[-2:])
    assert "buttons" not in accepted.payload
    assert closed.payload["buttons"] == [
        {"title": f"{score}分", "payload": f'/rate_case{{"case_number": "{number}", "rating": {score}}}'}
        for score in (5, 4, 3, 2, 1)
    ]
