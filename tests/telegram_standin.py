"""A local stand-in for Telegram's Bot API over HTTP, so python-telegram-bot's own network code runs in tests.

It answers the methods the channel uses (getMe, getUpdates, sendMessage, answerCallbackQuery, sendDocument, getFile,
deleteWebhook ...), records everything the bot sends and every file it asks for or downloads, and lets a test push
updates as if a worker wrote them (in a private chat, or in a group).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.stack import free_port

BOT_USER = {"id": 777000111, "is_bot": True, "first_name": "护薪", "username": "huxin_test_bot"}


@dataclass
class TelegramStandIn:
    token: str = "123456:TEST-TOKEN"
    port: int = field(default_factory=free_port)
    sent: list[dict[str, Any]] = field(default_factory=list)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    blocked_chats: set[int] = field(default_factory=set)
    files: dict[str, bytes] = field(default_factory=dict)
    unique_ids: dict[str, str] = field(default_factory=dict)  # file_id -> file_unique_id
    file_requests: list[str] = field(default_factory=list)  # file ids asked for with getFile
    downloads: list[str] = field(default_factory=list)  # file ids whose content was downloaded
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _update_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _new_update: asyncio.Event | None = None
    _server: uvicorn.Server | None = None
    _task: asyncio.Task | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- what a worker does -------------------------------------------------------------------------------------------
    def _push(self, update: dict[str, Any], update_id: int | None = None) -> int:
        update_id = update_id if update_id is not None else next(self._update_ids)
        self._updates.append({"update_id": update_id, **update})
        if self._new_update:
            self._new_update.set()
        return update_id

    def _message(self, chat_id: int, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "工友"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "工友"},
            **content,
        }

    def worker_says(self, chat_id: int, text: str, update_id: int | None = None) -> int:
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text.startswith("/") else []
        return self._push({"message": self._message(chat_id, text=text, entities=entities)}, update_id)

    def worker_presses(self, chat_id: int, callback_data: str) -> int:
        return self._push(
            {
                "callback_query": {
                    "id": str(next(self._message_ids)),
                    "from": {"id": chat_id, "is_bot": False, "first_name": "工友"},
                    "chat_instance": "ci",
                    "data": callback_data,
                    "message": self._message(chat_id, text="(button)", **{"from": BOT_USER}),
                }
            }
        )

    def _new_file(self, prefix: str, content: bytes, unique_id: str | None) -> tuple[str, str]:
        """A fresh file id (Telegram gives a forward of the same file another file id, but the same unique id)."""
        file_id = f"{prefix}-{len(self.files) + 1}"
        self.files[file_id] = content
        self.unique_ids[file_id] = unique_id or f"u{file_id}"
        return file_id, self.unique_ids[file_id]

    def worker_sends_photo(
        self, chat_id: int, content: bytes, caption: str | None = None, unique_id: str | None = None
    ) -> int:
        file_id, unique = self._new_file("photo", content, unique_id)
        photo = [{"file_id": file_id, "file_unique_id": unique, "width": 800, "height": 600, "file_size": len(content)}]
        extra = {"caption": caption} if caption else {}
        return self._push({"message": self._message(chat_id, photo=photo, **extra)})

    def worker_sends_document(
        self, chat_id: int, content: bytes, file_name: str = "工资表.pdf", unique_id: str | None = None
    ) -> int:
        file_id, unique = self._new_file("doc", content, unique_id)
        document = {"file_id": file_id, "file_unique_id": unique, "file_name": file_name,
                    "mime_type": "application/pdf", "file_size": len(content)}
        return self._push({"message": self._message(chat_id, document=document)})

    def someone_says_in_group(self, group_id: int, user_id: int, text: str, chat_type: str = "group") -> int:
        message = self._message(user_id, text=text)
        message["chat"] = {"id": group_id, "type": chat_type, "title": "工友群"}
        return self._push({"message": message})

    def worker_shares_contact(self, chat_id: int, phone: str) -> int:
        contact = {"phone_number": phone, "first_name": "工友", "user_id": chat_id}
        return self._push({"message": self._message(chat_id, contact=contact)})

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for m in self.sent if str(m.get("chat_id")) == str(chat_id)]

    async def wait_for_messages(self, chat_id: int, count: int, timeout: float = 60) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages_to(chat_id)) >= count:
                return self.messages_to(chat_id)
            await asyncio.sleep(0.1)
        raise TimeoutError(f"expected {count} messages to chat {chat_id}, got {self.messages_to(chat_id)}")

    # -- the Bot API ------------------------------------------------------------------------------------------------
    async def _params(self, request: Request) -> dict[str, Any]:
        content_type = request.headers.get("content-type", "")
        if "application/json" in content_type:
            return await request.json()
        form = await request.form()
        params: dict[str, Any] = {}
        for key, value in form.multi_items():
            if hasattr(value, "read"):
                params[key] = {"filename": value.filename, "content": await value.read()}
                continue
            try:
                params[key] = json.loads(value)
            except (TypeError, ValueError):
                params[key] = value
        return params

    async def _method(self, request: Request) -> Response:
        method = request.path_params["method"]
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401)
        params = await self._params(request)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return JSONResponse({"ok": True, "result": True})
        return await handler(params)

    async def _api_getMe(self, params: dict[str, Any]) -> Response:
        return JSONResponse({"ok": True, "result": BOT_USER})

    async def _api_getUpdates(self, params: dict[str, Any]) -> Response:
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), timeout=min(float(params.get("timeout") or 0), 1.0))
            except asyncio.TimeoutError:
                pass
        return JSONResponse({"ok": True, "result": self._updates[:100]})

    def _blocked(self, params: dict[str, Any]) -> Response | None:
        if int(params.get("chat_id", 0)) in self.blocked_chats:
            return JSONResponse(
                {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
                status_code=403,
            )
        return None

    async def _api_sendMessage(self, params: dict[str, Any]) -> Response:
        if (refusal := self._blocked(params)) is not None:
            return refusal
        self.sent.append({"method": "sendMessage", **params})
        message = self._message(int(params["chat_id"]), text=params.get("text", ""))
        message["from"] = BOT_USER
        return JSONResponse({"ok": True, "result": message})

    async def _api_sendDocument(self, params: dict[str, Any]) -> Response:
        if (refusal := self._blocked(params)) is not None:
            return refusal
        document = params.get("document") or {}
        self.sent.append({"method": "sendDocument", **{k: v for k, v in params.items() if k != "document"},
                          "filename": document.get("filename"), "size": len(document.get("content", b""))})
        message = self._message(int(params["chat_id"]), document={"file_id": "d1", "file_unique_id": "ud1"})
        return JSONResponse({"ok": True, "result": message})

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Response:
        self.callback_answers.append(params)
        return JSONResponse({"ok": True, "result": True})

    async def _api_getFile(self, params: dict[str, Any]) -> Response:
        file_id = params["file_id"]
        self.file_requests.append(file_id)
        if file_id not in self.files:
            return JSONResponse({"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}, status_code=400)
        return JSONResponse(
            {"ok": True, "result": {"file_id": file_id, "file_unique_id": self.unique_ids.get(file_id, f"u{file_id}"),
                                     "file_size": len(self.files[file_id]), "file_path": f"photos/{file_id}.jpg"}}
        )

    async def _download(self, request: Request) -> Response:
        file_id = request.path_params["path"].rsplit("/", 1)[-1].removesuffix(".jpg")
        self.downloads.append(file_id)
        return Response(self.files.get(file_id, b""), media_type="image/jpeg")

    # -- running ----------------------------------------------------------------------------------------------------
    async def start(self) -> None:
        self._new_update = asyncio.Event()
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._method, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._download),
            ]
        )
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        if self._server:
            self._server.should_exit = True
            await self._task
