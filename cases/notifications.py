"""Notifications to the worker: every status change leaves one row here for the worker's chat.

``cases`` never talks to a channel. The gateway's relay polls ``pending``, copies each row into its own
outbox (which retries delivery and records a worker who blocked the bot) and calls ``mark_handed``; if it
cannot take a row it calls ``mark_failed``, and after ``max_attempts`` (config) the row is given up.
A notification that asks for a rating carries it as data (``RatingRequest``); the relay makes the buttons.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from core import clock, wording
from core.db import transaction

from .config import CasesConfig, load_config
from .workflow import ACCEPTED, CLOSED, IN_PROGRESS, PENDING, REJECTED, REVISITED, TRANSFERRED

__all__ = [
    "Notification", "RatingRequest", "render", "render_transfer", "create", "pending", "mark_handed", "mark_failed",
]

RATING_SCALE = (5, 4, 3, 2, 1)  # best first, the order the choices are offered in


@dataclass(frozen=True)
class RatingRequest:
    """The worker is asked to rate how their case was handled (一事一回访): one choice per score."""

    case_number: str

    @property
    def choices(self) -> list[tuple[str, int]]:
        """(what the worker taps, the score it gives), best first."""
        return [(wording.say("cases.notify.rating_choice", score=score), score) for score in RATING_SCALE]


@dataclass(frozen=True)
class Notification:
    id: int
    case_id: int
    case_number: str
    chat_key: str
    text: str
    rating: RatingRequest | None = None
    attempts: int = 0


def render(case: dict, status: str, note: str | None = None) -> tuple[str, RatingRequest | None]:
    """The message a worker receives when their case moves to ``status``, and the rating it asks for, if any."""
    number = case["case_number"]
    extra = wording.say("cases.notify.note", note=note) if note else ""
    rating = RatingRequest(number) if status == CLOSED else None
    if status == REJECTED:  # the reason is the note itself, not an addition to it
        text = wording.say("cases.notify." + REJECTED, number=number,
                           reason=note or wording.say("cases.notify.no_reason"))
    elif status in (ACCEPTED, IN_PROGRESS, TRANSFERRED, CLOSED, REVISITED, PENDING):
        text = wording.say("cases.notify." + status, number=number, extra=extra)
    else:
        text = wording.say("cases.notify.other", number=number, status=status, extra=extra)
    return text.strip(), rating


def render_transfer(case: dict, department: str) -> tuple[str, RatingRequest | None]:
    """The message a worker receives when their case is handed to another department (转办).

    The staff's note stays internal; the worker learns where the case went and that we keep following it.
    """
    return wording.say("cases.notify.transfer", number=case["case_number"], department=department), None


def create(db: sqlite_utils.Database, case: dict, event_id: int, text: str, rating: RatingRequest | None) -> int:
    """One pending row for the case owner's chat; call inside the transaction that records the event.

    The row's ``buttons`` column keeps the rating choices offered ({"title", "rating"}); rows written before the
    relay made the buttons hold the buttons themselves. Either way a non-empty list is a rating request."""
    choices = [{"title": title, "rating": score} for title, score in rating.choices] if rating else []
    return db["case_notifications"].insert(
        {
            "case_id": case["id"],
            "event_id": event_id,
            "chat_key": case["chat_key"],
            "text": text,
            "buttons": json.dumps(choices, ensure_ascii=False),
            "state": "pending",
            "attempts": 0,
            "created_at": clock.now().isoformat(),
        }
    ).last_pk


def pending(db: sqlite_utils.Database, limit: int = 50) -> list[Notification]:
    """Notifications not yet handed to the gateway, oldest first."""
    rows = db.query(
        """select n.id, n.case_id, c.case_number, n.chat_key, n.text, n.buttons, n.attempts
           from case_notifications n join cases c on c.id = n.case_id
           where n.state = 'pending' order by n.id limit ?""",
        [limit],
    )
    return [
        Notification(
            id=row["id"], case_id=row["case_id"], case_number=row["case_number"], chat_key=row["chat_key"],
            text=row["text"], rating=RatingRequest(row["case_number"]) if json.loads(row["buttons"] or "[]") else None,
            attempts=row["attempts"],
        )
        for row in rows
    ]


def mark_handed(db: sqlite_utils.Database, notification_id: int) -> None:
    """The gateway took the notification into its outbox: never hand it again."""
    with transaction(db):
        db["case_notifications"].update(
            notification_id, {"state": "handed", "handed_at": clock.now().isoformat()}
        )


def mark_failed(
    db: sqlite_utils.Database,
    notification_id: int,
    error: str,
    *,
    permanent: bool = False,
    config: CasesConfig | None = None,
) -> str:
    """Record a failed hand-over; returns the new state ("pending" to retry, or "failed" to give up).

    ``permanent`` (e.g. the worker blocked the bot) gives up at once.
    """
    config = config or load_config()
    with transaction(db):
        row = db["case_notifications"].get(notification_id)
        attempts = (row["attempts"] or 0) + 1
        state = "failed" if permanent or attempts >= config.notification_max_attempts else "pending"
        db["case_notifications"].update(
            notification_id, {"attempts": attempts, "state": state, "last_error": error[:500]}
        )
    return state
