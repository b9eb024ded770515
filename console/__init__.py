"""护薪 console: the staff web app (坐席 agents, supervisors, admins) in the web process beside the gateway.

It uses the same domain modules as the bot (``cases``, ``knowledge``, ``claims``, ``sites``) and speaks to workers
only through the gateway (``bot.gateway.Gateway.send`` → outbox → the worker's channel). Tables (migration set
"console" on the shared HUXIN_DB file): ``users``, ``sessions``, ``login_failures``, ``audit_log``,
``chat_notes``, ``canned_replies``. Other packages' tables (chats and messages: ``bot``; cases: ``cases``; sites:
``sites``) are read and written through those packages' functions, never with SQL here.

Library::

    from console import open_db, users, audit
    db = open_db()                                        # $HUXIN_DB, WAL, migrations applied
    users.create_user(db, "li", "一个足够长的密码", role="agent", display_name="小李")
    user = users.authenticate(db, "li", password, ip="127.0.0.1")   # LoginFailed / LoginThrottled
    audit.record(db, user, "case.view_phone", target="HX-2026-000001")

CLI (mirrors the library)::

    python -m console users add li --role agent [--display-name 小李]   # prints a one-time password
    python -m console users list
    python -m console users disable li | enable li | reset-password li
    python -m console sites add 阳光花园三期 --location 北京市大兴区 [--employer ...] [--general-contractor ...]
    python -m console sites list                          # with the number of cases per site
    python -m console sites qr QLAWE5 poster.svg          # or .png
    python -m console audit [--limit 50] [--user li] [--action knowledge.]
"""

from .db import open_db

__all__ = ["open_db"]
