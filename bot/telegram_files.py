"""Which files a Telegram chat sends are downloaded and kept: once per file, up to a byte quota per chat and day.

Called by the gateway only for messages the flood check lets through (bot/gateway.py), so a flood of photos costs no
downloads. A file the chat already sent (the same `file_unique_id`: a forward, a resend) is not downloaded again;
the new message points at the copy already kept. Past the quota (HUXIN_TELEGRAM_FILE_QUOTA_MB per chat in any 24
hours, default 50; 0 = off) a file is not downloaded: the message keeps its Telegram file id (staff can still ask
for it) and the worker is told. What counts is the bytes actually kept, read from the stored messages, so the quota
holds across restarts.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlite_utils
from telegram import Bot
from telegram.error import TelegramError

from core import clock, wording
from bot.gateway import AttachmentRefused

log = logging.getLogger(__name__)

# Only these are evidence worth keeping a copy of; stickers, audio and video keep their file id only.
DOWNLOADED_KINDS = {"photo", "document", "voice"}



def quota_notice(quota_bytes: int) -> str:
    mb = quota_bytes / 1024 / 1024
    return wording.say("bot.telegram.file_quota", mb=f"{mb:.0f}" if mb >= 1 else f"{mb:.1f}")


class TelegramFiles:
    def __init__(self, db: sqlite_utils.Database, folder: Path, quota_bytes: int) -> None:
        if quota_bytes < 0:
            raise ValueError(f"the file quota must not be negative (got {quota_bytes} bytes)")
        self.db = db
        self.folder = folder
        self.quota_bytes = quota_bytes

    async def fetch(self, bot: Bot, chat_key: str, update_id: int, attachment: dict[str, Any]) -> dict[str, Any]:
        """The attachment with `path` set to the kept copy (downloaded now or earlier), or unchanged when it is not
        a kind we keep or the download failed. Raises AttachmentRefused past the quota."""
        if attachment.get("type") not in DOWNLOADED_KINDS or not attachment.get("file_id"):
            return attachment
        unique_id = attachment.get("file_unique_id") or ""
        earlier = self.kept_copy(chat_key, unique_id) if unique_id else None
        if earlier:
            return {**attachment, "path": earlier, "same_file_as_earlier": True}
        size = int(attachment.get("file_size") or 0)
        if self.quota_bytes and self.kept_bytes(chat_key) + size > self.quota_bytes:
            raise AttachmentRefused("quota", quota_notice(self.quota_bytes))
        try:
            file = await bot.get_file(attachment["file_id"])
            if self.quota_bytes and not size and file.file_size:  # size only known now: check again before download
                if self.kept_bytes(chat_key) + file.file_size > self.quota_bytes:
                    raise AttachmentRefused("quota", quota_notice(self.quota_bytes))
            folder = self.folder / chat_key.split(":", 1)[1]
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{update_id}-{unique_id or attachment['file_id'][:32]}{Path(file.file_path or '').suffix}"
            await file.download_to_drive(path)
        except (TelegramError, OSError) as error:  # the file id is stored; staff can fetch it later
            log.warning("could not download a %s: %r", attachment.get("type"), error)
            return attachment
        return {**attachment, "path": str(path), "kept_bytes": path.stat().st_size}

    def kept_copy(self, chat_key: str, file_unique_id: str) -> str | None:
        """The path of this file if the chat sent it before and the copy is still there."""
        rows = self.db.execute(
            "select json_extract(payload, '$.attachment.path') from messages "
            "where chat_key = ? and direction = 'in' and json_extract(payload, '$.attachment.file_unique_id') = ? "
            "and json_extract(payload, '$.attachment.path') is not null order by id",
            [chat_key, file_unique_id],
        ).fetchall()
        return next((path for (path,) in rows if Path(path).is_file()), None)

    def kept_bytes(self, chat_key: str, hours: float = 24.0) -> int:
        since = clock.iso(clock.now() - timedelta(hours=hours), timespec="milliseconds")
        (total,) = self.db.execute(
            "select coalesce(sum(json_extract(payload, '$.attachment.kept_bytes')), 0) from messages "
            "where chat_key = ? and direction = 'in' and created_at >= ?",
            [chat_key, since],
        ).fetchone()
        return int(total)
