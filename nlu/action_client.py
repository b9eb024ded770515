"""Rasa calls the action server over kept-alive connections instead of a new HTTP client per call.

Rasa 3.6's ``EndpointConfig.request`` opens ``async with self.session()``: a new aiohttp ``ClientSession`` and so a new
TCP connection for every custom action, closed again after one request. Under load the whole call was 7.3 % of a
Rasa replica's busy samples, and opening the connection alone 3.1 % (py-spy, bench/load/cpu.py --replicas 2 --profile
--native); the action server accepts a connection per action too.

Here ``session()`` hands Rasa one session per endpoint and event loop, built exactly as Rasa builds it (the endpoint's
headers, basic auth and Rasa's default time-out), inside a context manager that does not close it. Rasa's own
``request`` code is unchanged: same headers, parameters, errors and JSON.

Idle connections are dropped after ``KEEPALIVE_SECONDS``, below the action server's own keep-alive (actions/server.py
runs Sanic with its default, 5 s), so Rasa never sends on a connection the server is closing. A connection whose
server died (kill -9 of the action server) is closed by the kernel and leaves the pool before the next call; a call
that still meets a dead one fails like any call to a dead action server ("please send again", tests/test_faults.py).

Installed by the REST channel module (nlu/rest_channel.py), which every Rasa process of ours imports at start-up;
it closes the sessions when the server stops.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, Tuple

import aiohttp
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

KEEPALIVE_SECONDS = 2.0

# (id of the endpoint, id of the loop) -> its session. Endpoints live as long as the process (the agent's).
_sessions: Dict[Tuple[int, int], aiohttp.ClientSession] = {}


class _KeptOpen:
    """``async with`` yields the shared session and leaves it open."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


def session(self: EndpointConfig) -> _KeptOpen:
    """EndpointConfig.session, one kept-alive session per endpoint and loop (called inside Rasa's request)."""
    key = (id(self), id(asyncio.get_running_loop()))
    shared = _sessions.get(key)
    if shared is None or shared.closed:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        shared = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
        )
        _sessions[key] = shared
    return _KeptOpen(shared)


async def close() -> None:
    """Close this loop's sessions (the server is stopping)."""
    loop = id(asyncio.get_running_loop())
    for key in [key for key in _sessions if key[1] == loop]:
        await _sessions.pop(key).close()


def install() -> None:
    """Idempotent: replaces the method on Rasa's class (every endpoint of this process; Rasa's only HTTP endpoint
    in our configuration is the action server)."""
    EndpointConfig.session = session  # type: ignore[method-assign]


__all__ = ["KEEPALIVE_SECONDS", "close", "install", "session"]
