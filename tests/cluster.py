"""The replicated layout for end-to-end tests: real PostgreSQL 15 and redis-server in a temp directory, N Rasa
replicas on nlu/endpoints.cluster.yml (each with its own action server, as in Procfile.cluster) and the web process
routing chats over all of them (RASA_URLS).

Skips (never fakes) when PostgreSQL's or Redis's binaries are not installed: `.ci/run` installs them.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from cluster.servers import MissingServer, Postgres, Redis, pg_bin, redis_bin
from tests.stack import RASA_BIN, ROOT, Service, Stack, wait_until


def distinct_free_ports(count: int) -> list[int]:
    """Ports free now and different from each other (each socket is held until all are chosen)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def require_servers() -> None:
    try:
        pg_bin("postgres")
        redis_bin()
    except MissingServer as missing:
        pytest.skip(f"{missing}; `.ci/run` installs the Debian packages")


@dataclass
class ClusterStack(Stack):
    replicas: int = 2
    rasa_ports: list[int] = field(default_factory=list)
    action_ports: list[int] = field(default_factory=list)
    state_ports: list[int] = field(default_factory=list)  # PostgreSQL, Redis
    postgres: Postgres | None = None
    redis: Redis | None = None
    state_dir: Path | None = None  # outside pytest's private temp dirs: the postgres user must reach it when root
    _state_processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ports = distinct_free_ports(2 * self.replicas + 3)
        self.web_port, self.state_ports = ports[0], ports[1:3]
        self.rasa_ports, self.action_ports = ports[3:3 + self.replicas], ports[3 + self.replicas:]
        self.rasa_port = self.rasa_ports[0]  # Stack's single-Rasa helpers (say_to_rasa) talk to the first replica

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

    def env(self) -> dict[str, str]:
        env = super().env()
        assert self.postgres and self.redis
        env.update(
            RASA_URLS=",".join(self.rasa_urls),
            DATABASE_URL=self.postgres.url(),
            REDIS_HOST=self.redis.host,
            REDIS_PORT=str(self.redis.port),
            REDIS_PASSWORD=self.redis.password,
            HUXIN_FLOOD_BURST="500",  # simulated workers resend faster than people type; not a flood
        )
        return env

    def start_state_servers(self) -> None:
        self.state_dir = Path(tempfile.mkdtemp(prefix="huxin-cluster-"))
        self.state_dir.chmod(0o755)
        self.postgres = Postgres(self.state_dir / "postgres", self.state_ports[0], secrets.token_urlsafe(24))
        self.redis = Redis(self.state_dir / "redis", self.state_ports[1], secrets.token_urlsafe(24))
        logs = self.data_dir / "logs"
        self.postgres.init()
        self._state_processes["postgres"] = self.postgres.start(
            stdout=(logs / "postgres.log").open("ab"), stderr=subprocess.STDOUT
        )
        self.postgres.wait_ready(process=self._state_processes["postgres"])
        self.postgres.prepare()
        self.redis.write_config()
        self._state_processes["redis"] = subprocess.Popen(
            self.redis.command(), stdout=(logs / "redis.log").open("ab"), stderr=subprocess.STDOUT
        )
        self.redis.wait_ready(process=self._state_processes["redis"])

    def start(self) -> "ClusterStack":
        if not any((ROOT / "models").glob("*.tar.gz")):
            raise RuntimeError("No trained Rasa model in models/: run `make train` (or `make test`) first.")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        (self.data_dir / "logs").mkdir(exist_ok=True)
        try:
            self.start_state_servers()
            env = self.env()
            logs = self.data_dir / "logs"
            for index, (rasa_port, action_port) in enumerate(zip(self.rasa_ports, self.action_ports), start=1):
                self.services[f"actions{index}"] = Service(
                    f"actions{index}", [sys.executable, "-m", "actions.server", "-p", str(action_port)], env,
                    logs / f"actions{index}.log",
                )
                self.services[f"rasa{index}"] = Service(
                    f"rasa{index}",
                    [
                        str(RASA_BIN), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(rasa_port),
                        "--auth-token", self.rasa_token, "--model", "models",
                        "--endpoints", "nlu/endpoints.cluster.yml", "--credentials", "nlu/credentials.yml",
                    ],
                    {**env, "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook"},
                    logs / f"rasa{index}.log",
                )
            self.services["web"] = Service("web", [sys.executable, "-m", "bot.web"], env, logs / "web.log")
            for service in self.services.values():
                service.start()
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def wait_ready(self, timeout: float | None = None) -> None:
        timeout = timeout or float(os.environ.get("HUXIN_STACK_TIMEOUT", "480"))
        for index, (rasa_port, action_port) in enumerate(zip(self.rasa_ports, self.action_ports), start=1):
            actions, rasa = self.services[f"actions{index}"], self.services[f"rasa{index}"]
            if actions.process and actions.process.poll() is None:
                wait_until(
                    lambda port=action_port: httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200,
                    actions.name, timeout, actions.process, actions.log,
                )
            if rasa.process and rasa.process.poll() is None:
                wait_until(
                    lambda port=rasa_port: httpx.post(
                        f"http://127.0.0.1:{port}/model/parse", params=self.rasa_params, json={"text": "你好"},
                        timeout=5,
                    ).status_code == 200,
                    rasa.name, timeout, rasa.process, rasa.log,
                )
        web = self.services["web"]
        wait_until(
            lambda: httpx.get(f"{self.web_url}/healthz", timeout=2).status_code == 200,
            "web process", timeout, web.process, web.log,
        )

    def stop(self) -> None:
        super().stop()
        postgres = self._state_processes.pop("postgres", None)
        if postgres and postgres.poll() is None:
            postgres.send_signal(signal.SIGINT)  # fast shutdown
            try:
                postgres.wait(timeout=30)
            except subprocess.TimeoutExpired:
                postgres.kill()
                postgres.wait()
        redis = self._state_processes.pop("redis", None)
        if redis and redis.poll() is None:
            redis.terminate()
            redis.wait(timeout=30)
        if self.state_dir is not None:
            shutil.rmtree(self.state_dir, ignore_errors=True)
