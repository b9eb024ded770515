"""Plugs the console into the web process: routes under /console, its static files, its live-update watcher."""

from __future__ import annotations

import asyncio
import logging
import sys
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from core.settings import Settings

from ..db import open_db
from ..knowledge_jobs import KnowledgeJobs
from ..live import ConsoleLive
from ..settings import ConsoleSettings
from ..users import ensure_first_admin
from . import (
    routes_audit,
    routes_auth,
    routes_cases,
    routes_chats,
    routes_knowledge,
    routes_minimum_wage,
    routes_sites,
    routes_supervision,
    routes_users,
)
from .deps import CsrfRejected, Forbidden, LoginRequired, PageNotFound, PasswordChangeRequired, error_page

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
# Route modules, one per area of work; each has `router`.
ROUTE_MODULES = [
    routes_auth, routes_chats, routes_cases, routes_supervision, routes_knowledge, routes_sites, routes_users,
    routes_audit, routes_minimum_wage,
]


def install(app: FastAPI, settings: Settings) -> None:
    app.state.console_settings = ConsoleSettings.of(settings)
    app.mount("/console/static", StaticFiles(directory=str(HERE / "static")), name="console-static")
    for module in ROUTE_MODULES:
        app.include_router(module.router)

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/console/login"})
        target = request.url.path if request.method == "GET" else "/console/"
        return RedirectResponse(f"/console/login?next={target}", status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def to_account(request: Request, exc: PasswordChangeRequired) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=403, headers={"HX-Redirect": "/console/account"})
        return RedirectResponse("/console/account", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> HTMLResponse:
        return error_page(request, "没有权限", "这个页面只对更高权限的账号开放。", 403)

    @app.exception_handler(PageNotFound)
    async def not_found(request: Request, exc: PageNotFound) -> HTMLResponse:
        return error_page(request, "找不到", str(exc), 404)

    @app.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, exc: CsrfRejected) -> HTMLResponse:
        message = "表单已过期或来源不明（缺少安全令牌）。请刷新页面再提交一次。"
        return error_page(request, "请求被拒绝", message, 403)


@asynccontextmanager
async def running(app: FastAPI, settings: Settings) -> AsyncIterator[None]:
    """Entered by the web process's lifespan after the gateway is up."""
    db = open_db(settings.db_path)
    app.state.console_db = db
    username = settings.admin_user
    generated = ensure_first_admin(db, username, settings.admin_password or None)
    if generated:
        # Shown once, on the terminal only (never logged, never stored in clear): change it after signing in.
        print(
            f"\n护薪 console: first admin account created.\n  user: {username}\n  one-time password: {generated}\n"
            f"  sign in at {settings.web_url}/console/ and add staff accounts there or with `python -m console users add`.\n",
            file=sys.stderr,
            flush=True,
        )
    # Uploaded documents stay under the data directory (never in the repository).
    app.state.knowledge_jobs = KnowledgeJobs(settings.db_path, settings.data_dir / "knowledge" / "uploads")
    live = ConsoleLive()
    app.state.console_live = live
    watcher = asyncio.create_task(live.watch(db, interval=min(0.5, settings.outbox_poll_seconds)))
    try:
        yield
    finally:
        watcher.cancel()
        app.state.knowledge_jobs.close()
        db.close()
