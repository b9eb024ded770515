"""Moves case notifications (written by cases/ on every status change) into the gateway's outbox.

cases/ never talks to a channel; this relay, running in the web process, takes each pending notification, stores
and queues it for the worker's chat like any other reply (a rating request becomes rate_case buttons), and tells
cases/ it was handed over. Delivery, retries and blocked workers are then the outbox's job.
"""

from __future__ import annotations

import asyncio
import logging

import sqlite_utils

from bot import conversations
from bot.gateway import Gateway
from bot.replies import Button, Reply
from cases import notifications
from core import dialogue

log = logging.getLogger(__name__)


def rating_buttons(rating: notifications.RatingRequest) -> list[Button]:
    """One button per score (一事一回访); each sends rate_case with the case number and the score."""
    return [
        Button(title, dialogue.payload(dialogue.RATE_CASE, case_number=rating.case_number, rating=score))
        for title, score in rating.choices
    ]


def relay_case_notifications(cases_db: sqlite_utils.Database, gateway: Gateway, limit: int = 50) -> int:
    """Hand every pending notification to the outbox; returns how many were handed."""
    handed = 0
    for notification in notifications.pending(cases_db, limit=limit):
        chat = conversations.get_chat(gateway.db, notification.chat_key)
        if chat is None:
            notifications.mark_failed(cases_db, notification.id, "no such chat", permanent=True)
            continue
        reply = Reply(
            text=notification.text,
            buttons=rating_buttons(notification.rating) if notification.rating else [],
        )
        gateway.send(notification.chat_key, chat["channel"], [reply], sender="system")
        notifications.mark_handed(cases_db, notification.id)
        handed += 1
    return handed


async def run_relay(cases_db: sqlite_utils.Database, gateway: Gateway, interval_seconds: float) -> None:
    while True:
        try:
            relay_case_notifications(cases_db, gateway)
        except Exception:  # keep relaying; a bad row is retried next round
            log.exception("case notification relay failed")
        await asyncio.sleep(interval_seconds)
