"""The web chat in a real browser (Playwright driving Debian's chromium)."""

from __future__ import annotations

import pytest

from tests.browser import chromium
from tests.stack import Stack

pytestmark = [pytest.mark.stack, pytest.mark.browser]


def test_a_worker_chats_in_the_browser_on_a_phone_sized_screen(stack: Stack, artifacts_dir) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 800}, locale="zh-CN")
        page.goto(stack.web_url + "/")
        # the page greets the worker with the menu buttons
        page.get_by_role("button", name="查投诉进度").wait_for(timeout=60_000)
        page.fill("#text", "人社热线电话多少")
        page.click("#send")
        page.locator(".msg.out .text", has_text="12333").first.wait_for(timeout=60_000)
        # a button sends its payload; the worker sees the title
        page.get_by_role("button", name="转人工").first.click()
        page.locator(".msg.in .text", has_text="转人工").wait_for(timeout=30_000)
        page.locator(".msg.out .text", has_text="人工").last.wait_for(timeout=60_000)
        # markup a worker types is shown as text, never run
        page.fill("#text", "<img src=x onerror=\"document.title='pwned'\">")
        page.click("#send")
        page.locator(".msg.in .text", has_text="<img src=x").wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        assert page.title() != "pwned"
        assert page.locator(".msg img").count() == 0
        page.screenshot(path=str(artifacts_dir / "web-chat.png"), full_page=True)
