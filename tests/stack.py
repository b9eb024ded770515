"""Starts the real services for end-to-end tests: Rasa server (.venv-rasa), action server and web process (.venv).

Each test session gets its own data directory and free ports. The Rasa model comes from `make train` (models/).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, what: str, timeout: float, process: subprocess.Popen | None = None, log: Path | None = None,
               service: "Service | None" = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service is not None:
            # Read the service's process each time: a fault test may kill and restart it meanwhile (restarts overlap),
            # and one killed on purpose is waited for, not reported as a crash.
            process = None if service.killed else service.process
        if log is not None and log.exists() and "Could not load model" in log.read_text(errors="replace"):
            raise RuntimeError(f"{what} could not load its model:\n{log.read_text(errors='replace')[-3000:]}")
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{tail}")
        try:
            if check():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise TimeoutError(f"{what} not ready after {timeout}s:\n{tail}")


@dataclass
class Service:
    name: str
    args: list[str]
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None
    killed: bool = False  # by kill(), until the next start()
    cwd: Path = ROOT

    def start(self) -> None:
        self.killed = False
        self.process = subprocess.Popen(
            self.args, cwd=self.cwd, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT
        )

    def kill(self) -> None:
        """kill -9: no clean-up, no goodbye (fault tests)."""
        self.killed = True
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def rasa_auth_token() -> str:
    """The token Rasa is started with, generated once per test process (never committed). It is put into this
    process's environment because channels built in-process (Telegram tests, the load bench) construct their
    RasaClient from the environment, as the real channel processes do."""
    return os.environ.setdefault("RASA_AUTH_TOKEN", secrets.token_urlsafe(32))


@dataclass
class Stack:
    data_dir: Path
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    services: dict[str, Service] = field(default_factory=dict)
    rasa_token: str = field(default_factory=rasa_auth_token)
    action_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))  # only Rasa and actions share it
    # The checkout whose code the services run (bench/load/cpu.py runs an older checkout beside this one for A/B).
    root: Path = ROOT

    @property
    def db_path(self) -> Path:
        return self.data_dir / "huxin.db"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def rasa_params(self) -> dict[str, str]:
        """Query parameters every call to Rasa's HTTP API and REST channel needs."""
        return {"token": self.rasa_token}

    @property
    def action_headers(self) -> dict[str, str]:
        """The header Rasa sends to the action server (nlu/endpoints.yml)."""
        return {"X-Huxin-Action-Token": self.action_token}

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            HUXIN_DATA_DIR=str(self.data_dir),
            HUXIN_DB=str(self.db_path),
            RASA_URL=self.rasa_url,
            ACTION_SERVER_URL=f"{self.action_url}/webhook",
            HUXIN_BIND_HOST="127.0.0.1",
            RASA_AUTH_TOKEN=self.rasa_token,
            ACTION_SERVER_TOKEN=self.action_token,
            HUXIN_WEB_PORT=str(self.web_port),
            HUXIN_OUTBOX_POLL_SECONDS="0.2",
            RASA_TELEMETRY_ENABLED="false",
            # Every test opens its chats from 127.0.0.1: the per-address limit is tested by its own web process
            # (tests/test_web_chat_limits.py).
            HUXIN_WEB_NEW_CHATS_PER_ADDRESS="0",
        )
        # The index and model built by `make setup` are shared with the tests unless a test sets its own.
        env.setdefault("HUXIN_INDEX_DIR", str(self.root / "data" / "index"))
        # Log files complete while the stack runs (uvicorn's access log goes to stdout, block-buffered in a file):
        # tests grep them.
        env.setdefault("PYTHONUNBUFFERED", "1")
        return env

    def start(self) -> "Stack":
        if not (self.root / "models").exists() or not any((self.root / "models").glob("*.tar.gz")):
            raise RuntimeError("No trained Rasa model in models/: run `make train` (or `make test`) first.")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = self.env()
        logs = self.data_dir / "logs"
        logs.mkdir(exist_ok=True)
        self.services = {
            "actions": Service(
                "actions",
                [sys.executable, "-m", "actions.server", "-p", str(self.action_port)],
                env,
                logs / "actions.log",
                cwd=self.root,
            ),
            "rasa": Service(
                "rasa",
                [
                    str(RASA_BIN), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(self.rasa_port),
                    "--auth-token", self.rasa_token, "--model", "models",
                    "--endpoints", "nlu/endpoints.yml", "--credentials", "nlu/credentials.yml",
                ],
                env,
                logs / "rasa.log",
                cwd=self.root,
            ),
            "web": Service("web", [sys.executable, "-m", "bot.web"], env, logs / "web.log", cwd=self.root),
        }
        for service in self.services.values():
            service.start()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def wait_ready(self, timeout: float | None = None) -> None:
        # A busy machine (CI, several stacks at once) can take minutes to load Rasa: HUXIN_STACK_TIMEOUT stretches it.
        timeout = timeout or float(os.environ.get("HUXIN_STACK_TIMEOUT", "480"))
        s = self.services
        wait_until(
            lambda: httpx.get(f"{self.action_url}/health", timeout=2).status_code == 200,
            "action server", timeout, log=s["actions"].log, service=s["actions"],
        )
        wait_until(
            lambda: httpx.post(
                f"{self.rasa_url}/model/parse", params=self.rasa_params, json={"text": "你好"}, timeout=5
            ).status_code == 200,
            "Rasa server", timeout, log=s["rasa"].log, service=s["rasa"],
        )
        wait_until(
            lambda: httpx.get(f"{self.web_url}/healthz", timeout=2).status_code == 200,
            "web process", timeout, log=s["web"].log, service=s["web"],
        )

    def restart(self, name: str, timeout: float | None = None) -> None:
        """Start a service again (after `kill`) on the same port and wait until the whole stack answers."""
        self.services[name].start()
        self.wait_ready(timeout)

    def stop(self) -> None:
        for service in self.services.values():
            service.stop()


def say_to_rasa(stack: Stack, sender: str, text: str, metadata: dict | None = None) -> list[dict]:
    """Talk to the Rasa server's REST channel as the gateway does (dialogue tests that skip the channels)."""
    response = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        params=stack.rasa_params,
        json={
            "sender": sender,
            "message": text,
            "metadata": {"channel": "web", "chat_id": sender.split(":")[1], **(metadata or {})},
        },
        timeout=60,
    )
    response.raise_for_status()
    return response.json()


def reply_texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)
