"""Web chat: a mobile-friendly page on localhost for workers without Telegram. Same gateway as every channel.

A cookie signed by the server identifies the chat (no login; bot/web/identity.py): a cookie the server did not sign
gets a new chat, never another chat's history. Replies to a message come back in the POST's response; anything else
(agent replies, case notifications) arrives over Server-Sent Events without a reload. Limits on what one client may
take (new chats per address, open streams, body size, title length) are in bot/web/limits.py and body_limit.py.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import ipaddress
import json
from collections import defaultdict
from collections.abc import Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any, AsyncContextManager, AsyncIterator, Protocol

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse
from starlette.background import BackgroundTask
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from sse_starlette.sse import EventSourceResponse

import sites
from bot import conversations, outbox
from cases.db import open_db as open_cases_db
from bot.db import open_database
from bot.gateway import Gateway, Inbound
from bot.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from bot.rasa_client import RasaClient
from bot.relay import run_relay
from bot.web.body_limit import BodySizeLimit
from bot.web.identity import ChatIdentity, load_secret
from bot.web.limits import NewChatLimiter, StreamSlots
from core import dialogue, wording
from core.settings import Settings, settings as load_settings

CHANNEL = "web"
COOKIE = "huxin_chat"
MAX_TEXT_CHARS = 20_000
MAX_TITLE_CHARS = 200  # a button title the worker saw; ours are a few words
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
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    identity = ChatIdentity(load_secret(settings.secret_key, settings.data_dir))
    new_chats = NewChatLimiter(settings.new_chats_per_address, settings.new_chats_window_seconds)
    streams = StreamSlots(settings.streams_per_chat, settings.streams_per_address)
    app.state.identity = identity

    def chat_id_of(request: Request) -> str:
        chat_id = identity.chat_id(request.cookies.get(COOKIE))
        if chat_id is None:  # none, unsigned (from before signing), altered or signed with another secret
            raise HTTPException(status_code=401, detail=wording.say("bot.web.no_chat"))
        return chat_id

    @app.get("/", response_class=HTMLResponse)
    async def chat_page(request: Request, site: str | None = None) -> Response:
        cookie = request.cookies.get(COOKIE)
        chat_id = identity.chat_id(cookie)
        if chat_id is None:
            if not new_chats.allow(client_address(request)):
                return HTMLResponse(_notice_page(wording.say("bot.web.too_many_new_chats")), status_code=429,
                                    headers={"Retry-After": "300"})
            chat_id, cookie = identity.issue()
        db = request.app.state.db
        if site:
            # A site QR code opens the chat with the site's code; complaints from it are pre-tagged. Only a chat
            # with no site yet takes it: a link someone else sends cannot move a worker's chat to another site.
            conversations.tag_site(db, CHANNEL, chat_id, site[:64])
        site = (conversations.get_chat(db, conversations.chat_key(CHANNEL, chat_id)) or {}).get("site_code")
        context = {"site": site, "site_info": sites.find_site(db, site)}  # unknown code: the page shows the code
        response = templates.TemplateResponse(request, "chat.html", context)
        response.set_cookie(COOKIE, cookie, httponly=True, samesite="lax", max_age=180 * 24 * 3600)
        return response

    @app.post("/api/chat/messages")
    async def post_message(message: ChatMessageIn, request: Request) -> JSONResponse:
        chat_id = chat_id_of(request)
        if len(message.text) > MAX_TEXT_CHARS:
            return JSONResponse(
                {"error": wording.say("bot.web.text_too_long", chars=MAX_TEXT_CHARS)}, status_code=413
            )
        if message.title is not None and len(message.title) > MAX_TITLE_CHARS:
            return JSONResponse({"error": wording.say("bot.web.title_too_long", chars=MAX_TITLE_CHARS)},
                                status_code=413)
        gateway: Gateway = request.app.state.gateway
        replies = await gateway.handle(
            Inbound(channel=CHANNEL, chat_id=chat_id, text=message.text, shown_text=message.title)
        )
        outbox.mark_delivered_with_response(request.app.state.db, [reply.id for reply in replies])
        return JSONResponse({"accepted": True, "replies": [for_browser(r) for r in replies]})

    @app.get("/api/chat/history")
    async def chat_history(request: Request, after: int = 0) -> JSONResponse:
        key = conversations.chat_key(CHANNEL, chat_id_of(request))
        messages = conversations.history(request.app.state.db, key, after_id=after)
        return JSONResponse({"messages": [for_browser(m) for m in messages]})

    @app.get("/api/chat/events")
    async def chat_events(request: Request) -> Response:
        chat_id = chat_id_of(request)
        key = conversations.chat_key(CHANNEL, chat_id)
        db = request.app.state.db
        wakeups: ChatWakeups = request.app.state.wakeups
        slot = streams.acquire(key, client_address(request))
        if slot is None:
            return JSONResponse({"error": wording.say("bot.web.too_many_streams")}, status_code=429)

        async def stream() -> AsyncIterator[dict[str, Any]]:
            event = wakeups.register(key)
            try:
                while not await request.is_disconnected():
                    for delivery in outbox.due(db, CHANNEL, chat_key=key):
                        # Marked before sending: if the page is closed mid-way the message is still in the
                        # history the page loads when it opens again.
                        outbox.mark_sent(db, delivery.outbox_id)
                        data = json.dumps(for_browser(delivery.message), ensure_ascii=False)
                        yield {"event": "message", "id": str(delivery.message.id), "data": data}
                    event.clear()
                    try:
                        await asyncio.wait_for(event.wait(), timeout=settings.outbox_poll_seconds * 5)
                    except asyncio.TimeoutError:
                        pass
            finally:
                wakeups.unregister(key, event)
                slot.release()

        # The slot is also released after the response, in case the stream never started (client gone at once).
        return EventSourceResponse(stream(), ping=15, background=BackgroundTask(slot.release))

    @app.get("/api/chat/files/{message_id}")
    async def chat_file(message_id: int, request: Request) -> FileResponse:
        key = conversations.chat_key(CHANNEL, chat_id_of(request))
        message = conversations.get_message(request.app.state.db, key, message_id)
        document = message.payload.get(dialogue.DOCUMENT) if message else None
        if not document:
            raise HTTPException(status_code=404, detail=wording.say("bot.web.no_such_file"))
        path = Path(document["path"]).resolve()
        if not path.is_relative_to(settings.data_dir.resolve()) or not path.is_file():
            raise HTTPException(status_code=404, detail=wording.say("bot.web.file_gone"))
        return FileResponse(path, filename=document.get("filename") or path.name)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/metrics")
    async def metrics(request: Request) -> Response:
        """The gateway's numbers for Prometheus (docs/operations.md, "Overload and /metrics")."""
        if not metrics_allowed(request, settings.metrics_token):
            return PlainTextResponse("forbidden\n", status_code=403)
        gateway: Gateway = request.app.state.gateway
        return Response(gateway.metrics.render(), media_type=METRICS_CONTENT_TYPE)

    return app


def client_address(request: Request) -> str:
    """The client's address as the server saw it: the TCP peer, or what a trusted proxy forwarded (uvicorn's proxy
    headers, switched on only by HUXIN_TRUSTED_PROXIES; see bot/web/__main__.py)."""
    return request.client.host if request.client else "unknown"


PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def metrics_allowed(request: Request, token: str) -> bool:
    """With HUXIN_METRICS_TOKEN set: only `Authorization: Bearer <token>`, from anywhere. Without: only a direct
    loopback client — a request that came through a reverse proxy (which connects from loopback too) carries a
    forwarding header and is refused, so the public site never shows the numbers."""
    if token:
        given = request.headers.get("authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    if any(header in request.headers for header in PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(client_address(request)).is_loopback
    except ValueError:
        return False


def for_browser(message: conversations.StoredMessage) -> dict[str, Any]:
    """A message as the web chat page sees it. Documents and attachments are fetched by message id
    (/api/chat/files/<id>): where a file lives on the server never reaches the browser."""
    data = message.as_json()
    for name in (dialogue.DOCUMENT, "attachment"):
        if isinstance(data.get(name), dict):
            data[name] = {k: v for k, v in data[name].items() if k != "path"}
    return data


def _notice_page(text: str) -> str:
    title = html.escape(wording.say("bot.web.title"))
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
        f'<link rel="stylesheet" href="/static/chat.css"></head><body><header><h1>{title}</h1></header>'
        f'<main id="log"><p class="msg out system" id="notice">{html.escape(text)}</p></main></body></html>'
    )
