"""The escalation queue and live takeover: claim a chat, reply through the gateway, note, hand back.

Chats are addressed by their number (chats.ref) in every URL, form and audit row; the chat key (for a web chat:
the id its cookie carries, the worker's only credential) stays on the server.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from bot import conversations
from bot.replies import Reply
from cases import find_for_owner
from core import wording

from .. import audit, chats
from ..users import User
from .deps import PageNotFound, client_ip, console_db, error_page, render, role_required

router = APIRouter(prefix="/console")

MAX_REPLY_CHARS = 4000
# HANDED_BACK: the catalogue's text (console/wording.yml); tests look for it in the worker's chat.
__getattr__ = wording.module_texts(__name__, {"HANDED_BACK": "console.handed_back"})


def _chat_or_404(request: Request, ref: str) -> dict:
    chat = conversations.chat_by_ref(request.app.state.db, ref)
    if chat is None:
        raise PageNotFound("没有这个对话。")
    return chat


def _back(chat: dict) -> Response:
    return RedirectResponse(f"/console/chats/{chat['ref']}", status_code=303)


@router.get("/queue", response_class=HTMLResponse)
async def queue_page(request: Request, user: User = role_required("agent")) -> Response:
    db = request.app.state.db
    return render(request, "queue.html", {"entries": chats.queue(db), "recent": conversations.recent_chats(db, 20)})


@router.get("/queue/list", response_class=HTMLResponse)
async def queue_list(request: Request, user: User = role_required("agent")) -> Response:
    return render(request, "_queue_list.html", {"entries": chats.queue(request.app.state.db)})


@router.get("/chats/{ref}", response_class=HTMLResponse)
async def chat_page(ref: str, request: Request, user: User = role_required("agent")) -> Response:
    chat = _chat_or_404(request, ref)
    key = chat["chat_key"]
    audit.record(console_db(request), user, "chat.view", target=chats.audit_target(chat), ip=client_ip(request))
    context = {
        "chat": chat,
        "items": chats.transcript(request.app.state.db, key),
        "canned": chats.canned_replies(console_db(request)),
        "cases": find_for_owner(request.app.state.cases_db, key),
        "mode_names": chats.MODE_NAMES,
        "channel_names": chats.CHANNEL_NAMES,
        "delivery_names": chats.DELIVERY_NAMES,
        "max_reply": MAX_REPLY_CHARS,
    }
    return render(request, "chat.html", context)


@router.get("/chats/{ref}/transcript", response_class=HTMLResponse)
async def chat_transcript(ref: str, request: Request, user: User = role_required("agent")) -> Response:
    chat = _chat_or_404(request, ref)
    key = chat["chat_key"]
    context = {
        "chat": chat,
        "items": chats.transcript(request.app.state.db, key),
        "delivery_names": chats.DELIVERY_NAMES,
        "mode_names": chats.MODE_NAMES,
    }
    return render(request, "_transcript.html", context)


@router.post("/chats/{ref}/claim")
async def claim(ref: str, request: Request, user: User = role_required("agent")) -> Response:
    chat = _chat_or_404(request, ref)
    key = chat["chat_key"]
    holder = conversations.claim(request.app.state.db, key, user.username)
    if holder != user.username:
        return error_page(request, "已被接管", f"这个对话已经由 {holder} 接管。", 409)
    audit.record(console_db(request), user, "chat.claim", target=chats.audit_target(chat), ip=client_ip(request))
    if chat["held_by"] != user.username:
        joined = Reply(text=wording.say("console.joined", name=user.display_name))
        request.app.state.gateway.send(key, chat["channel"], [joined], sender="system")
    return _back(chat)


@router.post("/chats/{ref}/reply")
async def reply(ref: str, request: Request, text: str = Form(""), user: User = role_required("agent")) -> Response:
    chat = _chat_or_404(request, ref)
    key = chat["chat_key"]
    text = text.strip()
    if not text:
        return error_page(request, "没有内容", "回复是空的，没有发送。", 400)
    if len(text) > MAX_REPLY_CHARS:
        message = f"回复太长（{len(text)} 字，最多 {MAX_REPLY_CHARS} 字），没有发送。请分几条发。"
        return error_page(request, "回复太长", message, 400)
    if chat["mode"] != "human" or chat["held_by"] != user.username:
        message = "请先接管这个对话再回复：接管后智能助手会停止回答，工人只会看到您的回复。"
        return error_page(request, "尚未接管", message, 409)
    request.app.state.gateway.send(key, chat["channel"], [Reply(text=text)], sender="agent")
    audit.record(console_db(request), user, "chat.reply", target=chats.audit_target(chat), ip=client_ip(request))
    return _back(chat)


@router.post("/chats/{ref}/note")
async def note(ref: str, request: Request, text: str = Form(""), user: User = role_required("agent")) -> Response:
    chat = _chat_or_404(request, ref)
    key = chat["chat_key"]
    text = text.strip()
    if not text:
        return error_page(request, "没有内容", "备注是空的，没有保存。", 400)
    chats.add_note(console_db(request), key, user.display_name, text[:4000])
    audit.record(console_db(request), user, "chat.note", target=chats.audit_target(chat), ip=client_ip(request))
    return _back(chat)


@router.post("/chats/{ref}/handback")
async def hand_back(ref: str, request: Request, user: User = role_required("agent")) -> Response:
    chat = _chat_or_404(request, ref)
    key = chat["chat_key"]
    if chat["mode"] == "bot":
        return _back(chat)
    if chat["mode"] == "human" and chat["held_by"] not in (None, user.username) and not user.can("supervisor"):
        message = f"这个对话由 {chat['held_by']} 接管，只有他本人或班长可以交还。"
        return error_page(request, "不能交还", message, 409)
    conversations.release(request.app.state.db, key)
    if chat["mode"] == "human":
        handed_back = Reply(text=wording.say("console.handed_back"))
        request.app.state.gateway.send(key, chat["channel"], [handed_back], sender="system")
    audit.record(console_db(request), user, "chat.handback", target=chats.audit_target(chat), ip=client_ip(request))
    return RedirectResponse("/console/queue", status_code=303)


@router.get("/chats/{ref}/files/{message_id}")
async def chat_file(ref: str, message_id: int, request: Request, user: User = role_required("agent")) -> FileResponse:
    """A photo or file the worker sent (evidence), or a document the bot sent: reached by chat number and message
    id only; where it lives on the server never reaches the browser (the download keeps only its file name)."""
    chat = _chat_or_404(request, ref)
    message = conversations.get_message(request.app.state.db, chat["chat_key"], message_id)
    payload = message.payload if message else {}
    file_ref = payload.get("attachment") or payload.get("document") or {}
    data_dir = request.app.state.settings.data_dir.resolve()
    path = Path(file_ref["path"]).resolve() if isinstance(file_ref, dict) and file_ref.get("path") else None
    if path is None or not path.is_relative_to(data_dir) or not path.is_file():
        raise PageNotFound("文件不存在。")
    audit.record(console_db(request), user, "chat.file", target=chats.audit_target(chat, message_id),
                 ip=client_ip(request))
    return FileResponse(path, filename=file_ref.get("file_name") or file_ref.get("filename") or path.name)
