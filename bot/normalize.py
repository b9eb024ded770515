"""Text normalisation before NLU — the one place it happens.

Full-width → half-width, Traditional → Simplified (OpenCC), emoji removed, whitespace collapsed. The original text is
kept for storage; replies go back in the worker's script (Traditional in → Traditional out).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import opencc
import regex

Script = Literal["simplified", "traditional"]

# Pictographs, their modifiers and joiners; keycap and flag pieces too. Chinese text never needs them for NLU.
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f\u20e3\U0001F1E6-\U0001F1FF]+")
_CONTROL = regex.compile(r"[\p{Cc}\p{Cf}\p{Cs}\p{Co}]")
_SPACES = regex.compile(r"\s+")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@dataclass(frozen=True)
class NormalizedText:
    text: str
    script: Script


def detect_script(text: str) -> Script:
    """Traditional when converting to Simplified changes the text (a Simplified text converts to itself)."""
    return "traditional" if _t2s().convert(text) != text else "simplified"


def normalize_text(original: str) -> NormalizedText:
    # NFKC folds full-width letters, digits and punctuation (Ｗ１２３，) to their half-width forms.
    text = unicodedata.normalize("NFKC", original)
    script = detect_script(text)
    if script == "traditional":
        text = _t2s().convert(text)
    text = _EMOJI.sub(" ", text)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return NormalizedText(text=text, script=script)


def to_script(text: str, script: Script) -> str:
    """Replies are written in Simplified; a Traditional writer gets them converted."""
    return _s2t().convert(text) if script == "traditional" and text else text
