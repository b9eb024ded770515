"""`python -m bot.web`: the web process (web chat; the staff console joins it)."""

import logging

import uvicorn

import console.web
from bot.web.app import create_app
from core.settings import Settings, settings as load_settings


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = load_settings()
    print(f"护薪 web chat: {settings.web_url}/   staff console: {settings.web_url}/console/", flush=True)
    # The process is the composition root: the chat (bot.web) and the staff console (console.web) share it.
    uvicorn.run(
        create_app(settings, plugins=[console.web]), host=settings.web_host, port=settings.web_port, log_level="info",
        **proxy_options(settings),
    )


def proxy_options(settings: Settings) -> dict[str, object]:
    """Where the client address comes from (per-address limits, the console's login throttling). uvicorn believes
    X-Forwarded-For from 127.0.0.1 by default, so any local process could claim any address; here it believes only
    the proxies named in HUXIN_TRUSTED_PROXIES, and none when it is empty (the TCP peer is the client)."""
    if not settings.trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": settings.trusted_proxies}


if __name__ == "__main__":
    main()
