"""How much of a message is made of pieces the NLU has seen in training.

DIET always picks an intent, and for a string made of pieces it never saw (阿巴阿巴阿巴, "qwxz zzkp vbnm") its
confidence says nothing: a model trained on a little more data can give such a string 0.99 for `inform` or
`abuse`. A worker typing nonsense should be told we did not understand (and after two tries get a person), not be
warned for abuse. So we count how many of the message's pieces occur anywhere in the training examples:

- Chinese: every two-character piece of each run of Chinese characters (a lone character counts as itself);
  character pairs are what the char n-gram features see, and a real message, however misspelt, shares most of them
  with some training example.
- Latin script: each word of two or more letters, lower case.

Digits, punctuation and emoji are not pieces: "13800001234" or "👍" says nothing either way.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

_CHINESE_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[a-z]{2,}")


def pieces(text: str) -> set[str]:
    """The distinct pieces of a message (see the module's docstring)."""
    found: set[str] = set()
    for run in _CHINESE_RUN.findall(text):
        if len(run) == 1:
            found.add(run)
        else:
            found.update(run[i:i + 2] for i in range(len(run) - 1))
    found.update(_LATIN_WORD.findall(text.lower()))
    return found


def vocabulary(texts: Iterable[str]) -> set[str]:
    """Every piece of the given training texts."""
    seen: set[str] = set()
    for text in texts:
        seen |= pieces(text)
    return seen


def familiar_share(text: str, known: set[str]) -> Optional[float]:
    """The share of the message's distinct pieces found in ``known``; None when the message has no pieces."""
    mine = pieces(text)
    if not mine:
        return None
    return len(mine & known) / len(mine)
