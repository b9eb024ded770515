"""Talks to the Rasa server over its REST channel (and /model/parse for the intent shown to staff).

Rasa runs with ``--auth-token`` and the REST channel checks the same token (``nlu/rest_channel.py``): every call
carries it as the ``token`` query parameter, the only place Rasa 3.6 reads it from.

Several Rasa replicas (``RASA_URLS``, comma-separated; docs/deploy.md) share one tracker store (PostgreSQL) and one
lock store (Redis). Each chat goes to one replica, chosen by a stable hash of the sender (``replica_order``), so a
chat's messages normally meet one process; when that replica refuses the connection the next one in the chat's order
takes the message. Only a refused (or never established) connection moves a message: the request never reached
Rasa, so nothing ran twice. A replica that dropped a request half-way gives RasaUnavailable as before.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from typing import Any

import httpx

from core.settings import settings


# Our REST channel (nlu/rest_channel.py) returns the intent it parsed with the replies.
INTENT_HEADER = "X-Huxin-Intent"
CONFIDENCE_HEADER = "X-Huxin-Intent-Confidence"


class RasaReplies(list):
    """Rasa's reply messages (a plain list, as the webhook returns them) and the intent Rasa recognised for the
    message, when the REST channel said (`intent_known`); otherwise ask `latest_intent`."""

    intent: str | None = None
    confidence: float | None = None
    intent_known: bool = False


class RasaUnavailable(Exception):
    """Rasa did not answer (down, restarting or too slow); the worker is asked to send the message again."""


class _RedactToken(logging.Filter):
    """httpx logs each request URL at INFO; the token is in the query string and must not reach a log file."""

    PATTERN = re.compile(r"([?&]token=)[^&\s\"']+")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "token=" in message:
            record.msg, record.args = self.PATTERN.sub(r"\1***", message), ()
        return True


logging.getLogger("httpx").addFilter(_RedactToken())


# How long a replica that refused a connection is tried last (its chats go to the next replica meanwhile). Short:
# a restarted replica gets its chats back soon, and a refused connection costs one round trip to find out again.
DOWN_SECONDS = 5.0
# Connecting is quick when the replica is up; a host that is down does not answer at all, so the wait is short.
CONNECT_TIMEOUT_SECONDS = 3.0


def replica_urls(base_url: str) -> list[str]:
    """One URL, or several separated by commas or spaces (RASA_URLS)."""
    urls = [url.strip().rstrip("/") for url in re.split(r"[,\s]+", base_url) if url.strip()]
    if not urls:
        raise ValueError("no Rasa URL given (RASA_URL or RASA_URLS)")
    return urls


def replica_order(sender: str, urls: list[str]) -> list[str]:
    """The replicas in the order this chat tries them: rendezvous hashing (highest score first), so every gateway
    process sends a chat to the same replica, and adding or removing one replica moves only the chats it gains or
    loses."""

    def score(url: str) -> bytes:
        return hashlib.blake2b(f"{url}\n{sender}".encode(), digest_size=8).digest()

    return sorted(urls, key=score, reverse=True)


class RasaClient:
    def __init__(self, base_url: str, timeout_seconds: float = 30.0, auth_token: str | None = None) -> None:
        # The channels build the client from settings.rasa_url alone, so the token defaults to RASA_AUTH_TOKEN.
        token = auth_token if auth_token is not None else settings().rasa_auth_token
        self.urls = replica_urls(base_url)
        self._down_until: dict[str, float] = {}
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_seconds, connect=min(timeout_seconds, CONNECT_TIMEOUT_SECONDS)),
            params={"token": token} if token else None,
        )

    def replicas_for(self, sender: str) -> list[str]:
        """The chat's replicas in order, those that refused a connection lately moved to the end."""
        order = replica_order(sender, self.urls)
        now = time.monotonic()
        return sorted(order, key=lambda url: self._down_until.get(url, 0.0) > now)  # stable: keeps the hash order

    async def _request(self, method: str, sender: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send to the chat's replica; on to the next one only while the connection cannot be made."""
        replicas = self.replicas_for(sender)
        for index, url in enumerate(replicas):
            try:
                response = await self._client.request(method, f"{url}{path}", **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                self._down_until[url] = time.monotonic() + DOWN_SECONDS
                if index == len(replicas) - 1:
                    raise
                logging.getLogger(__name__).warning(
                    "Rasa replica %s refused the connection (%s); trying %s", url, type(error).__name__,
                    replicas[index + 1],
                )
                continue
            self._down_until.pop(url, None)
            return response
        raise AssertionError("unreachable: replica_urls never returns an empty list")

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            response = await self._request(
                "POST", sender, "/webhooks/rest/webhook",
                json={"sender": sender, "message": text, "metadata": metadata},
            )
            response.raise_for_status()
            replies = RasaReplies(response.json())
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(f"Rasa webhook failed: {_redacted(error)}") from error
        if INTENT_HEADER in response.headers:
            replies.intent, replies.intent_known = response.headers[INTENT_HEADER], True
            try:
                replies.confidence = float(response.headers.get(CONFIDENCE_HEADER, ""))
            except ValueError:
                replies.confidence = None
        return replies

    async def latest_intent(self, sender: str) -> tuple[str | None, float | None]:
        """The intent Rasa recognised for the sender's latest message (for the console's transcript)."""
        try:
            response = await self._request(
                "GET", sender, f"/conversations/{sender}/tracker", params={"include_events": "NONE"}
            )
            response.raise_for_status()
            intent = response.json().get("latest_message", {}).get("intent", {})
            return intent.get("name"), intent.get("confidence")
        except (httpx.HTTPError, ValueError):
            return None, None

    async def aclose(self) -> None:
        await self._client.aclose()


def _redacted(error: Exception) -> str:
    return _RedactToken.PATTERN.sub(r"\1***", repr(error))
