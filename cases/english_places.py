"""Place names written in pinyin in an English message ("Changsha, Hunan", "Shenzhen Bao'an district"), as Chinese.

English complaints name the place the way a map does. ``chinese_place_names`` turns those words into the Chinese
names (长沙市 湖南省, 深圳市 宝安区) so the one location parser (cpca, cases.location) reads them like any message.
Provinces and cities are taken wherever they stand, as a capitalised word; a district only inside a city or
province the message names, or when the word "District"/"County" follows it — pinyin is ambiguous (Chaoyang is in
Beijing and in Changchun) and short syllables collide with people's names (Liu Jianguo).
The table (data/place_pinyin.tsv) is made from cpca's codes with jionlp's pinyin by data/make_place_pinyin.py.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

__all__ = ["chinese_place_names", "is_english"]

_TABLE = Path(__file__).with_name("data") / "place_pinyin.tsv"
_WORD = re.compile(r"[A-Z][a-z]+(?:'[a-z]+)?(?:-[A-Za-z]+)?")
_DISTRICT_WORD = re.compile(r"\s*(?:district|county|qu|xian)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _places() -> dict[str, list[tuple[int, str, str]]]:
    """pinyin key → [(rank, adcode, name)]."""
    table: dict[str, list[tuple[int, str, str]]] = {}
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        key, rank, code, name = line.split("\t")
        table.setdefault(key, []).append((int(rank), code, name))
    return table


def is_english(text: str) -> bool:
    """Mostly Latin letters: an English (or pinyin) message."""
    latin = len(re.findall(r"[A-Za-z]", text))
    return latin >= 12 and latin > 3 * len(re.findall(r"[\u4e00-\u9fa5]", text))


def _key(words: str) -> str:
    return re.sub(r"[^a-z]", "", words.lower())


def chinese_place_names(text: str) -> str:
    """The places an English message names, in Chinese, in the order written ("" if none)."""
    table = _places()
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    found: list[tuple[int, int, str, str]] = []  # start, end, pinyin key, the text after
    used: set[int] = set()
    for index, (start, end, word) in enumerate(words):
        if index in used:
            continue
        # two capitalised words written apart can be one name ("Bao An", "Xi An")
        if index + 1 < len(words) and text[end: words[index + 1][0]] == " ":
            pair = _key(word + words[index + 1][2])
            if pair in table and _key(word) not in table:
                found.append((start, words[index + 1][1], pair, text[words[index + 1][1]:]))
                used.add(index + 1)
                continue
        if _key(word) in table:
            found.append((start, end, _key(word), text[end:]))
    upper = [(code, start, end) for start, end, key, _ in found for rank, code, _ in table[key] if rank < 2]
    names: list[str] = []
    districts_named: list[str] = []  # after the provinces and cities, so cpca reads a district inside them
    for start, end, key, after in found:
        entries = table[key]
        provinces_cities = [name for rank, _, name in entries if rank < 2]
        if provinces_cities and not (_DISTRICT_WORD.match(after) and any(rank == 2 for rank, _, _ in entries)):
            names.append(provinces_cities[0])
            continue
        # a district: next to a city or province named ("Shenzhen Bao'an", "Bao'an, Shenzhen") or called one
        near = [code for code, s, e in upper if 0 <= start - e <= 2 or 0 <= s - end <= 2]
        districts = [(code, name) for rank, code, name in entries if rank == 2]
        inside = [name for code, name in districts for up in near if code.startswith(_prefix(up))]
        if not inside and _DISTRICT_WORD.match(after):
            inside = [name for code, name in districts for up, _, _ in upper if code.startswith(_prefix(up))]
            if not inside and len(districts) == 1:
                inside = [districts[0][1]]
        if inside:
            districts_named.append(inside[0])
    return " ".join(dict.fromkeys(names + districts_named))


def _prefix(adcode: str) -> str:
    """The digits an area's districts share: 440300 → 4403, 110000 → 11."""
    return adcode[:2] if adcode.endswith("0000") else adcode[:4]
