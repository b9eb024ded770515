"""Where the project is and which top-level packages it ships (pyproject's list; tests/test_layers.py checks that
every top-level package is in it and in a layer)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES: tuple[str, ...] = tuple(
    pattern.rstrip("*")
    for pattern in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    ["packages"]["find"]["include"]
)
