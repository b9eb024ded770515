"""Outbound delivery with retries: each channel takes its pending rows, sends them and records the result.

A worker who blocked the bot is recorded once and never retried; other failures back off and retry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlite_utils

from core import clock
from core.db import transaction

from bot.conversations import StoredMessage

MAX_ATTEMPTS = 12
BACKOFF_SECONDS = (1, 2, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600)


@dataclass
class Delivery:
    outbox_id: int
    chat_id: str
    message: StoredMessage


def due(db: sqlite_utils.Database, channel: str, chat_key: str | None = None, limit: int = 50) -> list[Delivery]:
    """Pending rows whose next attempt is due, oldest first (so a chat's replies keep their order)."""
    where = "o.channel = ? and o.status = 'pending' and o.next_attempt_at <= ?"
    params: list[object] = [channel, clock.iso(timespec="milliseconds")]
    if chat_key is not None:
        where += " and o.chat_key = ?"
        params.append(chat_key)
    rows = db.execute(
        f"""select o.id as outbox_id, c.chat_id, m.* from outbox o
            join messages m on m.id = o.message_id join chats c on c.chat_key = o.chat_key
            where {where} order by o.id limit ?""",
        [*params, limit],
    )
    columns = [d[0] for d in rows.description]
    deliveries = []
    for values in rows.fetchall():
        row = dict(zip(columns, values))
        deliveries.append(Delivery(outbox_id=row["outbox_id"], chat_id=row["chat_id"], message=StoredMessage.from_row(row)))
    return deliveries


def mark_sent(db: sqlite_utils.Database, outbox_id: int) -> None:
    with transaction(db):
        db.execute(
            "update outbox set status = 'sent', sent_at = ?, attempts = attempts + 1 where id = ?",
            [clock.iso(timespec="milliseconds"), outbox_id],
        )


def mark_delivered_with_response(db: sqlite_utils.Database, message_ids: list[int]) -> None:
    """The replies went back in the HTTP response that carried the worker's message (the web chat): their outbox
    rows are sent, in one commit."""
    if not message_ids:
        return
    with transaction(db):
        db.execute(
            f"update outbox set status = 'sent', sent_at = ?, attempts = attempts + 1 "
            f"where message_id in ({', '.join('?' * len(message_ids))}) and status = 'pending'",
            [clock.iso(timespec="milliseconds"), *message_ids],
        )


def mark_failed(db: sqlite_utils.Database, outbox_id: int, error: str) -> None:
    """Retry later with back-off; give up (status failed) after MAX_ATTEMPTS."""
    row = db["outbox"].get(outbox_id)
    attempts = (row["attempts"] or 0) + 1
    status = "failed" if attempts >= MAX_ATTEMPTS else "pending"
    delay = BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS)) - 1]
    next_at = clock.iso(clock.now() + timedelta(seconds=delay), timespec="milliseconds")
    with transaction(db):
        db["outbox"].update(
            outbox_id, {"status": status, "attempts": attempts, "next_attempt_at": next_at, "last_error": error[:500]}
        )


def mark_blocked(db: sqlite_utils.Database, outbox_id: int, chat_key: str, error: str) -> None:
    """The worker blocked the bot: record it on the chat and stop trying every row for that chat."""
    with transaction(db):
        db["chats"].update(chat_key, {"blocked": 1})
        db.execute(
            "update outbox set status = 'blocked', last_error = ? where chat_key = ? and status = 'pending'",
            [error[:500], chat_key],
        )
        db.execute("update outbox set attempts = attempts + 1 where id = ?", [outbox_id])
