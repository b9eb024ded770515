"""A long chat starts a new Rasa session at a quiet moment, so a turn costs the same at turn 300 as at turn 1.

Runs inside the Rasa server (.venv-rasa), called by the REST channel (nlu/rest_channel.py) before a message is
handled. Rasa loads a chat's tracker from the SQL tracker store on every turn, runs the policies over it and sends it
whole (EventVerbosity.ALL) to the action server on every custom action; SQLTrackerStore.retrieve loads only the
events since the latest ``session_started``. Rasa itself starts a session only after ``session_expiration_time`` of
silence, so a worker who keeps writing every day drags the whole history along (measured: turn 300 ≈ 3× turn 1,
bench/load/long_chat.py).

So once the current session holds HUXIN_SESSION_MAX_EVENTS events (0 turns this off), the next typed message first
closes it: ``session_started``, one ``slot`` event per slot that holds a value (Rasa's own action_session_start
would copy every SlotSet of the old session, so a carried-over session would grow with history too), and
``action_listen``. Nothing a worker would notice is lost: the slots (complaint fields, case being rated, calculator
answers, offered facts) carry over; handoff state and the script (Traditional/Simplified) live in the gateway; and
the rollover waits while the dialogue still needs the history:

- a form is active (a half-filled complaint, the calculator, a rating comment);
- the bot's last action asked something that rules answer from the history (``HISTORY_ACTIONS``: the complaint's
  read-back waits for 确认 / 修改 / 取消, the edit question waits for the field, a case just opened takes a repeated
  确认 whose reply was lost);
- the worker's previous message was not understood (actions/answer.py hands over after two in a row);
- the message is a button payload ("/affirm"): it answers the message the button was under;
- the last turn did not end (the latest action is not action_listen).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any, List, Optional, Text

from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from core.settings import settings

log = logging.getLogger(__name__)

# Rules in nlu/data/rules that begin with one of these actions read the next intent against it
# (tests/test_session_rollover.py checks that every such rule is listed here).
HISTORY_ACTIONS = frozenset({"action_complaint_summary", "action_ask_edit_field", "action_open_case"})
FALLBACK_INTENT = "nlu_fallback"


def max_events_from_env() -> int:
    """``HUXIN_SESSION_MAX_EVENTS`` (default 100; a value that is not a whole number stops Rasa at start)."""
    return settings().session_max_events


def _sql_store(tracker_store: Any) -> Any:
    """The SQLTrackerStore behind Rasa's wrappers (FailSafe / Awaitable), or None for another kind of store."""
    store = tracker_store
    for _ in range(3):
        if hasattr(store, "_event_query") and hasattr(store, "session_scope"):
            return store
        store = getattr(store, "_tracker_store", None)
    return None


# Rasa finds a session as "events of the sender at or after the sender's latest session_started timestamp" and has an
# index on sender_id alone, so every retrieve (and the count in every save) reads every event the chat ever had:
# measured 4.3 ms at 2,700 events, 0.6 ms with these two (SQLite and PostgreSQL both know IF NOT EXISTS).
SESSION_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_events_sender_type_ts ON events (sender_id, type_name, timestamp)",
    "CREATE INDEX IF NOT EXISTS ix_events_sender_ts ON events (sender_id, timestamp)",
)


def ensure_session_indexes(tracker_store: Any) -> bool:
    """Add the indexes that make finding a chat's latest session cheap; False if the store is not SQL."""
    store = _sql_store(tracker_store)
    if store is None or not hasattr(store, "engine"):
        return False
    import sqlalchemy as sa

    try:
        with store.engine.begin() as connection:
            for statement in SESSION_INDEXES:
                connection.execute(sa.text(statement))
    except Exception:  # an optimisation only: Rasa works without them
        log.exception("could not add the session indexes to the tracker store")
        return False
    return True


def tune_sqlite(tracker_store: Any) -> bool:
    """The embedded default keeps trackers in SQLite: write-ahead log, and commits that do not wait for the disk.

    Rasa saves the tracker on every message and opens a new SQLite connection for each session (SQLAlchemy 1.4's
    NullPool for a file), in the default rollback-journal mode with synchronous=FULL: two waits for the disk per
    save, on Rasa's one event loop. WAL with synchronous=NORMAL (as most SQLite servers run) keeps every commit
    through a crash or kill -9 of Rasa — what the restart test checks — and may lose the last commits only if the
    machine itself loses power. PostgreSQL (the replicated layout) is left alone. False if not SQLite."""
    store = _sql_store(tracker_store)
    engine = getattr(store, "engine", None)
    if engine is None or engine.dialect.name != "sqlite":
        return False
    import sqlalchemy as sa

    def pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    try:
        sa.event.listen(engine, "connect", pragmas)
        with engine.connect() as connection:  # the journal mode is the file's: set once, kept across restarts
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    except Exception:  # an optimisation only
        log.exception("could not switch the tracker store to WAL")
        return False
    return True


def is_quiet(tracker: DialogueStateTracker) -> bool:
    """True when a new session now loses nothing the next turn needs (see the module docstring)."""
    if tracker.active_loop_name or tracker.latest_action_name != ACTION_LISTEN_NAME:
        return False
    latest = tracker.latest_message
    if latest is not None and (latest.intent or {}).get(INTENT_NAME_KEY) == FALLBACK_INTENT:
        return False
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted) and event.action_name != ACTION_LISTEN_NAME:
            return event.action_name not in HISTORY_ACTIONS
    return True


def events_in_session(tracker: DialogueStateTracker) -> int:
    """Events since the latest session start (a SQL store loads only those; an in-memory one keeps them all)."""
    for count, event in enumerate(reversed(tracker.events)):
        if isinstance(event, SessionStarted):
            return count + 1
    return len(tracker.events)


def carried_over(tracker: DialogueStateTracker) -> List[Event]:
    """The events that open the new session: the slots' current values, nothing of their history."""
    events: List[Event] = [SessionStarted()]
    for name, slot in tracker.slots.items():
        if slot.value != slot.initial_value:
            events.append(SlotSet(name, slot.value))
    events.append(ActionExecuted(ACTION_LISTEN_NAME))
    return events


# Each chat's session length, as our tracker store last loaded or saved it (nlu/tracker_store.py). Counting a
# session's events in SQL on every message was 10 % of Rasa's CPU per message (bench/load/cpu.py --profile, stop 22).
# The gateway sends a chat to one replica (bot/rasa_client.replica_order), so one process sees all of a chat's turns.
LENGTHS_KEPT = 20_000  # chats remembered per Rasa process; the oldest is forgotten (and learnt again on its next load)


class SessionLengths:
    """Per chat: the length of its latest session when this process last loaded or saved it (least recent dropped)."""

    def __init__(self, size: int = LENGTHS_KEPT) -> None:
        self.size = size
        self._seen: "OrderedDict[Text, int]" = OrderedDict()

    def note(self, sender_id: Text, length: int) -> None:
        self._seen[sender_id] = length
        self._seen.move_to_end(sender_id)
        while len(self._seen) > self.size:
            self._seen.popitem(last=False)

    def length(self, sender_id: Text) -> Optional[int]:
        """The session length last noted for the chat (None if this process has not seen it)."""
        return self._seen.get(sender_id)


_lengths = SessionLengths()


def note_session_length(tracker: DialogueStateTracker) -> None:
    """Called by nlu/tracker_store.py each time it loads or saves a chat's latest session: the exact length, so the
    rollover never has to count it in SQL."""
    _lengths.note(tracker.sender_id, events_in_session(tracker))


async def roll_over_if_long(
    agent: Any, sender_id: Text, text: Optional[Text], max_events: int, lengths: SessionLengths = _lengths
) -> bool:
    """Start a new session for a long chat at a quiet moment; True if it did.

    The length is the one our tracker store noted after the chat's last turn: no count at all. A chat this process
    has not seen yet (a new one, or the first message after a restart) is learnt when its tracker is loaded for this
    message, so a long one rolls over on its next message. A store that notes nothing (not ours) never rolls over.
    """
    if max_events <= 0 or agent.processor is None:
        return False
    known = lengths.length(sender_id)
    if not text or text.startswith("/") or known is None or known < max_events:
        return False
    async with agent.lock_store.lock(sender_id):
        tracker = await agent.processor.get_tracker(sender_id)
        length = events_in_session(tracker)
        if length < max_events or not is_quiet(tracker):
            return False
        events = carried_over(tracker)
        tracker.update_with_events(events, agent.processor.domain)
        await agent.processor.save_tracker(tracker)  # our store notes the new session's length
    log.info("new session after %d events; %d slot(s) carried over", length, len(events) - 2)
    return True
