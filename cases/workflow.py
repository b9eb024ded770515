"""Case statuses, the allowed transitions, deadlines per colour (办结时限) and the overdue flag.

待受理 → 已受理 → 处理中 → 已转办 → 已办结 → 已回访; 不予受理 (always with a reason) can end any case
that is not finished yet.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core import clock

from .config import CasesConfig, load_config
from .errors import InvalidTransition, MissingReason

__all__ = [
    "PENDING", "ACCEPTED", "IN_PROGRESS", "TRANSFERRED", "CLOSED", "REJECTED", "REVISITED",
    "STATUSES", "TRANSITIONS", "FINISHED", "check_transition", "deadline_for", "is_overdue",
]

PENDING = "待受理"
ACCEPTED = "已受理"
IN_PROGRESS = "处理中"
TRANSFERRED = "已转办"
CLOSED = "已办结"
REJECTED = "不予受理"
REVISITED = "已回访"

STATUSES = (PENDING, ACCEPTED, IN_PROGRESS, TRANSFERRED, CLOSED, REJECTED, REVISITED)

TRANSITIONS: dict[str, tuple[str, ...]] = {
    PENDING: (ACCEPTED, REJECTED),
    ACCEPTED: (IN_PROGRESS, TRANSFERRED, CLOSED, REJECTED),
    IN_PROGRESS: (TRANSFERRED, CLOSED, REJECTED),
    TRANSFERRED: (IN_PROGRESS, CLOSED),
    CLOSED: (REVISITED,),
    REJECTED: (REVISITED,),
    REVISITED: (),
}

# No deadline runs for these: the work is done (or refused).
FINISHED = (CLOSED, REJECTED, REVISITED)


def check_transition(current: str, requested: str, note: str | None = None) -> None:
    """Raise InvalidTransition / MissingReason unless ``current → requested`` is allowed."""
    allowed = TRANSITIONS.get(current, ())
    if requested not in allowed:
        raise InvalidTransition(current, requested, list(allowed))
    if requested == REJECTED and not (note and note.strip()):
        raise MissingReason(requested)


def deadline_for(colour: str, opened_at: datetime, config: CasesConfig | None = None) -> datetime:
    config = config or load_config()
    return opened_at + timedelta(days=config.deadline_days[colour])


def is_overdue(status: str, deadline_at: str | datetime | None, now: datetime | None = None) -> bool:
    """A case is overdue once its deadline passed while it is still open."""
    if status in FINISHED or not deadline_at:
        return False
    deadline = datetime.fromisoformat(deadline_at) if isinstance(deadline_at, str) else deadline_at
    return (now or clock.now()) > deadline
