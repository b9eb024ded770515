"""Where a site's code leads: the web chat link its QR poster carries and the Telegram deep link."""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import quote

import qrcode
import qrcode.image.svg

from core.settings import settings


@dataclass(frozen=True)
class SiteLinks:
    web: str
    telegram: str | None  # None when TELEGRAM_BOT_USERNAME is not set


def telegram_bot_username() -> str | None:
    name = settings().telegram_bot_username.lstrip("@")
    return name or None


def links(code: str, web_url: str, bot_username: str | None = None) -> SiteLinks:
    web = f"{web_url.rstrip('/')}/?site={quote(code)}"
    telegram = f"https://t.me/{bot_username}?start={quote(code)}" if bot_username else None
    return SiteLinks(web, telegram)


def _qr(url: str) -> qrcode.QRCode:
    # Level M survives a smudged or partly torn poster on a building site.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=12, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    _qr(url).make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    _qr(url).make_image(image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return buffer.getvalue()
