"""Hybrid retrieval: dense (FAISS, inner product on normalised e5 vectors) fused with BM25 (bm25s over
jieba words and character bigrams) by reciprocal rank fusion.

Retrieval runs over *keys* (a card's title+answer, each of its example questions, each document
chunk); several keys can point to one *entry* (a card or a chunk), which is ranked by its best key.

`Searcher` serves one index version and never changes. `Retriever` is the long-lived, per-process
object: on every query it stats the CURRENT pointer (one syscall) and, when it moved, loads the new
version completely before swapping the reference; a query already running keeps its old Searcher.
"""
from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import index as versions
from . import model as embed_model
from .words import to_simplified, tokens

RRF_K = 60
CANDIDATES = 50
MODES = ("hybrid", "dense", "bm25")


@dataclass
class Hit:
    entry: dict
    score: float  # fused score (RRF), or the single retriever's score
    dense: float | None = None  # best cosine of the entry's keys
    bm25: float | None = None
    dense_rank: int | None = None
    bm25_rank: int | None = None
    matched: str = ""  # the key text that matched best
    citations: list[dict] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.entry["id"]

    @property
    def kind(self) -> str:
        return self.entry["kind"]


def _entry_ranking(key_ids: np.ndarray, key_scores: np.ndarray, key_entry: np.ndarray) -> list[tuple[int, float, int]]:
    """Collapse ranked keys to ranked entries: (entry, best score, best key)."""
    seen: dict[int, tuple[float, int]] = {}
    order: list[int] = []
    for kid, score in zip(key_ids, key_scores):
        if kid < 0:
            continue
        e = int(key_entry[kid])
        if e not in seen:
            seen[e] = (float(score), int(kid))
            order.append(e)
    return [(e, *seen[e]) for e in order]


class Searcher:
    """One loaded index version (immutable)."""

    def __init__(self, version_dir: Path):
        import bm25s
        import faiss

        self.dir = Path(version_dir)
        self.manifest = versions.read_manifest(self.dir)
        self.version = self.manifest["version"]
        self.faiss = faiss.read_index(str(self.dir / "vectors.faiss"))
        self.bm25 = bm25s.BM25.load(str(self.dir / "bm25"), show_progress=False)
        self.vocab = self.bm25.vocab_dict
        self.entries: list[dict] = json.loads((self.dir / "entries.json").read_text())
        keys = json.loads((self.dir / "keys.json").read_text())
        self.key_entry = np.asarray(keys["entry"], dtype=np.int64)
        self.key_texts: list[str] = keys["texts"]
        self._articles: dict[tuple[str, str], list[dict]] = {}
        for entry in self.entries:
            if entry["kind"] == "chunk" and entry.get("article"):
                self._articles.setdefault((entry["document"], entry["article"]), []).append(entry)

    # -- the two retrievers -------------------------------------------------
    def dense(self, query: str, k: int = CANDIDATES, vector: np.ndarray | None = None):
        q = embed_model.embed_query(query) if vector is None else vector.reshape(1, -1)
        k = min(k * 3, self.faiss.ntotal)  # several keys per entry
        scores, ids = self.faiss.search(q, k)
        return _entry_ranking(ids[0], scores[0], self.key_entry)

    def keyword(self, query: str, k: int = CANDIDATES):
        q = [t for t in tokens(query) if t in self.vocab]
        if not q:
            return []
        scores = self.bm25.get_scores(q)
        n = min(k * 3, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top])]
        top = top[scores[top] > 0]
        return _entry_ranking(top, scores[top], self.key_entry)

    # -- fused search --------------------------------------------------------
    def search(self, query: str, k: int = 5, mode: str = "hybrid") -> list[Hit]:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        query = to_simplified(query.strip())
        if not query:
            return []
        dense = self.dense(query) if mode in ("hybrid", "dense") else []
        keyword = self.keyword(query) if mode in ("hybrid", "bm25") else []
        hits: dict[int, Hit] = {}
        for rank, (e, score, kid) in enumerate(dense, 1):
            hits[e] = Hit(self.entries[e], 0.0, dense=score, dense_rank=rank, matched=self.key_texts[kid])
        for rank, (e, score, kid) in enumerate(keyword, 1):
            hit = hits.setdefault(e, Hit(self.entries[e], 0.0, matched=self.key_texts[kid]))
            hit.bm25, hit.bm25_rank = score, rank
        for hit in hits.values():
            if mode == "hybrid":
                hit.score = sum(1.0 / (RRF_K + r) for r in (hit.dense_rank, hit.bm25_rank) if r)
            else:
                hit.score = hit.dense if mode == "dense" else hit.bm25
            hit.citations = hit.entry["citations"]
        return sorted(hits.values(), key=lambda h: -h.score)[:k]

    def article_text(self, document: str, article: str | None) -> str | None:
        """Official text of an article, when a chunk of that document is in this index."""
        if not article:
            return None
        parts = self._articles.get((document, article))
        if not parts:
            return None
        texts = []
        for p in parts:
            text = p["text"]
            if p.get("paragraphs") and not p["paragraphs"].startswith("1"):
                text = text.removeprefix(article).strip()
            texts.append(text)
        return "\n".join(texts)


class Retriever:
    """Per-process entry point that follows the CURRENT pointer without restart."""

    def __init__(self, index_root: Path | None = None):
        self._root = index_root
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._stamp: tuple | None = None

    def _pointer_stamp(self) -> tuple | None:
        try:
            st = os.stat(versions.root(self._root) / versions.CURRENT)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def searcher(self) -> Searcher:
        stamp = self._pointer_stamp()
        searcher = self._searcher
        if searcher is not None and stamp == self._stamp:
            return searcher
        with self._lock:
            if self._searcher is not None and stamp == self._stamp:
                return self._searcher
            version_dir = versions.current_dir(self._root)
            if self._searcher is None or self._searcher.dir != version_dir:
                loaded = Searcher(version_dir)  # fully loaded before anyone sees it
                self._searcher = loaded
            self._stamp = stamp
            return self._searcher

    def search(self, query: str, k: int = 5, mode: str = "hybrid") -> list[Hit]:
        return self.searcher().search(query, k=k, mode=mode)


_retriever: Retriever | None = None
_retriever_lock = threading.Lock()


def get_retriever() -> Retriever:
    """The process-wide Retriever (created on first use)."""
    global _retriever
    if _retriever is None:
        with _retriever_lock:
            if _retriever is None:
                _retriever = Retriever()
    return _retriever
