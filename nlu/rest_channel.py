"""Rasa's REST channel behind the same token as Rasa's HTTP API (runs inside the Rasa server, .venv-rasa).

Rasa's ``--auth-token`` guards ``/model/*`` and ``/conversations/*`` but not the channel webhooks, and the REST
webhook takes any ``sender``: without this check anyone who reaches the port could talk as ``telegram:<id>`` and ask
for that worker's cases. Only the gateway (bot/rasa_client.py) knows the token. Named "rest", so the URL stays
``/webhooks/rest/webhook``. Configured in nlu/credentials.yml.

The webhook also keeps the cost of a turn flat: it parses the message itself and hands the parse to Rasa with it
(UserMessage.parse_data, which the processor uses instead of parsing again), so it can return the intent and its
confidence with the replies (headers ``X-Huxin-Intent`` / ``X-Huxin-Intent-Confidence``; the body stays Rasa's list of
messages) — the gateway no longer reads the whole tracker after each message to learn it. And before a message of a
long chat it may start a new session (nlu/session_rollover.py).
"""

from __future__ import annotations

import hmac
import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request

from core.settings import settings
from nlu import action_client, action_results
from nlu.session_rollover import ensure_session_indexes, max_events_from_env, roll_over_if_long, tune_sqlite

# Every Rasa process of ours imports this module (nlu/credentials.yml): the action server's replies are validated
# without re-checking the schema each time (nlu/action_results.py, a third of Rasa's CPU per message).
action_results.install()
# ...and custom actions are called over kept-alive connections, not a new HTTP client each (nlu/action_client.py).
action_client.install()

log = logging.getLogger(__name__)

INTENT_HEADER = "X-Huxin-Intent"
CONFIDENCE_HEADER = "X-Huxin-Intent-Confidence"


class TokenRestInput(RestInput):
    def __init__(self, token: Text) -> None:
        self.token = token
        self.session_max_events = max_events_from_env()
        self.indexed = False

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TokenRestInput":
        token = str((credentials or {}).get("token") or settings().rasa_auth_token).strip()
        if not token:
            raise RasaException("RASA_AUTH_TOKEN is not set: the REST channel refuses to run without a token.")
        return cls(token)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        # Not RestInput's blueprint: its /webhook route would shadow ours. The gateway never streams.
        blueprint = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(request: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> response.HTTPResponse:
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            collector = CollectingOutputChannel()
            message = UserMessage(
                text, collector, sender_id,
                input_channel=self._extract_input_channel(request), metadata=self.get_metadata(request),
            )
            headers: Dict[Text, Text] = {}
            agent = request.app.ctx.agent
            if not self.indexed and agent.tracker_store is not None:  # once, on the first message
                self.indexed = True
                ensure_session_indexes(agent.tracker_store)
                tune_sqlite(agent.tracker_store)
            try:  # as RestInput: a failure returns what was collected (the gateway asks to resend on nothing)
                if agent.processor is not None:
                    message.parse_data = await agent.processor.parse_message(message)
                    headers = intent_headers(message.parse_data)
                    await roll_over_if_long(agent, sender_id, text, self.session_max_events)
                await on_new_message(message)
            except CancelledError:
                log.error("REST message timed out")
                headers = {}  # not handled: the gateway must not record it as understood
            except Exception:
                log.exception("REST message failed")
                headers = {}
            return response.json(collector.messages, headers=headers)

        @blueprint.listener("after_server_stop")
        async def close_action_connections(app: Any, loop: Any) -> None:
            await action_client.close()

        @blueprint.middleware("request")
        async def require_token(request: Request) -> Optional[response.HTTPResponse]:
            if request.method == "GET":  # the channel's health check says nothing about anyone
                return None
            if hmac.compare_digest(request.args.get("token", "").encode(), self.token.encode()):
                return None
            return response.json({"error": "NotAuthenticated", "message": "a valid token is needed"}, status=401)

        return blueprint


def intent_headers(parse_data: Dict[Text, Any]) -> Dict[Text, Text]:
    intent = parse_data.get("intent") or {}
    if not intent.get("name"):
        return {}
    return {INTENT_HEADER: str(intent["name"]), CONFIDENCE_HEADER: repr(float(intent.get("confidence") or 0.0))}
