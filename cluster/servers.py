"""Real PostgreSQL 15 and redis-server processes in a local directory, for `make run-cluster` and the cluster tests.

Debian's packages (`postgresql`, `redis-server`) provide the binaries; nothing here imitates either server. Each
server listens on loopback only. PostgreSQL gets its own cluster (initdb) under the directory:

- connections over its Unix socket (a directory only its owner can enter) are trusted, so this module can set the
  password and create the database on every start without keeping a password on disk;
- connections over TCP (what Rasa uses, as it would across machines) need the password (scram-sha-256).

PostgreSQL refuses to run as root: when root starts it (CI containers), initdb and the server run as the `postgres`
user the Debian package creates, and the directory is handed to that user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from core.settings import settings

PG_BIN_DIRS = [Path("/usr/lib/postgresql/15/bin")]
PG_USER = "huxin"
PG_DATABASE = "huxin_rasa"
SERVICE_USER = "postgres"  # who runs PostgreSQL when root asks


class MissingServer(RuntimeError):
    """The server's binaries are not installed (`apt-get install postgresql redis-server`)."""


def pg_bin(name: str) -> Path:
    explicit = settings().pg_bin
    for directory in [explicit] if explicit else PG_BIN_DIRS:
        if (directory / name).exists():
            return directory / name
    raise MissingServer(f"PostgreSQL 15's {name} not found in {PG_BIN_DIRS} (apt-get install postgresql)")


def redis_bin() -> Path:
    found = shutil.which("redis-server")
    if not found:
        raise MissingServer("redis-server not found (apt-get install redis-server)")
    return Path(found)


def as_service_user() -> dict:
    """Popen arguments that run PostgreSQL's programs as the service user when root starts them (signals and
    kill -9 then reach the server itself, not a wrapper)."""
    if os.geteuid() != 0:
        return {}
    account = pwd.getpwnam(SERVICE_USER)
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


@dataclass
class Postgres:
    """One PostgreSQL cluster in `root` (data in root/data, socket in root/run), listening on 127.0.0.1:port."""

    root: Path
    port: int
    password: str
    host: str = "127.0.0.1"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "run"

    def url(self, database: str = PG_DATABASE) -> str:
        """What Rasa's tracker store gets as DATABASE_URL (over TCP, with the password)."""
        return f"postgresql://{PG_USER}:{quote(self.password, safe='')}@{self.host}:{self.port}/{database}"

    def _own(self, path: Path) -> None:
        if os.geteuid() == 0:
            account = pwd.getpwnam(SERVICE_USER)
            os.chown(path, account.pw_uid, account.pw_gid)

    def init(self) -> None:
        """initdb once: the `huxin` superuser, trusted on the socket, password over TCP."""
        if (self.data / "PG_VERSION").exists():
            return
        if os.geteuid() == 0:
            for parent in self.root.resolve().parents:  # the service user must be able to reach its directory
                if parent.exists() and not parent.stat().st_mode & 0o001:
                    raise PermissionError(f"{parent} is closed to other users; {SERVICE_USER} cannot reach {self.root}")
        for path in (self.root, self.data, self.socket_dir):
            path.mkdir(parents=True, exist_ok=True)
            path.chmod(0o700)
            self._own(path)
        subprocess.run(
            [
                str(pg_bin("initdb")), "-D", str(self.data), "-U", PG_USER, "-E", "UTF8", "--locale=C",
                "--auth-local=trust", "--auth-host=scram-sha-256",
            ],
            check=True, stdout=subprocess.DEVNULL, cwd=self.root, **as_service_user(),
        )

    def start(self, **popen: object) -> subprocess.Popen:
        """The server in the foreground (honcho or a test supervises it); SIGINT is its fast, clean shutdown."""
        return subprocess.Popen(
            [
                str(pg_bin("postgres")), "-D", str(self.data), "-p", str(self.port), "-k", str(self.socket_dir),
                "-c", f"listen_addresses={self.host}", "-c", "max_connections=100",
                # A local development / test cluster: losing the last transactions on a power cut is acceptable.
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            ],
            cwd=self.root, **as_service_user(), **popen,  # type: ignore[arg-type]
        )

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL over the trusted socket; returns unaligned, tuples-only output."""
        result = subprocess.run(
            [str(pg_bin("psql")), "-h", str(self.socket_dir), "-p", str(self.port), "-U", PG_USER, "-d", database,
             "-v", "ON_ERROR_STOP=1", "-Atqc", sql],
            check=True, capture_output=True, text=True,
        )
        return result.stdout.strip()

    def ready(self) -> bool:
        return subprocess.run(
            [str(pg_bin("pg_isready")), "-q", "-h", str(self.socket_dir), "-p", str(self.port)], check=False
        ).returncode == 0

    def wait_ready(self, timeout: float = 60, process: subprocess.Popen | None = None) -> None:
        deadline = time.monotonic() + timeout
        while not self.ready():
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"postgres exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"PostgreSQL not ready on port {self.port} after {timeout}s")
            time.sleep(0.2)

    def prepare(self, database: str = PG_DATABASE) -> None:
        """Set this run's password and create the database if it is new (the server must be up)."""
        literal = self.password.replace("'", "''")
        self.psql(f"ALTER ROLE {PG_USER} PASSWORD '{literal}'")
        if not self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'"):
            self.psql(f"CREATE DATABASE {database}")


@dataclass
class Redis:
    """redis-server on 127.0.0.1:port with a password; it holds only Rasa's short-lived conversation locks, so
    nothing is saved to disk."""

    root: Path
    port: int
    password: str
    host: str = "127.0.0.1"

    @property
    def config_path(self) -> Path:
        return self.root / "redis.conf"

    def write_config(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        # The password is in the file: only its owner reads it (redis-server has no other way but the command line).
        self.config_path.touch(mode=0o600)
        self.config_path.chmod(0o600)
        self.config_path.write_text(
            f"bind {self.host}\nport {self.port}\nrequirepass {self.password}\nprotected-mode yes\n"
            f"dir {self.root}\nsave \"\"\nappendonly no\ndaemonize no\nloglevel warning\n"
        )
        return self.config_path

    def command(self) -> list[str]:
        return [str(redis_bin()), str(self.config_path)]

    def _cli(self, *args: str, check: bool) -> subprocess.CompletedProcess:
        # The password goes in redis-cli's environment, not on a command line other users can read.
        return subprocess.run(
            ["redis-cli", "-h", self.host, "-p", str(self.port), *args],
            check=check, capture_output=True, text=True, env={**os.environ, "REDISCLI_AUTH": self.password},
        )

    def ping(self) -> bool:
        return self._cli("PING", check=False).stdout.strip() == "PONG"

    def wait_ready(self, timeout: float = 30, process: subprocess.Popen | None = None) -> None:
        deadline = time.monotonic() + timeout
        while not self.ping():
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"redis-server not ready on port {self.port} after {timeout}s")
            time.sleep(0.2)

    def cli(self, *args: str) -> str:
        return self._cli(*args, check=True).stdout.strip()
