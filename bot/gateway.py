"""The gateway: one path for every inbound message from every channel.

normalise → store → (human holds the chat? then staff, not Rasa) → Rasa → store replies + queue them for delivery.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from bot import conversations
from bot.conversations import DuplicateMessage, StoredMessage
from bot.normalize import Script, normalize_text
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.replies import Reply, parse_rasa_replies
from cases.store import add_attachment

log = logging.getLogger(__name__)

# NLU sees at most this much of one message; the whole text is still stored.
MAX_NLU_CHARS = 1000

PLEASE_RESEND = "系统有点忙，您的消息已经收到并保存了，但这次没能处理完。请过一会儿再发一次，或者直接拨打 12333。"
ONLY_ATTACHMENT = "收到您发来的{kind}，已经保存下来，可以作为证据。欠条、考勤表、工资单、聊天记录的照片都有用。请再用文字简单说说您的情况。"
NOTHING_READABLE = "我没看到文字内容。请用文字说说您遇到的事，比如“包工头欠了我两个月工资”。"
HUMAN_HOLDS_CHAT = None  # while an agent holds the chat, the bot says nothing at all

ATTACHMENT_NAMES = {
    "photo": "照片",
    "voice": "语音",
    "audio": "音频",
    "video": "视频",
    "document": "文件",
    "sticker": "表情",
    "location": "位置",
}


@dataclass
class Inbound:
    channel: str
    chat_id: str
    text: str = ""  # what the worker typed, or a button's payload
    shown_text: str | None = None  # for a button press: the title the worker saw
    channel_message_id: str | None = None
    site_code: str | None = None
    contact_phone: str | None = None
    display_name: str | None = None
    attachment: dict[str, Any] | None = None
    extra_metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def chat_key(self) -> str:
        return conversations.chat_key(self.channel, self.chat_id)


class Gateway:
    def __init__(
        self, db: sqlite_utils.Database, rasa: RasaClient, cases_db: sqlite_utils.Database | None = None
    ) -> None:
        self.db = db
        self.rasa = rasa
        # Photos and files are evidence: kept with the chat's case (or its next one) when cases/ is at hand.
        self.cases_db = cases_db
        self._listeners: list[Callable[[str], None]] = []

    def subscribe(self, listener: Callable[[str], None]) -> None:
        """Called with the chat key whenever a chat gets a new message (wakes web chat and console streams)."""
        self._listeners.append(listener)

    def _changed(self, key: str) -> None:
        for listener in self._listeners:
            try:
                listener(key)
            except Exception:  # a broken listener must not lose the worker's message
                log.exception("listener failed for %s", key)

    async def handle(self, inbound: Inbound) -> list[StoredMessage]:
        """Store the message, answer it, store and queue the answers; return the answers (empty if a person holds
        the chat or the message was a duplicate)."""
        is_payload = inbound.text.startswith("/")
        normalized = normalize_text(inbound.shown_text or inbound.text)
        chat = conversations.ensure_chat(
            self.db,
            inbound.channel,
            inbound.chat_id,
            site_code=inbound.site_code,
            display_name=inbound.display_name,
            script=normalized.script if normalized.text and not _is_ascii(normalized.text) else None,
        )
        payload: dict[str, Any] = {}
        if inbound.attachment:
            payload["attachment"] = inbound.attachment
        if is_payload:
            payload["button_payload"] = inbound.text
        try:
            message_id = conversations.record_inbound(
                self.db,
                inbound.chat_key,
                text=inbound.shown_text or inbound.text,
                normalized_text=normalized.text,
                payload=payload,
                channel_message_id=inbound.channel_message_id,
            )
        except DuplicateMessage:
            log.info("duplicate message ignored for %s", inbound.chat_key)
            return []
        self._changed(inbound.chat_key)
        if inbound.attachment:
            self._keep_evidence(inbound)

        if chat["mode"] == "human":
            return []
        script: Script = chat["script"]

        if inbound.attachment and not normalized.text:
            kind = ATTACHMENT_NAMES.get(inbound.attachment.get("type", ""), "内容")
            return self._reply_all(inbound, [Reply(text=ONLY_ATTACHMENT.format(kind=kind))], script)
        if not normalized.text:
            return self._reply_all(inbound, [Reply(text=NOTHING_READABLE)], script)

        text_for_rasa = inbound.text if is_payload else normalized.text[:MAX_NLU_CHARS]
        metadata = {
            "channel": inbound.channel,
            "chat_id": inbound.chat_id,
            "site_code": chat.get("site_code"),
            "script": script,
            **({"contact_phone": inbound.contact_phone} if inbound.contact_phone else {}),
            **inbound.extra_metadata,
        }
        try:
            rasa_messages = await self.rasa.send(inbound.chat_key, text_for_rasa, metadata)
        except RasaUnavailable as error:
            log.warning("Rasa unavailable for %s: %s", inbound.chat_key, error)
            return self._reply_all(inbound, [Reply(text=PLEASE_RESEND)], script, sender="system")

        intent, confidence = await self.rasa.latest_intent(inbound.chat_key)
        conversations.record_nlu(self.db, message_id, intent, confidence)

        parsed = parse_rasa_replies(rasa_messages)
        if parsed.handoff_reason and chat["mode"] == "bot":
            conversations.set_mode(self.db, inbound.chat_key, "waiting", parsed.handoff_reason)
        return self._reply_all(inbound, parsed.replies, script)

    def _keep_evidence(self, inbound: Inbound) -> None:
        attachment = inbound.attachment or {}
        file_ref = attachment.get("path") or attachment.get("file_id")
        if self.cases_db is None or not file_ref:
            return
        try:
            add_attachment(
                self.cases_db,
                chat_key=inbound.chat_key,
                kind=attachment.get("type", "file"),
                file_ref=file_ref,
                filename=attachment.get("file_name"),
                mime=attachment.get("mime_type"),
                caption=inbound.text or None,
            )
        except Exception:  # the message itself is already stored; staff still see the file in the transcript
            log.exception("could not file an attachment as evidence for %s", inbound.chat_key)

    def _reply_all(
        self, inbound: Inbound, replies: list[Reply], script: Script, sender: str = "bot"
    ) -> list[StoredMessage]:
        return self.send(inbound.chat_key, inbound.channel, replies, script, sender)

    def send(
        self, key: str, channel: str, replies: list[Reply], script: Script | None = None, sender: str = "bot"
    ) -> list[StoredMessage]:
        """Store and queue replies for a chat (bot answers, agent replies, case notifications alike)."""
        if script is None:
            chat = conversations.get_chat(self.db, key)
            script = chat["script"] if chat else "simplified"
        stored = []
        for reply in replies:
            converted = reply.in_script(script)
            stored.append(conversations.record_outbound(self.db, key, channel, sender, converted.text, converted.payload()))
        if stored:
            self._changed(key)
        return stored


def _is_ascii(text: str) -> bool:
    # "ok", "12333" or a phone number say nothing about the worker's script: keep what we knew.
    return all(ord(ch) < 128 for ch in text)
