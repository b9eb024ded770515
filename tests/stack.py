"""Starts the real services for end-to-end tests: Rasa server (.venv-rasa), action server and web process (.venv).

Each test session gets its own data directory and free ports. The Rasa model comes from `make train` (models/).
Also the helpers every end-to-end test talks through: Rasa's REST channel and HTTP API as the gateway uses them,
the web chat as a worker's browser uses it, and the complaint workers tell in most dialogue tests.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.web.identity import chat_id_in

ROOT = Path(__file__).resolve().parent.parent
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ended_on_purpose(service: "Service | None", process: subprocess.Popen) -> bool:
    """Killed or restarted by a fault test between reading the service's process and polling it (the test kills in
    another thread): seen once in CI as "Rasa server exited with -9" while the web process's restart waited."""
    return service is not None and (service.killed or service.process is not process)


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
        if process is not None and process.poll() is not None and not _ended_on_purpose(service, process):
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
        # The new process first, then "not killed": a waiter in another thread never pairs killed=False with the
        # process that was killed (Popen takes a while to fork).
        self.process = subprocess.Popen(
            self.args, cwd=self.cwd, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT
        )
        self.killed = False

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


def require_model(root: Path = ROOT) -> None:
    if not (root / "models").exists() or not any((root / "models").glob("*.tar.gz")):
        raise RuntimeError("No trained Rasa model in models/: run `make train` (or `make test`) first.")


def require_index(index_dir: Path, shipped: bool = False) -> None:
    # Without an index every rights question gets "not found" and dozens of tests fail far from the cause.
    if not (index_dir / "CURRENT").exists():
        raise RuntimeError(f"No knowledge index in {index_dir}: run `make setup` (or `.venv/bin/python -m knowledge "
                           "setup`) first, or give the stack its own HUXIN_INDEX_DIR.")
    if shipped:
        # The checkout's own index must hold this checkout's cards: one built from older cards (or by another
        # model) would make answers, and so tests, depend on when this machine last ran `make setup`.
        from knowledge.cards import cards_hash
        from knowledge.index import current_dir, read_manifest

        manifest = read_manifest(current_dir(index_dir))
        if manifest.get("cards_sha256") != cards_hash():
            raise RuntimeError(f"The knowledge index in {index_dir} was built from other cards than this checkout's: "
                               "run `make setup` (or `.venv/bin/python -m knowledge setup`) to rebuild it.")


def stack_timeout(timeout: float | None = None) -> float:
    # A busy machine (CI, several stacks at once) can take minutes to load Rasa: HUXIN_STACK_TIMEOUT stretches it.
    return timeout or float(os.environ.get("HUXIN_STACK_TIMEOUT", "480"))


def actions_command(port: int) -> list[str]:
    return [sys.executable, "-m", "actions.server", "-p", str(port)]


def rasa_command(port: int, token: str, endpoints: str = "nlu/endpoints.yml") -> list[str]:
    return [
        # one argument: a token may begin with "-" (token_urlsafe), which argparse would take for an option
        str(RASA_BIN), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(port), f"--auth-token={token}",
        "--model", "models", "--endpoints", endpoints, "--credentials", "nlu/credentials.yml",
    ]


def web_command() -> list[str]:
    return [sys.executable, "-m", "bot.web"]


def actions_ready(url: str) -> Callable[[], bool]:
    return lambda: httpx.get(f"{url}/health", timeout=2).status_code == 200


def rasa_ready(url: str, token: str) -> Callable[[], bool]:
    return lambda: httpx.post(
        f"{url}/model/parse", params={"token": token}, json={"text": "你好"}, timeout=5
    ).status_code == 200


def web_ready(url: str) -> Callable[[], bool]:
    return lambda: httpx.get(f"{url}/healthz", timeout=2).status_code == 200


@dataclass(frozen=True)
class Readiness:
    """How to tell that one service of a stack answers."""

    service: Service
    what: str
    check: Callable[[], bool]


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
    extra_env: dict[str, str] = field(default_factory=dict)  # settings a test changes for its own stack
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
        env.update(self.extra_env)
        return env

    def start(self) -> "Stack":
        require_model(self.root)
        logs = self.data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        try:
            self.prepare(logs)
            env = self.env()  # after prepare: the cluster's environment names the PostgreSQL and Redis it started
            index_dir = Path(env["HUXIN_INDEX_DIR"])
            require_index(index_dir, shipped=index_dir == self.root / "data" / "index")
            self.services = self.make_services(env, logs)
            for service in self.services.values():
                service.start()
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def prepare(self, logs: Path) -> None:
        """What must run before the services start (nothing here; the cluster's PostgreSQL and Redis)."""

    def make_services(self, env: dict[str, str], logs: Path) -> dict[str, Service]:
        return {
            "actions": Service("actions", actions_command(self.action_port), env, logs / "actions.log", cwd=self.root),
            "rasa": Service("rasa", rasa_command(self.rasa_port, self.rasa_token), env, logs / "rasa.log",
                            cwd=self.root),
            "web": Service("web", web_command(), env, logs / "web.log", cwd=self.root),
        }

    def readiness(self) -> list[Readiness]:
        """What wait_ready waits for, in order."""
        s = self.services
        return [
            Readiness(s["actions"], "action server", actions_ready(self.action_url)),
            Readiness(s["rasa"], "Rasa server", rasa_ready(self.rasa_url, self.rasa_token)),
            Readiness(s["web"], "web process", web_ready(self.web_url)),
        ]

    def wait_ready(self, timeout: float | None = None) -> None:
        timeout = stack_timeout(timeout)
        for ready in self.readiness():
            wait_until(ready.check, ready.what, timeout, log=ready.service.log, service=ready.service)

    def restart(self, name: str, timeout: float | None = None) -> None:
        """Start a service again (after `kill`) on the same port and wait until the whole stack answers."""
        self.services[name].start()
        self.wait_ready(timeout)

    def stop(self) -> None:
        for service in self.services.values():
            service.stop()


@contextmanager
def running(stack: Stack) -> Iterator[Stack]:
    """A stack of a test module's own (it kills a service, or changes a setting: ``extra_env``), stopped after."""
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()


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


def rasa_chat(stack: Stack, sender: str) -> Callable[[str], str]:
    """One worker talking to Rasa as the gateway passes it on: message in, the replies' text out."""
    return lambda text: reply_texts(say_to_rasa(stack, sender, text))


def rasa_parse(stack: Stack, text: str) -> dict:
    """What Rasa's NLU makes of a text (intent, entities), as /model/parse says."""
    response = httpx.post(f"{stack.rasa_url}/model/parse", json={"text": text}, params=stack.rasa_params, timeout=60)
    response.raise_for_status()
    return response.json()


def intent_of(stack: Stack, text: str) -> str:
    return rasa_parse(stack, text)["intent"]["name"]


def run_in_rasa_env(script: str, *args: str, env: dict[str, str] | None = None):
    """Run a Python script in the Rasa environment (.venv-rasa, where rasa and our NLU components import) from the
    checkout's root, and return the JSON its last printed line holds. ``env`` adds to a minimal environment."""
    done = subprocess.run([str(RASA_PYTHON), "-c", script, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={"PATH": "/usr/bin:/bin", "RASA_TELEMETRY_ENABLED": "false",
                                            "PYTHONPATH": str(ROOT), **(env or {})})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def classifier_intent(parsed: dict) -> str:
    """What NLU's classifier (DIET, then the fallback) guessed, before the last step re-named the intent by the
    sorting of a first message (nlu/components/sorting.py keeps the guess as `sorted_from`)."""
    return (parsed.get("sorted_from") or parsed["intent"])["name"]


def rasa_tracker(stack: Stack, sender: str) -> dict:
    """The conversation as Rasa holds it (slots, active loop, events)."""
    response = httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker", params=stack.rasa_params, timeout=60)
    response.raise_for_status()
    return response.json()


@contextmanager
def web_chat(stack: Stack, site: str | None = None, timeout: float = 60) -> Iterator[httpx.Client]:
    """A worker opens the chat page: the session cookie it sets identifies the chat from then on."""
    with httpx.Client(base_url=stack.web_url, timeout=timeout) as client:
        page = client.get("/", params={"site": site} if site else None)
        assert page.status_code == 200 and "护薪" in page.text
        yield client


def web_chat_key(client: httpx.Client) -> str:
    """The chat key (and Rasa sender id) of the web chat this client's cookie holds."""
    return "web:" + chat_id_in(client.cookies["huxin_chat"])


def post_message(client: httpx.Client, text: str, title: str | None = None) -> list[dict]:
    """Send a message (or a button's payload, with the title the worker saw) in the web chat: the replies."""
    response = client.post("/api/chat/messages", json={"text": text, "title": title})
    assert response.status_code == 200, response.text
    return response.json()["replies"]


# A complaint as workers tell it, message by message, each with words of the question the form asks next (None: not
# checked). The boss is a person, so the 总包 is asked once (issue 14); the worker stays anonymous.
COMPLAINT: tuple[tuple[str, str | None], ...] = (
    ("俺们一共9个人在北京大兴给人装修别墅 干完活老板不给钱 欠了七万三", "公司或哪个老板"),
    ("包工头王大军", "总包"),
    ("不知道", "多长时间"),
    ("三个月", "手机号"),
    ("13812345678", None),
    ("匿名", "7.3万元"),  # the read-back
)


def tell(say: Callable[[str], str], steps: Sequence[tuple[str, str | None]] = COMPLAINT) -> str:
    """Say each message and check that its reply asks what comes next; returns the last reply's text."""
    reply = ""
    for text, expected in steps:
        reply = say(text)
        assert expected is None or expected in reply, f"after {text!r}: {reply!r}"
    return reply
