"""Rasa's SQL tracker store, saving a turn without first counting what is already stored.

Rasa 3.6's ``SQLTrackerStore.save`` finds the events it has not stored yet by counting, in SQL, the events of the
chat's latest session (``_additional_events``: a subquery for the session's start and a COUNT) on every save. With
PostgreSQL that count was 14 % of a Rasa replica's busy time per message (py-spy, bench/load/cpu.py --replicas 2).
This store remembers, on the tracker object itself, how many of its events came from the database or were
saved through it, and stores only the ones after them. A tracker it did not load or save (a brand-new chat) is
counted as before.

It also tells nlu/session_rollover.py each chat's session length whenever it loads or saves it, so deciding
whether a long chat starts a new session needs no SQL count either (that count was 6 % of a replica's busy time).

Why the remembered number is right: Rasa loads a chat's tracker, handles one message, and saves that same object,
all under the chat's ticket lock (the lock store); and the gateway sends a chat to one replica. So nothing else
writes the chat's events between this process's load and its save. The events Rasa loads are exactly those the
count would find (both read the latest session), and a save appends only after them.

Used by nlu/endpoints.yml and nlu/endpoints.cluster.yml (``type: nlu.tracker_store.SQLTrackerStore``). Rasa falls
back to an in-memory store when it cannot import a custom store, so tests/test_conversation_state.py (kill -9 of
Rasa mid-form) is what fails if this path ever breaks.
"""

from __future__ import annotations

import itertools
from typing import Any, Iterator, Optional, Text

from rasa.core import tracker_store
from rasa.shared.core.trackers import DialogueStateTracker

from nlu.session_rollover import note_session_length

# The number of the tracker's events (from its start) that are in the database. A private attribute on Rasa's
# tracker object: Rasa neither copies nor serialises attributes it does not know.
STORED = "_huxin_stored_events"


class SQLTrackerStore(tracker_store.SQLTrackerStore):
    async def _retrieve(
        self, sender_id: Text, fetch_events_from_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        tracker = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        # Only the latest session, as `save` counts it: a tracker of every session (retrieve_full_tracker, used by
        # the HTTP API) is counted again if it is ever saved.
        if tracker is not None and not fetch_events_from_all_sessions:
            setattr(tracker, STORED, len(tracker.events))
            note_session_length(tracker)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        setattr(tracker, STORED, len(tracker.events))
        note_session_length(tracker)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        stored = getattr(tracker, STORED, None)
        if stored is None or stored > len(tracker.events):
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))
