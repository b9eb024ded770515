"""`python -m actions.server`: the action server, on HUXIN_BIND_HOST, answering only the Rasa server.

rasa-sdk's own `python -m rasa_sdk` listens on 0.0.0.0 and runs any action for anyone who can reach the port: a
forged tracker with `sender_id: "telegram:<id>"` would read or change that worker's cases. So this builds rasa-sdk's
Sanic app itself, binds it to the one configured address and refuses every call (except /health) that does not carry
ACTION_SERVER_TOKEN in the X-Huxin-Action-Token header, which Rasa adds from nlu/endpoints.yml.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os

TOKEN_HEADER = "X-Huxin-Action-Token"
OPEN_PATHS = frozenset({"/health"})  # readiness checks (tests/stack.py, operators) say nothing about anyone

log = logging.getLogger(__name__)


class MissingActionToken(SystemExit):
    def __init__(self) -> None:
        super().__init__(
            "ACTION_SERVER_TOKEN is not set: the action server will not run without the secret Rasa sends "
            "(`make run` generates one per run; see .env.example)."
        )


def token_accepted(provided: str | None, expected: str) -> bool:
    return hmac.compare_digest((provided or "").encode(), expected.encode())


def create_app(token: str, actions_package: str = "actions"):
    from rasa_sdk import endpoint
    from rasa_sdk.executor import ActionExecutor
    from sanic import response

    executor = ActionExecutor()
    executor.register_package(actions_package)
    app = endpoint.create_app(executor, cors_origins=None)

    @app.on_request
    async def require_token(request):
        if request.path in OPEN_PATHS or token_accepted(request.headers.get(TOKEN_HEADER), token):
            return None
        log.warning("refused %s %s from %s: no valid %s", request.method, request.path, request.ip, TOKEN_HEADER)
        return response.json({"error": f"missing or wrong {TOKEN_HEADER}"}, status=401)

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description="护薪 action server (rasa-sdk), loopback and Rasa-only")
    parser.add_argument("-p", "--port", type=int, default=int(os.environ.get("ACTION_PORT") or 5055))
    parser.add_argument("--host", default=os.environ.get("HUXIN_BIND_HOST", "").strip() or "127.0.0.1")
    args = parser.parse_args()
    token = os.environ.get("ACTION_SERVER_TOKEN", "").strip()
    if not token:
        raise MissingActionToken()
    from rasa_sdk import utils

    utils.configure_colored_logging(os.environ.get("LOG_LEVEL", "INFO"))
    utils.update_sanic_log_level()
    app = create_app(token)
    log.info("action server on http://%s:%d (calls need %s)", args.host, args.port, TOKEN_HEADER)
    # One process (legacy mode), as `python -m rasa_sdk` runs it: the warm-up above happened in this process.
    app.run(host=args.host, port=args.port, workers=1, legacy=True, access_log=False)


if __name__ == "__main__":
    main()
