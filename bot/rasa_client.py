"""Talks to the Rasa server over its REST channel (and /model/parse for the intent shown to staff).

Rasa runs with ``--auth-token`` and the REST channel checks the same token (``nlu/rest_channel.py``): every call
carries it as the ``token`` query parameter, the only place Rasa 3.6 reads it from.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any

import httpx


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


class RasaClient:
    def __init__(self, base_url: str, timeout_seconds: float = 30.0, auth_token: str | None = None) -> None:
        # The channels build the client from settings.rasa_url alone, so the token defaults to the environment.
        token = auth_token if auth_token is not None else os.environ.get("RASA_AUTH_TOKEN", "").strip()
        self._client = httpx.AsyncClient(
            base_url=base_url, timeout=timeout_seconds, params={"token": token} if token else None
        )

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            response = await self._client.post(
                "/webhooks/rest/webhook", json={"sender": sender, "message": text, "metadata": metadata}
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
            response = await self._client.get(f"/conversations/{sender}/tracker", params={"include_events": "NONE"})
            response.raise_for_status()
            intent = response.json().get("latest_message", {}).get("intent", {})
            return intent.get("name"), intent.get("confidence")
        except (httpx.HTTPError, ValueError):
            return None, None

    async def aclose(self) -> None:
        await self._client.aclose()


def _redacted(error: Exception) -> str:
    return _RedactToken.PATTERN.sub(r"\1***", repr(error))
