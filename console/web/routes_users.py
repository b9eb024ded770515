"""Staff accounts (admin): list, create with a one-time password, disable / enable, reset a password."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from .. import audit, sessions, users
from ..errors import CannotDisableSelf, ConsoleError, OwnPasswordHere
from ..users import ROLES, User
from .deps import client_ip, console_db, render, role_required

router = APIRouter(prefix="/console/users")


def _page(request: Request, status_code: int = 200, **context) -> Response:
    """The accounts page; a one-time password is passed in `issued` and rendered on this response only."""
    base = {"accounts": users.list_users(console_db(request)), "roles": ROLES, "issued": None, "error": None}
    response = render(request, "users.html", {**base, **context}, status_code)
    if context.get("issued"):
        response.headers["Cache-Control"] = "no-store"  # keep the one-time password out of caches and history
    return response


@router.get("", response_class=HTMLResponse)
async def users_page(request: Request, user: User = role_required("admin")) -> Response:
    return _page(request)


@router.post("", response_class=HTMLResponse)
async def create(
    request: Request,
    username: str = Form(""),
    display_name: str = Form(""),
    role: str = Form("agent"),
    user: User = role_required("admin"),
) -> Response:
    db = console_db(request)
    password = users.generate_password()
    hashed = await run_in_threadpool(users.hash_password, password)  # argon2 off the event loop
    try:
        created = users.create_user(db, username.strip(), password, role=role,
                                    display_name=display_name.strip() or None, one_time=True, hashed=hashed)
    except ConsoleError as error:
        return _page(request, 400, error=str(error))
    audit.record(db, user, "user.create", target=created.username, detail=created.role, ip=client_ip(request))
    # Rendered, not redirected: the password exists only in this response and is never stored in clear.
    return _page(request, 201, issued={"username": created.username, "password": password, "what": "新账号"})


@router.post("/{username}/disable")
async def disable(username: str, request: Request, user: User = role_required("admin")) -> Response:
    db = console_db(request)
    try:
        if username == user.username:
            raise CannotDisableSelf()
        users.set_active(db, username, False)  # also ends the account's sessions
    except ConsoleError as error:
        return _page(request, 400, error=str(error))
    audit.record(db, user, "user.disable", target=username, ip=client_ip(request))
    return RedirectResponse("/console/users", status_code=303)


@router.post("/{username}/enable")
async def enable(username: str, request: Request, user: User = role_required("admin")) -> Response:
    db = console_db(request)
    try:
        users.set_active(db, username, True)
    except ConsoleError as error:
        return _page(request, 400, error=str(error))
    audit.record(db, user, "user.enable", target=username, ip=client_ip(request))
    return RedirectResponse("/console/users", status_code=303)


@router.post("/{username}/password", response_class=HTMLResponse)
async def reset_password(username: str, request: Request, user: User = role_required("admin")) -> Response:
    db = console_db(request)
    password = users.generate_password()
    try:
        if username == user.username:
            raise OwnPasswordHere()
        hashed = await run_in_threadpool(users.hash_password, password)  # argon2 off the event loop
        users.set_password(db, username, password, one_time=True, hashed=hashed)
    except ConsoleError as error:
        return _page(request, 400, error=str(error))
    sessions.end_all(db, username)  # whoever had the old password is signed out
    audit.record(db, user, "user.password_reset", target=username, ip=client_ip(request))
    return _page(request, issued={"username": username, "password": password, "what": "新密码"})
