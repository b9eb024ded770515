"""End to end through the real Rasa server and action server: the calculator form, its reply, and the documents
sent as `document` payloads that point at real files."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tests.stack import reply_texts as texts
from tests.stack import say_to_rasa as say

pytestmark = pytest.mark.stack




def test_overtime_calculation_then_documents(stack):
    sender = "web:claims-e2e-1"
    assert "工资是多少" in texts(say(stack, sender, "帮我算下加班费"))
    assert "8小时以外" in texts(say(stack, sender, "月薪5000"))
    assert "周末" in texts(say(stack, sender, "10个小时"))
    assert "法定节假日" in texts(say(stack, sender, "没有"))
    reply = texts(say(stack, sender, "没有"))
    assert "28.74元/小时 × 150% × 10小时 = 431.10元" in reply
    assert "《劳动法》第四十四条" in reply
    assert "这是估算，不构成法律意见" in reply

    replies = say(stack, sender, "帮我生成投诉书和仲裁申请书")
    documents = [r["custom"]["document"] for r in replies if isinstance(r.get("custom"), dict) and "document" in r["custom"]]
    assert [d["filename"] for d in documents] == ["劳动保障监察投诉书.docx", "劳动保障监察投诉书.pdf",
                                                  "劳动人事争议仲裁申请书.docx", "劳动人事争议仲裁申请书.pdf"]
    for document in documents:
        assert Path(document["path"]).is_file()
        assert Path(document["path"]).is_relative_to(stack.data_dir / "documents")
    text = "\n".join(p.text for p in docx.Document(documents[2]["path"]).paragraphs)
    assert "加班费人民币431.10元" in text


def test_day_rate_overtime_asks_whether_the_days_were_counted(stack):
    """Issue 14: through the trained model, a day-rate worker is asked once and the premium is added once."""
    sender = "web:claims-e2e-3"
    say(stack, sender, "帮我算下加班费")
    say(stack, sender, "一天300")
    say(stack, sender, "没有")
    say(stack, sender, "4天")
    assert "算在您前面说的干活天数里" in texts(say(stack, sender, "1天"))
    replies = say(stack, sender, "算进去了")
    reply = texts(replies)
    assert "合计：1800.00元" in reply and "另加100%" in reply
    # 再算一项 sends /calculate_wages with no typed text: nothing to answer, the calculator starts again
    again = [b["payload"] for r in replies for b in r.get("buttons") or [] if b["title"] == "再算一项"]
    assert again and "要算哪一项" in texts(say(stack, sender, again[0]))


def test_cancel_inside_the_calculator(stack):
    sender = "web:claims-e2e-2"
    say(stack, sender, "帮我算算能要多少钱")
    assert "取消" in texts(say(stack, sender, "取消"))
    # A new calculation starts from the first question again.
    assert "要算哪一项" in texts(say(stack, sender, "帮我算算能要多少钱"))
