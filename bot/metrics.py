"""The gateway's numbers in Prometheus' text format (served at /metrics by the web process: bot/web/app.py).

No client library: a few counters, one gauge and one histogram, written out by hand in the text exposition format
(version 0.0.4). Each gateway process counts its own messages.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable
from dataclasses import dataclass, field

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Seconds from a message's arrival to its stored answer; Rasa's time-out is 30 s.
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
OUTCOMES = ("answered", "busy", "rasa_unavailable", "no_reply")


@dataclass
class Histogram:
    buckets: tuple[float, ...] = LATENCY_BUCKETS
    counts: list[int] = field(default_factory=lambda: [0] * (len(LATENCY_BUCKETS) + 1))
    total: float = 0.0
    count: int = 0

    def observe(self, seconds: float) -> None:
        self.counts[bisect.bisect_left(self.buckets, seconds)] += 1
        self.total += seconds
        self.count += 1

    def lines(self, name: str) -> list[str]:
        out, cumulative = [], 0
        for bound, n in zip(self.buckets, self.counts):
            cumulative += n
            out.append(f'{name}_bucket{{le="{bound}"}} {cumulative}')
        out.append(f'{name}_bucket{{le="+Inf"}} {self.count}')
        out.append(f"{name}_sum {self.total:.6f}")
        out.append(f"{name}_count {self.count}")
        return out


class GatewayMetrics:
    """What an operator watches under load: how many wait for Rasa, how many were let in or told to wait, how fast
    the answers come."""

    def __init__(self, waiting: Callable[[], int] = lambda: 0, max_waiting: Callable[[], int] = lambda: 0) -> None:
        self._waiting = waiting
        self._max_waiting = max_waiting
        self.admitted = 0  # sent to Rasa
        self.refused = 0  # told BUSY_NOTICE, not sent to Rasa
        self.outcomes = {outcome: 0 for outcome in OUTCOMES}
        self.replies = 0  # reply messages stored for workers (bot and system)
        self.latency = Histogram()
        self.started = time.time()

    def message_done(self, outcome: str, seconds: float) -> None:
        self.outcomes[outcome] += 1
        if outcome == "answered":
            self.latency.observe(seconds)

    def render(self) -> str:
        rows: list[tuple[str, str, str, list[str]]] = [
            ("huxin_gateway_rasa_waiting", "gauge", "Messages now waiting for Rasa.",
             [f"huxin_gateway_rasa_waiting {self._waiting()}"]),
            ("huxin_gateway_rasa_max_waiting", "gauge", "The bound on messages waiting for Rasa (0: no bound).",
             [f"huxin_gateway_rasa_max_waiting {self._max_waiting()}"]),
            ("huxin_gateway_admitted_total", "counter", "Messages sent to Rasa.",
             [f"huxin_gateway_admitted_total {self.admitted}"]),
            ("huxin_gateway_refused_total", "counter", "Messages stored and answered with the busy notice.",
             [f"huxin_gateway_refused_total {self.refused}"]),
            ("huxin_gateway_messages_total", "counter", "Messages for Rasa by outcome.",
             [f'huxin_gateway_messages_total{{outcome="{k}"}} {v}' for k, v in self.outcomes.items()]),
            ("huxin_gateway_replies_total", "counter", "Reply messages stored for workers.",
             [f"huxin_gateway_replies_total {self.replies}"]),
            ("huxin_gateway_answer_seconds", "histogram", "Seconds from a message to its answer (answered only).",
             self.latency.lines("huxin_gateway_answer_seconds")),
            ("huxin_gateway_start_time_seconds", "gauge", "When this process started counting (Unix time).",
             [f"huxin_gateway_start_time_seconds {self.started:.3f}"]),
        ]
        out = []
        for name, kind, help_text, samples in rows:
            out += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}", *samples]
        return "\n".join(out) + "\n"
