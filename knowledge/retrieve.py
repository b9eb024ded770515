"""Hybrid retrieval: dense (inner product on normalised e5 vectors) fused with BM25 (bm25s over jieba words
and character bigrams, on the question expanded with statutory terms, see expand.py).

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
from .classifier import CardClassifier
from . import model as embed_model
from .expand import expand
from .query_cache import QueryCache, size_from_env
from .words import bigrams, to_simplified, tokens

RRF_K = 60
CANDIDATES = 50
MODES = ("hybrid", "dense", "bm25")
# Hybrid fusion, chosen with bench/retrieval (dev2.yml, layperson questions): each side's scores are
# normalised over the whole index (dense by its spread above the median entry, BM25 by its best score) and
# averaged. Plain RRF let weak dense ranks push good BM25 hits out of the top 3; both sides see the question
# expanded with statutory terms. FUSIONS lists the alternatives the bench compared.
FUSION = "norm"
BM25_WEIGHT = 0.5
FUSIONS = ("rrf", "wrrf", "norm", "bm25_rerank")
MIN_SPREAD = 0.005  # below any real query: best over median entry is >= 0.014 on all 594 dev questions
SUPPORT_KEYS = 10  # Hit.support: how many of the question's 10 densest keys belong to the entry (fit check)


def dense_text(query: str) -> str:
    """What the dense side embeds for a question: trimmed, Simplified, expanded with statutory terms. The card
    classifier is trained on the cards' keys read the same way (knowledge.index), so it reads what it learned from."""
    return expand(to_simplified(query.strip()))


@dataclass
class Hit:
    entry: dict
    score: float  # fused score, or the single retriever's score
    dense: float | None = None  # best cosine of the entry's keys
    bm25: float | None = None  # best BM25 score of the entry's keys (0 when no query word matches)
    dense_rank: int | None = None
    bm25_rank: int | None = None
    matched: str = ""  # the key text that matched best
    citations: list[dict] = field(default_factory=list)
    bm25_top: float = 0.0  # best BM25 score of any entry for this query (to read `bm25` relative to it)
    dense_top: float = 0.0  # best cosine of any entry for this query (the fit check reads the gap to it)
    support: int = 0  # of the SUPPORT_KEYS keys closest to the question, how many are this entry's (its voices)
    vouch: float = 0.0  # the card classifier's probability for this card when it is its first choice, else 0

    @property
    def id(self) -> str:
        return self.entry["id"]

    @property
    def kind(self) -> str:
        return self.entry["kind"]


@dataclass
class Scores:
    """Both retrievers' scores for every entry of the index, for one query."""
    dense: np.ndarray  # best cosine per entry
    bm25: np.ndarray  # best BM25 per entry (0 = no keyword in common)
    dense_key: np.ndarray  # per key, to name the key that matched
    bm25_key: np.ndarray
    vouched: int = -1  # the entry the card classifier finds most probable (-1: no classifier, or no dense side)
    vouch: float = 0.0  # ... and its probability

    def ranks(self, values: np.ndarray) -> np.ndarray:
        order = np.argsort(-values, kind="stable")
        ranks = np.empty(len(values), dtype=np.int64)
        ranks[order] = np.arange(1, len(values) + 1)
        return ranks


def _per_entry(key_scores: np.ndarray, key_entry: np.ndarray, n: int, floor: float) -> np.ndarray:
    out = np.full(n, floor, dtype=np.float32)
    np.maximum.at(out, key_entry, key_scores.astype(np.float32))
    return out


def fuse(scores: Scores, method: str = FUSION, bm25_weight: float = BM25_WEIGHT, rrf_k: int = RRF_K) -> np.ndarray:
    """One fused score per entry (higher is better)."""
    d, b = scores.dense, scores.bm25
    if method in ("rrf", "wrrf"):
        w = 0.5 if method == "rrf" else bm25_weight
        rd, rb = scores.ranks(d), scores.ranks(b)
        return (1 - w) / (rrf_k + rd) + np.where(b > 0, w / (rrf_k + rb), 0.0)
    # e5 cosines crowd into a narrow band: scale each side by its spread above the median entry.
    med = float(np.median(d))
    # The spread is floored: in a tiny index (a test's three cards) the best entry can be the median, and a
    # near-zero spread would blow every other score up to -10^4 and the fit check's margins with it.
    dn = (d - med) / max(float(d.max()) - med, MIN_SPREAD)
    bn = b / b.max() if b.max() > 0 else b
    fused = (1 - bm25_weight) * dn + bm25_weight * bn
    if method == "norm":
        return fused
    if method == "bm25_rerank":
        # Keyword candidates first (top 10 by BM25), ordered by the fused score; then everything else.
        top = np.argsort(-b, kind="stable")[:10]
        boost = np.zeros_like(fused)
        boost[top[b[top] > 0]] = 10.0
        return fused + boost
    raise ValueError(f"fusion must be one of {FUSIONS}")


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
        # Scoring every key is one small matrix product (a few thousand keys), cheaper than a search
        # plus bookkeeping, and gives fusion and the fit check both scores for every entry.
        self.vectors = self.faiss.reconstruct_n(0, self.faiss.ntotal)
        self.bm25 = bm25s.BM25.load(str(self.dir / "bm25"), show_progress=False)
        self.vocab = self.bm25.vocab_dict
        self.entries: list[dict] = json.loads((self.dir / "entries.json").read_text())
        self.classifier = CardClassifier.load(self.dir)  # None for a version built before it
        keys = json.loads((self.dir / "keys.json").read_text())
        self.key_entry = np.asarray(keys["entry"], dtype=np.int64)
        self.key_texts: list[str] = keys["texts"]
        # What an entry is about, lower-cased and Simplified, for the fit check's key-term test: a card's
        # title, tags, example questions and voices (its answer mentions side topics, e.g. 试用期 in the card on
        # quitting, that it does not answer); a passage's own text. `_tidy_text` leaves the voices out: the
        # suggestion check reads it, as their filler (今天, 咋办, 怎么样) would make chatter look on topic.
        texts: dict[int, list[str]] = {}
        tidy: dict[int, list[str]] = {}
        for kid, e in enumerate(self.key_entry):
            entry = self.entries[int(e)]
            if entry["kind"] == "card" and self.key_texts[kid] == f"{entry['title']}\n{entry['text']}":
                continue
            texts.setdefault(int(e), []).append(self.key_texts[kid])
            if not (entry["kind"] == "card" and "questions" in entry and self.key_texts[kid] not in entry["questions"]):
                tidy.setdefault(int(e), []).append(self.key_texts[kid])
        self._entry_text, self._tidy_text = {}, {}
        for e, entry in enumerate(self.entries):
            head = [entry["title"], " ".join(map(str, entry.get("tags") or []))]
            self._entry_text[entry["id"]] = to_simplified("\n".join(head + texts.get(e, []))).lower()
            self._tidy_text[entry["id"]] = to_simplified("\n".join(head + tidy.get(e, []))).lower()
        # A card's more_voices (how else workers ask it; not keys, see knowledge.index) are words the card is
        # known by for the fit check's "some words in common", not for its key-term test: a long story names
        # side topics (离职 in a story about a withheld bank card) that the card does not answer.
        self._words_text = {entry["id"]: "\n".join([self._entry_text[entry["id"]]] + [
            to_simplified(v).lower() for v in entry.get("more_voices") or []]) for entry in self.entries}
        self.bigram_df: dict[str, int] = {}
        for text in self._words_text.values():
            for bg in bigrams(text):
                self.bigram_df[bg] = self.bigram_df.get(bg, 0) + 1
        self.chunk_count = sum(1 for e in self.entries if e["kind"] == "chunk")
        # Scores per question for this version only: a new version is a new Searcher with an empty cache.
        self.cache: QueryCache[Scores] = QueryCache(size_from_env())
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

    def _bm25_keys(self, query: str) -> np.ndarray:
        q = [t for t in tokens(query) if t in self.vocab]
        if not q:
            return np.zeros(len(self.key_texts), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(q), dtype=np.float32)

    def keyword(self, query: str, k: int = CANDIDATES):
        scores = self._bm25_keys(expand(query))
        n = min(k * 3, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top])]
        top = top[scores[top] > 0]
        return _entry_ranking(top, scores[top], self.key_entry)

    def scores(self, query: str, expand_dense: bool = True, expand_keywords: bool = True,
               dense: bool = True) -> Scores:
        """Dense and BM25 scores of every entry, both for the question expanded with statutory terms."""
        query = to_simplified(query.strip())
        key = (query, expand_dense, expand_keywords, dense, embed_model.model_name(), embed_model.fast_query_path())
        return self.cache.get_or_compute(key,
                                         lambda: self._scores(query, expand_dense, expand_keywords, dense))

    def _scores(self, query: str, expand_dense: bool, expand_keywords: bool, dense: bool) -> Scores:
        n = len(self.entries)
        if dense:
            qv = embed_model.embed_query(dense_text(query) if expand_dense else query)
            dkey = (self.vectors @ qv[0]).astype(np.float32)
        else:
            dkey = np.zeros(len(self.key_texts), dtype=np.float32)
        bkey = self._bm25_keys(expand(query) if expand_keywords else query)
        arrays = (_per_entry(dkey, self.key_entry, n, -1.0), _per_entry(bkey, self.key_entry, n, 0.0), dkey, bkey)
        for array in arrays:
            array.setflags(write=False)  # shared through the cache
        # The classifier learned from dense_text vectors, so it reads only those.
        vouched, vouch = self.classifier.best(qv) if dense and expand_dense and self.classifier else (-1, 0.0)
        return Scores(*arrays, vouched=vouched, vouch=vouch)

    def _best_key(self, e: int, key_scores: np.ndarray) -> str:
        ids = np.flatnonzero(self.key_entry == e)
        return self.key_texts[int(ids[np.argmax(key_scores[ids])])]

    def hits(self, scores: Scores, k: int = 5, mode: str = "hybrid", fusion: str = FUSION,
             bm25_weight: float = BM25_WEIGHT) -> list[Hit]:
        """Top-k entries for precomputed scores (the bench compares fusions on one set of scores)."""
        if mode == "hybrid":
            fused = fuse(scores, fusion, bm25_weight)
        elif mode == "dense":
            fused = scores.dense
        else:
            fused = np.where(scores.bm25 > 0, scores.bm25, -np.inf)
        order = np.argsort(-fused, kind="stable")[:k]
        drank, brank = scores.ranks(scores.dense), scores.ranks(scores.bm25)
        btop, dtop = float(scores.bm25.max()), float(scores.dense.max())
        near = min(SUPPORT_KEYS, len(scores.dense_key))
        near_entries = self.key_entry[np.argpartition(-scores.dense_key, near - 1)[:near]] if near else self.key_entry[:0]
        out = []
        for e in order:
            if not np.isfinite(fused[e]):
                break
            b = float(scores.bm25[e])
            key_scores = scores.dense_key if mode != "bm25" else scores.bm25_key
            out.append(Hit(self.entries[e], float(fused[e]), dense=float(scores.dense[e]), bm25=b,
                           dense_rank=int(drank[e]), bm25_rank=int(brank[e]) if b > 0 else None,
                           matched=self._best_key(int(e), key_scores), citations=self.entries[e]["citations"],
                           bm25_top=btop, dense_top=dtop, support=int((near_entries == e).sum()),
                           vouch=scores.vouch if e == scores.vouched else 0.0))
        return out

    # -- fused search --------------------------------------------------------
    def search(self, query: str, k: int = 5, mode: str = "hybrid", fusion: str = FUSION) -> list[Hit]:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        if not to_simplified(query.strip()):
            return []
        return self.hits(self.scores(query, dense=mode != "bm25"), k=k, mode=mode, fusion=fusion)

    def card(self, card_id: str) -> dict | None:
        """The indexed card with this id, or None."""
        return next((e for e in self.entries if e["kind"] == "card" and e["id"] == card_id), None)

    def entry_text(self, entry_id: str, voices: bool = True) -> str:
        return (self._entry_text if voices else self._tidy_text).get(entry_id, "")

    def words_text(self, entry_id: str) -> str:
        """`entry_text` and, for a card, its more_voices: what the fit check's words in common are looked up in."""
        return self._words_text.get(entry_id, "")

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
