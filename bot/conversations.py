"""Chats and their messages: every inbound message is stored before it is answered, every reply after."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from core import clock
from core.db import transaction

def chat_key(channel: str, chat_id: str | int) -> str:
    return f"{channel}:{chat_id}"


class DuplicateMessage(Exception):
    """The channel delivered the same message (e.g. Telegram update id) twice; it was handled the first time."""


@dataclass
class StoredMessage:
    id: int
    chat_key: str
    direction: str
    sender: str
    text: str
    payload: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "StoredMessage":
        return cls(
            id=row["id"],
            chat_key=row["chat_key"],
            direction=row["direction"],
            sender=row["sender"],
            text=row["text"] or "",
            payload=json.loads(row["payload"] or "{}"),
            created_at=row["created_at"],
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "direction": self.direction,
            "sender": self.sender,
            "text": self.text,
            "created_at": self.created_at,
            **self.payload,
        }


# What a channel may tell us about a chat on each message (ensure_chat's keyword arguments besides site_code).
CHAT_DETAILS = ("display_name", "script")


def ensure_chat(db: sqlite_utils.Database, channel: str, chat_id: str | int, **fields: Any) -> dict[str, Any]:
    """Create the chat on first contact; update what the channel tells us each time (name, script). A site code
    only tags a chat that has none yet (see tag_site).

    Plain SQL, one statement: this runs for every message on the channel's event loop, and sqlite-utils' insert and
    update read the schema first (about 60 statements per message in all, against 10 now)."""
    key = chat_key(channel, chat_id)
    now = clock.iso(timespec="milliseconds")
    updates = {k: v for k, v in fields.items() if v is not None}
    site_code = updates.pop("site_code", None)
    unknown = set(updates) - set(CHAT_DETAILS)
    if unknown:
        raise TypeError(f"ensure_chat() got unexpected chat details: {', '.join(sorted(unknown))}")
    columns = ["chat_key", "channel", "chat_id", "created_at", "last_seen_at", "site_code", *updates]
    assignments = ", ".join(f"{column} = excluded.{column}" for column in ["last_seen_at", *updates])
    with transaction(db):
        db.execute(
            f"insert into chats ({', '.join(columns)}) values ({', '.join('?' * len(columns))}) "
            f"on conflict(chat_key) do update set {assignments}",
            [key, channel, str(chat_id), now, now, site_code, *updates.values()],
        )
    if site_code:
        tag_site(db, channel, chat_id, site_code)
    chat = get_chat(db, key)
    assert chat is not None  # written just above
    return chat


def tag_site(db: sqlite_utils.Database, channel: str, chat_id: str | int, site_code: str) -> None:
    """Tag the chat with a construction site's code (QR code, deep link) unless it already has one: a link anyone
    can send must not move a worker's chat, and the complaint made from it, to another site."""
    key = chat_key(channel, chat_id)
    now = clock.iso(timespec="milliseconds")
    with transaction(db):
        db.execute(
            "insert into chats (chat_key, channel, chat_id, created_at, last_seen_at, site_code) values (?, ?, ?, ?, ?, ?) "
            "on conflict(chat_key) do update set site_code = excluded.site_code "
            "where chats.site_code is null or chats.site_code = ''",
            [key, channel, str(chat_id), now, now, site_code],
        )


def get_chat(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    return _one(db, "select * from chats where chat_key = ?", [key])


def _one(db: sqlite_utils.Database, sql: str, params: list[Any]) -> dict[str, Any] | None:
    """The first row as a dict (no schema reads, unlike a sqlite-utils table's rows_where)."""
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    return dict(zip((d[0] for d in cursor.description), row)) if row else None


def chat_by_ref(db: sqlite_utils.Database, ref: str | int) -> dict[str, Any] | None:
    """The chat with this number (chats.ref: what staff, console URLs and the audit log name a chat by)."""
    if isinstance(ref, str) and not ref.isdigit():
        return None
    rows = list(db["chats"].rows_where("ref = ?", [int(ref)]))
    return rows[0] if rows else None


def ref_of(db: sqlite_utils.Database, key: str | None) -> int | None:
    """The number of the chat with this key, None if there is none."""
    row = db.execute("select ref from chats where chat_key = ?", [key]).fetchone() if key else None
    return row[0] if row else None


def escalated_chats(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Chats waiting for a person (longest wait first), then chats a person holds; each with ``last_text``, the
    worker's latest message."""
    return list(db.query(
        """
        select c.*, (select text from messages m where m.chat_key = c.chat_key and m.direction = 'in'
                     order by m.id desc limit 1) as last_text
        from chats c where c.mode in ('waiting', 'human')
        order by case c.mode when 'waiting' then 0 else 1 end, c.escalated_at
        """
    ))


def waiting_refs(db: sqlite_utils.Database) -> set[int]:
    """The numbers of the chats waiting for a person."""
    return {row[0] for row in db.execute("select ref from chats where mode = 'waiting'")}


def recent_chats(db: sqlite_utils.Database, limit: int = 50) -> list[dict[str, Any]]:
    """Most recently active chats of any mode."""
    return list(db["chats"].rows_where(order_by="last_seen_at desc", limit=limit))


def activity_signature(db: sqlite_utils.Database) -> tuple:
    """Changes whenever a message is stored, a chat escalates, is claimed or handed back, or a reply is delivered
    (or fails): a cheap value a watcher in another process compares to notice that."""
    return tuple(db.execute(
        """
        select
          (select max(id) from messages),
          (select group_concat(chat_key || '=' || mode || '=' || coalesce(held_by, ''), ',')
             from (select chat_key, mode, held_by from chats where mode != 'bot' order by chat_key)),
          (select count(*) from outbox where status != 'pending')
        """
    ).fetchone())


def log_name(db: sqlite_utils.Database, key: str) -> str:
    """How logs name a chat: its channel and number (chats.ref), never its key. A web chat's key holds the id its
    cookie carries, and a log file is read by more people than the console."""
    row = db.execute("select channel, ref from chats where chat_key = ?", [key]).fetchone()
    return f"{row[0]} chat #{row[1]}" if row else f"{key.partition(':')[0]} chat (not stored)"


def record_inbound(
    db: sqlite_utils.Database,
    key: str,
    text: str,
    normalized_text: str,
    payload: dict[str, Any] | None = None,
    channel_message_id: str | None = None,
) -> int:
    """Store what the worker sent. Raises DuplicateMessage when the channel message id was seen before."""
    if channel_message_id is not None and db.execute(
        "select 1 from messages where chat_key = ? and channel_message_id = ?", [key, channel_message_id]
    ).fetchone():
        raise DuplicateMessage(f"{key} message {channel_message_id} was already handled")
    with transaction(db):
        return db.execute(
            "insert into messages (chat_key, direction, sender, text, normalized_text, payload, channel_message_id,"
            " created_at) values (?, 'in', 'worker', ?, ?, ?, ?, ?)",
            [key, text, normalized_text, json.dumps(payload or {}, ensure_ascii=False), channel_message_id,
             clock.iso(timespec="milliseconds")],
        ).lastrowid


def record_nlu(db: sqlite_utils.Database, message_id: int, intent: str | None, confidence: float | None) -> None:
    with transaction(db):
        db.execute("update messages set intent = ?, confidence = ? where id = ?", [intent, confidence, message_id])


def record_outbound(
    db: sqlite_utils.Database, key: str, channel: str, sender: str, text: str, payload: dict[str, Any] | None = None
) -> StoredMessage:
    """Store a reply and queue it for delivery in one transaction, so no reply is stored without being queued."""
    now = clock.iso(timespec="milliseconds")
    payload_json = json.dumps(payload or {}, ensure_ascii=False)
    with transaction(db):
        message_id = db.execute(
            "insert into messages (chat_key, direction, sender, text, payload, created_at)"
            " values (?, 'out', ?, ?, ?, ?)",
            [key, sender, text, payload_json, now],
        ).lastrowid
        db.execute(
            "insert into outbox (message_id, chat_key, channel, status, attempts, next_attempt_at, created_at)"
            " values (?, ?, ?, 'pending', 0, ?, ?)",
            [message_id, key, channel, now, now],
        )
    return StoredMessage(message_id, key, "out", sender, text, json.loads(payload_json), now)


def get_message(db: sqlite_utils.Database, key: str, message_id: int) -> StoredMessage | None:
    """One message of this chat (None when the id is another chat's: a chat reaches only its own files)."""
    row = next(db["messages"].rows_where("id = ? and chat_key = ?", [message_id, key]), None)
    return StoredMessage.from_row(row) if row else None


def transcript_rows(db: sqlite_utils.Database, key: str, limit: int = 500) -> list[dict[str, Any]]:
    """The chat's latest messages, newest first, each row with its NLU intent and confidence and ``delivery``: the
    outbox status of a reply (None for what the worker sent)."""
    return list(db.query(
        """
        select m.*, o.status as delivery from messages m
        left join outbox o on o.message_id = m.id
        where m.chat_key = ? order by m.id desc limit ?
        """,
        [key, limit],
    ))


def history(db: sqlite_utils.Database, key: str, after_id: int = 0, limit: int = 200) -> list[StoredMessage]:
    rows = db["messages"].rows_where(
        "chat_key = ? and id > ?", [key, after_id], order_by="id", limit=limit
    )
    return [StoredMessage.from_row(row) for row in rows]


def set_mode(db: sqlite_utils.Database, key: str, mode: str, reason: str | None = None) -> None:
    """bot → waiting (escalated) → human (an agent holds the chat) → bot (handed back)."""
    fields: dict[str, Any] = {"mode": mode}
    if mode == "waiting":
        fields.update(escalated_at=clock.iso(timespec="milliseconds"), escalation_reason=reason)
    if mode != "human":
        fields.update(held_by=None, held_at=None)
    with transaction(db):
        db["chats"].update(key, fields)


def claim(db: sqlite_utils.Database, key: str, holder: str) -> str | None:
    """Put the chat in `human` mode held by ``holder`` unless someone else holds it. Returns who holds it now
    (``holder`` on success, the other person otherwise, None if there is no such chat)."""
    with transaction(db):
        db.execute(
            "update chats set mode = 'human', held_by = ?, held_at = ? "
            "where chat_key = ? and (mode != 'human' or held_by is null or held_by = ?)",
            [holder, clock.iso(timespec="milliseconds"), key, holder],
        )
    chat = get_chat(db, key)
    return chat["held_by"] if chat else None


def release(db: sqlite_utils.Database, key: str) -> None:
    """Hand the chat back to the bot."""
    set_mode(db, key, "bot")
