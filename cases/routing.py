"""Locality routing (属地分离): a work location → the office responsible for it.

The routing table ships as ``cases/data/offices.csv`` and is loaded into the ``offices`` table. Lookup
goes from the most precise to the least: district (or county-level city) → city → province → national
row. Rows with ``verified = 0`` are demo rows to be checked before going live.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from core import wording
from core.db import transaction

from .location import Location

__all__ = ["Office", "SHIPPED_OFFICES", "load_offices", "route", "get_office"]

SHIPPED_OFFICES = Path(__file__).parent / "data" / "offices.csv"


@dataclass(frozen=True)
class Office:
    id: int
    code: str
    name: str
    level: str
    address: str
    phone: str
    hours: str
    verified: bool

    def describe(self) -> str:
        """What the worker reads when the case opens."""
        return wording.say("cases.office_details", name=self.name, address=self.address, phone=self.phone,
                           hours=self.hours)


def load_offices(db: sqlite_utils.Database, path: str | Path = SHIPPED_OFFICES) -> int:
    """Insert or update the offices from a CSV file (same columns as the shipped one); returns the row count."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [
            {**row, "verified": int(row.get("verified") or 0)}
            for row in csv.DictReader(handle)
        ]
    with transaction(db):
        for row in rows:
            existing = list(db["offices"].rows_where("code = ?", [row["code"]], limit=1))
            if existing:
                db["offices"].update(existing[0]["id"], row)
            else:
                db["offices"].insert(row)
    return len(rows)


def _office(row: dict) -> Office:
    return Office(
        id=row["id"], code=row["code"], name=row["name"], level=row["level"], address=row["address"] or "",
        phone=row["phone"] or "", hours=row["hours"] or "", verified=bool(row["verified"]),
    )


def get_office(db: sqlite_utils.Database, office_id: int) -> Office | None:
    rows = list(db["offices"].rows_where("id = ?", [office_id], limit=1))
    return _office(rows[0]) if rows else None


def route(db: sqlite_utils.Database, location: Location | None) -> Office | None:
    """The responsible office for a location; the national row when nothing more precise is known."""
    candidates: list[str] = []
    if location is not None and location.adcode:
        code = location.adcode
        candidates += [code, code[:4] + "00", code[:2] + "0000"]
    for adcode in candidates:
        rows = list(db["offices"].rows_where("adcode = ?", [adcode], limit=1))
        if rows:
            return _office(rows[0])
    rows = list(db["offices"].rows_where("level = 'national'", limit=1))
    return _office(rows[0]) if rows else None
