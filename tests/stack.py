"""Starts the real services for end-to-end tests: Rasa server (.venv-rasa), action server and web process (.venv).

Each test session gets its own data directory and free ports. The Rasa model comes from `make train` (models/).
"""

from __future__ import annotations

import os
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


def wait_until(check, what: str, timeout: float, process: subprocess.Popen | None = None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
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

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT
        )

    def kill(self) -> None:
        """kill -9: no clean-up, no goodbye (fault tests)."""
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


@dataclass
class Stack:
    data_dir: Path
    rasa_port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    services: dict[str, Service] = field(default_factory=dict)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "huxin.db"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            HUXIN_DATA_DIR=str(self.data_dir),
            HUXIN_DB=str(self.db_path),
            RASA_URL=self.rasa_url,
            ACTION_SERVER_URL=f"http://127.0.0.1:{self.action_port}/webhook",
            HUXIN_WEB_HOST="127.0.0.1",
            HUXIN_WEB_PORT=str(self.web_port),
            HUXIN_OUTBOX_POLL_SECONDS="0.2",
            RASA_TELEMETRY_ENABLED="false",
            # Every test opens its chats from 127.0.0.1: the per-address limit is tested by its own web process
            # (tests/test_web_chat_limits.py).
            HUXIN_WEB_NEW_CHATS_PER_ADDRESS="0",
        )
        # The index and model built by `make setup` are shared with the tests unless a test sets its own.
        env.setdefault("HUXIN_INDEX_DIR", str(ROOT / "data" / "index"))
        return env

    def start(self) -> "Stack":
        if not (ROOT / "models").exists() or not any((ROOT / "models").glob("*.tar.gz")):
            raise RuntimeError("No trained Rasa model in models/: run `make train` (or `make test`) first.")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = self.env()
        logs = self.data_dir / "logs"
        logs.mkdir(exist_ok=True)
        self.services = {
            "actions": Service(
                "actions",
                [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "-p", str(self.action_port)],
                env,
                logs / "actions.log",
            ),
            "rasa": Service(
                "rasa",
                [
                    str(RASA_BIN), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(self.rasa_port),
                    "--model", "models", "--endpoints", "nlu/endpoints.yml", "--credentials", "nlu/credentials.yml",
                ],
                env,
                logs / "rasa.log",
            ),
            "web": Service("web", [sys.executable, "-m", "bot.web"], env, logs / "web.log"),
        }
        for service in self.services.values():
            service.start()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def wait_ready(self, timeout: float = 240) -> None:
        s = self.services
        wait_until(
            lambda: httpx.get(f"http://127.0.0.1:{self.action_port}/health", timeout=2).status_code == 200,
            "action server", timeout, s["actions"].process, s["actions"].log,
        )
        wait_until(
            lambda: httpx.post(f"{self.rasa_url}/model/parse", json={"text": "你好"}, timeout=5).status_code == 200,
            "Rasa server", timeout, s["rasa"].process, s["rasa"].log,
        )
        wait_until(
            lambda: httpx.get(f"{self.web_url}/healthz", timeout=2).status_code == 200,
            "web process", timeout, s["web"].process, s["web"].log,
        )

    def restart(self, name: str, timeout: float = 240) -> None:
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
