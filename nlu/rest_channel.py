"""Rasa's REST channel behind the same token as Rasa's HTTP API (runs inside the Rasa server, .venv-rasa).

Rasa's ``--auth-token`` guards ``/model/*`` and ``/conversations/*`` but not the channel webhooks, and the REST
webhook takes any ``sender``: without this check anyone who reaches the port could talk as ``telegram:<id>`` and ask
for that worker's cases. Only the gateway (bot/rasa_client.py) knows the token. Named "rest", so the URL stays
``/webhooks/rest/webhook``. Configured in nlu/credentials.yml.
"""

from __future__ import annotations

import hmac
import os
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request


class TokenRestInput(RestInput):
    def __init__(self, token: Text) -> None:
        self.token = token

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TokenRestInput":
        token = str((credentials or {}).get("token") or os.environ.get("RASA_AUTH_TOKEN") or "").strip()
        if not token:
            raise RasaException("RASA_AUTH_TOKEN is not set: the REST channel refuses to run without a token.")
        return cls(token)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)

        @blueprint.middleware("request")
        async def require_token(request: Request) -> Optional[response.HTTPResponse]:
            if request.method == "GET":  # the channel's health check says nothing about anyone
                return None
            if hmac.compare_digest(request.args.get("token", "").encode(), self.token.encode()):
                return None
            return response.json({"error": "NotAuthenticated", "message": "a valid token is needed"}, status=401)

        return blueprint
