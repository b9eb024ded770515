"""Chats as staff see them: the escalation queue, a transcript with NLU and delivery status, internal notes.

Replies to workers do not happen here: they go through the gateway (``Gateway.send``), like every other reply.
Chats and messages are the gateway's tables, read through ``bot.conversations``; notes and canned replies are the
console's own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlite_utils

from core import clock
from core.db import transaction

from bot import conversations

from .privacy import mask_text

CHANNEL_NAMES = {"web": "网页", "telegram": "Telegram"}
MODE_NAMES = {"bot": "智能助手", "waiting": "等待人工", "human": "人工接管中"}
DELIVERY_NAMES = {"pending": "发送中", "sent": "已送达", "failed": "发送失败", "blocked": "对方已屏蔽"}


def chat_label(channel: str, ref: int | None, display_name: str | None = None) -> str:
    """What staff call a chat: the worker's name if the channel gave one, else channel + the chat's number. Never
    its chat id: a web chat's id is what its cookie carries (the worker's only credential)."""
    if display_name:
        return display_name
    return f"{CHANNEL_NAMES.get(channel, channel)}用户 #{ref}"


def audit_target(chat: dict[str, Any], message_id: int | None = None) -> str:
    """How the audit log names a chat (and a message in it)."""
    return f"chat:{chat['ref']}" + (f"#{message_id}" if message_id is not None else "")


@dataclass
class QueueEntry:
    ref: int
    channel: str
    mode: str
    reason: str
    escalated_at: str
    held_by: str | None
    display_name: str
    site_code: str | None
    last_text: str
    waiting_minutes: int


@dataclass
class TranscriptItem:
    kind: str  # message | note
    id: int
    sender: str
    text: str
    created_at: str
    intent: str | None = None
    confidence: float | None = None
    delivery: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


def _minutes_since(moment: str | None) -> int:
    if not moment:
        return 0
    started = datetime.fromisoformat(moment)
    return max(0, int((clock.now() - started).total_seconds() // 60))


def queue(db: sqlite_utils.Database) -> list[QueueEntry]:
    """Chats waiting for a person (longest wait first), then chats a person holds."""
    return [
        QueueEntry(
            ref=row["ref"],
            channel=row["channel"],
            mode=row["mode"],
            reason=row["escalation_reason"] or "",
            escalated_at=row["escalated_at"] or "",
            held_by=row["held_by"],
            display_name=row["display_name"] or "",
            site_code=row["site_code"],
            last_text=mask_text((row["last_text"] or "")[:80]),
            waiting_minutes=_minutes_since(row["escalated_at"] or row["held_at"]),
        )
        for row in conversations.escalated_chats(db)
    ]


def transcript(db: sqlite_utils.Database, key: str, limit: int = 500) -> list[TranscriptItem]:
    items = [
        TranscriptItem(
            kind="message",
            id=row["id"],
            sender=row["sender"],
            text=row["text"] or "",
            created_at=row["created_at"],
            intent=row["intent"],
            confidence=row["confidence"],
            delivery=row["delivery"],
            payload=json.loads(row["payload"] or "{}"),
        )
        for row in conversations.transcript_rows(db, key, limit)
    ]
    items.reverse()
    for note in db["chat_notes"].rows_where("chat_key = ?", [key], order_by="id"):
        items.append(TranscriptItem("note", note["id"], note["author"], note["text"], note["created_at"]))
    items.sort(key=lambda item: item.created_at)
    return items


def latest_note_id(db: sqlite_utils.Database) -> int | None:
    """The id of the newest internal note of any chat (None before the first)."""
    return db.execute("select max(id) from chat_notes").fetchone()[0]


def add_note(db: sqlite_utils.Database, key: str, author: str, text: str) -> int:
    with transaction(db):
        return db["chat_notes"].insert(
            {"chat_key": key, "author": author, "text": text, "created_at": clock.iso(timespec="milliseconds")}
        ).last_pk


def canned_replies(db: sqlite_utils.Database) -> list[dict]:
    return list(db["canned_replies"].rows_where(order_by="id"))
