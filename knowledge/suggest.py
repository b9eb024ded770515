"""Best guesses for a message nothing fits well: Rasa's two-stage fallback idea.

When ``knowledge.answer.build_reply`` finds no card close enough to answer, the bot does not just say "没太明白":
it offers the two nearest cards as buttons. A button's payload is that card's own first example question, so
tapping it asks the question again in words the knowledge answers. Cards only (an ingested passage has no
question to re-ask); a floor keeps unrelated chatter from being offered law at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .cards import CardError, load_cards
from .retrieve import Retriever, get_retriever

# Below the answer threshold (0.90, knowledge.answer.MIN_DENSE): vague wage messages ("合同那个事", "那个钱的事咋弄啊
# 上头不管") score 0.885-0.895 against the card they mean, weather chatter 0.864. e5 cosines cluster high, so the
# floor only keeps plain chatter out; a wrong guess costs one tap, the 转人工 button is always there.
MIN_SUGGEST_DENSE = 0.875
MAX_TITLE = 20


@dataclass(frozen=True)
class Suggestion:
    card_id: str
    title: str  # shown on the button
    question: str  # sent back when tapped


@lru_cache(maxsize=1)
def _first_questions() -> dict[str, str]:
    try:
        return {card.id: card.questions[0] for card in load_cards()}
    except (CardError, OSError):
        return {}


def suggest(question: str, k: int = 2, retriever: Retriever | None = None) -> list[Suggestion]:
    """Up to ``k`` cards nearest to ``question``, best first, each with a question that re-asks it."""
    hits = (retriever or get_retriever()).searcher().search(question, k=k + 3)
    suggestions: list[Suggestion] = []
    for hit in hits:
        if hit.kind != "card" or hit.dense is None or hit.dense < MIN_SUGGEST_DENSE:
            continue
        title = hit.entry.get("title") or hit.matched
        again = _first_questions().get(hit.id) or title
        suggestions.append(Suggestion(hit.id, title[:MAX_TITLE], again))
        if len(suggestions) == k:
            break
    return suggestions
