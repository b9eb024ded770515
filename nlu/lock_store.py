"""Rasa's per-conversation ticket lock in Redis, in two asynchronous round trips instead of seven blocking ones.

Several Rasa replicas share one PostgreSQL tracker store (docs/deploy.md); the lock makes one chat's messages run one
after another, in the order they arrived, even when two replicas receive them (the gateway failing over while a
replica restarts). Rasa 3.6's RedisLockStore keeps each conversation's lock as one JSON document and, for every
message, reads and rewrites it with the synchronous redis client: GET + SET to take a ticket, GET to check it, GET +
SET + GET + DEL to give it back. Each of those blocks the replica's one event loop until Redis answers, and on a
busy machine Redis waits for a core too: 7–13 % of a replica's busy samples under load (bench/load/cpu.py --replicas
2 --profile, stop 24).

This store keeps the same ticket lock — first come, first served per conversation; a ticket expires after
TICKET_LOCK_LIFETIME seconds (Rasa's variable and default, 60), so a replica killed while holding one blocks its chat
no longer than that; a ticket that expired while waiting raises Rasa's LockError — as two Redis keys changed by
Lua scripts, each one atomic round trip on the asyncio client:

- ``<prefix>lock:<conversation>:next``: the last ticket number issued (INCR);
- ``<prefix>lock:<conversation>:queue``: the tickets not yet finished, ``<ticket>:<expires at, ms>`` scored by
  ticket number; the lowest one holds the chat.

Taking a ticket also says whether it is first in line (the usual case: one round trip); releasing it is the second.
Only while someone else holds the chat does it poll, every ``wait_time_in_seconds`` as Rasa does. Both keys expire
with the longest-lived ticket, so nothing is left behind by a replica that died. Times are Redis's own clock (TIME), so the
replicas' clocks do not matter.

Configured in nlu/endpoints.cluster.yml as ``type: nlu.lock_store.RedisLockStore`` with the same settings as Rasa's
(url, port, password, db, key_prefix, use_ssl). Rasa refuses to start if it cannot import it, and
tests/test_lock_store.py runs it against a real redis-server.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Optional, Text

import redis.asyncio
from rasa.core.lock_store import (
    DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX,
    DEFAULT_SOCKET_TIMEOUT_IN_SECONDS,
    LOCK_LIFETIME,
    LockError,
    LockStore,
)
from rasa.utils.endpoints import EndpointConfig

log = logging.getLogger(__name__)

# Shared by the scripts: Redis's clock in ms, dropping the expired tickets (a member is "<ticket>:<expires at ms>",
# scored by its ticket number; a queue holds a ticket or two), and extending a key to at least a lifetime.
_COMMON = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function drop_expired(queue)
  for _, m in ipairs(redis.call('ZRANGE', queue, 0, -1)) do
    if tonumber(string.match(m, ':(%d+)$')) <= now then redis.call('ZREM', queue, m) end
  end
end
local function extend(key, lifetime)
  if redis.call('PTTL', key) < lifetime then redis.call('PEXPIRE', key, lifetime) end
end
"""

# KEYS: next, queue. ARGV: lifetime in ms. Returns {member, 1 if it is first in line else 0}.
ISSUE = _COMMON + """
local lifetime = tonumber(ARGV[1])
local ticket = redis.call('INCR', KEYS[1])
local member = string.format('%d:%d', ticket, now + lifetime)
drop_expired(KEYS[2])
redis.call('ZADD', KEYS[2], ticket, member)
extend(KEYS[1], lifetime)
extend(KEYS[2], lifetime)
if redis.call('ZRANGE', KEYS[2], 0, 0)[1] == member then return {member, 1} end
return {member, 0}
"""

# KEYS: queue. ARGV: member. Returns 1 when the ticket is first in line, 0 when it waits, -1 when it has expired.
TURN = _COMMON + """
drop_expired(KEYS[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return -1 end
if redis.call('ZRANGE', KEYS[1], 0, 0)[1] == ARGV[1] then return 1 end
return 0
"""

# KEYS: queue. ARGV: member.
RELEASE = """
redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('DEL', KEYS[1]) end
return 1
"""


class RedisLockStore(LockStore):
    """Rasa's ticket lock per conversation on redis-server, each step one atomic script (see the module docstring)."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **settings: Any) -> None:
        # Rasa builds a custom lock store from its endpoint config alone; the settings are those of its own Redis
        # store, which Rasa builds as RedisLockStore(host=url, **kwargs).
        if endpoint_config is not None:
            settings = {"host": endpoint_config.url, **endpoint_config.kwargs}
        self._connect(**settings)
        super().__init__()

    def _connect(
        self,
        host: Optional[Text] = "localhost",
        port: int = 6379,
        db: int = 1,
        username: Optional[Text] = None,
        password: Optional[Text] = None,
        use_ssl: bool = False,
        ssl_certfile: Optional[Text] = None,
        ssl_keyfile: Optional[Text] = None,
        ssl_ca_certs: Optional[Text] = None,
        key_prefix: Optional[Text] = None,
        socket_timeout: float = DEFAULT_SOCKET_TIMEOUT_IN_SECONDS,
    ) -> None:
        # Values from the endpoints file arrive as strings, an unset ${REDIS_PASSWORD} as "".
        self.red = redis.asyncio.Redis(
            host=host or "localhost", port=int(port), db=int(db), username=username or None,
            password=password or None, ssl=bool(use_ssl), ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile,
            ssl_ca_certs=ssl_ca_certs, socket_timeout=float(socket_timeout),
        )
        # Rasa's own prefix rule: an alphanumeric key_prefix goes before "lock:", anything else is ignored.
        self.key_prefix = DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX
        if key_prefix and str(key_prefix).isalnum():
            self.key_prefix = f"{key_prefix}:{DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX}"
        elif key_prefix:
            log.warning("Ignoring the non-alphanumeric Redis key prefix %r; using %r", key_prefix, self.key_prefix)
        self._issue = self.red.register_script(ISSUE)
        self._turn = self.red.register_script(TURN)
        self._release = self.red.register_script(RELEASE)

    def keys(self, conversation_id: Text) -> tuple[str, str]:
        """The conversation's ticket counter and queue."""
        base = f"{self.key_prefix}{conversation_id}"
        return f"{base}:next", f"{base}:queue"

    @asynccontextmanager
    async def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncGenerator[int, None]:
        """Hold the conversation until the block ends; yields the ticket number (Rasa's callers ignore it)."""
        counter, queue = self.keys(conversation_id)
        try:
            member, first = await self._issue(keys=[counter, queue], args=[max(1, int(lock_lifetime * 1000))])
        except Exception as error:  # Rasa's store turns every failure to take a ticket into LockError too
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        ticket = int(member.split(b":")[0])  # member is b"<ticket>:<expires at>"
        try:
            while not first:
                await asyncio.sleep(wait_time_in_seconds)
                turn = await self._turn(keys=[queue], args=[member])
                if turn < 0:
                    raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
                first = turn == 1
            yield ticket
        finally:
            try:
                await self._release(keys=[queue], args=[member])
            except Exception:  # the ticket then expires with its lifetime; the block's own outcome stands
                log.exception("could not release the lock of a conversation")

    # Rasa's ticket-lock methods read and write one JSON document per conversation; nothing calls them on this store.
    def get_lock(self, conversation_id: Text) -> None:
        raise NotImplementedError("nlu.lock_store.RedisLockStore has no TicketLock documents: use lock()")

    def delete_lock(self, conversation_id: Text) -> None:
        raise NotImplementedError("nlu.lock_store.RedisLockStore has no TicketLock documents: use lock()")

    def save_lock(self, lock: Any) -> None:
        raise NotImplementedError("nlu.lock_store.RedisLockStore has no TicketLock documents: use lock()")
