"""The console's settings (environment variables, documented in .env.example) and its clock.

Kept on ``app.state.console_settings`` so a test can swap the clock or the timeout of a running app.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from core import clock
from .login_throttle import DEFAULT_PER_ADDRESS


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        return float(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None


@dataclass(frozen=True)
class ConsoleSettings:
    # A session unused this long ends (the staff member signs in again). HUXIN_CONSOLE_IDLE_MINUTES, default 30.
    idle_timeout: timedelta = field(
        default_factory=lambda: timedelta(minutes=_env_number("HUXIN_CONSOLE_IDLE_MINUTES", 30))
    )
    # Failed logins from one address (over all names) in 15 minutes before that address must wait; 0 = no cap.
    # HUXIN_CONSOLE_LOGIN_FAILURES_PER_ADDRESS, default 30 (an office behind one address shares it).
    login_failures_per_address: int = field(
        default_factory=lambda: int(_env_number("HUXIN_CONSOLE_LOGIN_FAILURES_PER_ADDRESS", DEFAULT_PER_ADDRESS))
    )
    clock: Callable[[], datetime] = clock.now
