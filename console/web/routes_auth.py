"""Sign in and out, the landing page, one's own password, and the live-update stream every page listens to."""

from __future__ import annotations

import hmac
import json
import secrets
from typing import Any, AsyncIterator

from dataclasses import replace

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from .. import audit, sessions, users
from ..errors import ConsoleError, LoginFailed, LoginThrottled, SamePassword, WrongCurrentPassword
from ..users import User
from .deps import COOKIE, LOGIN_COOKIE, client_ip, console_db, console_settings, find_session, render, role_required

router = APIRouter(prefix="/console")


def _safe_next(target: str | None) -> str:
    # Only paths inside the console: a crafted ?next= must not send staff to another site.
    if target and target.startswith("/console/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/console/queue"


def _login_page(request: Request, error: str | None = None, status_code: int = 200, next_: str = "") -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", {"error": error, "login_token": token, "next": next_}, status_code)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/console/login")
    return response


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, next: str = "") -> Response:  # noqa: A002 (query parameter name)
    return _login_page(request, next_=_safe_next(next))


@router.post("/login")
async def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form(""),  # noqa: A002
) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, csrf_token):
        return _login_page(request, "登录表单已过期，请再试一次。", 403, _safe_next(next))
    db = console_db(request)
    ip = client_ip(request)
    try:
        user = await _check_password(request, username, password)
    except LoginThrottled as error:
        audit.record(db, username[:64], "login_throttled", ip=ip)
        response = _login_page(request, str(error), 429, _safe_next(next))
        response.headers["Retry-After"] = str(error.seconds)
        return response
    except LoginFailed as error:
        audit.record(db, username[:64], "login_failed", ip=ip)
        return _login_page(request, str(error), 401, _safe_next(next))
    token = sessions.start(db, user, ip, now=console_settings(request).clock())
    audit.record(db, user, "login", ip=ip)
    # A generated password is replaced first: every other page would send the account to 我的账号 anyway.
    target = "/console/account" if user.must_change_password else _safe_next(next)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/console",
                        secure=request.url.scheme == "https", max_age=int(sessions.SESSION_LIFETIME.total_seconds()))
    response.delete_cookie(LOGIN_COOKIE, path="/console/login")
    return response


async def _check_password(request: Request, username: str, password: str) -> User:
    """users.Login with its one argon2 verification in a worker thread, so a login never stalls the event loop
    (the web chat's workers share it)."""
    settings = console_settings(request)
    attempt = users.Login(
        console_db(request), username, ip=client_ip(request), now=settings.clock(),
        per_address=settings.login_failures_per_address,
    )
    await run_in_threadpool(attempt.verify, password)
    return attempt.finish()


@router.post("/logout")
async def logout(request: Request, user: User = role_required("agent", before_password_change=True)) -> Response:
    db = console_db(request)
    sessions.end(db, request.cookies.get(COOKIE))
    audit.record(db, user, "logout", ip=client_ip(request))
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(COOKIE, path="/console")
    return response


@router.get("/", response_class=HTMLResponse)
async def home(user: User = role_required("agent")) -> Response:
    return RedirectResponse("/console/queue", status_code=303)


@router.get("/account", response_class=HTMLResponse)
async def account_page(request: Request, user: User = role_required("agent", before_password_change=True)) -> Response:
    return render(request, "account.html", {"message": None})


@router.post("/account/password", response_class=HTMLResponse)
async def change_password(
    request: Request,
    current: str = Form(""),
    new: str = Form(""),
    user: User = role_required("agent", before_password_change=True),
) -> Response:
    db = console_db(request)
    try:
        try:
            # Throttled like a login: a stolen open session must not become a password-guessing oracle.
            await _check_password(request, user.username, current)
        except LoginFailed:
            raise WrongCurrentPassword() from None
        if new == current:
            raise SamePassword()
        hashed = await run_in_threadpool(users.hash_password, new)
        users.set_password(db, user.username, new, hashed=hashed)
    except ConsoleError as error:
        return render(request, "account.html", {"message": str(error), "ok": False}, 400)
    # Whoever else was signed in as this account (perhaps with the old password) is signed out; this browser stays.
    ended = sessions.end_others(db, user.id, request.cookies.get(COOKIE))
    audit.record(db, user, "password_changed", target=user.username, detail=f"ended {ended} other session(s)",
                 ip=client_ip(request))
    request.state.user = replace(user, must_change_password=False)
    return render(request, "account.html", {"message": "密码已修改，其他地方登录的这个账号已经退出。", "ok": True})


@router.get("/events")
async def events(request: Request, user: User = role_required("agent", background=True)) -> EventSourceResponse:
    """Server-Sent Events: `changed` whenever the queue, a transcript, a delivery or a case changed."""
    live = request.app.state.console_live

    async def stream() -> AsyncIterator[dict[str, Any]]:
        seen = -1
        # The stream ends with its session (signed out, password changed elsewhere, idle): it is not use itself.
        while not await request.is_disconnected() and find_session(request, touch=False) is not None:
            version = await live.wait_for_change(seen, timeout=10)
            if version != seen:
                fresh = live.new_escalations if seen != -1 else []
                seen = version
                data = {"version": version, "waiting": len(live.waiting), "new_escalations": fresh}
                yield {"event": "changed", "data": json.dumps(data, ensure_ascii=False)}

    return EventSourceResponse(stream(), ping=15)
