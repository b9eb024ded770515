"""What every console route depends on: the signed-in user with a role, and a CSRF check on every form.

Every route takes ``user: User = role_required("agent" | "supervisor" | "admin")``. The dependency carries its role
(``required_role``) so a test can walk all routes and prove none is left open.
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


def console_db(request: Request) -> sqlite_utils.Database:
    return request.app.state.console_db


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


def role_required(role: str) -> Any:
    async def dependency(request: Request) -> User:
        session = sessions.find(console_db(request), request.cookies.get(COOKIE))
        if session is None:
            raise LoginRequired()
        if request.method not in SAFE_METHODS:
            await _check_csrf(request, session.csrf_token)
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
