"""The replicated layout for end-to-end tests: real PostgreSQL 15 and redis-server in a temp directory, N Rasa
replicas on nlu/endpoints.cluster.yml (each with its own action server, as in Procfile.cluster) and the web process
routing chats over all of them (RASA_URLS).

Skips (never fakes) when PostgreSQL's or Redis's binaries are not installed: `.ci/run` installs them.
"""

from __future__ import annotations

import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cluster.servers import MissingServer, Postgres, Redis, pg_bin, redis_bin
from tests.stack import (
    Readiness,
    Service,
    Stack,
    actions_command,
    actions_ready,
    rasa_command,
    rasa_ready,
    web_command,
    web_ready,
)


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

    def prepare(self, logs: Path) -> None:
        """PostgreSQL and redis-server, before the replicas that keep their state there."""
        self.state_dir = Path(tempfile.mkdtemp(prefix="huxin-cluster-"))
        self.state_dir.chmod(0o755)
        self.postgres = Postgres(self.state_dir / "postgres", self.state_ports[0], secrets.token_urlsafe(24))
        self.redis = Redis(self.state_dir / "redis", self.state_ports[1], secrets.token_urlsafe(24))
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

    def make_services(self, env: dict[str, str], logs: Path) -> dict[str, Service]:
        services = {}
        for index, (rasa_port, action_port) in enumerate(zip(self.rasa_ports, self.action_ports), start=1):
            services[f"actions{index}"] = Service(
                f"actions{index}", actions_command(action_port), env, logs / f"actions{index}.log", cwd=self.root
            )
            services[f"rasa{index}"] = Service(
                f"rasa{index}",
                rasa_command(rasa_port, self.rasa_token, endpoints="nlu/endpoints.cluster.yml"),
                {**env, "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook"},
                logs / f"rasa{index}.log",
                cwd=self.root,
            )
        services["web"] = Service("web", web_command(), env, logs / "web.log", cwd=self.root)
        return services

    def readiness(self) -> list[Readiness]:
        """Every replica that runs, then the web process: a replica killed on purpose stays dead in this layout."""
        replicas = []
        for index, (rasa_port, action_port) in enumerate(zip(self.rasa_ports, self.action_ports), start=1):
            actions, rasa = self.services[f"actions{index}"], self.services[f"rasa{index}"]
            replicas += [Readiness(actions, actions.name, actions_ready(f"http://127.0.0.1:{action_port}")),
                         Readiness(rasa, rasa.name, rasa_ready(f"http://127.0.0.1:{rasa_port}", self.rasa_token))]
        running = [r for r in replicas if r.service.process and r.service.process.poll() is None]
        return running + [Readiness(self.services["web"], "web process", web_ready(self.web_url))]

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
