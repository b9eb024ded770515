"""Flood control per chat: a worker (or a stuck client) sending dozens of messages a minute is answered once, politely.

Each chat has a token bucket: `burst` messages at once, refilled at `per_minute`. A message over the limit is still
stored (nothing a worker sends is lost) but is not sent to Rasa; the first one over the limit gets FLOOD_NOTICE, the
rest of the same flood get nothing. A chat in a flood is answered again once it has paused long enough to refill
half its bucket (about 12 s with the defaults); a later flood gets one new notice. Buckets live in the process's memory: each channel runs in one process.

Settings: HUXIN_FLOOD_BURST (default 8), HUXIN_FLOOD_PER_MINUTE (default 20); 0 switches the limit off.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from core import wording
from core.settings import settings

# FLOOD_NOTICE: the catalogue's text (bot/wording.yml "flood"); tests compare with it.
__getattr__ = wording.module_texts(__name__, {"FLOOD_NOTICE": "bot.flood"})


class Decision(Enum):
    ALLOW = "allow"  # answer normally
    NOTIFY = "notify"  # the first message over the limit: store it, send FLOOD_NOTICE once
    SILENT = "silent"  # still flooding: store it, say nothing more


@dataclass
class _Bucket:
    tokens: float
    updated: float
    notified: bool = False


class FloodGuard:
    """Token bucket per chat key. Not thread-safe; used from one event loop."""

    def __init__(
        self,
        burst: int = 8,
        per_minute: float = 20.0,
        clock: Callable[[], float] = time.monotonic,
        max_chats: int = 100_000,
    ) -> None:
        if burst < 0 or per_minute < 0:
            raise ValueError(f"flood limits must not be negative (burst={burst}, per_minute={per_minute})")
        self.burst = burst
        self.per_second = per_minute / 60.0
        self.clock = clock
        self.max_chats = max_chats
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.burst > 0 and self.per_second > 0

    @classmethod
    def from_env(cls) -> "FloodGuard":
        config = settings()
        return cls(burst=config.flood_burst, per_minute=config.flood_per_minute)

    def check(self, chat_key: str) -> Decision:
        """Take one token for this chat's message and say how to treat it."""
        if not self.enabled:
            return Decision.ALLOW
        now = self.clock()
        bucket = self._buckets.pop(chat_key, None)
        if bucket is None:
            bucket = _Bucket(tokens=float(self.burst), updated=now)
        else:
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.per_second)
            bucket.updated = now
        self._buckets[chat_key] = bucket  # most recently used last
        while len(self._buckets) > self.max_chats:
            self._buckets.popitem(last=False)
        needed = max(1.0, self.burst / 2) if bucket.notified else 1.0
        if bucket.tokens >= needed:
            bucket.tokens -= 1.0
            bucket.notified = False
            return Decision.ALLOW
        if bucket.notified:
            return Decision.SILENT
        bucket.notified = True
        return Decision.NOTIFY
