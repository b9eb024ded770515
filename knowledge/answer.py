"""Build the reply to a worker's question from retrieval results.

Reply = plain answer (the card's text, or the matched passage) + 依据 (citations from metadata, never
generated) + the official article text when that document is indexed + one next step (data: the dialogue offers it
as a button) + a one-line disclaimer. When nothing passes the fit check (fit.py) the worker gets an honest
"没找到准确的条文" with 12333 and a person, never the nearest off-topic card. With official documents ingested, a
question no card covers is answered from the best fitting passage, quoted, with its citation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from core import wording

from . import fit as fitting
from .dialect import to_mandarin
from .retrieve import Hit, Retriever, Searcher, get_retriever

# 申请仲裁 leads to the arbitration card by its id: what a tapped step answers must not depend on how NLU reads a text.
ARBITRATION_CARD = "arbitration-how"


class Step(StrEnum):
    """What the worker can do after an answer."""

    COMPLAINT = "complaint"  # file the complaint about the owed wages
    CARD = "card"  # read another card's answer (NextStep.card names it)
    LEGAL_AID = "legal_aid"  # ask how to get legal aid
    HUMAN = "human"  # talk to a person


@dataclass(frozen=True)
class NextStep:
    """What an answer offers next, in the words the worker taps."""

    step: Step
    title: str  # the words the worker taps
    card: str | None = None  # Step.CARD: the card's id


# What a card's `next_step` (knowledge.cards.NEXT_STEPS) offers after its answer; the titles are read from the
# catalogue (knowledge/wording.yml) when the process starts.
OFFERS = {
    "complaint": NextStep(Step.COMPLAINT, wording.say("knowledge.offers.complaint")),
    "arbitration": NextStep(Step.CARD, wording.say("knowledge.offers.arbitration"), ARBITRATION_CARD),
    "legal_aid": NextStep(Step.LEGAL_AID, wording.say("knowledge.offers.legal_aid")),
    "human": NextStep(Step.HUMAN, wording.say("knowledge.offers.human")),
}
OFFERS["hotline"] = OFFERS["complaint"]
OFFERS["police"] = OFFERS["human"]
HUMAN = OFFERS["human"]

CANDIDATES = 5  # hits the fit check looks at, best first
MAX_QUOTE_CHARS = 400


# DISCLAIMER, NO_MATCH, NO_MATCH_EN: the catalogue's current texts (tests compare replies with them).
__getattr__ = wording.module_texts(__name__, {
    "DISCLAIMER": "knowledge.disclaimer", "NO_MATCH": "knowledge.no_match", "NO_MATCH_EN": "knowledge.no_match_en",
})


@dataclass
class Reply:
    text: str
    next_step: NextStep
    citations: list[dict] = field(default_factory=list)
    matched: bool = True
    entry_id: str | None = None
    score: float | None = None
    version: str | None = None


def best_fit(question: str, searcher: Searcher, hits: list[Hit]) -> tuple[Hit, fitting.Fit] | None:
    """The best-ranked hit that passes the fit check, or None."""
    for hit in hits[:CANDIDATES]:
        verdict = fitting.check(question, hit, searcher, hits[:CANDIDATES])
        if verdict.accept:
            return hit, verdict
    return None


def _mostly_chinese(text: str) -> bool:
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return cjk > 0 or latin == 0


def _citation_label(c: dict) -> str:
    return f"《{c['document']}》{c.get('article') or ''}"


def _quote(text: str) -> str:
    text = text.replace("\n", "")
    return text if len(text) <= MAX_QUOTE_CHARS else text[:MAX_QUOTE_CHARS] + "……"


def lookups(question: str, whole: str | None = None) -> list[str]:
    """What `build_reply` looks up, in order: the question (a long story's question part), then the whole message,
    each in Mandarin (the cards and the texts are, knowledge.dialect); the same text once. The fit calibration
    (bench/retrieval/fit_data.py) asks in this order too."""
    return list(dict.fromkeys(to_mandarin(q) for q in (question, whole) if q and q.strip()))


def build_reply(question: str, retriever: Retriever | None = None, whole: str | None = None) -> Reply:
    """The answer to ``question``. ``whole``: the whole message when ``question`` is only its question part (a long
    story's closing question, cases.opening.question_part); looked up too when the part alone finds nothing that
    fits, for a question that leans on its story ("…这种情况厂里要不要负责？")."""
    retriever = retriever or get_retriever()
    searcher = retriever.searcher()
    first_hits: list[Hit] | None = None
    for query in lookups(question, whole):
        hits = searcher.search(query, k=CANDIDATES)
        first_hits = hits if first_hits is None else first_hits
        found = best_fit(query, searcher, hits)
        if found is not None:
            best, _verdict = found
            return _render(best.entry, searcher, best.score)
    top = first_hits[0].dense if first_hits else None
    text = wording.say("knowledge.no_match" if _mostly_chinese(question) else "knowledge.no_match_en")
    return Reply(text, HUMAN, matched=False, version=searcher.version, score=top)


def card_reply(card_id: str, retriever: Retriever | None = None) -> Reply:
    """The answer of one card, asked for by id (a button the bot offered): no retrieval, no fit check.

    A card that is no longer in the index (reindexed since the button was sent) gets the honest "not found"."""
    searcher = (retriever or get_retriever()).searcher()
    entry = searcher.card(card_id)
    if entry is None:
        return Reply(wording.say("knowledge.no_match"), HUMAN, matched=False, version=searcher.version)
    return _render(entry, searcher, None)


def _render(entry: dict, searcher: Searcher, score: float | None) -> Reply:
    citations = entry["citations"]
    lines: list[str] = []
    if entry["kind"] == "card":
        lines.append(entry["text"])
    else:
        lines.append(wording.say("knowledge.passage", label=_citation_label(citations[0]), quote=_quote(entry["text"])))
    labels = "、".join(_citation_label(c) for c in citations)
    lines.append(wording.say("knowledge.based_on" if any(c.get("article") for c in citations) else "knowledge.source",
                             labels=labels))
    if entry["kind"] == "card":
        # Quote the first cited article that is indexed from its official document.
        for c in citations:
            official = searcher.article_text(c["document"], c.get("article"))
            if official:
                lines.append(wording.say("knowledge.official_text", label=_citation_label(c), quote=_quote(official)))
                break
    lines.append(wording.say("knowledge.disclaimer"))
    step = OFFERS.get(entry.get("next_step") or "complaint", OFFERS["complaint"])
    return Reply("\n".join(lines), step, citations=citations, entry_id=entry["id"],
                 score=score, version=searcher.version)
