"""Build the reply to a worker's question from retrieval results.

Reply = plain answer (the card's text, or the matched passage) + 依据 (citations from metadata, never
generated) + the official article text when that document is indexed + one next-step button + a
one-line disclaimer. A weak best match gives an honest "no passage fits" reply with 12333 and a human.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .retrieve import Hit, Retriever, get_retriever

DISCLAIMER = "以上为政策信息，不构成法律意见。"
# Next steps → buttons whose payloads the dialogue understands (see nlu/domain/knowledge.yml).
# 申请仲裁 is sent as plain text: NLU classifies it as ask_policy and retrieval finds the arbitration card.
BUTTONS = {
    "complaint": {"title": "投诉欠薪", "payload": "/report_arrears"},
    "arbitration": {"title": "申请仲裁", "payload": "怎么申请劳动仲裁"},
    "legal_aid": {"title": "法律援助", "payload": "/ask_legal_aid"},
    "human": {"title": "转人工", "payload": "/request_human"},
}
BUTTONS["hotline"] = BUTTONS["complaint"]
BUTTONS["police"] = BUTTONS["human"]
HUMAN_BUTTON = BUTTONS["human"]

# Calibrated with bench/retrieval: the best key of the 163 dev questions scores >= 0.905 (1st percentile),
# the 20 out-of-scope questions score <= 0.894. e5 cosines cluster high, so the margin is narrow but clean.
MIN_DENSE = 0.90
MAX_QUOTE_CHARS = 400
NO_MATCH = (
    "抱歉，我没有找到能准确回答这个问题的政策条文，不想给你不准确的信息。"
    "你可以拨打12333（人社服务热线）咨询，或者转给工作人员帮你看看。"
)
NO_MATCH_EN = (
    "Sorry, I could not find a rule that answers this. I answer in Chinese about unpaid wages in China; "
    "you can call 12333 (labour and social security hotline) or ask for a person."
)


@dataclass
class Reply:
    text: str
    buttons: list[dict]
    citations: list[dict] = field(default_factory=list)
    matched: bool = True
    entry_id: str | None = None
    score: float | None = None
    version: str | None = None


def is_weak(hit: Hit | None) -> bool:
    """No credible match: the best key is not semantically close enough to the question."""
    return hit is None or hit.dense is None or hit.dense < MIN_DENSE


def _mostly_chinese(text: str) -> bool:
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return cjk > 0 or latin == 0


def _citation_label(c: dict) -> str:
    return f"《{c['document']}》{c.get('article') or ''}"


def _quote(text: str) -> str:
    text = text.replace("\n", "")
    return text if len(text) <= MAX_QUOTE_CHARS else text[:MAX_QUOTE_CHARS] + "……"


def build_reply(question: str, retriever: Retriever | None = None) -> Reply:
    retriever = retriever or get_retriever()
    searcher = retriever.searcher()
    hits = searcher.search(question, k=3)
    best = hits[0] if hits else None
    if not _mostly_chinese(question) and (best is None or is_weak(best)):
        return Reply(NO_MATCH_EN, [HUMAN_BUTTON], matched=False, version=searcher.version)
    if is_weak(best):
        return Reply(NO_MATCH, [HUMAN_BUTTON], matched=False, version=searcher.version,
                     score=best.dense if best else None)

    entry = best.entry
    citations = entry["citations"]
    lines: list[str] = []
    if entry["kind"] == "card":
        lines.append(entry["text"])
    else:
        lines.append(f"相关规定：{_quote(entry['text'])}")
    labels = "、".join(_citation_label(c) for c in citations)
    lines.append(f"依据：{labels}" if any(c.get("article") for c in citations) else f"来源：{labels}")
    if entry["kind"] == "card":
        # Quote the first cited article that is indexed from its official document.
        for c in citations:
            official = searcher.article_text(c["document"], c.get("article"))
            if official:
                lines.append(f"{_citation_label(c)}原文：{_quote(official)}")
                break
    lines.append(DISCLAIMER)
    button = BUTTONS.get(entry.get("next_step") or "complaint", BUTTONS["complaint"])
    return Reply("\n".join(lines), [button], citations=citations, entry_id=entry["id"],
                 score=best.score, version=searcher.version)
