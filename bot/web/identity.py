"""Web chat identity: the server issues every chat id and signs it; a cookie it did not sign names no chat.

The cookie is ``<chat id>.<signature>`` (itsdangerous: HMAC-SHA256 with a key derived from the secret and a salt of
its own). The chat id alone, as stored in the database and seen by staff, is not enough to speak for a chat: that takes
the signature, and that takes the secret. Cookies from before signing (a bare id) are not signed: they get a new
chat like any other unsigned or altered cookie.

The secret: ``HUXIN_SECRET_KEY`` if set; otherwise one is generated on first start and kept in
``$HUXIN_DATA_DIR/secret_key`` (mode 0600), so a restart keeps every chat. Losing or changing it starts every web
chat afresh (the history stays in the database for staff).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from itsdangerous import BadSignature, Signer

SECRET_FILE = "secret_key"
_SALT = "huxin.web-chat.id"


class SecretKeyError(RuntimeError):
    """The secret key file exists but cannot be used (empty, unreadable)."""


def load_secret(configured: str, data_dir: Path) -> str:
    """The configured secret, or the one kept in the data directory (created once, readable by the owner only)."""
    if configured:
        return configured
    path = data_dir / SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Written whole under a temporary name, then linked into place: two processes starting at once never
        # read a half-written key, and the second one keeps the first one's key (link fails if it exists).
        temporary = data_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass
        finally:
            temporary.unlink(missing_ok=True)
    secret = path.read_text().strip()
    if not secret:
        raise SecretKeyError(f"{path} is empty: delete it (a new one is made on start) or set HUXIN_SECRET_KEY.")
    return secret


class ChatIdentity:
    """Issues signed chat cookies and tells which chat a cookie belongs to (None: not one we issued)."""

    def __init__(self, secret: str) -> None:
        self._signer = Signer(secret, salt=_SALT, digest_method=hashlib.sha256)

    def issue(self) -> tuple[str, str]:
        """A new chat: (chat id, cookie value)."""
        chat_id = secrets.token_urlsafe(16)  # letters, digits, - and _: never a "." (the signature separator)
        return chat_id, self._signer.sign(chat_id).decode()

    def chat_id(self, cookie: str | None) -> str | None:
        if not cookie or len(cookie) > 200:
            return None
        try:
            return self._signer.unsign(cookie).decode()
        except (BadSignature, UnicodeDecodeError):
            return None


def chat_id_in(cookie: str) -> str:
    """The chat id a cookie names, without checking its signature: for tools and tests that look the chat up in the
    database. Never use it to decide who may read a chat."""
    return cookie.rsplit(".", 1)[0]
