"""Admission control: a bound on the messages of one process waiting for Rasa.

Rasa answers a few messages per second (bench/load/README.md); past that, every extra message only waits longer, and
under a real overload everyone waits until a time-out. So when HUXIN_RASA_MAX_WAITING messages are already waiting
for Rasa, the next one is not sent to Rasa at all: it is stored as usual and the worker gets BUSY_NOTICE at once — the
same path as a Rasa outage (bot/gateway.py), so after the wait the worker just sends it again. 0 switches the bound
off. The bound is per gateway process (the web process and the Telegram process each have one).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from core import wording
from core.settings import default, settings

# BUSY_NOTICE: the catalogue's text (bot/wording.yml "busy"); the gateway sends it, tests and benches compare with it.
__getattr__ = wording.module_texts(__name__, {"BUSY_NOTICE": "bot.busy"})
DEFAULT_MAX_WAITING: int = default("HUXIN_RASA_MAX_WAITING")


class Admission:
    """Counts messages waiting for Rasa; `enter()` says whether one more may wait. One event loop, no threads."""

    def __init__(self, max_waiting: int = DEFAULT_MAX_WAITING) -> None:
        if max_waiting < 0:
            raise ValueError(f"HUXIN_RASA_MAX_WAITING must not be negative (got {max_waiting})")
        self.max_waiting = max_waiting
        self.waiting = 0

    @classmethod
    def from_env(cls) -> "Admission":
        return cls(settings().rasa_max_waiting)

    @property
    def enabled(self) -> bool:
        return self.max_waiting > 0

    def full(self) -> bool:
        return self.enabled and self.waiting >= self.max_waiting

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Held while a message waits for Rasa (check `full()` first)."""
        self.waiting += 1
        try:
            yield
        finally:
            self.waiting -= 1
