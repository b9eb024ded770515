"""Live updates for the console: a cheap signature of the shared database, checked a few times a second.

Polling the database (not only an in-process hook) because the Telegram channel runs in its own process and its
escalations must reach the console just as fast as the web chat's.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

import sqlite_utils

log = logging.getLogger(__name__)

SIGNATURE_SQL = """
select
  (select max(id) from messages),
  (select group_concat(chat_key || '=' || mode || '=' || coalesce(held_by, ''), ',')
     from (select chat_key, mode, held_by from chats where mode != 'bot' order by chat_key)),
  (select count(*) from outbox where status != 'pending'),
  (select max(id) from chat_notes),
  (select max(id) from case_events)
"""


@dataclass
class ConsoleLive:
    """Wakes every open console page when something changed; tells them which chats newly wait for a person (by
    number: this goes to the browser)."""

    version: int = 0
    waiting: set[int] = field(default_factory=set)
    new_escalations: list[int] = field(default_factory=list)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def watch(self, db: sqlite_utils.Database, interval: float) -> None:
        last = None
        while True:
            try:
                signature = tuple(db.execute(SIGNATURE_SQL).fetchone())
                if signature != last:
                    last = signature
                    waiting = {row[0] for row in db.execute("select ref from chats where mode = 'waiting'")}
                    self.new_escalations = sorted(waiting - self.waiting) if self.version else []
                    self.waiting = waiting
                    self.version += 1
                    self._changed.set()
                    self._changed = asyncio.Event()
            except Exception:  # a locked or half-migrated database must not end live updates for good
                log.exception("console live check failed")
            await asyncio.sleep(interval)

    async def wait_for_change(self, seen_version: int, timeout: float) -> int:
        if self.version == seen_version:
            try:
                await asyncio.wait_for(self._changed.wait(), timeout)
            except asyncio.TimeoutError:
                pass
        return self.version
