"""What every console route depends on: the signed-in user with a role, and a CSRF check on every form.

Every route takes ``user: User = role_required("agent" | "supervisor" | "admin")``. The dependency carries its role
(``required_role``) so a test can walk all routes and prove none is left open. It also ends idle sessions and sends
an account that still has a generated password to 我的账号 until it has set its own.
"""

from __future__ import annotations

import hmac
from typing import Any

import sqlite_utils
from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from pathlib import Path

from .. import sessions
from ..chats import chat_label
from ..settings import ConsoleSettings
from ..users import ROLE_NAMES, User

COOKIE = "huxin_console"
LOGIN_COOKIE = "huxin_console_login"  # double-submit CSRF token for the login form (no session yet)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["ROLE_NAMES"] = ROLE_NAMES
templates.env.globals["chat_label"] = chat_label


class LoginRequired(Exception):
    """No valid session: the browser is sent to the login page."""


class Forbidden(Exception):
    """Signed in, but the role does not allow this page."""

    def __init__(self, role: str) -> None:
        super().__init__(role)
        self.role = role


class PageNotFound(Exception):
    """Shown as the console's error page with a 404 and the message."""


class CsrfRejected(Exception):
    """A form without the session's CSRF token."""


class PasswordChangeRequired(Exception):
    """The account signed in with a generated password: every page but 我的账号 sends it there."""


def console_db(request: Request) -> sqlite_utils.Database:
    return request.app.state.console_db


def console_settings(request: Request) -> ConsoleSettings:
    return request.app.state.console_settings


def find_session(request: Request, *, touch: bool) -> sessions.Session | None:
    settings = console_settings(request)
    return sessions.find(
        console_db(request), request.cookies.get(COOKIE), now=settings.clock(), idle_timeout=settings.idle_timeout,
        touch=touch,
    )


def is_background(request: Request) -> bool:
    """The console's own refreshes: every htmx GET here is a fragment reloading on a live event or a timer, not a
    click. They must not count as use, or an open queue page would keep an unattended session alive all shift."""
    return request.method == "GET" and request.headers.get("hx-request") == "true"


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


async def _check_csrf(request: Request, expected: str) -> None:
    sent = request.headers.get("x-csrf-token")
    if not sent:
        form = await request.form()  # Starlette caches the parsed form: the route reads it again for free
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, expected):
        raise CsrfRejected()


def role_required(role: str, *, before_password_change: bool = False, background: bool = False) -> Any:
    """``before_password_change``: the route also serves an account that must still replace its generated password
    (我的账号, its form, sign out). ``background``: the page's own live stream, which never counts as use."""

    async def dependency(request: Request) -> User:
        session = find_session(request, touch=not (background or is_background(request)))
        if session is None:
            raise LoginRequired()
        if request.method not in SAFE_METHODS:
            await _check_csrf(request, session.csrf_token)
        if session.user.must_change_password and not before_password_change:
            raise PasswordChangeRequired()
        if not session.user.can(role):
            raise Forbidden(role)
        request.state.user = session.user
        request.state.csrf_token = session.csrf_token
        return session.user

    dependency.required_role = role  # type: ignore[attr-defined]
    return Depends(dependency)


def render(request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200):
    user: User | None = getattr(request.state, "user", None)
    base = {"user": user, "csrf_token": getattr(request.state, "csrf_token", "")}
    return templates.TemplateResponse(request, template, {**base, **(context or {})}, status_code=status_code)


def error_page(request: Request, title: str, message: str, status_code: int):
    """The console's error page: a plain title and message with a 4xx status."""
    return render(request, "error.html", {"title": title, "message": message}, status_code)
