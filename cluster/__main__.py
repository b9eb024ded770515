"""`python -m cluster postgres|redis`: the shared state servers of `make run-cluster` (Procfile.cluster), in the
foreground under honcho, with their files under HUXIN_CLUSTER_DIR (default $HUXIN_DATA_DIR/cluster).

Addresses and passwords come from the same variables Rasa reads (nlu/endpoints.cluster.yml): DATABASE_URL (its port
and password; the user is `huxin`, the database `huxin_rasa`) and REDIS_PORT / REDIS_PASSWORD. `make run-cluster`
generates the passwords per run; the PostgreSQL role gets the run's password on every start.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cluster.servers import PG_DATABASE, Postgres, Redis
from core.settings import settings


def cluster_dir() -> Path:
    return settings().cluster_dir


def _required(name: str, value: str) -> str:
    if not value:
        sys.exit(f"{name} is not set (`make run-cluster` sets it; docs/deploy.md)")
    return value


def _supervise(process: subprocess.Popen, stop_signal: signal.Signals) -> int:
    """Pass honcho's stop on to the server as the signal it shuts down cleanly and quickly on."""

    def forward(signum: int, frame: object) -> None:
        if process.poll() is None:
            process.send_signal(stop_signal)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    return process.wait()


def run_postgres() -> int:
    url = urlsplit(_required("DATABASE_URL", settings().database_url))
    if url.hostname not in ("127.0.0.1", "localhost") or not url.password:
        sys.exit("DATABASE_URL does not point at a local server with a password: start PostgreSQL yourself "
                 "(docs/deploy.md) and leave `postgres` out of the processes")
    server = Postgres(cluster_dir() / "postgres", url.port or 5432, unquote(url.password))
    server.init()
    # SIGINT is PostgreSQL's "fast" shutdown: open sessions are ended, nothing is lost.
    process = server.start()
    try:
        server.wait_ready(process=process)
        server.prepare((url.path or "").lstrip("/") or PG_DATABASE)
        print(f"PostgreSQL ready on 127.0.0.1:{server.port} ({server.data})", flush=True)
    except BaseException:
        process.send_signal(signal.SIGINT)
        process.wait()
        raise
    return _supervise(process, signal.SIGINT)


def run_redis() -> int:
    config = settings()
    server = Redis(cluster_dir() / "redis", config.redis_port, _required("REDIS_PASSWORD", config.redis_password))
    server.write_config()
    return _supervise(subprocess.Popen(server.command()), signal.SIGTERM)


def main() -> None:
    parser = argparse.ArgumentParser(description="the replicated layout's PostgreSQL and Redis, in the foreground")
    parser.add_argument("server", choices=["postgres", "redis"])
    args = parser.parse_args()
    sys.exit(run_postgres() if args.server == "postgres" else run_redis())


if __name__ == "__main__":
    main()
