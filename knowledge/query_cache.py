"""A bounded LRU of per-query retrieval scores, one per index version (each Searcher owns one).

Workers ask the same few questions over and over (the bench's mix, the buttons that send a fixed question such as
“怎么申请劳动仲裁”, the two-stage fallback's guesses): the query embedding and BM25 over the whole index cost ~25 ms of
CPU each time and give the same scores for the same text and index version. Keys are the normalised question plus
the scoring flags; a new index version loads a new Searcher and so starts with an empty cache. Cached arrays are
read-only, so no caller can change what the next one gets. `HUXIN_QUERY_CACHE_SIZE` (default 512, 0 = off).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from core.settings import settings

V = TypeVar("V")


def size_from_env() -> int:
    """``HUXIN_QUERY_CACHE_SIZE`` (core.settings checks it is not negative)."""
    return settings().query_cache_size


class QueryCache(Generic[V]):
    """Thread-safe bounded LRU (the action server runs retrievals off its event loop, in threads)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        if self.size <= 0:
            return compute()
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            self.misses += 1
        value = compute()  # outside the lock: two threads may compute the same key once each, never block
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)
