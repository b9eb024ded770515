"""Settings from environment variables, with defaults that run everything on one machine (see .env.example)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from core.db import default_path


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=lambda: Path(_env("HUXIN_DATA_DIR", "data")))
    db_path: Path = field(default_factory=default_path)
    # Several Rasa replicas: RASA_URLS, comma-separated (docs/deploy.md); bot/rasa_client.py picks one per chat.
    rasa_url: str = field(
        default_factory=lambda: _env("RASA_URLS", "") or _env("RASA_URL", "http://127.0.0.1:5005")
    )
    rasa_timeout_seconds: float = field(default_factory=lambda: float(_env("RASA_TIMEOUT_SECONDS", "30")))
    # One address for every service of the stack (web, Telegram webhook, action server, Rasa): loopback unless an
    # operator deliberately opens it (behind a reverse proxy, see docs/operations.md "Threat model").
    bind_host: str = field(default_factory=lambda: _env("HUXIN_BIND_HOST", "127.0.0.1"))
    web_host: str = field(default_factory=lambda: _env("HUXIN_BIND_HOST", "127.0.0.1"))  # the web process's address
    # Sent to Rasa with every call (Rasa runs with --auth-token); empty only where Rasa runs without one.
    rasa_auth_token: str = field(default_factory=lambda: os.environ.get("RASA_AUTH_TOKEN", "").strip())
    web_port: int = field(default_factory=lambda: int(_env("HUXIN_WEB_PORT", "8000")))
    public_url: str = field(default_factory=lambda: _env("HUXIN_PUBLIC_URL", ""))
    telegram_token: str = field(default_factory=lambda: os.environ.get("TELEGRAM_BOT_TOKEN", "").strip())
    telegram_base_url: str = field(default_factory=lambda: _env("TELEGRAM_BASE_URL", "https://api.telegram.org/bot"))
    telegram_base_file_url: str = field(
        default_factory=lambda: _env("TELEGRAM_BASE_FILE_URL", "https://api.telegram.org/file/bot")
    )
    telegram_webhook_url: str = field(default_factory=lambda: _env("TELEGRAM_WEBHOOK_URL", ""))
    telegram_webhook_secret: str = field(default_factory=lambda: os.environ.get("TELEGRAM_WEBHOOK_SECRET", "").strip())
    telegram_webhook_port: int = field(default_factory=lambda: int(_env("TELEGRAM_WEBHOOK_PORT", "8443")))
    outbox_poll_seconds: float = field(default_factory=lambda: float(_env("HUXIN_OUTBOX_POLL_SECONDS", "1.0")))
    # Web chat limits (docs/operations.md, "Web chat and Telegram limits"); 0 switches a limit off.
    secret_key: str = field(default_factory=lambda: os.environ.get("HUXIN_SECRET_KEY", "").strip())
    new_chats_per_address: int = field(default_factory=lambda: int(_env("HUXIN_WEB_NEW_CHATS_PER_ADDRESS", "30")))
    new_chats_window_seconds: float = field(
        default_factory=lambda: float(_env("HUXIN_WEB_NEW_CHATS_WINDOW_SECONDS", "600"))
    )
    streams_per_chat: int = field(default_factory=lambda: int(_env("HUXIN_WEB_STREAMS_PER_CHAT", "3")))
    streams_per_address: int = field(default_factory=lambda: int(_env("HUXIN_WEB_STREAMS_PER_ADDRESS", "100")))
    max_body_bytes: int = field(default_factory=lambda: int(_env("HUXIN_WEB_MAX_BODY_BYTES", "131072")))
    # Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated); empty: the TCP peer is the
    # client. Only set it when a proxy really sits in front, or anyone can claim any address.
    trusted_proxies: str = field(default_factory=lambda: os.environ.get("HUXIN_TRUSTED_PROXIES", "").strip())
    # /metrics on the web process: with a token, only `Authorization: Bearer <token>`; without, loopback only.
    metrics_token: str = field(default_factory=lambda: os.environ.get("HUXIN_METRICS_TOKEN", "").strip())
    telegram_file_quota_bytes: int = field(
        default_factory=lambda: int(float(_env("HUXIN_TELEGRAM_FILE_QUOTA_MB", "50")) * 1024 * 1024)
    )

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def web_url(self) -> str:
        return self.public_url or f"http://{self.web_host}:{self.web_port}"


def load_settings() -> Settings:
    return Settings()
