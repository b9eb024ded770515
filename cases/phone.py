"""Phone numbers: mainland mobile and landline, validated, normalised and masked for logs.

A number is personal data: store it whole, show and log it only through ``mask``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InvalidPhone
from .numbers import normalise_digits

__all__ = ["Phone", "parse_phone", "find_phone", "mask", "last4"]

# Mobile: 11 digits, 1[3-9]x. Optional +86 / 0086 / 86 prefix. Separators: space, dash.
_MOBILE = re.compile(r"(?<![0-9])(?:\+?0{0,2}86[\s-]?)?(1[3-9][0-9](?:[\s-]?[0-9]){8})(?![0-9])")
# Landline: area code 0 + 2–3 digits (010, 020–029, 0xxx), then a 7–8 digit local number.
_LANDLINE = re.compile(r"(?<![0-9])(?:\(|（)?(0(?:10|2[0-9]|[3-9][0-9]{2}))(?:\)|）)?[\s-]?([2-9][0-9]{6,7})(?![0-9])")


@dataclass(frozen=True)
class Phone:
    number: str  # digits only; landline as "0xxx-xxxxxxx"
    kind: str  # "mobile" or "landline"

    def __str__(self) -> str:
        return self.number

    @property
    def masked(self) -> str:
        return mask(self.number)


# A mobile number read out digit by digit in Chinese (一五九一二三四五六七八, 幺三八…), as voice input writes it.
_CHINESE_MOBILE = re.compile(r"[一幺][三四五六七八九](?:[\s-]?[零〇洞一幺二两三四五六七八九]){9}(?![零〇一二两三四五六七八九十百千万])")
_CHINESE_DIGIT = str.maketrans("零〇洞一幺二两三四五六七八九", "00011223456789")


def find_phone(text: str) -> Phone | None:
    """The first valid phone number inside a free text, or None."""
    text = _CHINESE_MOBILE.sub(lambda m: re.sub(r"[\s-]", "", m.group(0)).translate(_CHINESE_DIGIT), normalise_digits(text))
    mobile = _MOBILE.search(text)
    if mobile:
        return Phone(re.sub(r"[\s-]", "", mobile.group(1)), "mobile")
    landline = _LANDLINE.search(text)
    if landline:
        return Phone(f"{landline.group(1)}-{landline.group(2)}", "landline")
    return None


def parse_phone(text: str) -> Phone:
    """Validate an answer to "your phone number?"; raises InvalidPhone with a helpful message."""
    phone = find_phone(text or "")
    if phone is None:
        raise InvalidPhone(text)
    return phone


def mask(number: str | None) -> str:
    """138****1234 for logs and summaries; never log a number unmasked."""
    if not number:
        return ""
    digits = re.sub(r"[^0-9]", "", number)
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def last4(number: str | None) -> str:
    digits = re.sub(r"[^0-9]", "", number or "")
    return digits[-4:]
