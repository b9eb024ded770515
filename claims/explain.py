"""The calculator's result as a chat reply: each step with its legal basis, the total, and the disclaimer."""

from __future__ import annotations

from claims.calculator import ClaimKind, Estimate, Step
from core import wording


# DISCLAIMER and NOT_IN_CORPUS_MARK: the catalogue's current texts (tests compare replies with them).
__getattr__ = wording.module_texts(__name__, {
    "DISCLAIMER": "claims.estimate.disclaimer", "NOT_IN_CORPUS_MARK": "claims.estimate.not_in_corpus",
})


def format_step(number: int, step: Step) -> str:
    mark = wording.say("claims.estimate.not_in_corpus")
    basis = "、".join(str(b) + ("" if b.in_corpus else mark) for b in step.basis)
    line = wording.say("claims.estimate.step", number=number, title=step.title, detail=step.detail)
    return wording.say("claims.estimate.basis", step=line, basis=basis) if basis else line


def format_estimate(estimate: Estimate) -> str:
    """Plain text in Simplified Chinese, one numbered step per line, subtotals, total, notes and disclaimer."""
    lines: list[str] = [wording.say("claims.estimate.heading")]
    number = 0
    for item in estimate.items:
        lines.append(wording.say("claims.estimate.item", label=item.label))
        for step in item.steps:
            number += 1
            lines.append(format_step(number, step))
        lines.append(wording.say("claims.estimate.subtotal", amount=item.amount))
    lines.append(wording.say("claims.estimate.total", amount=estimate.total))
    notes = [note for item in estimate.items for note in item.notes] + list(estimate.notes)
    if estimate.item(ClaimKind.NO_CONTRACT_DOUBLE_WAGE) is not None:
        # Also for estimates kept from before the note existed: a worker on the job can lose months by waiting.
        notes.append(wording.say("claims.notes.double_wage_time_limit"))
    if notes:
        lines.append(wording.say("claims.estimate.notes"))
        lines.extend(wording.say("claims.estimate.note", note=note) for note in dict.fromkeys(notes))
    lines.append(wording.say("claims.estimate.disclaimer"))
    return "\n".join(lines)
