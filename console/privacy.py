"""Masking personal numbers where staff only need to recognise them (lists, queue), not use them."""

from __future__ import annotations

import re

MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9Xx])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9Xx])")


def mask_phone(value: str | None) -> str:
    """13812345678 → 138****5678; anything that is not a mobile number keeps only its last four digits."""
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and MOBILE.fullmatch(digits):
        return f"{digits[:3]}****{digits[-4:]}"
    return "****" + digits[-4:] if len(digits) > 4 else "****"


def mask_text(text: str | None) -> str:
    """Masks mobile and ID-card numbers inside free text (message previews in lists)."""
    if not text:
        return ""
    text = ID_NUMBER.sub(lambda m: m.group(1) + "********" + m.group(3)[-1:].rjust(4, "*"), text)
    return MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
