"""Talks to the Rasa server over its REST channel (and /model/parse for the intent shown to staff)."""

from __future__ import annotations

from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa did not answer (down, restarting or too slow); the worker is asked to send the message again."""


class RasaClient:
    def __init__(self, base_url: str, timeout_seconds: float = 30.0) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout_seconds)

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            response = await self._client.post(
                "/webhooks/rest/webhook", json={"sender": sender, "message": text, "metadata": metadata}
            )
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(f"Rasa webhook failed: {error!r}") from error

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
