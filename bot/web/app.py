"""Web chat: a mobile-friendly page on localhost for workers without Telegram. Same gateway as every channel.

A session cookie identifies the chat (no login). Replies to a message come back in the POST's response; anything
else (agent replies, case notifications) arrives over Server-Sent Events without a reload.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections import defaultdict
from collections.abc import Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any, AsyncContextManager, AsyncIterator, Protocol

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from sse_starlette.sse import EventSourceResponse

from bot import conversations, outbox
from cases.db import open_db as open_cases_db
from bot.db import open_database
from bot.gateway import Gateway, Inbound
from bot.rasa_client import RasaClient
from bot.relay import run_relay
from bot.settings import Settings, load_settings
from console.sites import find_site

CHANNEL = "web"
COOKIE = "huxin_chat"
MAX_TEXT_CHARS = 20_000
HERE = Path(__file__).parent


class ChatMessageIn(BaseModel):
    text: str = Field(default="", description="What the worker typed, or a button's payload")
    title: str | None = Field(default=None, description="For a button press: the title the worker saw")


class WebPlugin(Protocol):
    """Something else served by the web process (the staff console): adds routes, runs beside the gateway."""

    def install(self, app: FastAPI, settings: Settings) -> None: ...

    def running(self, app: FastAPI, settings: Settings) -> AsyncContextManager[None]: ...


class ChatWakeups:
    """Wakes the event streams of a chat when the gateway stores something for it."""

    def __init__(self) -> None:
        self._events: dict[str, set[asyncio.Event]] = defaultdict(set)

    def notify(self, key: str) -> None:
        for event in self._events.get(key, ()):
            event.set()

    def register(self, key: str) -> asyncio.Event:
        event = asyncio.Event()
        self._events[key].add(event)
        return event

    def unregister(self, key: str, event: asyncio.Event) -> None:
        self._events[key].discard(event)
        if not self._events[key]:
            del self._events[key]


def create_app(settings: Settings | None = None, plugins: Sequence[WebPlugin] = ()) -> FastAPI:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = open_database(settings.db_path)
        rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
        cases_db = open_cases_db(settings.db_path)
        gateway = Gateway(db, rasa, cases_db)
        gateway.resend_unanswered(CHANNEL)  # messages a crashed web process stored but never answered
        wakeups = ChatWakeups()
        gateway.subscribe(wakeups.notify)
        app.state.db, app.state.gateway, app.state.wakeups = db, gateway, wakeups
        app.state.cases_db, app.state.settings = cases_db, settings
        relay = asyncio.create_task(run_relay(cases_db, gateway, settings.outbox_poll_seconds))
        async with AsyncExitStack() as running:
            for plugin in plugins:
                await running.enter_async_context(plugin.running(app, settings))
            yield
        relay.cancel()
        await rasa.aclose()
        db.close()
        cases_db.close()

    app = FastAPI(title="护薪 web chat", lifespan=lifespan)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for plugin in plugins:
        plugin.install(app, settings)

    def chat_id_of(request: Request) -> str:
        chat_id = request.cookies.get(COOKIE, "")
        if not chat_id or len(chat_id) > 64 or not chat_id.replace("-", "").replace("_", "").isalnum():
            raise HTTPException(status_code=401, detail="请先打开聊天页面（缺少会话）。")
        return chat_id

    @app.get("/", response_class=HTMLResponse)
    async def chat_page(request: Request, site: str | None = None) -> Response:
        chat_id = request.cookies.get(COOKIE) or secrets.token_urlsafe(16)
        db = request.app.state.db
        if site:
            # A site QR code opens the chat with the site's code; complaints from it are pre-tagged.
            conversations.ensure_chat(db, CHANNEL, chat_id, site_code=site[:64])
        else:  # a worker who came from a QR code earlier still sees the site
            site = (conversations.get_chat(db, conversations.chat_key(CHANNEL, chat_id)) or {}).get("site_code")
        context = {"site": site, "site_info": find_site(db, site)}  # unknown code: the page shows the code
        response = templates.TemplateResponse(request, "chat.html", context)
        response.set_cookie(COOKIE, chat_id, httponly=True, samesite="lax", max_age=180 * 24 * 3600)
        return response

    @app.post("/api/chat/messages")
    async def post_message(message: ChatMessageIn, request: Request) -> JSONResponse:
        chat_id = chat_id_of(request)
        if len(message.text) > MAX_TEXT_CHARS:
            return JSONResponse(
                {"error": f"消息太长了（超过 {MAX_TEXT_CHARS} 字），请分几次发送。"}, status_code=413
            )
        gateway: Gateway = request.app.state.gateway
        replies = await gateway.handle(
            Inbound(channel=CHANNEL, chat_id=chat_id, text=message.text, shown_text=message.title)
        )
        db = request.app.state.db
        for reply in replies:  # delivered in this response
            row = next(db["outbox"].rows_where("message_id = ?", [reply.id]), None)
            if row:
                outbox.mark_sent(db, row["id"])
        return JSONResponse({"accepted": True, "replies": [r.as_json() for r in replies]})

    @app.get("/api/chat/history")
    async def chat_history(request: Request, after: int = 0) -> JSONResponse:
        key = conversations.chat_key(CHANNEL, chat_id_of(request))
        messages = conversations.history(request.app.state.db, key, after_id=after)
        return JSONResponse({"messages": [m.as_json() for m in messages]})

    @app.get("/api/chat/events")
    async def chat_events(request: Request) -> EventSourceResponse:
        chat_id = chat_id_of(request)
        key = conversations.chat_key(CHANNEL, chat_id)
        db = request.app.state.db
        wakeups: ChatWakeups = request.app.state.wakeups

        async def stream() -> AsyncIterator[dict[str, Any]]:
            event = wakeups.register(key)
            try:
                while not await request.is_disconnected():
                    for delivery in outbox.due(db, CHANNEL, chat_key=key):
                        # Marked before sending: if the page is closed mid-way the message is still in the
                        # history the page loads when it opens again.
                        outbox.mark_sent(db, delivery.outbox_id)
                        data = json.dumps(delivery.message.as_json(), ensure_ascii=False)
                        yield {"event": "message", "id": str(delivery.message.id), "data": data}
                    event.clear()
                    try:
                        await asyncio.wait_for(event.wait(), timeout=settings.outbox_poll_seconds * 5)
                    except asyncio.TimeoutError:
                        pass
            finally:
                wakeups.unregister(key, event)

        return EventSourceResponse(stream(), ping=15)

    @app.get("/api/chat/files/{message_id}")
    async def chat_file(message_id: int, request: Request) -> FileResponse:
        key = conversations.chat_key(CHANNEL, chat_id_of(request))
        rows = list(request.app.state.db["messages"].rows_where("id = ? and chat_key = ?", [message_id, key]))
        document = json.loads(rows[0]["payload"] or "{}").get("document") if rows else None
        if not document:
            raise HTTPException(status_code=404, detail="没有这个文件。")
        path = Path(document["path"]).resolve()
        if not path.is_relative_to(settings.data_dir.resolve()) or not path.is_file():
            raise HTTPException(status_code=404, detail="文件已不存在。")
        return FileResponse(path, filename=document.get("filename") or path.name)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
