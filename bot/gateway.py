"""The gateway: one path for every inbound message from every channel.

normalise → flood check → (file admitted? then the channel downloads it) → store → (human holds the chat? then staff,
not Rasa) → (too many already waiting for Rasa? then BUSY_NOTICE at once) → Rasa → store replies + queue them for
delivery.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from bot import conversations
from bot.admission import Admission
from bot.conversations import DuplicateMessage, StoredMessage
from bot.metrics import GatewayMetrics
from bot.normalize import Script, normalize_text
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.ratelimit import Decision, FloodGuard
from bot.replies import Reply, parse_rasa_replies
from cases.store import add_attachment
from cases.triage import danger_words_in
from core import dialogue, wording
from core.db import transaction

log = logging.getLogger(__name__)
# httpx logs every request line at INFO, and the Rasa tracker URL carries the chat key (for a web chat: the id its
# cookie carries). Warnings and errors still show.
logging.getLogger("httpx").setLevel(logging.WARNING)

# NLU sees at most this much of one message; the whole text is still stored.
MAX_NLU_CHARS = 1000

# PLEASE_RESEND and DANGER_NOTICE: the catalogue's texts (bot/wording.yml); tests compare replies with them.
__getattr__ = wording.module_texts(__name__, {"PLEASE_RESEND": "bot.please_resend", "DANGER_NOTICE": "bot.danger"})
HUMAN_HOLDS_CHAT = None  # while an agent holds the chat, the bot says nothing at all

# What the worker sent, in words ("收到您发来的照片"): bot/wording.yml attachment_kinds.
ATTACHMENT_NAMES = wording.group("bot.attachment_kinds")


class AttachmentRefused(Exception):
    """A channel's file fetcher would not keep this file (e.g. the chat's daily quota is used up). The message is
    still stored with the file's reference; `notice` tells the worker why the file was not kept."""

    def __init__(self, reason: str, notice: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.notice = notice


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
    # Downloads the attachment (returns it with its stored path). Called only for a message the flood check lets
    # through, so a flood of files costs no downloads; may raise AttachmentRefused.
    fetch_attachment: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]] | None = None
    extra_metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def chat_key(self) -> str:
        return conversations.chat_key(self.channel, self.chat_id)


class Gateway:
    def __init__(
        self,
        db: sqlite_utils.Database,
        rasa: RasaClient,
        cases_db: sqlite_utils.Database | None = None,
        flood: FloodGuard | None = None,
        admission: Admission | None = None,
    ) -> None:
        self.db = db
        self.rasa = rasa
        self.flood = flood if flood is not None else FloodGuard.from_env()
        self.admission = admission if admission is not None else Admission.from_env()
        self.metrics = GatewayMetrics(lambda: self.admission.waiting, lambda: self.admission.max_waiting)
        # Photos and files are evidence: kept with the chat's case (or its next one) when cases/ is at hand.
        self.cases_db = cases_db
        self._listeners: list[Callable[[str], None]] = []

    def subscribe(self, listener: Callable[[str], None]) -> None:
        """Called with the chat key whenever a chat gets a new message (wakes web chat and console streams)."""
        self._listeners.append(listener)

    def _name(self, key: str) -> str:
        return conversations.log_name(self.db, key)  # logs name a chat by number, never by key

    def _changed(self, key: str) -> None:
        for listener in self._listeners:
            try:
                listener(key)
            except Exception:  # a broken listener must not lose the worker's message
                log.exception("listener failed for %s", self._name(key))

    async def handle(self, inbound: Inbound) -> list[StoredMessage]:
        """Store the message, answer it, store and queue the answers; return the answers (empty if a person holds
        the chat or the message was a duplicate)."""
        started = time.perf_counter()
        inbound.text, inbound.shown_text = _valid_unicode(inbound.text), _valid_unicode(inbound.shown_text)
        is_payload = dialogue.is_payload(inbound.text)
        normalized = normalize_text(inbound.shown_text or inbound.text)
        payload: dict[str, Any] = {}
        if is_payload:
            payload["button_payload"] = inbound.text
        flood = self.flood.check(inbound.chat_key)
        if flood is not Decision.ALLOW:
            payload["rate_limited"] = True  # stored, not sent to Rasa; never asked to resend after a restart
        refused = await self._fetch_attachment(inbound, flood)
        if inbound.attachment:
            payload["attachment"] = inbound.attachment
        try:
            # The chat and the message in one commit (a duplicate leaves the chat as it was).
            with transaction(self.db):
                chat = conversations.ensure_chat(
                    self.db,
                    inbound.channel,
                    inbound.chat_id,
                    site_code=inbound.site_code,
                    display_name=inbound.display_name,
                    script=normalized.script if normalized.text and not _is_ascii(normalized.text) else None,
                )
                message_id = conversations.record_inbound(
                    self.db,
                    inbound.chat_key,
                    text=inbound.shown_text or inbound.text,
                    normalized_text=normalized.text,
                    payload=payload,
                    channel_message_id=inbound.channel_message_id,
                )
        except DuplicateMessage:
            log.info("duplicate message ignored for %s", self._name(inbound.chat_key))
            return []
        self._changed(inbound.chat_key)
        if inbound.attachment:
            self._keep_evidence(inbound)

        if chat["mode"] == "human":
            return []
        script: Script = chat["script"]
        if flood is Decision.NOTIFY:
            log.info("flood from %s: stored, not answered", self._name(inbound.chat_key))
            return self._reply_all(inbound, [Reply(text=wording.say("bot.flood"))], script, sender="system")
        if flood is Decision.SILENT:
            return []

        notices = self._reply_all(inbound, [Reply(text=refused)], script, sender="system") if refused else []
        if inbound.attachment and not normalized.text:
            if notices:
                return notices
            kind = ATTACHMENT_NAMES.get(inbound.attachment.get("type", ""), ATTACHMENT_NAMES["other"])
            return self._reply_all(inbound, [Reply(text=wording.say("bot.only_attachment", kind=kind))], script)
        if not normalized.text:
            return self._reply_all(inbound, [Reply(text=wording.say("bot.nothing_readable"))], script)
        safety = self._escalate_on_danger(inbound, chat, normalized.text, script)

        text_for_rasa = inbound.text if is_payload else normalized.text[:MAX_NLU_CHARS]
        metadata = {
            **dialogue.metadata(inbound.channel, inbound.chat_id, chat.get("site_code"), script, inbound.contact_phone),
            **inbound.extra_metadata,
        }
        if self.admission.full():  # stored, not sent to Rasa: as in a Rasa outage, the worker sends it again later
            self.metrics.refused += 1
            self.metrics.message_done("busy", time.perf_counter() - started)
            log.info("busy: %d waiting for Rasa; %s told to wait", self.admission.waiting, self._name(inbound.chat_key))
            busy = [Reply(text=wording.say("bot.busy"))]
            return notices + safety + self._reply_all(inbound, busy, script, sender="system")
        self.metrics.admitted += 1
        try:
            with self.admission.slot():
                rasa_messages = await self.rasa.send(inbound.chat_key, text_for_rasa, metadata)
        except RasaUnavailable as error:
            log.warning("Rasa unavailable for %s: %s", self._name(inbound.chat_key), error)
            self.metrics.message_done("rasa_unavailable", time.perf_counter() - started)
            resend = [Reply(text=wording.say("bot.please_resend"))]
            return notices + safety + self._reply_all(inbound, resend, script, sender="system")

        if getattr(rasa_messages, "intent_known", False):  # came with the replies (nlu/rest_channel.py)
            intent, confidence = rasa_messages.intent, rasa_messages.confidence
        else:
            intent, confidence = await self.rasa.latest_intent(inbound.chat_key)
        parsed = parse_rasa_replies(rasa_messages)
        # What Rasa made of the message, the hand-over and the replies: one commit, not one per row (each commit is
        # a wait for the write lock and a sync on this process's only event loop).
        with transaction(self.db):
            conversations.record_nlu(self.db, message_id, intent, confidence)
            if parsed.handoff_reason and chat["mode"] == "bot" and not safety:  # danger words already escalated
                conversations.set_mode(self.db, inbound.chat_key, "waiting", parsed.handoff_reason)
            if not parsed.replies:
                # Rasa answers every text; nothing back means an action failed (e.g. the action server was down).
                log.warning("Rasa gave no reply for %s: asking to resend", self._name(inbound.chat_key))
                self.metrics.message_done("no_reply", time.perf_counter() - started)
                resend = [Reply(text=wording.say("bot.please_resend"))]
                return notices + safety + self._reply_all(inbound, resend, script, sender="system")
            answers = notices + safety + self._reply_all(inbound, parsed.replies, script)
        self.metrics.message_done("answered", time.perf_counter() - started)
        return answers

    async def _fetch_attachment(self, inbound: Inbound, flood: Decision) -> str | None:
        """Download the message's file if the flood check admitted the message; the notice to send if refused."""
        if not inbound.attachment or inbound.fetch_attachment is None:
            return None
        if flood is not Decision.ALLOW:
            inbound.attachment = {**inbound.attachment, "not_kept": "flood"}  # the reference is kept for staff
            return None
        try:
            inbound.attachment = await inbound.fetch_attachment(inbound.attachment)
        except AttachmentRefused as refusal:
            log.info("%s file not kept for %s", refusal.reason, self._name(inbound.chat_key))
            inbound.attachment = {**inbound.attachment, "not_kept": refusal.reason}
            return refusal.notice
        return None

    def _escalate_on_danger(
        self, inbound: Inbound, chat: dict[str, Any], text: str, script: Script
    ) -> list[StoredMessage]:
        """Words of violence or self-harm put the chat in front of a person at once, whatever Rasa makes of them,
        and the worker is told to call 110 first."""
        words = danger_words_in(text)
        if not words or chat["mode"] != "bot":
            return []
        conversations.set_mode(self.db, inbound.chat_key, "waiting", "危险字眼：" + "、".join(words[:3]))
        log.warning("danger words from %s: escalated", self._name(inbound.chat_key))
        return self._reply_all(inbound, [Reply(text=wording.say("bot.danger"))], script, sender="system")

    def resend_unanswered(self, channel: str, within_hours: float = 24.0) -> int:
        """After a crash: queue PLEASE_RESEND for each chat of this channel whose latest worker message was stored
        but never answered (the process died between storing and answering). Run once when the channel's process
        starts, before it takes new messages. Returns how many chats were asked to resend.

        Also when Rasa had already understood it (its intent is recorded) and the reply was lost: a worker left
        with no answer is worse than one message understood twice (a repeated 确认 gives the same case)."""
        since = (datetime.now(timezone.utc) - timedelta(hours=within_hours)).isoformat(timespec="milliseconds")
        rows = self.db.execute(
            """select m.chat_key, max(m.id) from messages m join chats c on c.chat_key = m.chat_key
               where c.channel = ? and c.mode != 'human' and m.direction = 'in' and m.created_at >= ?
                 and coalesce(json_extract(m.payload, '$.rate_limited'), 0) = 0
                 and not exists (select 1 from messages o where o.chat_key = m.chat_key and o.direction = 'out'
                                 and o.id > m.id)
               group by m.chat_key""",
            [channel, since],
        ).fetchall()
        for key, _message_id in rows:
            self.send(key, channel, [Reply(text=wording.say("bot.please_resend"))], sender="system")
        if rows:
            log.warning("asked %d %s chat(s) to resend a message left unanswered by a crash", len(rows), channel)
        return len(rows)

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
            log.exception("could not file an attachment as evidence for %s", self._name(inbound.chat_key))

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
            self.metrics.replies += len(stored)
            self._changed(key)
        return stored


def _valid_unicode(text: str | None) -> str | None:
    """Lone surrogates (JSON allows "\\ud800") cannot be stored or converted: they become U+FFFD."""
    if text is None or not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def _is_ascii(text: str) -> bool:
    # "ok", "12333" or a phone number say nothing about the worker's script: keep what we knew.
    return all(ord(ch) < 128 for ch in text)
