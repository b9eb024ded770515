"""The bounded LRU behind retrieval's per-question scores (knowledge/query_cache.py)."""
import threading

import pytest

from knowledge.query_cache import QueryCache, size_from_env


def test_repeated_key_is_computed_once():
    cache: QueryCache[str] = QueryCache(4)
    calls = []
    for _ in range(3):
        assert cache.get_or_compute("包工头跑了", lambda: calls.append(1) or "scores") == "scores"
    assert calls == [1]
    assert (cache.hits, cache.misses) == (2, 1)


def test_least_recently_used_key_is_dropped_at_the_bound():
    cache: QueryCache[str] = QueryCache(2)
    computed = []

    def get(key: str) -> str:
        return cache.get_or_compute(key, lambda: computed.append(key) or key.upper())

    get("a"), get("b"), get("a")  # a is now the most recent
    get("c")  # drops b
    assert len(cache) == 2
    get("a"), get("c")
    assert computed == ["a", "b", "c"]
    get("b")
    assert computed == ["a", "b", "c", "b"]


def test_size_zero_switches_it_off():
    cache: QueryCache[int] = QueryCache(0)
    calls = []
    for _ in range(2):
        cache.get_or_compute("q", lambda: calls.append(1) or 1)
    assert calls == [1, 1] and len(cache) == 0


def test_threads_get_the_same_values():
    cache: QueryCache[int] = QueryCache(8)
    results, errors = [], []

    def ask(n: int) -> None:
        try:
            for i in range(200):
                results.append((i % 12, cache.get_or_compute(i % 12, lambda i=i: (i % 12) * 10)))
        except Exception as exc:  # noqa: BLE001 - any failure in a thread
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 800
    assert all(value == key * 10 for key, value in results)
    assert len(cache) <= 8


def test_size_setting(monkeypatch):
    monkeypatch.delenv("HUXIN_QUERY_CACHE_SIZE", raising=False)
    assert size_from_env() == 512
    monkeypatch.setenv("HUXIN_QUERY_CACHE_SIZE", "0")
    assert size_from_env() == 0
    monkeypatch.setenv("HUXIN_QUERY_CACHE_SIZE", "-1")
    with pytest.raises(ValueError):
        size_from_env()
