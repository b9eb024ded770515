"""查询码: the random 6-digit code a worker gets with the case number, to look the case up from another chat.

It is a credential, so only a salted scrypt hash is stored (``cases.access_code_hash``); the code itself is shown
once, in the reply that opens the case. A chat that opened the case never needs it and can get a new one at any time
(the old one stops working). Never derived from anything about the worker (the phone digits were guessable).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

__all__ = ["CODE_LENGTH", "new_code", "hash_code", "code_matches", "find_code"]

CODE_LENGTH = 6
# scrypt at n=2**14, r=8 (16 MB, tens of ms): cheap for one lookup, slow for trying all 10^6 codes of a stolen hash.
_N, _R, _P = 2**14, 8, 1
_CODE = re.compile(rf"(?<![0-9])([0-9]{{{CODE_LENGTH}}})(?![0-9])")


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"


def _digest(code: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(code.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def hash_code(code: str) -> str:
    """``scrypt$n$r$p$salt$digest`` (hex): the parameters travel with the hash, so they can be raised later."""
    salt = secrets.token_bytes(16)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${_digest(code, salt, _N, _R, _P).hex()}"


def code_matches(code: str, stored: str | None) -> bool:
    if not stored or not re.fullmatch(rf"[0-9]{{{CODE_LENGTH}}}", code or ""):
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        return hmac.compare_digest(_digest(code, bytes.fromhex(salt), int(n), int(r), int(p)), bytes.fromhex(digest))
    except ValueError:
        return False


def find_code(text: str) -> str | None:
    """The last stand-alone 6-digit number in the text (case numbers are removed by the caller first)."""
    found = _CODE.findall(text or "")
    return found[-1] if found else None
