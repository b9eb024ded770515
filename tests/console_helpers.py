"""In-process console for route tests: the real web app (chat + console) on a temp SQLite file, no Rasa."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient

import console.web
from bot import conversations
from bot.web.app import create_app
from console import users
from core.settings import settings as current_settings

ADMIN_PASSWORD = "admin-password-1"
PASSWORD = "staff-password-1"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@contextmanager
def console_app(data_dir: Path, monkeypatch) -> Iterator[TestClient]:
    """The whole web process in-process; Rasa points at a closed port (the gateway then says 'please resend')."""
    monkeypatch.setenv("HUXIN_ADMIN_PASSWORD", ADMIN_PASSWORD)
    settings = replace(
        current_settings(), data_dir=data_dir, db_override=data_dir / "huxin.db", rasa_url="http://127.0.0.1:9",
        outbox_poll_seconds=0.1,
    )
    with TestClient(create_app(settings, plugins=[console.web])) as client:
        yield client


def add_user(client: TestClient, username: str, role: str) -> None:
    users.create_user(client.app.state.console_db, username, PASSWORD, role=role, display_name=username)


def login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    page = client.get("/console/login")
    token = CSRF.search(page.text).group(1)
    response = client.post(
        "/console/login", data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def csrf_token(client: TestClient, path: str = "/console/account") -> str:
    return CSRF.search(client.get(path).text).group(1)


def chat_path(client: TestClient, key: str) -> str:
    """The console page of the chat with this key: console URLs name chats by number (chats.ref), never by key."""
    ref = conversations.ref_of(client.app.state.db, key)
    assert ref, f"no chat {key}"
    return f"/console/chats/{ref}"
