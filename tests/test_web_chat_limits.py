"""New web chats per client address, against the real stack: web processes of their own (the shared one has the limit
off, since every test opens chats from 127.0.0.1) on the same Rasa, action server and database."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import httpx
import pytest

from bot.web.limits import TOO_MANY_NEW_CHATS
from tests.stack import Service, Stack, free_port, wait_until

pytestmark = pytest.mark.stack

LIMIT = 4


@pytest.fixture(scope="module")
def limited_web(stack: Stack) -> Iterator[dict[str, str]]:
    """Two more web processes with LIMIT new chats per address: one trusts no proxy (the default), one trusts a
    proxy on 127.0.0.1 (HUXIN_TRUSTED_PROXIES)."""
    services, urls = [], {}
    for name, trusted in (("direct", ""), ("behind-proxy", "127.0.0.1")):
        port = free_port()
        env = stack.env() | {
            "HUXIN_WEB_PORT": str(port),
            "HUXIN_WEB_NEW_CHATS_PER_ADDRESS": str(LIMIT),
            "HUXIN_WEB_NEW_CHATS_WINDOW_SECONDS": "600",
            "HUXIN_TRUSTED_PROXIES": trusted,
        }
        service = Service(f"web-{name}", [sys.executable, "-m", "bot.web"], env, stack.data_dir / "logs" / f"web-{name}.log")
        service.start()
        services.append(service)
        urls[name] = f"http://127.0.0.1:{port}"
    try:
        for service, url in zip(services, urls.values()):
            wait_until(lambda: httpx.get(f"{url}/healthz", timeout=2).status_code == 200, service.name, 120,
                       service.process, service.log)
        yield urls
    finally:
        for service in services:
            service.stop()


def new_visitor(url: str, forwarded_for: str | None = None) -> httpx.Response:
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}
    return httpx.get(f"{url}/", headers=headers, timeout=30)


def test_a_burst_of_new_chats_from_one_address_is_limited_while_open_chats_are_answered(limited_web) -> None:
    url = limited_web["direct"]
    with httpx.Client(base_url=url, timeout=60) as worker:  # a worker who opened the chat before the burst
        assert worker.get("/").status_code == 200
        opened = [new_visitor(url) for _ in range(LIMIT - 1)]
        assert all(page.status_code == 200 and page.cookies.get("huxin_chat") for page in opened)
        refused = new_visitor(url)
        assert refused.status_code == 429 and TOO_MANY_NEW_CHATS in refused.text
        assert "huxin_chat" not in refused.cookies
        # Claiming another address does not help when no proxy is trusted.
        assert new_visitor(url, forwarded_for="198.51.100.23").status_code == 429

        assert worker.get("/").status_code == 200  # the open chat reloads
        replies = worker.post("/api/chat/messages", json={"text": "谢谢你"}).json()["replies"]
        assert "不客气" in replies[0]["text"]  # and is answered through Rasa as usual


def test_behind_a_trusted_proxy_each_forwarded_address_has_its_own_limit(limited_web) -> None:
    url = limited_web["behind-proxy"]
    site_a, site_b = "203.0.113.7", "203.0.113.8"
    assert [new_visitor(url, site_a).status_code for _ in range(LIMIT + 1)] == [200] * LIMIT + [429]
    assert new_visitor(url, site_b).status_code == 200  # another site's workers are not held up
