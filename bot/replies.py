"""Replies from Rasa, as the gateway stores and the channels render them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.normalize import Script, to_script
from core import dialogue


@dataclass
class Button:
    title: str
    payload: str


@dataclass
class Reply:
    text: str = ""
    buttons: list[Button] = field(default_factory=list)
    document: dict[str, Any] | None = None
    request_contact: bool = False

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.buttons:
            data[dialogue.BUTTONS] = [dialogue.button(b.title, b.payload) for b in self.buttons]
        if self.document:
            data[dialogue.DOCUMENT] = self.document
        if self.request_contact:
            data[dialogue.REQUEST_CONTACT] = True
        return data

    def in_script(self, script: Script) -> "Reply":
        return Reply(
            text=to_script(self.text, script),
            buttons=[Button(to_script(b.title, script), b.payload) for b in self.buttons],
            document=self.document,
            request_contact=self.request_contact,
        )


@dataclass
class ParsedReplies:
    replies: list[Reply]
    handoff_reason: str | None = None


def parse_rasa_replies(messages: list[dict[str, Any]]) -> ParsedReplies:
    """Turn Rasa's REST output into replies; `custom` payloads carry handoff, documents and contact requests."""
    parsed = ParsedReplies(replies=[])
    for message in messages:
        custom = message.get("custom") or {}
        reason = dialogue.handoff_reason(custom)
        if reason is not None:
            parsed.handoff_reason = reason
        read = (dialogue.read_button(b) for b in message.get(dialogue.BUTTONS) or [])
        reply = Reply(
            text=str(message.get("text") or ""),
            buttons=[Button(b["title"], b["payload"]) for b in read if b],
            document=custom.get(dialogue.DOCUMENT),
            request_contact=bool(custom.get(dialogue.REQUEST_CONTACT)),
        )
        if reply.text or reply.buttons or reply.document:
            parsed.replies.append(reply)
        elif reply.request_contact and parsed.replies:
            parsed.replies[-1].request_contact = True
    return parsed
