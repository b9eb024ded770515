"""Duplicate detection (重复分离): the same employer at the same place (and project, when both name one)
within the configured window (90 days) is one clue. The new case keeps its own record and is linked
to the first case of that clue."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

import sqlite_utils

from .config import CasesConfig, load_config
from .parties import split_beside

__all__ = ["employer_key", "project_key", "find_duplicate", "same_place"]

_LEGAL_FORMS = re.compile(r"(有限责任公司|股份有限公司|有限公司|分公司|公司|集团|责任|股份)$")
_TITLES = re.compile(r"^(小包工头|包工头|工头|班组长|班长|老板|负责人|承包人|经理|老总|带班)")
_SKIPPED = {"", "不详", "不知道", "没有", "无"}


def _compact(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"[\s\-_,，.。、()（）\"'“”]+", "", text)


def employer_key(employer: str | None) -> str:
    """"宏达建筑有限公司" and "宏达建筑公司 " share a key; "包工头老王" and "老王" too; "永泰鞋业（老板林国富）" and
    "永泰鞋业" too. Phone digits written with the employer are dropped (the name is what matters)."""
    employer = split_beside(employer or "")[0]  # 永泰鞋业（老板林国富）: the owner beside it
    key = _compact(re.sub(r"\+?[0-9][0-9\s-]{6,}", "", employer))
    key = _TITLES.sub("", key)
    previous = None
    while previous != key:
        previous = key
        key = _LEGAL_FORMS.sub("", key)
    return key


def project_key(project: str | None) -> str:
    key = _compact(project or "")
    return "" if key in _SKIPPED else key


def same_place(adcode_a: str | None, adcode_b: str | None, label_a: str = "", label_b: str = "") -> bool:
    """Same district; or same city when one of the two did not name a district."""
    if adcode_a and adcode_b:
        if adcode_a == adcode_b:
            return True
        a_city, b_city = adcode_a.endswith("00"), adcode_b.endswith("00")
        if a_city or b_city:
            return adcode_a[:4] == adcode_b[:4]
        return False
    return bool(label_a) and label_a == label_b


def find_duplicate(
    db: sqlite_utils.Database,
    *,
    employer: str | None,
    adcode: str | None,
    location: str | None,
    project: str | None,
    now: datetime,
    exclude_case_id: int | None = None,
    config: CasesConfig | None = None,
) -> dict | None:
    """The first case of the same clue (employer + place [+ project]) opened within the window, or None."""
    config = config or load_config()
    key = employer_key(employer)
    if not key:
        return None
    since = (now - timedelta(days=config.duplicate_window_days)).isoformat()
    wanted_project = project_key(project)
    for row in db["cases"].rows_where(
        "employer_key = ? and created_at >= ? and id != ?",
        [key, since, exclude_case_id or -1],
        order_by="id",
    ):
        if not same_place(row["adcode"], adcode, row["location"] or "", location or ""):
            continue
        if wanted_project and row["project_key"] and row["project_key"] != wanted_project:
            continue
        if row["duplicate_of"]:
            root = db["cases"].get(row["duplicate_of"])
            return root
        return row
    return None
