"""The console's admin areas, in-process on the real web app: accounts, audit log, site QR codes, knowledge admin.

The knowledge tests use the real embedding model, FAISS and BM25 on a temp index with two cards, like
tests/test_knowledge_index.py; the uploaded document is written here in our own words.
"""

from __future__ import annotations

import io
import re
import sqlite3
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import qrcode
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from PIL import Image

from bot.web.identity import chat_id_in
from cases import Complaint, open_case
from cases import open_db as open_cases_db
from console import audit
from console.web.app import ROUTE_MODULES
from tests.console_helpers import ADMIN_PASSWORD, PASSWORD, add_user, csrf_token, login
from tests.knowledge_cards import two_cards

ADMIN_PREFIXES = ("/console/knowledge", "/console/sites", "/console/users", "/console/audit", "/console/minimum-wage")
PATH_VALUES = {"code": "ABC234", "username": "admin", "job_id": "1"}
ONE_TIME_PASSWORD = re.compile(r'class="one-time-password">([^<]+)<')


def admin_routes() -> list[tuple[str, str]]:
    found = []
    for route in (r for module in ROUTE_MODULES for r in module.router.routes):
        if isinstance(route, APIRoute) and route.path.startswith(ADMIN_PREFIXES):
            path = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], route.path)
            found.extend((method, path) for method in route.methods)
    return found


def signed_in(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    """Another browser on the same running app (own cookies)."""
    other = TestClient(client.app)
    login(other, username, password)
    return other


def set_own_password(client: TestClient, current: str, new: str) -> None:
    changed = client.post("/console/account/password",
                          data={"csrf_token": csrf_token(client), "current": current, "new": new})
    assert changed.status_code == 200 and "密码已修改" in changed.text


def admin(client: TestClient) -> TestClient:
    login(client, "admin", ADMIN_PASSWORD)
    return client


# -- roles ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_agents_and_supervisors_get_403_on_every_admin_page_and_action(console, role):
    add_user(console, "staff", role)
    staff = signed_in(console, "staff")
    token = csrf_token(staff)
    routes = admin_routes()
    assert len(routes) >= 18  # knowledge, sites, users and audit pages and their forms
    for method, path in routes:
        if method == "GET":
            response = staff.get(path)
        else:  # a valid CSRF token, so the refusal comes from the role check
            response = staff.request(method, path, data={"csrf_token": token, "name": "工地", "username": "x1"})
        assert response.status_code == 403, (method, path)
        assert "没有权限" in response.text
    assert console.app.state.console_db["sites"].count == 0
    assert console.app.state.console_db["users"].count_where("active = 1") == 2


def test_admin_forms_without_a_csrf_token_are_refused(console):
    admin(console)
    response = console.post("/console/sites", data={"name": "阳光花园三期"})
    assert response.status_code == 403 and "安全令牌" in response.text
    assert console.app.state.console_db["sites"].count == 0


# -- accounts ------------------------------------------------------------------------------------------------

def test_a_created_account_signs_in_with_its_one_time_password(console):
    admin(console)
    page = console.post("/console/users", data={"csrf_token": csrf_token(console), "username": "li",
                                                 "display_name": "小李", "role": "agent"})
    assert page.status_code == 201 and page.headers["cache-control"] == "no-store"
    password = ONE_TIME_PASSWORD.search(page.text).group(1)
    li = signed_in(console, "li", password)
    assert li.get("/console/queue", follow_redirects=False).headers["location"] == "/console/account"
    set_own_password(li, password, "li-own-password-1")
    assert "小李（坐席）" in li.get("/console/queue").text
    assert li.get("/console/users").status_code == 403
    again = console.get("/console/users")
    assert password not in again.text  # shown once
    assert [r["target"] for r in audit.recent(console.app.state.console_db, action="user.create")] == ["li"]


def test_a_duplicate_or_bad_username_is_explained_and_creates_nothing(console):
    admin(console)
    token = csrf_token(console)
    taken = console.post("/console/users", data={"csrf_token": token, "username": "admin", "role": "agent"})
    bad = console.post("/console/users", data={"csrf_token": token, "username": "李 四", "role": "agent"})
    assert taken.status_code == 400 and "已经存在" in taken.text
    assert bad.status_code == 400 and "不可用" in bad.text
    assert console.app.state.console_db["users"].count == 1


def test_a_disabled_account_cannot_sign_in_and_loses_its_session(console):
    add_user(console, "bob", "agent")
    bob = signed_in(console, "bob")
    assert bob.get("/console/queue").status_code == 200
    admin(console)
    console.post("/console/users/bob/disable", data={"csrf_token": csrf_token(console)})
    kicked = bob.get("/console/queue", follow_redirects=False)
    assert kicked.status_code == 303 and kicked.headers["location"].startswith("/console/login")
    with pytest.raises(AssertionError):
        signed_in(console, "bob")
    assert "已停用" in console.get("/console/users").text
    console.post("/console/users/bob/enable", data={"csrf_token": csrf_token(console)})
    assert signed_in(console, "bob").get("/console/queue").status_code == 200
    actions = [r["action"] for r in audit.recent(console.app.state.console_db, action="user.")]
    assert actions == ["user.enable", "user.disable"]


def test_an_admin_cannot_disable_their_own_account(console):
    admin(console)
    response = console.post("/console/users/admin/disable", data={"csrf_token": csrf_token(console)})
    assert response.status_code == 400 and "不能停用自己" in response.text
    assert console.get("/console/users").status_code == 200


def test_a_password_reset_shows_a_new_password_once_and_ends_old_sessions(console):
    add_user(console, "bob", "agent")
    bob = signed_in(console, "bob")
    admin(console)
    page = console.post("/console/users/bob/password", data={"csrf_token": csrf_token(console)})
    new_password = ONE_TIME_PASSWORD.search(page.text).group(1)
    assert bob.get("/console/queue", follow_redirects=False).status_code == 303
    with pytest.raises(AssertionError):
        signed_in(console, "bob")  # the old password
    bob = signed_in(console, "bob", new_password)
    assert bob.get("/console/queue", follow_redirects=False).headers["location"] == "/console/account"
    set_own_password(bob, new_password, "bob-own-password-1")
    assert bob.get("/console/queue").status_code == 200


# -- audit log -----------------------------------------------------------------------------------------------

def test_the_audit_page_lists_logins_newest_first_and_filters_by_action_and_user(console):
    add_user(console, "bob", "agent")
    signed_in(console, "bob")
    admin(console)
    page = console.get("/console/audit", params={"action": "login"}).text
    rows = re.findall(r'<tr data-action="(login[^"]*)"><td>[^<]+</td><td>([^<]+)</td>', page)
    assert rows[:2] == [("login", "admin"), ("login", "bob")]
    only_bob = console.get("/console/audit", params={"user_filter": "bob"}).text
    assert 'data-action="login"' in only_bob and "<td>admin</td>" not in only_bob
    assert "没有符合条件的记录" in console.get("/console/audit", params={"action": "knowledge."}).text


def test_the_audit_log_is_paged(console):
    db = console.app.state.console_db
    for number in range(60):
        audit.record(db, "cli", "case.status", target=f"HX-2026-{number:06d}")
    admin(console)
    first = console.get("/console/audit", params={"action": "case."}).text
    assert first.count('data-action="case.status"') == 50 and "HX-2026-000059" in first
    second = console.get("/console/audit", params={"action": "case.", "page": 2}).text
    assert second.count('data-action="case.status"') == 10 and "HX-2026-000000" in second
    assert 'rel="next"' in first and 'rel="next"' not in second


# -- sites ---------------------------------------------------------------------------------------------------

def create_site(client: TestClient, **fields) -> str:
    data = {"csrf_token": csrf_token(client), "name": "阳光花园三期", "location": "北京市大兴区",
            "employer": "宏达建筑劳务公司", "general_contractor": "某建工集团", **fields}
    response = client.post("/console/sites", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"].rsplit("/", 1)[-1]


def test_a_site_gets_a_short_unambiguous_code_and_a_qr_code_of_its_chat_link(console, monkeypatch):
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME", raising=False)
    admin(console)
    code = create_site(console)
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{6}", code)
    url = f"{console.app.state.settings.web_url}/?site={code}"
    page = console.get(f"/console/sites/{code}").text
    assert f'<code id="web-link">{url}</code>' in page and "阳光花园三期" in page
    assert 'id="telegram-missing"' in page and "TELEGRAM_BOT_USERNAME" in page

    png = console.get(f"/console/sites/{code}/qr.png")
    assert png.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert image.format == "PNG" and image.width == image.height
    # No QR decoder here: compare the image, module by module, with the QR matrix of the exact URL.
    expected = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    expected.add_data(url)
    expected.make(fit=True)
    matrix = expected.get_matrix()
    box = image.width // len(matrix)
    pixels = image.convert("L")
    drawn = [[pixels.getpixel((c * box + box // 2, r * box + box // 2)) < 128 for c in range(len(matrix))]
             for r in range(len(matrix))]
    assert drawn == matrix

    svg = console.get(f"/console/sites/{code}/qr.svg", params={"download": 1})
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.headers["content-disposition"].startswith("attachment")
    assert ET.fromstring(svg.content).tag == "{http://www.w3.org/2000/svg}svg"
    assert audit.recent(console.app.state.console_db, action="site.create")[0]["target"] == code


def test_the_site_page_shows_the_telegram_deep_link_when_the_bot_name_is_set(console, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "@huxin_demo_bot")
    admin(console)
    code = create_site(console)
    page = console.get(f"/console/sites/{code}").text
    assert f'<code id="telegram-link">https://t.me/huxin_demo_bot?start={code}</code>' in page
    assert "telegram-missing" not in page


def test_a_site_without_a_name_is_refused_and_an_unknown_code_is_a_404(console):
    admin(console)
    response = console.post("/console/sites", data={"csrf_token": csrf_token(console), "name": "  "})
    assert response.status_code == 400 and "工地名称" in response.text
    assert console.app.state.console_db["sites"].count == 0
    assert console.get("/console/sites/ZZZZZZ").status_code == 404


def test_a_chat_opened_from_a_site_qr_code_carries_the_site_to_its_case(console):
    admin(console)
    code = create_site(console, name="幸福里<小区>")
    worker = TestClient(console.app)
    chat_page = worker.get(f"/?site={code}").text
    assert f"工地：幸福里&lt;小区&gt;（{code}）" in chat_page  # the site's name in the header, escaped
    worker.post("/api/chat/messages", json={"text": "老板欠了我们三个月工资"})
    key = f"web:{chat_id_in(worker.cookies.get('huxin_chat'))}"
    db = sqlite3.connect(console.app.state.settings.db_path)
    assert db.execute("select site_code from chats where chat_key = ?", [key]).fetchone() == (code,)
    assert f"工地：幸福里&lt;小区&gt;" in worker.get("/").text  # the chat remembers its site

    # What the intake action does with the chat's metadata when the worker files the complaint.
    slots = {"employer": "宏达建筑劳务公司", "location": "北京市大兴区", "amount": "73000", "workers_count": "9",
             "phone": "13812345678", "description": "干完活不给钱"}
    cases_db = open_cases_db(console.app.state.settings.db_path)  # as the action server: its own connection
    open_case(cases_db, Complaint.from_fields(slots, chat_key=key, site_code=code))
    cases_db.close()
    sites_page = console.get("/console/sites").text
    assert re.search(rf'<tr data-code="{code}">.*?<td class="case-count">1 件</td>', sites_page, re.S)


def test_an_unknown_site_code_still_opens_the_chat_and_shows_the_code(console):
    page = TestClient(console.app).get("/?site=ZS-0007")
    assert page.status_code == 200 and "工地码 ZS-0007" in page.text


# -- knowledge -----------------------------------------------------------------------------------------------

CARDS = two_cards()
# Written for this test in our own words; a statute-like text so it is cut into articles.
NOTICE = """# 工地维权告示牌示范办法

第一条 为了让建筑工人知道欠薪时去哪里求助，制定本办法。

第二条 施工总承包单位应当在工地大门口设置维权告示牌。

第三条 维权告示牌应当写明劳动保障监察投诉电话、项目负责人姓名和工资发放日期。
"""
QUESTION = "工地门口的维权告示牌上要写什么"


@pytest.fixture
def knowledge_admin(console, tmp_path: Path, monkeypatch):
    """The console with a temp index (two cards, version v0001 already built) and the admin signed in."""
    from knowledge import cards, index, store

    card_dir = tmp_path / "cards"
    card_dir.mkdir()
    (card_dir / "test.yml").write_text(CARDS, encoding="utf-8")
    monkeypatch.setattr(cards, "CARDS_DIR", card_dir)  # the console builds with the default cards
    monkeypatch.setenv("HUXIN_INDEX_DIR", str(tmp_path / "index"))
    db = store.open_db(console.app.state.settings.db_path)
    index.build(db)
    db.close()
    assert index.current_version() == "v0001"
    return admin(console)


def upload(client: TestClient, filename: str, content: bytes, **fields):
    data = {"csrf_token": csrf_token(client, "/console/knowledge"), **fields}
    return client.post("/console/knowledge/upload", data=data, files={"file": (filename, content)},
                       follow_redirects=False)


def wait_for_job(client: TestClient, location: str, timeout: float = 300):
    job_id = int(location.rsplit("job=", 1)[1])
    stages = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fragment = client.get(f"/console/knowledge/jobs/{job_id}", headers={"HX-Request": "true"})
        stage = re.search(r'data-stage="(\w+)"', fragment.text).group(1)
        if not stages or stages[-1] != stage:
            stages.append(stage)
        if stage in ("done", "failed"):
            return fragment, stages
        time.sleep(0.2)
    raise TimeoutError(f"job {job_id} still at {stages}")


def search(client: TestClient, question: str) -> str:
    return client.get("/console/knowledge/search", params={"q": question}).text


def test_an_uploaded_document_is_indexed_with_progress_found_with_citations_and_rolled_back(knowledge_admin):
    client = knowledge_admin
    response = upload(client, "告示牌办法.md", NOTICE.encode(), edition="2026年试行", effective_date="2026-03-01",
                      source="测试自拟")
    assert response.status_code == 303
    fragment, stages = wait_for_job(client, response.headers["location"])
    assert stages[-1] == "done", fragment.text
    assert fragment.headers["hx-trigger"] == "knowledge-changed"
    assert "已登记《工地维权告示牌示范办法》第 1 版，3 段" in fragment.text and "新索引 v0002" in fragment.text

    page = client.get("/console/knowledge").text
    assert '<strong class="index-version">v0002</strong>' in page
    row = re.search(r'<tr data-doc="工地维权告示牌示范办法">(.*?)</tr>', page, re.S).group(1)
    assert "2026年试行" in row and "2026-03-01" in row and "测试自拟" in row and "在当前索引中" in row
    uploads = list((client.app.state.settings.data_dir / "knowledge" / "uploads").iterdir())
    assert len(uploads) == 1 and uploads[0].read_text(encoding="utf-8") == NOTICE

    hits = re.findall(r'<tr class="hit" data-id="[^"]+">(.*?)</tr>', search(client, QUESTION), re.S)
    passage = next(hit for hit in hits if "维权告示牌应当写明" in hit)
    assert '<td class="citation">《工地维权告示牌示范办法》第三条</td>' in passage
    for score in ("fused", "dense", "bm25"):  # every score of the hit is shown
        assert re.search(rf'<td class="score-{score}">\d+\.\d+', passage), score

    rolled = client.post("/console/knowledge/rollback", data={"csrf_token": csrf_token(client, "/console/knowledge")},
                         follow_redirects=False)
    assert rolled.status_code == 303
    page = client.get("/console/knowledge").text
    assert '<strong class="index-version">v0001</strong>' in page and "不在当前索引中" in page
    assert "维权告示牌应当写明" not in search(client, QUESTION)
    entries = audit.recent(client.app.state.console_db, action="knowledge.")
    assert [(e["action"], e["target"]) for e in entries] == [
        ("knowledge.rollback", "v0001"), ("knowledge.ingest", "告示牌办法.md"), ("knowledge.upload", "告示牌办法.md")]
    assert entries[0]["detail"] == "v0002 → v0001"


def test_an_unsupported_or_unreadable_file_is_refused_and_the_index_stays(knowledge_admin):
    from knowledge import index

    client = knowledge_admin
    refused = upload(client, "setup.exe", b"MZ\x90\x00 not a document")
    assert refused.status_code == 400
    assert "不支持上传 .exe 文件" in refused.text and ".docx" in refused.text
    uploads = client.app.state.settings.data_dir / "knowledge" / "uploads"
    assert not uploads.exists() or not list(uploads.iterdir())

    broken = upload(client, "扫描件.pdf", b"this is not a pdf at all")
    fragment, stages = wait_for_job(client, broken.headers["location"])
    assert stages[-1] == "failed"
    assert "文件读不出来" in fragment.text and "当前使用的索引没有变" in fragment.text
    assert index.current_version() == "v0001" and index.versions() == ["v0001"]
    assert not list(uploads.iterdir())  # nothing kept for a file that was never registered
    assert "还没有登记文件" in client.get("/console/knowledge").text

    bad_date = upload(client, "告示牌办法.md", NOTICE.encode(), effective_date="去年三月")
    assert bad_date.status_code == 400 and "施行日期" in bad_date.text


def test_rollback_from_the_oldest_version_is_explained(knowledge_admin):
    response = knowledge_admin.post("/console/knowledge/rollback",
                                    data={"csrf_token": csrf_token(knowledge_admin, "/console/knowledge")})
    assert response.status_code == 409 and "最早版本" in response.text


def test_an_index_build_reports_each_stage_and_its_embedding_count(knowledge_admin):
    """What the upload's progress line shows: the library reports every stage, embedding counted in keys."""
    from knowledge import index, store

    reports = []
    db = store.open_db(knowledge_admin.app.state.settings.db_path)
    manifest = index.build(db, reuse=False, on_progress=lambda *report: reports.append(report))
    db.close()
    stages = [stage for stage, _, _ in reports]
    assert [s for i, s in enumerate(stages) if i == 0 or stages[i - 1] != s] == [
        "collect", "model", "embed", "write", "switch"]
    # every key as a passage, and every card key and more_voice as a question (what the card classifier learns from)
    total = manifest["counts"]["keys"] + manifest["counts"]["card_questions_embedded"]
    assert manifest["counts"]["card_questions_embedded"] > 0
    assert reports[stages.index("embed")] == ("embed", 0, total) and ("embed", total, total) in reports
