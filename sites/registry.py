"""The site registry: a construction site (工地) gets a short code that its QR poster and Telegram deep link carry,
so a complaint started from it is tagged with the site (the chat carries ``site_code``; the case gets it from there).

Codes are 6 characters from an alphabet without 0/O/1/I, so a worker can also read one out or type it.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

import sqlite_utils

from core import clock
from core.db import transaction

from .errors import InvalidSite, SiteNotFound

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 6
FIELDS = {"name": ("工地名称", 60), "location": ("地点", 120), "employer": ("用工单位", 80),
          "general_contractor": ("施工总承包单位", 80)}


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
    now = clock.iso()
    with transaction(db):
        code = new_code()
        while db["sites"].count_where("code = ?", [code]):  # 32^6 ≈ 10^9 codes: a clash is rare, never fatal
            code = new_code()
        db["sites"].insert({"code": code, **{k: v or None for k, v in values.items()}, "created_by": created_by,
                            "created_at": now})
    return db["sites"].get(code)


def find_site(db: sqlite_utils.Database, code: str | None) -> dict | None:
    """The site for a code, or None (also when the table is not there: a reader that never migrated still works)."""
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


def list_sites(db: sqlite_utils.Database, case_counts: Mapping[str, int] | None = None) -> list[dict]:
    """Every site, newest first, with its number of cases (``case_count``) from ``case_counts`` (code → count: the
    cases package counts them, ``cases.cases_per_site``)."""
    counts = case_counts or {}
    return [{**row, "case_count": counts.get(row["code"], 0)}
            for row in db["sites"].rows_where(order_by="created_at desc, code")]
