"""The admin areas in a real browser: an upload's progress updates without reload (htmx), the registry refreshes when
the job ends, and a site's poster prints. The web process runs in this test process (uvicorn in a thread) on a temp
database and a two-card index, so no Rasa is needed; Debian's chromium drives it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import uvicorn

import console.web
from bot.web.app import create_app
from core.settings import settings as current_settings
from tests.browser import chromium
from tests.console_helpers import ADMIN_PASSWORD
from tests.stack import free_port
from tests.test_console_admin import CARDS, NOTICE, QUESTION

pytestmark = pytest.mark.browser


@pytest.fixture
def web_url(tmp_path: Path, monkeypatch) -> Iterator[str]:
    from knowledge import cards, index, store

    card_dir = tmp_path / "cards"
    card_dir.mkdir()
    (card_dir / "test.yml").write_text(CARDS, encoding="utf-8")
    monkeypatch.setattr(cards, "CARDS_DIR", card_dir)
    monkeypatch.setenv("HUXIN_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("HUXIN_ADMIN_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME", raising=False)
    db = store.open_db(tmp_path / "huxin.db")
    index.build(db)
    db.close()
    port = free_port()
    settings = replace(current_settings(), data_dir=tmp_path, db_override=tmp_path / "huxin.db",
                       rasa_url="http://127.0.0.1:9", bind_host="127.0.0.1", web_port=port, outbox_poll_seconds=0.2)
    server = uvicorn.Server(uvicorn.Config(create_app(settings, plugins=[console.web]), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "web process did not start"
        time.sleep(0.1)
    yield settings.web_url
    server.should_exit = True
    thread.join(timeout=15)


def test_an_admin_uploads_a_document_watches_it_index_and_prints_a_site_poster(web_url, tmp_path, artifacts_dir):
    notice = tmp_path / "告示牌办法.md"
    notice.write_text(NOTICE, encoding="utf-8")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page.goto(web_url + "/console/login")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", ADMIN_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/console/queue")

        page.goto(web_url + "/console/knowledge")
        assert page.locator("#documents").inner_text().count("还没有登记文件") == 1
        page.set_input_files("input[name=file]", str(notice))
        page.fill("input[name=edition]", "2026年试行")
        page.click("#upload button[type=submit]")
        job = page.locator(".job.highlight")
        job.wait_for()
        # The job polls itself until it ends; the registry panel reloads on its own when it does.
        page.locator(".job.highlight[data-stage=done]").wait_for(timeout=300_000)
        assert "已登记《工地维权告示牌示范办法》第 1 版" in job.inner_text()
        page.locator("#documents tr[data-doc=工地维权告示牌示范办法]", has_text="在当前索引中").wait_for(timeout=10_000)
        assert page.locator(".index-version").inner_text() == "v0002"
        page.screenshot(path=str(artifacts_dir / "console-knowledge.png"), full_page=True)

        page.fill("#search-test input[name=q]", QUESTION)
        page.click("#search-test button[type=submit]")
        page.locator("tr.hit", has_text="维权告示牌应当写明").first.wait_for()
        page.screenshot(path=str(artifacts_dir / "console-search-test.png"), full_page=True)

        page.goto(web_url + "/console/sites")
        page.fill("#new-site input[name=name]", "阳光花园三期")
        page.fill("#new-site input[name=location]", "北京市大兴区")
        page.click("#new-site button[type=submit]")
        page.locator(".poster img.qr").wait_for()
        assert page.locator(".poster img.qr").evaluate("img => img.complete && img.naturalWidth > 0")
        code = page.url.rsplit("/", 1)[-1]
        assert page.locator("#web-link").inner_text() == f"{web_url}/?site={code}"
        page.emulate_media(media="print")
        assert not page.locator("nav.top").is_visible()  # the printed poster carries no console chrome
        page.screenshot(path=str(artifacts_dir / "console-site-poster.png"), full_page=True)
