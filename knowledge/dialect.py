"""Dialect words → Mandarin for looking a question up.

Workers write as they speak: "老细冇同我签合同，做咗半年，可唔可以攞双倍人工？" The cards and the official texts
are in Mandarin, and both sides of retrieval miss what they cannot read: BM25 has no 冇 or 咗 to match, the words in
common that the fit check asks for are not there, and the dense side reads Cantonese worse than Mandarin (on the
retrieval dev sets, 6 of 15 Cantonese questions were answered with a right article against 322 of 525 others). The
curated dictionary ``dialect.yml`` maps whole dialect phrases to Mandarin (longest first); the question is looked
up in Mandarin and kept as written everywhere else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DIALECT_FILE = Path(__file__).parent / "dialect.yml"


class DialectError(Exception):
    """The dialect dictionary is malformed."""


@dataclass(frozen=True)
class Entry:
    mandarin: str
    dialect: tuple[str, ...]
    example: str  # a question whose Mandarin must contain ``mandarin`` (tested)


def load_dialect(path: Path | None = None) -> list[Entry]:
    path = Path(path or DIALECT_FILE)
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(raw, list):
        raise DialectError(f"{path.name}: expected a list of entries")
    out = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not item.get("mandarin") or not item.get("dialect") or not item.get("example"):
            raise DialectError(f"{path.name}: entry {i} needs `mandarin`, `dialect` and `example`")
        out.append(Entry(str(item["mandarin"]), tuple(str(d) for d in item["dialect"]), str(item["example"])))
    return out


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern[str], dict[str, str]]:
    mapping = {phrase: entry.mandarin for entry in load_dialect() for phrase in entry.dialect}
    pattern = re.compile("|".join(re.escape(p) for p in sorted(mapping, key=len, reverse=True)))
    return pattern, mapping


def to_mandarin(text: str) -> str:
    """``text`` with its dialect phrases in Mandarin (unchanged when it has none)."""
    pattern, mapping = _table()
    return pattern.sub(lambda m: mapping[m.group(0)], text or "")
