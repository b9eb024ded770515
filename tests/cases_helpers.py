"""Shared builders for the cases tests: a real SQLite file per test and complaints as the form leaves them."""

from __future__ import annotations

from cases import Complaint
from cases.numbers import MonthsOwed, Quantity


def complaint(chat_key: str = "telegram:100", **fields) -> Complaint:
    values = {
        "employer": "宏达建筑有限公司",
        "location": "北京市大兴区",
        "project": "阳光花园三期",
        "amount": Quantity(73000),
        "workers_count": Quantity(9),
        "months": MonthsOwed(Quantity(3)),
        "phone": "13812345678",
        "description": "干完活老板不给钱",
        "worker_name": "张伟",
    }
    values.update(fields)
    return Complaint.from_fields(values, chat_key=chat_key)
