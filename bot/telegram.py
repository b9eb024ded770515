"""The Telegram channel (python-telegram-bot v22): one handler per behaviour, all through the gateway.

Long polling by default; webhook mode (with a secret token) when TELEGRAM_WEBHOOK_URL is set. Replies and anything
queued for a Telegram chat (agent replies, case notifications) are delivered from the outbox with retries.
Only private chats are served: in a group or channel the bot says one line (message me directly) and nothing else, so
nothing about a worker's case is said in front of others. Files: bot/telegram_files.py.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ChatType, MessageLimit
from telegram.error import Forbidden, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import conversations, outbox
from bot.db import open_database
from bot.gateway import Gateway, Inbound
from bot.rasa_client import RasaClient
from bot.telegram_files import TelegramFiles
from bot.update_order import PerChatUpdateProcessor
from cases.db import open_db as open_cases_db
from core import dialogue, wording
from core.settings import Settings, settings as load_settings

log = logging.getLogger(__name__)

CHANNEL = "telegram"
COMMAND_PAYLOADS = {
    "help": dialogue.payload(dialogue.HELP),
    "complain": dialogue.payload(dialogue.REPORT_ARREARS),
    "status": dialogue.payload(dialogue.CHECK_STATUS),
    "human": dialogue.payload(dialogue.REQUEST_HUMAN),
    "cancel": dialogue.payload(dialogue.CANCEL),
}
COMMAND_TITLES = wording.group("bot.telegram.commands")  # the menu's words (bot/wording.yml)


def __getattr__(name: str) -> str:
    """``GROUP_NOTICE``: the catalogue's text with {username} unfilled (tests fill it and compare)."""
    if name == "GROUP_NOTICE":
        return wording.template("bot.telegram.group_notice")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


GROUP_NOTICE_EVERY_SECONDS = 24 * 3600  # one line per group a day, however much the group writes


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Telegram refuses messages over 4096 characters: split at line breaks where possible."""
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n")
    if text or not parts:
        parts.append(text)
    return parts


class TelegramChannel:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = open_database(settings.db_path)
        self.rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
        self.gateway = Gateway(self.db, self.rasa, open_cases_db(settings.db_path))
        self.files = TelegramFiles(self.db, settings.attachments_dir / CHANNEL, settings.telegram_file_quota_bytes)
        self._group_notified: OrderedDict[int, float] = OrderedDict()
        self._delivery_task: asyncio.Task[None] | None = None
        self._deliver_lock = asyncio.Lock()

    # -- building -------------------------------------------------------------------------------------------------
    def build_application(self) -> Application:
        builder = (
            Application.builder()
            .token(self.settings.telegram_token)
            .base_url(self.settings.telegram_base_url)
            .base_file_url(self.settings.telegram_base_file_url)
            .post_init(self._post_init)
            .post_shutdown(self._post_shutdown)
            .concurrent_updates(PerChatUpdateProcessor())  # chats in parallel, each chat's updates in order
        )
        application = builder.build()
        application.add_handler(TypeHandler(Update, self.on_any_update), group=-1)  # runs before every other handler
        application.add_handler(CommandHandler("start", self.on_start))
        for command in COMMAND_PAYLOADS:
            application.add_handler(CommandHandler(command, self.on_command))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(MessageHandler(filters.CONTACT, self.on_contact))
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text))
        application.add_handler(
            MessageHandler(
                filters.PHOTO | filters.VOICE | filters.AUDIO | filters.VIDEO | filters.Document.ALL
                | filters.Sticker.ALL | filters.LOCATION,
                self.on_attachment,
            )
        )
        application.add_error_handler(self.on_error)
        return application

    async def _post_init(self, application: Application) -> None:
        self.gateway.resend_unanswered(CHANNEL)  # messages a crashed Telegram process stored but never answered
        self._delivery_task = asyncio.create_task(self._delivery_loop(application))

    async def _post_shutdown(self, application: Application) -> None:
        if self._delivery_task:
            self._delivery_task.cancel()
        await self.rasa.aclose()

    # -- handlers -------------------------------------------------------------------------------------------------
    def _inbound(self, update: Update, **fields: Any) -> Inbound:
        chat = update.effective_chat
        user = update.effective_user
        return Inbound(
            channel=CHANNEL,
            chat_id=str(chat.id),
            channel_message_id=str(update.update_id),
            display_name=user.full_name if user else None,
            **fields,
        )

    async def on_any_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Groups, supergroups and channels get one line telling workers to write privately, and nothing else: no
        answer, nothing stored, no download (a group is no place for a worker's case)."""
        chat = update.effective_chat
        if chat is None or chat.type == ChatType.PRIVATE:
            return
        now = time.monotonic()
        last = self._group_notified.get(chat.id)
        if last is None or now - last >= GROUP_NOTICE_EVERY_SECONDS:
            self._group_notified[chat.id] = now
            self._group_notified.move_to_end(chat.id)
            while len(self._group_notified) > 10_000:
                self._group_notified.popitem(last=False)
            try:
                notice = wording.say("bot.telegram.group_notice", username=context.bot.username)
                await context.bot.send_message(chat.id, notice)
            except TelegramError as error:  # e.g. removed from the group, or no right to post in a channel
                log.info("could not post the private-chat notice to a %s: %r", chat.type, error)
        raise ApplicationHandlerStop

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start, optionally with a deep-link payload: the code of the construction site whose QR code was scanned."""
        site_code = context.args[0][:64] if context.args else None
        await self._handle(context, self._inbound(update, text=dialogue.payload(dialogue.GREET), shown_text="/start",
                                                site_code=site_code))

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        command = (update.message.text or "").split()[0].lstrip("/").split("@")[0]
        await self._handle(
            context,
            self._inbound(update, text=COMMAND_PAYLOADS[command], shown_text=COMMAND_TITLES[command]),
        )

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._handle(context, self._inbound(update, text=update.message.text or ""))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Inline buttons carry "<message id>:<index>"; the payload itself is looked up in the stored reply."""
        query = update.callback_query
        await query.answer()
        button = self._stored_button(str(update.effective_chat.id), query.data or "")
        if button is None:
            return
        await self._handle(context, self._inbound(update, text=button["payload"], shown_text=button["title"]))

    async def on_contact(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        phone = update.message.contact.phone_number or ""
        await self._handle(context, self._inbound(update, text=phone, contact_phone=phone))

    async def on_attachment(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Photos of an IOU, voice notes, files, stickers, locations: stored (evidence) and answered, never a crash."""
        attachment = self._describe_attachment(update)
        key = conversations.chat_key(CHANNEL, update.effective_chat.id)

        async def fetch(found: dict[str, Any]) -> dict[str, Any]:  # only once the flood check has let it through
            return await self.files.fetch(context.bot, key, update.update_id, found)

        caption = update.message.caption or ""
        await self._handle(context, self._inbound(update, text=caption, attachment=attachment, fetch_attachment=fetch))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("Telegram handler failed", exc_info=context.error)

    # -- helpers --------------------------------------------------------------------------------------------------
    async def _handle(self, context: ContextTypes.DEFAULT_TYPE, inbound: Inbound) -> None:
        await self.gateway.handle(inbound)
        await self.deliver_due(context.application, inbound.chat_key)

    def _stored_button(self, chat_id: str, data: str) -> dict[str, str] | None:
        try:
            message_id, index = (int(part) for part in data.split(":", 1))
        except ValueError:
            return None
        key = conversations.chat_key(CHANNEL, chat_id)
        for message in conversations.history(self.db, key, after_id=message_id - 1, limit=1):
            buttons = message.payload.get(dialogue.BUTTONS) or []
            if message.id == message_id and 0 <= index < len(buttons):
                return buttons[index]
        return None

    def _describe_attachment(self, update: Update) -> dict[str, Any]:
        message = update.message
        if message.location:
            return {"type": "location", "latitude": message.location.latitude, "longitude": message.location.longitude}
        kinds = [
            ("photo", message.photo[-1] if message.photo else None),
            ("voice", message.voice),
            ("audio", message.audio),
            ("video", message.video),
            ("document", message.document),
            ("sticker", message.sticker),
        ]
        kind, media = next(((k, m) for k, m in kinds if m), ("unknown", None))
        attachment: dict[str, Any] = {"type": kind}
        if media is None:
            return attachment
        attachment.update(file_id=media.file_id, file_unique_id=media.file_unique_id)
        for name in ("file_name", "mime_type", "file_size"):
            if getattr(media, name, None):
                attachment[name] = getattr(media, name)
        return attachment

    async def deliver_due(self, application: Application, chat_key: str | None = None) -> None:
        async with self._deliver_lock:  # one sender at a time keeps each chat's replies in order
            for delivery in outbox.due(self.db, CHANNEL, chat_key=chat_key):
                try:
                    await self._send(application, delivery)
                except Forbidden as error:
                    log.info("worker blocked the bot: %s", delivery.message.chat_key)
                    outbox.mark_blocked(self.db, delivery.outbox_id, delivery.message.chat_key, str(error))
                except TelegramError as error:
                    outbox.mark_failed(self.db, delivery.outbox_id, repr(error))
                else:
                    outbox.mark_sent(self.db, delivery.outbox_id)

    async def _send(self, application: Application, delivery: outbox.Delivery) -> None:
        bot = application.bot
        message = delivery.message
        buttons = message.payload.get(dialogue.BUTTONS) or []
        markup: Any = None
        if message.payload.get(dialogue.REQUEST_CONTACT):
            markup = ReplyKeyboardMarkup(
                [[KeyboardButton(wording.say("bot.telegram.share_contact"), request_contact=True)]],
                one_time_keyboard=True, resize_keyboard=True
            )
        elif buttons:
            markup = InlineKeyboardMarkup(
                [[InlineKeyboardButton(b["title"], callback_data=f"{message.id}:{i}")] for i, b in enumerate(buttons)]
            )
        document = message.payload.get(dialogue.DOCUMENT)
        if document:
            with open(document["path"], "rb") as handle:
                await bot.send_document(
                    delivery.chat_id, handle, filename=document.get("filename"), caption=document.get("caption")
                )
        if message.text:
            parts = split_text(message.text)
            for i, part in enumerate(parts):
                last = i == len(parts) - 1
                await bot.send_message(delivery.chat_id, part, reply_markup=markup if last else None)
        elif markup is not None and not document:
            await bot.send_message(delivery.chat_id, wording.say("bot.telegram.choose"), reply_markup=markup)

    async def _delivery_loop(self, application: Application) -> None:
        """Delivers what others queued for Telegram chats: agent replies, case notifications, retries."""
        while True:
            try:
                await self.deliver_due(application)
            except Exception:
                log.exception("delivery loop error")
            await asyncio.sleep(self.settings.outbox_poll_seconds)


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Webhook mode: Telegram posts updates to TELEGRAM_WEBHOOK_URL; PTB refuses any without the secret token."""
    if not settings.telegram_webhook_secret:
        raise SystemExit("TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is not: set a long random secret.")
    return {
        # Behind the HTTPS proxy that Telegram reaches: loopback unless HUXIN_BIND_HOST says otherwise.
        "listen": settings.bind_host,
        "port": settings.telegram_webhook_port,
        "url_path": "telegram",
        "webhook_url": settings.telegram_webhook_url,
        "secret_token": settings.telegram_webhook_secret,
    }


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines contain the bot token
    settings = load_settings()
    if not settings.telegram_token:
        raise SystemExit("TELEGRAM_BOT_TOKEN is not set: the Telegram channel is off. Set it to connect a bot.")
    channel = TelegramChannel(settings)
    application = channel.build_application()
    if settings.telegram_webhook_url:
        application.run_webhook(allowed_updates=Update.ALL_TYPES, **webhook_options(settings))
    else:
        print("护薪 Telegram channel: long polling", flush=True)
        application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
