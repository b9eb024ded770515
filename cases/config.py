"""Cases configuration: thresholds, deadlines and windows from ``cases/config.toml``.

``HUXIN_CASES_CONFIG`` names another TOML file whose keys override the shipped ones, so an office can
change a threshold without touching code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from core.settings import settings

__all__ = ["CasesConfig", "load_config", "SHIPPED_CONFIG"]

SHIPPED_CONFIG = Path(__file__).with_name("config.toml")


@dataclass(frozen=True)
class CasesConfig:
    case_number_prefix: str = "HX"
    red_amount: int = 500_000
    red_workers: int = 10
    blue_amount: int = 20_000
    blue_workers: int = 1
    danger_words: tuple[str, ...] = ()
    deadline_days: dict[str, int] = field(default_factory=lambda: {"红": 7, "橙": 30, "蓝": 15})
    duplicate_window_days: int = 90
    notification_max_attempts: int = 5
    transfer_departments: tuple[str, ...] = ()
    lookup_failures_per_chat: int = 5
    lookup_failures_per_case: int = 5
    lookup_window_minutes: int = 60


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_config(path: str | Path | None = None) -> CasesConfig:
    """Shipped configuration, overridden by ``path`` or ``$HUXIN_CASES_CONFIG`` when given."""
    raw = tomllib.loads(SHIPPED_CONFIG.read_text(encoding="utf-8"))
    override_path = path or settings().cases_config
    if override_path:
        raw = _merge(raw, tomllib.loads(Path(override_path).read_text(encoding="utf-8")))
    triage = raw.get("triage", {})
    return CasesConfig(
        case_number_prefix=raw.get("case_number", {}).get("prefix", "HX"),
        red_amount=int(triage.get("red_amount", 500_000)),
        red_workers=int(triage.get("red_workers", 10)),
        blue_amount=int(triage.get("blue_amount", 20_000)),
        blue_workers=int(triage.get("blue_workers", 1)),
        danger_words=tuple(triage.get("danger_words", ())),
        deadline_days={str(k): int(v) for k, v in raw.get("deadlines", {}).items()},
        duplicate_window_days=int(raw.get("duplicates", {}).get("window_days", 90)),
        notification_max_attempts=int(raw.get("notifications", {}).get("max_attempts", 5)),
        transfer_departments=tuple(raw.get("transfer", {}).get("departments", ())),
        lookup_failures_per_chat=int(raw.get("status_lookup", {}).get("failures_per_chat", 5)),
        lookup_failures_per_case=int(raw.get("status_lookup", {}).get("failures_per_case", 5)),
        lookup_window_minutes=int(raw.get("status_lookup", {}).get("window_minutes", 60)),
    )
