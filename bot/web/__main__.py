"""`python -m bot.web`: the web process (web chat; the staff console joins it)."""

import logging

import uvicorn

import console.web
from bot.settings import load_settings
from bot.web.app import create_app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = load_settings()
    print(f"护薪 web chat: {settings.web_url}/   staff console: {settings.web_url}/console/", flush=True)
    # The process is the composition root: the chat (bot.web) and the staff console (console.web) share it.
    uvicorn.run(create_app(settings, plugins=[console.web]), host=settings.web_host, port=settings.web_port, log_level="info")


if __name__ == "__main__":
    main()
