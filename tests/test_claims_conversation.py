"""The calculator conversation, driven through the real form-validation and reply actions turn by turn.

Each turn builds the tracker the Rasa server would send (the worker's text, the slots so far, the question
asked), runs the action, and applies the events it returns, as Rasa does. No Rasa server is needed here; the
trained dialogue is checked by nlu/tests/test_claims_stories.yml.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from docx import Document as read_docx
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.calculator import ActionCalculateWages, ActionResetCalculator, ValidateWageCalculatorForm
from actions.documents import ActionSendDocuments
from claims import parse, questions

FORM = "wage_calculator_form"


class Conversation:
    def __init__(self, sender_id: str = "telegram:42") -> None:
        self.sender_id = sender_id
        self.slots: dict[str, Any] = {"requested_slot": None}
        self.asked: list[str] = []
        self.replies: list[dict[str, Any]] = []

    def tracker(self, text: str, intent: str, events: list[dict[str, Any]] | None = None) -> Tracker:
        return Tracker(
            sender_id=self.sender_id,
            slots=dict(self.slots),
            latest_message={"text": text, "intent": {"name": intent}, "metadata": {"channel": "telegram"}},
            events=[{"event": "user", "text": text}] + (events or []),
            paused=False,
            followup_action=None,
            active_loop={"name": FORM},
            latest_action_name="action_listen",
        )

    def apply(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            if event["event"] == "slot":
                self.slots[event["name"]] = event["value"]

    async def run(self, action, text: str, intent: str = "inform") -> list[dict[str, Any]]:
        dispatcher = CollectingDispatcher()
        events = await action.run(dispatcher, self.tracker(text, intent), {"forms": {FORM: {
            "required_slots": list(questions.QUESTIONS)}}})
        self.replies.extend(dispatcher.messages)
        self.apply(events)
        return events

    async def say(self, text: str, intent: str = "inform") -> str | None:
        """One user turn inside the form; returns the next question asked (None when the form is done)."""
        await self.run(ValidateWageCalculatorForm(), text, intent)
        requested = self.slots.get("requested_slot")
        if requested:
            self.asked.append(requested)
        return requested

    async def start(self, text: str) -> str | None:
        await self.run(ActionResetCalculator(), text, "calculate_wages")
        return await self.say(text, "calculate_wages")

    async def finish(self) -> str:
        before = len(self.replies)
        await self.run(ActionCalculateWages(), "", "inform")
        return "\n".join(m.get("text") or "" for m in self.replies[before:])


async def test_unpaid_daily_wages_from_start_to_reply():
    chat = Conversation()
    assert await chat.start("帮我算算能要多少钱") == "calc_kind"
    assert await chat.say("欠的工资") == "calc_wage"
    assert await chat.say("一天三百五") == "calc_worked"  # the basis came with the wage: not asked
    assert await chat.say("二十天") == "calc_paid"
    assert await chat.say("没有") is None  # a daily wage is not compared with the monthly minimum
    reply = await chat.finish()
    assert "每天350.00元 × 20天 = 7000.00元" in reply
    assert "合计：7000.00元" in reply
    assert "《劳动法》第五十条" in reply
    assert "这是估算，不构成法律意见" in reply
    assert chat.slots["calc_estimate"]["total"] == "7000.00"
    assert all(chat.slots[q] is None for q in questions.QUESTIONS)  # ready for another calculation


async def test_kind_is_read_from_the_opening_message():
    chat = Conversation()
    assert await chat.start("没签合同能赔多少") == "calc_wage"
    assert chat.slots["calc_kind"] == "no_contract"
    assert await chat.say("6000") == "calc_wage_basis"  # a bare number: ask per day or per month
    assert await chat.say("按月") == "calc_months_no_contract"
    assert await chat.say("一年半") is None
    reply = await chat.finish()
    assert "月工资6000.00元 × 11个月 = 66000.00元" in reply
    assert "《劳动合同法》第八十二条" in reply


async def test_overtime_asks_three_kinds_of_hours():
    chat = Conversation()
    assert await chat.start("帮我算下加班费") == "calc_wage"
    assert await chat.say("月薪5000") == "calc_weekday_hours"
    assert await chat.say("十个小时") == "calc_rest_day_hours"
    assert await chat.say("两天") == "calc_holiday_hours"
    assert await chat.say("没有") is None
    reply = await chat.finish()
    assert "28.74元/小时 × 150% × 10小时 = 431.10元" in reply
    assert "28.74元/小时 × 200% × 16小时 = 919.68元" in reply
    assert "合计：1350.78元" in reply


async def test_compensation_with_minimum_wage_from_the_demo_table():
    chat = Conversation()
    assert await chat.start("被开除了 帮我算算补偿") == "calc_wage"
    assert await chat.say("月薪两千") == "calc_service_months"
    assert await chat.say("两年三个月") == "calc_city"  # low wage: the local average is not asked
    assert await chat.say("在深圳宝安") is None
    reply = await chat.finish()
    assert "按最低工资2360.00元计算" in reply
    assert "2360.00元 × 2.5个月 = 5900.00元" in reply
    assert "演示数据" in reply and "2022-12-01" in reply


async def test_the_place_of_an_earlier_complaint_is_not_asked_again():
    chat = Conversation()
    chat.slots["location"] = "广东省深圳市宝安区"  # filled by the complaint form earlier in the chat
    await chat.start("帮我算下欠了我多少工资")
    await chat.say("月薪2000")
    await chat.say("2个月")
    assert await chat.say("没有") is None
    assert "calc_city" not in chat.asked
    assert "低于深圳月最低工资2360.00元" in await chat.finish()


async def test_high_wage_compensation_asks_for_the_local_average_and_caps():
    chat = Conversation()
    await chat.start("经济补偿能拿多少 帮我算")
    assert await chat.say("一个月4万") == "calc_service_months"
    assert await chat.say("16年8个月") == "calc_average_wage"
    assert await chat.say("一万") == "calc_city"
    assert await chat.say("不知道") is None
    reply = await chat.finish()
    assert "30000.00元 × 12个月 = 360000.00元" in reply
    assert "没有城市信息" in reply


async def test_an_answer_it_cannot_read_is_asked_again_with_an_example():
    chat = Conversation()
    await chat.start("帮我算算")
    assert await chat.say("不晓得咋说") == "calc_kind"
    assert "欠的工资、没签合同、加班费、经济补偿" in chat.replies[-1]["text"]
    await chat.say("欠工资")
    assert await chat.say("老板没说") == "calc_wage"
    assert "例如：一天300" in chat.replies[-1]["text"]


async def test_cancel_is_left_to_the_rules():
    chat = Conversation()
    await chat.start("帮我算算")
    events = await chat.run(ValidateWageCalculatorForm(), "不算了", "cancel")
    # Nothing extracted: Rasa rejects the form and the cancel rule takes over.
    assert [e for e in events if e.get("name") != "requested_slot"] == []


async def test_below_minimum_monthly_wage_adds_the_shortfall():
    chat = Conversation()
    await chat.start("帮我算下欠了我多少工资")
    await chat.say("月薪2000")
    await chat.say("3个月")
    await chat.say("0")
    assert await chat.say("上海") is None
    reply = await chat.finish()
    assert "低于上海月最低工资2690.00元" in reply
    assert "合计：8070.00元" in reply  # 6000 + 690 x 3


async def test_documents_carry_the_calculated_amounts(tmp_path, monkeypatch):
    monkeypatch.setenv("HUXIN_DATA_DIR", str(tmp_path))
    chat = Conversation(sender_id="telegram:13812345678")
    await chat.start("没签合同能赔多少")
    await chat.say("月薪6000")
    await chat.say("5个月")
    await chat.finish()
    await chat.start("帮我算下欠了我多少工资")  # a second claim is added to the first
    await chat.say("一天300")
    await chat.say("20天")
    await chat.say("没有")
    await chat.finish()
    chat.slots.update({"employer": "某某建筑劳务有限公司", "location": "深圳市宝安区", "worker_name": "张三"})

    before = len(chat.replies)
    await chat.run(ActionSendDocuments(), "帮我写投诉书", "request_documents")
    sent = [m["custom"]["document"] for m in chat.replies[before:] if m.get("custom")]
    assert [d["filename"] for d in sent] == ["劳动保障监察投诉书.docx", "劳动保障监察投诉书.pdf",
                                             "劳动人事争议仲裁申请书.docx", "劳动人事争议仲裁申请书.pdf"]
    for document in sent:
        assert document["path"].startswith(str(tmp_path / "documents"))
        assert "13812345678" not in document["path"]  # the chat key is hashed
        assert "未填写" in document["caption"]
    text = "\n".join(p.text for p in read_docx(sent[2]["path"]).paragraphs)
    assert "未签书面劳动合同的二倍工资差额人民币24000.00元" in text
    assert "拖欠工资人民币6000.00元" in text
    assert "申请人：张三" in text


@pytest.mark.parametrize(
    "text, kind",
    [("帮我算算能要多少钱", None), ("没签合同能赔多少", "no_contract"), ("加班费咋算", "overtime"),
     ("被辞退了能赔多少", "severance"), ("老板欠了三个月工资", "unpaid_wages"), ("加班工资", "overtime"),
     ("没签合同的工资", "no_contract"), ("N+1怎么算", "severance")],
)
def test_claim_kind_is_read_from_worker_words(text, kind):
    assert parse.parse_claim_kind(text) == kind


@pytest.mark.parametrize(
    "text, amount, basis",
    [("五千五", "5500", None), ("一天三百", "300", "daily"), ("3.5万", "35000", None), ("1万2", "12000", None),
     ("5k", "5000", None), ("4,500元", "4500", None), ("工资3500一个月", "3500", "monthly"),
     ("月薪六千", "6000", "monthly"), ("日薪两百八", "280", "daily"), ("１２０００", "12000", None)],
)
def test_worker_wages_are_read(text, amount, basis):
    value, wage_basis = parse.parse_wage(text)
    assert value == Decimal(amount)
    assert (wage_basis.value if wage_basis else None) == basis


@pytest.mark.parametrize(
    "text, months",
    [("两年三个月", "27"), ("一年半", "18"), ("半年", "6"), ("8个月", "8"), ("两个半月", "2.5"), ("8", "8"),
     ("一年零两个月", "14"), ("三年", "36"), ("16年8个月", "200")],
)
def test_worker_durations_are_read_in_months(text, months):
    assert parse.parse_months(text) == Decimal(months)


@pytest.mark.parametrize("text", ["不知道", "", "老板没说", "二十天"])
def test_unreadable_durations_give_none(text):
    assert parse.parse_months(text) is None


@pytest.mark.parametrize(
    "text, hours", [("十个小时", "10"), ("12h", "12"), ("两天", "16"), ("没有", "0"), ("40个钟", "40")]
)
def test_worker_hours_are_read(text, hours):
    assert parse.parse_hours(text) == Decimal(hours)


async def test_day_rate_overtime_asks_whether_those_days_were_counted():
    """Issue 14: 300 元/天, 4 rest days and 1 holiday already in 干活天数 -> only the extra 100 % / 200 %."""
    chat = Conversation()
    assert await chat.start("帮我算下加班费") == "calc_wage"
    assert await chat.say("一天300") == "calc_weekday_hours"
    assert await chat.say("没有") == "calc_rest_day_hours"
    assert await chat.say("4天") == "calc_holiday_hours"
    assert await chat.say("1天") == "calc_days_counted"
    assert await chat.say("随便") == "calc_days_counted"  # not understood: asked again, with a hint
    assert "算进去了" in chat.replies[-1]["text"]
    assert await chat.say("算进去了") is None
    reply = await chat.finish()
    assert "合计：1800.00元" in reply  # 4 × 300 × 100 % + 1 × 300 × 200 %


async def test_day_rate_compensation_asks_days_per_month():
    chat = Conversation()
    assert await chat.start("被辞退了能赔多少") == "calc_wage"
    assert await chat.say("一天300") == "calc_service_months"
    assert await chat.say("两年") == "calc_days_per_month"
    assert await chat.say("28天") == "calc_city"
    assert await chat.say("不知道") is None
    reply = await chat.finish()
    assert "300.00元 × 平均每月干28天 = 8400.00元" in reply
    assert "合计：16800.00元" in reply


async def test_documents_from_a_form_in_progress_read_its_typed_numbers(tmp_path, monkeypatch):
    monkeypatch.setenv("HUXIN_DATA_DIR", str(tmp_path))
    chat = Conversation(sender_id="telegram:13812345679")
    chat.slots.update({
        "employer": "某某建筑劳务有限公司", "location": "深圳市宝安区", "worker_name": "张三",
        "amount": {"value": 73000, "approximate": False}, "workers_count": {"value": 9, "approximate": True},
        "months": {"value": 4, "approximate": False,
                   "period": {"text": "3月到6月", "start": "2026-03", "end": "2026-06"}},
    })
    await chat.run(ActionSendDocuments(), "帮我写投诉书", "request_documents")
    complaint = next(m["custom"]["document"] for m in chat.replies if m.get("custom"))
    text = "\n".join(p.text for p in read_docx(complaint["path"]).paragraphs)
    assert "3月到6月（共4个月）" in text and "人民币73000.00元" in text
