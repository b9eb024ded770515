"""The site registry's table in the shared SQLite file (own migration set "sites")."""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("sites")


def migrate(db: sqlite_utils.Database) -> None:
    """Bring the ``sites`` table up to date on any connection to the shared file."""
    migrations.apply(db)


@migrations()
def m001_sites(db: sqlite_utils.Database) -> None:
    # Databases from before this package have the table already: the console's migration m002 made it.
    if db["sites"].exists():
        return
    db["sites"].create(
        {
            "code": str,  # short code carried by the QR link (?site=CODE, Telegram /start CODE)
            "name": str,
            "location": str,
            "employer": str,
            "general_contractor": str,
            "created_by": str,
            "created_at": str,
        },
        pk="code",
        not_null={"name"},
    )
