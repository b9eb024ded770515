"""The gateway's tables in the shared SQLite file: chats, messages, outbox.

Other packages (cases/, knowledge/) own their own tables in the same file, each with its own migration set.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from core.db import connect

migrations = Migrations("bot")


def open_database(path: Path | str | None = None) -> sqlite_utils.Database:
    """Open the SQLite file (core.db) and bring the gateway's tables up to date."""
    db = connect(path)
    migrations.apply(db)
    return db


@migrations()
def m001_chats_messages_outbox(db: sqlite_utils.Database) -> None:
    db["chats"].create(
        {
            "chat_key": str,  # "<channel>:<chat_id>", also the Rasa sender id
            "channel": str,
            "chat_id": str,
            "mode": str,  # bot | waiting (escalated, bot still answers) | human (an agent holds it; bot silent)
            "script": str,  # simplified | traditional: the script replies are sent in
            "site_code": str,
            "display_name": str,
            "blocked": int,  # the worker blocked the bot: nothing more is delivered
            "escalated_at": str,
            "escalation_reason": str,
            "created_at": str,
            "last_seen_at": str,
        },
        pk="chat_key",
        defaults={"mode": "bot", "script": "simplified", "blocked": 0},
        not_null={"channel", "chat_id"},
    )
    db["messages"].create(
        {
            "id": int,
            "chat_key": str,
            "direction": str,  # in | out
            "sender": str,  # worker | bot | agent | system
            "text": str,  # as the worker wrote it / as it was sent
            "normalized_text": str,
            "payload": str,  # JSON: buttons, document, attachment, ...
            "intent": str,
            "confidence": float,
            "channel_message_id": str,  # e.g. Telegram update id, for de-duplication
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("chat_key", "chats", "chat_key")],
    )
    db["messages"].create_index(["chat_key", "id"])
    db["messages"].create_index(["chat_key", "channel_message_id"], unique=True)
    db["outbox"].create(
        {
            "id": int,
            "message_id": int,
            "chat_key": str,
            "channel": str,
            "status": str,  # pending | sent | blocked | failed
            "attempts": int,
            "next_attempt_at": str,
            "last_error": str,
            "created_at": str,
            "sent_at": str,
        },
        pk="id",
        foreign_keys=[("message_id", "messages", "id"), ("chat_key", "chats", "chat_key")],
        defaults={"status": "pending", "attempts": 0},
    )
    db["outbox"].create_index(["channel", "status", "next_attempt_at"])
    db["outbox"].create_index(["chat_key", "status"])


@migrations()
def m002_chat_holder(db: sqlite_utils.Database) -> None:
    # Which staff member holds a chat in `human` mode; claiming is one conditional UPDATE, so two agents
    # clicking at once cannot both hold it.
    db["chats"].add_column("held_by", str)
    db["chats"].add_column("held_at", str)


@migrations()
def m003_chat_ref(db: sqlite_utils.Database) -> None:
    # The number staff, console URLs, the audit log and log lines name a chat by. Never the chat key: a web chat's
    # key holds the id its cookie carries. Existing chats are numbered in the order they were created; new ones get
    # the next number from a trigger, so every insert path (ensure_chat, tag_site, tests) numbers its chat and two
    # processes inserting at once cannot take the same number (SQLite runs one write transaction at a time).
    # A later `table.transform()` of chats would drop the trigger: re-create it there.
    db["chats"].add_column("ref", int)
    db.execute(
        "update chats set ref = (select n from (select rowid as r, row_number() over (order by created_at, rowid) as n "
        "from chats) where r = chats.rowid)"
    )
    db["chats"].create_index(["ref"], unique=True)
    db.execute(
        "create trigger chats_number_new_chat after insert on chats when new.ref is null begin "
        "update chats set ref = (select coalesce(max(ref), 0) + 1 from chats) where rowid = new.rowid; end"
    )
