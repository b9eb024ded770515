"""The console's settings (a view of core.settings: HUXIN_CONSOLE_*, documented in .env.example) and its clock.

Kept on ``app.state.console_settings`` so a test can swap the clock or the timeout of a running app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from core import clock
from core.settings import Settings
from .login_throttle import DEFAULT_PER_ADDRESS


@dataclass(frozen=True)
class ConsoleSettings:
    # A session unused this long ends (the staff member signs in again). HUXIN_CONSOLE_IDLE_MINUTES, default 30.
    idle_timeout: timedelta = timedelta(minutes=30)
    # Failed logins from one address (over all names) in 15 minutes before that address must wait; 0 = no cap.
    # HUXIN_CONSOLE_LOGIN_FAILURES_PER_ADDRESS, default 30 (an office behind one address shares it).
    login_failures_per_address: int = DEFAULT_PER_ADDRESS
    clock: Callable[[], datetime] = clock.now

    @classmethod
    def of(cls, settings: Settings) -> ConsoleSettings:
        return cls(idle_timeout=timedelta(minutes=settings.console_idle_minutes),
                   login_failures_per_address=settings.console_login_failures_per_address)
