"""Register documents: read, split, hash, and store a new version only when the content changed."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils

from core import clock
from core.db import transaction

from . import store
from .read import read_document
from .split import KINDS, NoArticles, split_text

NOT_KNOWLEDGE = {"sources.md", "readme.md"}  # provenance notes that sit next to the texts


class IngestError(Exception):
    """A document could not be ingested."""


@dataclass
class IngestResult:
    path: str
    doc_key: str
    title: str
    status: str  # "added" | "updated" | "unchanged" | "skipped"
    version: int | None = None
    chunks: int = 0
    message: str = ""


def short_title(title: str) -> str:
    """Name used in citations: 《劳动合同法》 rather than 《中华人民共和国劳动合同法》."""
    title = re.sub(r"[（(]\d{4}[^）)]*[）)]$", "", title.strip())  # "(2012年修正)"
    return title.removeprefix("中华人民共和国").strip() or title


def document_key(title: str) -> str:
    return re.sub(r"\s+", "", short_title(title))


def chunk_id(doc_key: str, text: str) -> str:
    # Content-derived: the same article text in the same document keeps its id across versions,
    # which also lets the index builder reuse its embedding.
    return hashlib.sha256(f"{doc_key}\n{text}".encode()).hexdigest()[:20]


def ingest_file(db: sqlite_utils.Database, path: Path, *, doc_key: str | None = None,
                title: str | None = None, source: str | None = None, effective_date: str | None = None,
                edition: str | None = None, kind: str | None = None) -> IngestResult:
    """Register the file as a new version of its document when its content changed.

    ``title``, ``source`` and ``effective_date`` override what is read from the file; ``edition`` is the
    document's own version label ("2020年修订"), kept beside the registry's version number. ``kind``
    ("statute" | "text"; None or "auto" to recognise it) sets how the text is split, for a document the
    recogniser gets wrong; the same file uploaded again with another kind is split again.
    """
    path = Path(path)
    if kind not in (None, "", "auto", *KINDS):
        raise IngestError(f"kind {kind!r} is not one of: auto, {', '.join(KINDS)}")
    kind = None if kind in ("", "auto") else kind
    if effective_date:
        try:
            effective_date = date.fromisoformat(effective_date).isoformat()
        except ValueError:
            raise IngestError(f"effective date {effective_date!r} is not a date like 2020-05-01") from None
    if path.name.lower() in NOT_KNOWLEDGE and doc_key is None:
        return IngestResult(str(path), "", "", "skipped", message="provenance file, not a knowledge document")
    if not path.is_file():
        raise IngestError(f"{path}: no such file")
    raw = path.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    doc = read_document(path)
    title = title or doc.title
    key = doc_key or document_key(title)
    current = store.active_document(db, key)
    if current and current["sha256"] == sha and (kind is None or kind == current["kind"]):
        return IngestResult(str(path), key, title, "unchanged", current["version"], current["chunk_count"])
    try:
        kind, chunks = split_text(doc.text, kind)
    except NoArticles as exc:  # the admin's choice of kind does not fit the file
        raise IngestError(f"{path.name}: {exc}") from exc
    now = clock.iso()
    seen: set[str] = set()
    rows = []
    for chunk in chunks:
        cid = chunk_id(key, chunk.text)
        if cid in seen:  # identical paragraphs inside one document: keep the first
            continue
        seen.add(cid)
        rows.append({"id": cid, **chunk.as_dict()})
    with transaction(db):
        version = 1
        if current:
            version = current["version"] + 1
            db["documents"].update(current["id"], {"status": store.REPLACED, "replaced_at": now})
            db.execute("DELETE FROM chunks WHERE document_id = ?", [current["id"]])
        else:
            last = db.execute("SELECT max(version) FROM documents WHERE doc_key = ?", [key]).fetchone()[0]
            version = (last or 0) + 1
        document_id = db["documents"].insert({
            "doc_key": key, "version": version, "title": title, "short_title": short_title(title),
            "kind": kind, "effective_date": effective_date or doc.effective_date,
            "source": source or str(path.resolve()), "edition": edition,
            "sha256": sha, "status": store.ACTIVE, "chunk_count": len(rows), "ingested_at": now,
        }).last_pk
        for row in rows:
            row["document_id"] = document_id
        # A chunk id that still belongs to another document (same text ingested under another key
        # is impossible because the key is part of the hash) would be a bug; let it fail loudly.
        db["chunks"].insert_all(rows)
    return IngestResult(str(path), key, title, "updated" if current else "added", version, len(rows))


def remove_document(db: sqlite_utils.Database, doc_key: str) -> dict:
    current = store.active_document(db, doc_key)
    if not current:
        known = ", ".join(d["doc_key"] for d in store.active_documents(db)) or "none"
        raise IngestError(f"no active document with key {doc_key!r} (active: {known})")
    now = clock.iso()
    with transaction(db):
        db["documents"].update(current["id"], {"status": store.REMOVED, "replaced_at": now})
        db.execute("DELETE FROM chunks WHERE document_id = ?", [current["id"]])
    return current
