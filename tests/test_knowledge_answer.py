"""The reply a worker gets: plain answer, 依据 from metadata, official text when indexed, one button,
disclaimer; an honest "no passage fits" for questions the knowledge does not cover.

Builds the shipped cards into a temporary index once per module (real model, FAISS, bm25s).
"""
import re
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TIAOLI = CORPUS / "baozhang-nongmingong-gongzi-zhifu-tiaoli.md"


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory):
    root = tmp_path_factory.mktemp("knowledge")
    mp = pytest.MonkeyPatch()
    mp.setenv("HUXIN_DATA_DIR", str(root))
    mp.delenv("HUXIN_DB", raising=False)
    mp.delenv("HUXIN_INDEX_DIR", raising=False)
    from knowledge import index, store
    from knowledge.retrieve import Retriever

    db = store.open_db()
    index.build(db)
    yield {"db": db, "retriever": Retriever(), "root": root}
    mp.undo()


@pytest.mark.parametrize("question, card", [
    ("包工头跑了工资找谁要", "boss-ran-away"),
    ("老板把我们的工资卡都收走了", "bank-card-withheld"),
    ("申请劳动仲裁要不要交钱", "arbitration-free"),
    ("没签劳动合同干了半年，能要两倍工资吗", "no-contract-double-wage"),
    ("离职一年多了还能申请仲裁吗", "arbitration-time-limit"),
    ("恶意欠薪老板会不会坐牢", "crime-refusing-to-pay"),
    ("國慶節加班工資怎麼算", "overtime-pay"),  # Traditional script finds Simplified cards
])
def test_known_questions_find_their_cards(knowledge, question, card):
    hits = knowledge["retriever"].search(question, k=3)
    assert card in [h.id for h in hits]


def test_answer_has_basis_button_and_disclaimer(knowledge):
    from actions.answer import step_button
    from knowledge.answer import DISCLAIMER, build_reply

    reply = build_reply("包工头跑了工资找谁要", knowledge["retriever"])
    assert reply.matched and reply.entry_id == "boss-ran-away"
    answer = reply.text.split("\n")[0]
    assert 2 <= len(re.findall(r"[。！？]", answer)) <= 5
    assert "依据：《保障农民工工资支付条例》第三十条" in reply.text
    assert reply.text.endswith(DISCLAIMER)
    assert step_button(reply.next_step) == {"title": "投诉欠薪", "payload": "/report_arrears"}
    assert "原文" not in reply.text  # the official document is not indexed yet


def test_unrelated_question_gets_honest_no_match(knowledge):
    from actions.answer import step_button
    from knowledge.answer import build_reply

    for question in ("今天天气怎么样", "怎么办理护照"):
        reply = build_reply(question, knowledge["retriever"])
        assert not reply.matched
        assert "12333" in reply.text and "依据" not in reply.text
        assert step_button(reply.next_step) == {"title": "转人工", "payload": "/request_human"}


def test_a_button_asks_for_its_card_by_id_and_gets_that_answer(knowledge):
    from knowledge.answer import OFFERS, Step, card_reply

    # 申请仲裁 (and the "did you mean" guesses) carry a card id: the answer is that card, whatever NLU makes of text
    step = OFFERS["arbitration"]
    assert step.step is Step.CARD
    card_id = step.card
    reply = card_reply(card_id, knowledge["retriever"])
    assert reply.matched and reply.entry_id == card_id
    assert "仲裁" in reply.text.split("\n")[0] and "依据：" in reply.text

    # a card removed since the button was sent: the honest "not found", never another card
    gone = card_reply("no-such-card", knowledge["retriever"])
    assert not gone.matched and "12333" in gone.text and "依据" not in gone.text


@pytest.mark.skipif(not TIAOLI.exists(), reason="official corpus not present")
def test_official_article_text_is_quoted_once_the_document_is_indexed(knowledge):
    from knowledge import index, ingest
    from knowledge.answer import build_reply

    ingest.ingest_file(knowledge["db"], TIAOLI)
    index.build(knowledge["db"])
    reply = build_reply("包工头跑了工资找谁要", knowledge["retriever"])
    official = TIAOLI.read_text(encoding="utf-8")
    article = re.search(r"^第三十条 (.+)$", official, re.M).group(1)
    assert "《保障农民工工资支付条例》第三十条原文：" in reply.text
    assert article in reply.text  # quoted from the index, i.e. from the official file
