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


@pytest.mark.parametrize("question, document, article", [
    # each card answer states these rules: the article that says them is cited with it
    ("我在外省干的活 现在回老家了 能在老家这边申请劳动仲裁吗", "劳动争议调解仲裁法", "第二十一条"),
    ("想辞职不干了 要提前几天跟老板说", "劳动合同法", "第三十七条"),
])
def test_a_reply_cites_the_article_that_states_its_rule(knowledge, question, document, article):
    from knowledge.answer import build_reply

    reply = build_reply(question, knowledge["retriever"])
    assert reply.matched
    assert (document, article) in {(c["document"], c.get("article")) for c in reply.citations}


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


@pytest.mark.parametrize("question, card", [
    ("工头把我们的工资卡收走了，每个月取钱都要找他", "bank-card-withheld"),
    ("仲裁裁决下来了，公司还是不给钱，怎么办", "enforce-award"),
])
def test_a_first_card_the_card_classifier_vouches_for_is_answered_though_a_neighbour_is_close(
        knowledge, monkeypatch, question, card):
    from knowledge import fit
    from knowledge.answer import build_reply

    reply = build_reply(question, knowledge["retriever"])
    assert reply.matched and reply.entry_id == card
    # without the classifier's vote a card citing another article is too close to tell apart: refused
    monkeypatch.setattr(fit, "MIN_VOUCH", 2.0)
    assert not build_reply(question, knowledge["retriever"]).matched


def test_a_question_that_leans_on_its_story_is_looked_up_with_the_story_too(knowledge):
    from cases.opening import question_part
    from knowledge.answer import build_reply

    story = ("老板把食堂承包给了一个个人，这个人招了我们几个帮厨，干了三个月一分没给就跑了，老板说食堂已经包出去了"
             "不关他的事。这样说得通吗？")
    part = question_part(story)
    assert part == "这样说得通吗？"
    assert not build_reply(part, knowledge["retriever"]).matched  # the question alone says nothing
    reply = build_reply(part, knowledge["retriever"], whole=story)
    assert reply.matched and "《劳动合同法》第九十四条" in reply.text  # an individual contractor's workers


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


def test_a_complaint_that_also_asks_a_rule_gets_the_answer_then_the_form_goes_on(knowledge, tmp_path, monkeypatch):
    import asyncio

    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.intake import ValidateComplaintForm

    monkeypatch.setenv("HUXIN_DB", str(tmp_path / "huxin.db"))
    monkeypatch.setattr("knowledge.retrieve._retriever", knowledge["retriever"])

    def first_message(text: str) -> tuple[list[dict], dict]:
        """What the worker reads, and the slots set, when this message starts the complaint form."""
        tracker = Tracker(sender_id="web:1", slots={"requested_slot": None},
                          latest_message={"text": text, "intent": {"name": "report_arrears", "confidence": 0.9},
                                          "entities": [], "metadata": {}},
                          # as Rasa sends it on the turn that opens the form: already active, nothing requested yet
                          events=[], paused=False, followup_action=None,
                          active_loop={"name": "complaint_form", "is_interrupted": False, "rejected": False},
                          latest_action_name="action_listen")
        dispatcher = CollectingDispatcher()
        events = asyncio.run(ValidateComplaintForm().run(dispatcher, tracker, {}))
        return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}

    story = "老板欠我们八个人三个月工资一共六万 工地在郑州金水区 "
    said, slots = first_message(story + "恶意欠薪老板会不会坐牢")
    assert "依据：《刑法》第二百七十六条之一" in said[0]["text"]
    assert said[1]["response"] == "utter_complaint_after_answer"
    assert slots["amount"]["value"] == 60000 and slots["workers_count"]["value"] == 8
    assert slots["requested_slot"] == "employer"  # the form goes on with what is still missing

    # the same story closing with a plea or a request asks no rule: the form alone, no answer in between
    for ending in ("求求你们帮帮我们", "包工头跑了 帮我们登记一下吧"):
        said, slots = first_message(story + ending)
        assert not any("依据" in (m.get("text") or "") for m in said), ending
        assert slots["amount"]["value"] == 60000


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
