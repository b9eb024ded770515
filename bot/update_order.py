"""Telegram updates: different chats are handled at the same time, one chat's updates strictly in order.

python-telegram-bot handles updates one after another by default, so one slow or flooding chat makes every other
worker wait. This processor runs updates concurrently but takes a per-chat lock first: a worker's messages still
reach Rasa in the order they were sent (Rasa's tracker for a chat must not see two messages at once).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# PTB's own semaphore counts updates waiting for their chat's lock too, so it is set high; the number of chats
# handled at once is limited by `max_chats_at_once` instead (queued updates of a flooding chat then never hold
# places other chats need).
_QUEUED_UPDATES_LIMIT = 100_000


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_chats_at_once: int = 64) -> None:
        super().__init__(_QUEUED_UPDATES_LIMIT)
        self._chat_locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._running = asyncio.Semaphore(max_chats_at_once)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            async with self._running:
                await coroutine
            return
        lock = self._chat_locks.setdefault(chat.id, asyncio.Lock())
        self._waiting[chat.id] = self._waiting.get(chat.id, 0) + 1
        try:
            async with lock, self._running:
                await coroutine
        finally:
            self._waiting[chat.id] -= 1
            if not self._waiting[chat.id]:  # forget idle chats
                del self._waiting[chat.id]
                del self._chat_locks[chat.id]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
