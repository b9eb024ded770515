"""Versioned index builds.

Layout of HUXIN_INDEX_DIR:

    versions/v0001/ manifest.json entries.json keys.json vectors.faiss bm25/ classifier.npz card_queries.npz
    versions/v0002/ ...
    CURRENT          one line: the served version name ("v0002")
    .lock            held while building / switching

A build writes everything into a temporary directory, renames it into versions/ and only then replaces
CURRENT with os.replace (atomic on POSIX), so a reader sees either the old or the new version, never
half of one. Rollback points CURRENT at the version built before the current one.

Each build holds everything a query needs (entry texts, citations, vectors, BM25), so the served index
never depends on the live registry; embeddings of unchanged keys are reused from the current version.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from core import clock
from core.settings import settings
from . import classifier as card_classifier
from . import model as embed_model
from . import store
from .cards import Card, cards_hash, load_cards

KEEP_VERSIONS = 5
CURRENT = "CURRENT"
EMBED_BATCH = 32  # keys embedded between two progress reports
QUERIES = "card_queries.npz"  # the classifier's training vectors (card keys, more_voices), reused by the next build
# What a version holds and how it was trained. A served version of an older format is rebuilt by the next `knowledge
# setup`, which reuses its stored vectors, so only the classifier is trained anew. Versions built before this number
# (0) may lack the card classifier (stop 38) or the more_voices in their entries (stop 40), and their classifier
# was not trained to its optimum, so it depended on the build machine's rounding (stop 42).
FORMAT = 1

# Called as on_progress(stage, done, total) with stage "collect" | "model" | "embed" | "write" | "switch";
# done/total count keys while embedding and are 0 otherwise.
ProgressCallback = Callable[[str, int, int], None]


class KnowledgeIndexError(Exception):
    """Base class for index problems."""


class NoIndex(KnowledgeIndexError):
    """No version has been built yet."""


class NothingToRollBack(KnowledgeIndexError):
    """There is no older version to go back to."""


def root(path: Path | None = None) -> Path:
    return Path(path or settings().index_dir)


def versions(index_root: Path | None = None) -> list[str]:
    vdir = root(index_root) / "versions"
    if not vdir.exists():
        return []
    return sorted(p.name for p in vdir.iterdir() if p.is_dir() and p.name.startswith("v"))


def current_version(index_root: Path | None = None) -> str | None:
    try:
        name = (root(index_root) / CURRENT).read_text().strip()
    except FileNotFoundError:
        return None
    return name or None


def current_dir(index_root: Path | None = None) -> Path:
    name = current_version(index_root)
    if not name:
        raise NoIndex(f"no index in {root(index_root)}; run `python -m knowledge build` (or `setup`)")
    return root(index_root) / "versions" / name


def read_manifest(version_dir: Path) -> dict:
    return json.loads((version_dir / "manifest.json").read_text())


@contextmanager
def _locked(index_root: Path):
    index_root.mkdir(parents=True, exist_ok=True)
    with open(index_root / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _point_current(index_root: Path, name: str) -> None:
    tmp = index_root / f".{CURRENT}.{os.getpid()}"
    tmp.write_text(name + "\n")
    os.replace(tmp, index_root / CURRENT)


def _card_entries(cards: list[Card]) -> tuple[list[dict], list[tuple[str, int]]]:
    entries, keys = [], []
    for card in cards:
        idx = len(entries)
        entries.append({
            "kind": "card", "id": card.id, "title": card.title, "text": card.answer,
            "next_step": card.next_step, "tags": card.tags, "questions": card.questions,
            "citations": [{"document": c.document, "article": c.article} for c in card.citations],
            "more_voices": card.more_voices,  # not keys: the fit check reads them as the card's words
        })
        keys.append((f"{card.title}\n{card.answer}", idx))
        keys.extend((q, idx) for q in card.questions)  # example questions point to their card
        keys.extend((q, idx) for q in card.voices)  # so do the workers' voices
    return entries, keys


def card_lessons(cards: list[Card]) -> list[tuple[str, int]]:
    """(text, card's entry index) the card classifier learns from, in the order its training vectors are stored
    (QUERIES): every card key asked as a question, then the cards' more_voices, which are not retrieval keys."""
    _, keys = _card_entries(cards)
    return keys + [(v, i) for i, card in enumerate(cards) for v in card.more_voices]


def _document_entries(db, start: int) -> tuple[list[dict], list[tuple[str, int]], list[dict]]:
    entries, keys, docs = [], [], []
    for doc in store.active_documents(db):
        chunks = store.chunks_of(db, doc["id"])
        docs.append({k: doc[k] for k in ("doc_key", "version", "title", "short_title", "kind",
                                         "effective_date", "source", "sha256")} | {"chunks": len(chunks)})
        for ch in chunks:
            idx = start + len(entries)
            label = ch["article"] or ch["heading"] or ""
            entries.append({
                "kind": "chunk", "id": ch["id"], "title": f"{doc['short_title']} {label}".strip(),
                "text": ch["text"], "doc_key": doc["doc_key"], "document": doc["short_title"],
                "doc_version": doc["version"], "doc_kind": doc["kind"], "article": ch["article"],
                "article_no": ch["article_no"], "article_sub": ch["article_sub"], "chapter": ch["chapter"],
                "section": ch["section"], "paragraphs": ch["paragraphs"], "heading": ch["heading"],
                "citations": [{"document": doc["short_title"], "article": ch["article"]}],
            })
            context = " ".join(x for x in (doc["short_title"], ch["chapter"], ch["heading"]) if x)
            keys.append((f"{context}\n{ch['text']}", idx))
    return entries, keys, docs


def _key_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _previous_vectors(index_root: Path, model_name: str) -> dict[str, np.ndarray]:
    """Embeddings of the served version, by key hash, if it was built with the same model."""
    try:
        vdir = current_dir(index_root)
        manifest = read_manifest(vdir)
    except (NoIndex, FileNotFoundError):
        return {}
    if manifest.get("model") != model_name:
        return {}
    import faiss

    index = faiss.read_index(str(vdir / "vectors.faiss"))
    hashes = json.loads((vdir / "keys.json").read_text())["hashes"]
    vectors = index.reconstruct_n(0, index.ntotal)
    return dict(zip(hashes, vectors))


def _previous_queries(index_root: Path, model_name: str) -> dict[str, np.ndarray]:
    """Query vectors of the served version's card keys and more_voices (the classifier's training data), by hash of the
    asked text."""
    try:
        vdir = current_dir(index_root)
        manifest = read_manifest(vdir)
        if manifest.get("model") != model_name or not (vdir / QUERIES).exists():
            return {}
        with np.load(vdir / QUERIES) as data:
            return dict(zip(data["hashes"].tolist(), data["vectors"]))
    except (NoIndex, OSError, KeyError, ValueError, zipfile.BadZipFile):
        return {}  # none, or unreadable: embed them again


def _embed(texts: list[str], embed: Callable[[list[str]], np.ndarray], done: int, total: int,
           on_progress: ProgressCallback | None) -> np.ndarray:
    """Vectors of `texts` (not empty); with a caller to report to, in batches, counting on from `done` of `total`."""
    if on_progress is None:
        return embed(texts)
    parts = []
    for start in range(0, len(texts), EMBED_BATCH):
        parts.append(embed(texts[start:start + EMBED_BATCH]))
        on_progress("embed", done + min(start + EMBED_BATCH, len(texts)), total)
    return np.concatenate(parts)


def build(db=None, index_root: Path | None = None, cards_dir: Path | None = None,
          progress: bool = False, reuse: bool = True, on_progress: ProgressCallback | None = None) -> dict:
    """Build a new version from the cards and the active documents; switch CURRENT to it.

    ``progress`` draws terminal progress bars; ``on_progress`` reports the stages to a caller (the console).
    """
    import bm25s
    import faiss

    from .retrieve import dense_text  # retrieve imports this module
    from .words import tokens

    report = on_progress or (lambda stage, done, total: None)

    index_root = root(index_root)
    own_db = db is None
    db = db or store.open_db()
    started = time.perf_counter()
    try:
        with _locked(index_root):
            report("collect", 0, 0)
            cards = load_cards(cards_dir)
            entries, keys = _card_entries(cards)
            lessons = card_lessons(cards)
            doc_entries, doc_keys, docs = _document_entries(db, len(entries))
            entries += doc_entries
            keys += doc_keys

            name = embed_model.model_name()
            texts = [k for k, _ in keys]
            hashes = [_key_hash(t) for t in texts]
            cached = _previous_vectors(index_root, name) if reuse else {}
            missing = [i for i, h in enumerate(hashes) if h not in cached]
            report("model", 0, 0)  # the first build in a process loads the embedding model here
            dim = embed_model.dimension()
            vectors = np.zeros((len(texts), dim), dtype=np.float32)
            for i, h in enumerate(hashes):
                if h in cached:
                    vectors[i] = cached[h]
            asked = [dense_text(t) for t, _ in lessons]
            asked_hashes = [_key_hash(t) for t in asked]
            cached_asked = _previous_queries(index_root, name) if reuse else {}
            # by length, so that a batch is not padded to the one long title + answer key in it
            missing_asked = sorted((i for i, h in enumerate(asked_hashes) if h not in cached_asked),
                                   key=lambda i: len(asked[i]))
            total = len(missing) + len(missing_asked)
            t_embed = time.perf_counter()
            report("embed", 0, total)
            if missing:
                vectors[missing] = _embed([texts[i] for i in missing],
                                          lambda batch: embed_model.embed_passages(batch, show_progress=progress),
                                          0, total, on_progress)
            queries = np.zeros((len(asked), dim), dtype=np.float32)
            for i, h in enumerate(asked_hashes):
                if h in cached_asked:
                    queries[i] = cached_asked[h]
            if missing_asked:
                queries[missing_asked] = _embed([asked[i] for i in missing_asked], embed_model.embed_queries,
                                                len(missing), total, on_progress)
            embed_seconds = time.perf_counter() - t_embed
            classifier = card_classifier.train(queries, np.array([e for _, e in lessons]))

            versions_dir = index_root / "versions"
            versions_dir.mkdir(parents=True, exist_ok=True)
            existing = versions(index_root)
            number = int(existing[-1][1:]) + 1 if existing else 1
            version = f"v{number:04d}"
            report("write", 0, 0)
            tmp = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=versions_dir))
            try:
                # Exact inner-product search on normalised vectors: a few thousand keys take
                # well under a millisecond, so an approximate index buys nothing (see bench/retrieval).
                index = faiss.IndexFlatIP(dim)
                index.add(vectors)
                faiss.write_index(index, str(tmp / "vectors.faiss"))

                bm25 = bm25s.BM25()
                bm25.index([tokens(t) or [""] for t in texts], show_progress=progress)
                bm25.save(str(tmp / "bm25"), show_progress=False)

                np.savez(tmp / QUERIES, hashes=np.array(asked_hashes, dtype=str), vectors=queries)
                if classifier is not None:
                    classifier.save(tmp)
                (tmp / "entries.json").write_text(json.dumps(entries, ensure_ascii=False))
                (tmp / "keys.json").write_text(json.dumps(
                    {"entry": [e for _, e in keys], "hashes": hashes, "texts": texts}, ensure_ascii=False))
                manifest = {
                    "version": version,
                    "created_at": clock.iso(),
                    "model": name, "dimensions": dim, "faiss_index": "IndexFlatIP",
                    "cards_sha256": cards_hash(cards_dir),
                    "documents": docs,
                    "counts": {"cards": len(cards), "chunks": len(doc_entries), "entries": len(entries),
                               "keys": len(keys), "embedded": len(missing), "reused": len(keys) - len(missing),
                               "card_questions_embedded": len(missing_asked)},
                    "format": FORMAT,
                    "classifier": classifier is not None,
                    "build_seconds": round(time.perf_counter() - started, 3),
                    "embed_seconds": round(embed_seconds, 3),
                }
                (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
                os.chmod(tmp, 0o755)
                tmp.rename(versions_dir / version)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            report("switch", 0, 0)
            _point_current(index_root, version)
            _prune(index_root)
            return manifest
    finally:
        if own_db:
            db.close()


def _prune(index_root: Path) -> None:
    names = versions(index_root)
    keep = set(names[-KEEP_VERSIONS:]) | {current_version(index_root)}
    for name in names:
        if name not in keep:
            shutil.rmtree(index_root / "versions" / name, ignore_errors=True)


def rollback(index_root: Path | None = None) -> tuple[str, str]:
    """Point CURRENT at the version built just before the served one. Returns (old, new)."""
    index_root = root(index_root)
    with _locked(index_root):
        current = current_version(index_root)
        if not current:
            raise NoIndex(f"no index in {index_root}")
        older = [v for v in versions(index_root) if v < current]
        if not older:
            raise NothingToRollBack(f"{current} is the oldest version kept in {index_root / 'versions'}")
        _point_current(index_root, older[-1])
        return current, older[-1]


def needs_build(db, index_root: Path | None = None, cards_dir: Path | None = None) -> bool:
    """True when there is no index, or the cards or active documents differ from the served version, or the served
    version is of an older FORMAT (an upgraded install gets the new one at its next setup)."""
    try:
        manifest = read_manifest(current_dir(index_root))
    except (NoIndex, FileNotFoundError):
        return True
    if manifest.get("cards_sha256") != cards_hash(cards_dir):
        return True
    if manifest.get("format", 0) < FORMAT:
        return True
    if manifest.get("model") != embed_model.model_name():
        return True
    served = {(d["doc_key"], d["sha256"]) for d in manifest.get("documents", [])}
    active = {(d["doc_key"], d["sha256"]) for d in store.active_documents(db)}
    return served != active
