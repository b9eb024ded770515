"""Best guesses for a message nothing fits well: Rasa's two-stage fallback idea.

When ``knowledge.answer.build_reply`` finds no card close enough to answer, the bot does not just say "没太明白":
it offers the two nearest cards as buttons. A tapped button asks for that card by its id (the dialogue turns it into
the card's answer, see actions/answer.py), so what it answers never depends on NLU reading a text a second time.
Cards only (a passage is answered by the fit check or not at all); a floor keeps unrelated chatter from being
offered law at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dialect import to_mandarin
from .retrieve import Retriever, get_retriever

# Below the answer threshold (knowledge.fit.MIN_DENSE, 0.89): vague wage messages ("合同那个事", "那个钱的事咋弄啊
# 上头不管") score 0.885-0.895 against the card they mean, weather chatter 0.864. e5 cosines cluster high, so the
# floor only keeps plain chatter out; a wrong guess costs one tap, the 转人工 button is always there.
MIN_SUGGEST_DENSE = 0.875
MAX_TITLE = 20


@dataclass(frozen=True)
class Suggestion:
    card_id: str
    title: str  # shown on the button


def suggest(question: str, k: int = 2, retriever: Retriever | None = None) -> list[Suggestion]:
    """Up to ``k`` cards nearest to ``question``, best first."""
    hits = (retriever or get_retriever()).searcher().search(to_mandarin(question), k=k + 3)
    suggestions: list[Suggestion] = []
    for hit in hits:
        if hit.kind != "card" or hit.dense is None or hit.dense < MIN_SUGGEST_DENSE:
            continue
        title = hit.entry.get("title") or hit.matched
        suggestions.append(Suggestion(hit.id, title[:MAX_TITLE]))
        if len(suggestions) == k:
            break
    return suggestions
