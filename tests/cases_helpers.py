"""Shared builders for the cases tests: a real SQLite file per test and complaints as the form leaves them."""

from __future__ import annotations

from cases import Complaint


def complaint(chat_key: str = "telegram:100", **slots) -> Complaint:
    values = {
        "employer": "宏达建筑有限公司",
        "location": "北京市大兴区",
        "project": "阳光花园三期",
        "amount": "73000",
        "workers_count": "9",
        "months": "3",
        "phone": "13812345678",
        "description": "干完活老板不给钱",
        "worker_name": "张伟",
    }
    values.update(slots)
    return Complaint.from_slots(values, chat_key=chat_key)
