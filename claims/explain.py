"""The calculator's result as a chat reply: each step with its legal basis, the total, and the disclaimer."""

from __future__ import annotations

from claims.calculator import DOUBLE_WAGE_TIME_LIMIT_NOTE, ClaimKind, Estimate, Step

DISCLAIMER = "这是估算，不构成法律意见。实际金额以劳动保障监察机构、仲裁委或法院认定为准。"
NOT_IN_CORPUS_MARK = "（该文件未收入本系统法规库）"


def format_step(number: int, step: Step) -> str:
    basis = "、".join(str(b) + ("" if b.in_corpus else NOT_IN_CORPUS_MARK) for b in step.basis)
    line = f"{number}. {step.title}：{step.detail}"
    return f"{line}\n   依据：{basis}" if basis else line


def format_estimate(estimate: Estimate) -> str:
    """Plain text in Simplified Chinese, one numbered step per line, subtotals, total, notes and disclaimer."""
    lines: list[str] = ["按您说的情况，估算如下："]
    number = 0
    for item in estimate.items:
        lines.append(f"【{item.label}】")
        for step in item.steps:
            number += 1
            lines.append(format_step(number, step))
        lines.append(f"   小计：{item.amount}元")
    lines.append(f"合计：{estimate.total}元")
    notes = [note for item in estimate.items for note in item.notes] + list(estimate.notes)
    if estimate.item(ClaimKind.NO_CONTRACT_DOUBLE_WAGE) is not None:
        # Also for estimates kept from before the note existed: a worker on the job can lose months by waiting.
        notes.append(DOUBLE_WAGE_TIME_LIMIT_NOTE)
    if notes:
        lines.append("注意：")
        lines.extend(f"- {note}" for note in dict.fromkeys(notes))
    lines.append(DISCLAIMER)
    return "\n".join(lines)
