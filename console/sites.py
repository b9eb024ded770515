"""Construction sites (工地) and their QR codes: a poster on the site opens the web chat with the site's code, so a
complaint started from it is tagged with the site (the chat carries ``site_code``; the case gets it from there).

Codes are 6 characters from an alphabet without 0/O/1/I, so a worker can also read one out or type it.
"""

from __future__ import annotations

import io
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import quote

import qrcode
import qrcode.image.svg
import sqlite_utils

from .errors import InvalidSite, SiteNotFound

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 6
FIELDS = {"name": ("工地名称", 60), "location": ("地点", 120), "employer": ("用工单位", 80),
          "general_contractor": ("施工总承包单位", 80)}


@dataclass(frozen=True)
class SiteLinks:
    web: str
    telegram: str | None  # None when TELEGRAM_BOT_USERNAME is not set


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str | None) -> str:
    return (code or "").strip().upper()[:64]


def create_site(
    db: sqlite_utils.Database,
    name: str,
    location: str = "",
    employer: str = "",
    general_contractor: str = "",
    created_by: str = "",
) -> dict:
    values = {"name": name, "location": location, "employer": employer, "general_contractor": general_contractor}
    values = {key: " ".join((value or "").split()) for key, value in values.items()}
    if not values["name"]:
        raise InvalidSite("请填写工地名称（比如“阳光花园三期”）。")
    for key, (label, limit) in FIELDS.items():
        if len(values[key]) > limit:
            raise InvalidSite(f"{label}太长了（{len(values[key])} 字，最多 {limit} 字）。")
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with db.conn:
        code = new_code()
        while db["sites"].count_where("code = ?", [code]):  # 32^6 ≈ 10^9 codes: a clash is rare, never fatal
            code = new_code()
        db["sites"].insert({"code": code, **{k: v or None for k, v in values.items()}, "created_by": created_by,
                            "created_at": now})
    return db["sites"].get(code)


def find_site(db: sqlite_utils.Database, code: str | None) -> dict | None:
    """The site for a code, or None (also when the console's tables are not there: the web chat runs without it)."""
    code = normalise_code(code)
    if not code or not db["sites"].exists():
        return None
    rows = list(db["sites"].rows_where("code = ?", [code], limit=1))
    return rows[0] if rows else None


def get_site(db: sqlite_utils.Database, code: str) -> dict:
    site = find_site(db, code)
    if site is None:
        raise SiteNotFound(normalise_code(code))
    return site


def list_sites(db: sqlite_utils.Database) -> list[dict]:
    """Every site, newest first, with the number of cases tagged with its code (``case_count``)."""
    counts = case_counts(db)
    return [{**row, "case_count": counts.get(row["code"], 0)}
            for row in db["sites"].rows_where(order_by="created_at desc, code")]


def case_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Cases per site code (read from the cases package's table in the same file)."""
    if not db["cases"].exists():
        return {}
    rows = db.execute("select upper(site_code), count(*) from cases where site_code is not null group by 1")
    return {code: count for code, count in rows.fetchall()}


def telegram_bot_username() -> str | None:
    name = os.environ.get("TELEGRAM_BOT_USERNAME", "").strip().lstrip("@")
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
