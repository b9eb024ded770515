"""The document registry in SQLite: tables `documents` and `chunks` (migration set "knowledge").

A document is identified by its key (by default its normalised title). Each ingest of changed content
adds a new version row; the previous version's row stays for history (status "replaced") but its chunks
are deleted in the same transaction, so an index never holds two versions of one document.
"""
from __future__ import annotations

from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from core.db import connect

from core.settings import settings

migrations = Migrations("knowledge")

ACTIVE = "active"
REPLACED = "replaced"
REMOVED = "removed"


@migrations()
def m001_documents_and_chunks(db: sqlite_utils.Database) -> None:
    db["documents"].create({
        "id": int, "doc_key": str, "version": int, "title": str, "short_title": str, "kind": str,
        "effective_date": str, "source": str, "sha256": str, "status": str, "chunk_count": int,
        "ingested_at": str, "replaced_at": str,
    }, pk="id", not_null={"doc_key", "version", "title", "sha256", "status"})
    db["documents"].create_index(["doc_key", "version"], unique=True)
    db["documents"].create_index(["status"])
    db["chunks"].create({
        "id": str, "document_id": int, "ordinal": int, "text": str, "article": str, "article_no": int,
        "article_sub": int, "part": str, "chapter": str, "section": str, "paragraphs": str, "heading": str,
    }, pk="id", foreign_keys=[("document_id", "documents", "id")])
    db["chunks"].create_index(["document_id", "ordinal"])


@migrations()
def m002_document_edition(db: sqlite_utils.Database) -> None:
    # The document's own version label as published ("2020年修订"); `version` stays the registry's counter.
    db["documents"].add_column("edition", str)


def open_db(path: Path | str | None = None) -> sqlite_utils.Database:
    """Open the shared SQLite file (core.db) and bring the document registry's tables up to date."""
    db = connect(path or settings().db_path)
    migrations.apply(db)
    return db


def active_documents(db: sqlite_utils.Database) -> list[dict]:
    return list(db["documents"].rows_where("status = ?", [ACTIVE], order_by="doc_key"))


def active_document(db: sqlite_utils.Database, doc_key: str) -> dict | None:
    rows = list(db["documents"].rows_where("doc_key = ? and status = ?", [doc_key, ACTIVE]))
    return rows[0] if rows else None


def chunks_of(db: sqlite_utils.Database, document_id: int) -> list[dict]:
    return list(db["chunks"].rows_where("document_id = ?", [document_id], order_by="ordinal"))


def history(db: sqlite_utils.Database, doc_key: str | None = None) -> list[dict]:
    where, args = ("doc_key = ?", [doc_key]) if doc_key else (None, [])
    return list(db["documents"].rows_where(where, args, order_by="doc_key, version"))
