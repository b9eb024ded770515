"""Live updates for the console: a cheap signature of the shared database, checked a few times a second.

Polling the database (not only an in-process hook) because the Telegram channel runs in its own process and its
escalations must reach the console just as fast as the web chat's. Each package answers for its own tables: the
gateway's chats, messages and deliveries (``bot.conversations``), case events (``cases``), the console's notes.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

import sqlite_utils

import cases
from bot import conversations

from .chats import latest_note_id

log = logging.getLogger(__name__)


def signature(db: sqlite_utils.Database) -> tuple:
    """Changes when anything an open console page shows may have changed."""
    return (*conversations.activity_signature(db), latest_note_id(db), cases.latest_event_id(db))


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
                now = signature(db)
                if now != last:
                    last = now
                    waiting = conversations.waiting_refs(db)
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
