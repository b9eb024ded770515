"""How much one client of the web chat may take: new chats per address, open event streams per chat and address.

Without these, a script opens a new chat per message (each one a chat row and a Rasa tracker) and holds any number
of event streams open. The limits are generous because a construction site's workers share one address (one Wi-Fi,
one carrier NAT). Both live in the web process's memory (one process serves the web chat).
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from core import wording

# The refusals, from the catalogue (bot/wording.yml); tests compare with them.
__getattr__ = wording.module_texts(__name__, {
    "TOO_MANY_NEW_CHATS": "bot.web.too_many_new_chats", "TOO_MANY_STREAMS": "bot.web.too_many_streams",
})


class NewChatLimiter:
    """At most `limit` new chats per address in any `window_seconds` (a sliding window). 0 switches it off."""

    def __init__(
        self,
        limit: int,
        window_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        max_addresses: int = 100_000,
    ) -> None:
        if limit < 0 or window_seconds < 0:
            raise ValueError(f"new-chat limits must not be negative (limit={limit}, window={window_seconds})")
        self.limit = limit
        self.window = window_seconds
        self.clock = clock
        self.max_addresses = max_addresses
        self._opened: OrderedDict[str, deque[float]] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.limit > 0 and self.window > 0

    def allow(self, address: str) -> bool:
        """Count a new chat for this address; False (and not counted) when the address is over its limit."""
        if not self.enabled:
            return True
        now = self.clock()
        opened = self._opened.pop(address, None) or deque()
        while opened and opened[0] <= now - self.window:
            opened.popleft()
        self._opened[address] = opened  # most recently used last; the oldest addresses are forgotten first
        while len(self._opened) > self.max_addresses:
            self._opened.popitem(last=False)
        if len(opened) >= self.limit:
            return False
        opened.append(now)
        return True


@dataclass
class StreamSlot:
    """One open event stream; release() may be called more than once (stream end and response clean-up)."""

    _slots: "StreamSlots"
    chat_key: str
    address: str
    _released: bool = field(default=False)

    def release(self) -> None:
        if not self._released:
            self._released = True
            self._slots._drop(self)


class StreamSlots:
    """Counts open event streams per chat and per address; 0 switches a limit off."""

    def __init__(self, per_chat: int, per_address: int) -> None:
        if per_chat < 0 or per_address < 0:
            raise ValueError(f"stream limits must not be negative (per_chat={per_chat}, per_address={per_address})")
        self.per_chat = per_chat
        self.per_address = per_address
        self._by_chat: dict[str, int] = {}
        self._by_address: dict[str, int] = {}

    def acquire(self, chat_key: str, address: str) -> StreamSlot | None:
        """A slot for one more stream, or None when the chat or the address already has its limit open."""
        if self.per_chat and self._by_chat.get(chat_key, 0) >= self.per_chat:
            return None
        if self.per_address and self._by_address.get(address, 0) >= self.per_address:
            return None
        self._by_chat[chat_key] = self._by_chat.get(chat_key, 0) + 1
        self._by_address[address] = self._by_address.get(address, 0) + 1
        return StreamSlot(self, chat_key, address)

    def open_for(self, chat_key: str) -> int:
        return self._by_chat.get(chat_key, 0)

    def _drop(self, slot: StreamSlot) -> None:
        for counts, key in ((self._by_chat, slot.chat_key), (self._by_address, slot.address)):
            counts[key] -= 1
            if not counts[key]:
                del counts[key]
