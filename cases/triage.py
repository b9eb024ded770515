"""Three-colour triage (三色分类). Thresholds come from configuration (cases/config.toml).

- 红: amount ≥ red_amount, or workers ≥ red_workers (群体性), or a danger word (also: tell the worker to call 110);
- 蓝: simple — at most blue_workers workers owed at most blue_amount, no danger;
- 橙: everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .config import CasesConfig, load_config

__all__ = ["Triage", "triage", "danger_words_in", "RED", "ORANGE", "BLUE", "COLOURS"]

RED, ORANGE, BLUE = "红", "橙", "蓝"
COLOURS = (RED, ORANGE, BLUE)


@dataclass(frozen=True)
class Triage:
    colour: str
    reasons: list[str] = field(default_factory=list)
    danger_words: list[str] = field(default_factory=list)

    @property
    def urgent(self) -> bool:
        """Danger: the worker is told to call 110 and a person takes over."""
        return bool(self.danger_words)

    @property
    def needs_escalation(self) -> bool:
        return self.colour == RED


def danger_words_in(text: str | None, config: CasesConfig | None = None) -> list[str]:
    config = config or load_config()
    return [word for word in config.danger_words if text and word in text]


def triage(
    amount: int | None,
    workers_count: int | None,
    text: str | None = None,
    config: CasesConfig | None = None,
) -> Triage:
    """Colour a complaint from the amount (yuan), the number of workers owed and the worker's own words."""
    config = config or load_config()
    reasons: list[str] = []
    danger = danger_words_in(text, config)
    if amount is not None and amount >= config.red_amount:
        reasons.append(f"金额≥{config.red_amount}元")
    if workers_count is not None and workers_count >= config.red_workers:
        reasons.append(f"群体性（≥{config.red_workers}人）")
    if danger:
        reasons.append("紧急情况：" + "、".join(danger))
    if reasons:
        return Triage(RED, reasons, danger)
    if (
        amount is not None
        and amount <= config.blue_amount
        and (workers_count or 1) <= config.blue_workers
    ):
        return Triage(BLUE, [f"简易：{workers_count or 1}人，金额≤{config.blue_amount}元"])
    return Triage(ORANGE, ["一般案件"])
