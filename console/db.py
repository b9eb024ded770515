"""The console's tables in the shared SQLite file (own migration set "console")."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from core.db import connect
from core.settings import settings

import sites
from bot.db import migrations as bot_migrations

migrations = Migrations("console")

# Starting set of canned replies (table canned_replies; the console has no editor for them yet).
CANNED_REPLIES = [
    ("问候", "您好，我是人社热线的坐席，已经接手您的咨询。请说说欠薪的情况：欠了多久、大概多少钱、在哪个工地？"),
    ("要证据", "请把能证明干活和欠薪的材料拍照发过来：欠条、考勤记录、工资单、和老板或包工头的聊天记录都可以。"),
    ("已登记", "您的情况已经登记，我们会转给当地劳动保障监察部门处理，有进展会在这里通知您。"),
    ("紧急", "如果有人身危险，请立刻拨打 110。欠薪的事我们会继续跟进。"),
    ("结束", "本次人工服务先到这里，之后有问题直接在这里留言，智能助手和坐席都能看到。"),
]


def open_db(path: Path | str | None = None) -> sqlite_utils.Database:
    """Open the shared SQLite file and bring the console's tables up to date (and the gateway's, which the console
    reads: chats are named by their number, chats.ref; and the site registry's, which admins fill)."""
    db = connect(path or settings().db_path)
    bot_migrations.apply(db)
    sites.migrate(db)
    migrations.apply(db)
    return db


@migrations()
def m001_accounts_audit(db: sqlite_utils.Database) -> None:
    db["users"].create(
        {
            "id": int,
            "username": str,
            "display_name": str,
            "role": str,  # agent | supervisor | admin
            "password_hash": str,  # argon2id
            "active": int,
            "created_at": str,
            "last_login_at": str,
        },
        pk="id",
        not_null={"username", "role", "password_hash"},
        defaults={"active": 1},
    )
    db["users"].create_index(["username"], unique=True)
    db["sessions"].create(
        {
            "token_hash": str,  # sha256 of the cookie value: a stolen database does not give live sessions
            "user_id": int,
            "csrf_token": str,
            "created_at": str,
            "expires_at": str,
            "ip": str,
        },
        pk="token_hash",
        foreign_keys=[("user_id", "users", "id")],
    )
    db["login_failures"].create({"id": int, "username": str, "ip": str, "at": str}, pk="id")
    db["login_failures"].create_index(["username", "at"])
    db["login_failures"].create_index(["ip", "at"])
    db["audit_log"].create(
        {
            "id": int,
            "at": str,
            "username": str,
            "role": str,
            "action": str,  # login, login_failed, logout, chat.view, chat.reply, chat.note, case.status, ...
            "target": str,  # chat key, case number, document id, user name, ...
            "detail": str,
            "ip": str,
        },
        pk="id",
    )
    db["audit_log"].create_index(["at"])


@migrations()
def m002_chat_work_sites(db: sqlite_utils.Database) -> None:
    # This step also made the `sites` table until the site registry became its own package (sites/, migration set
    # "sites", which leaves a table made here as it is).
    # Internal notes live in their own table, never in `messages`: nothing here can reach a worker by mistake.
    db["chat_notes"].create(
        {"id": int, "chat_key": str, "author": str, "text": str, "created_at": str}, pk="id", not_null={"text"}
    )
    db["chat_notes"].create_index(["chat_key", "id"])
    db["canned_replies"].create({"id": int, "title": str, "text": str, "created_at": str}, pk="id")
    db["canned_replies"].insert_all(
        {"title": title, "text": text, "created_at": "2026-11-23T00:00:00+00:00"}
        for title, text in CANNED_REPLIES
    )


@migrations()
def m003_account_security(db: sqlite_utils.Database) -> None:
    # An account made with a generated password sets its own before any other page works.
    db["users"].add_column("must_change_password", int, not_null_default=0)
    # Sessions end after a while without use (console/settings.py: idle timeout).
    db["sessions"].add_column("last_seen_at", str)
    db.execute("update sessions set last_seen_at = created_at")
    # Throttling counts failures per (name, address) now.
    db["login_failures"].create_index(["username", "ip", "at"])
    # Audit targets named chats by their key (a web chat's key holds its cookie's id): name them by number.
    db.execute(
        """update audit_log set target = 'chat:' || (select c.ref from chats c where c.chat_key =
               case when instr(audit_log.target, '#') then substr(audit_log.target, 1, instr(audit_log.target, '#') - 1)
                    else audit_log.target end)
             || case when instr(target, '#') then substr(target, instr(target, '#')) else '' end
           where action like 'chat.%' and target like '%:%'
             and exists (select 1 from chats c where c.chat_key =
               case when instr(audit_log.target, '#') then substr(audit_log.target, 1, instr(audit_log.target, '#') - 1)
                    else audit_log.target end)"""
    )
