"""bench/blind's scoring: a reply is judged by the articles it cites, in whichever script it was written."""

from __future__ import annotations

from bench.blind.run import COMPLAINT_FORM, Product, citations_in


def test_citations_are_read_in_simplified_and_traditional_script():
    simplified = "依据：《劳动合同法》第三十八条、第四十六条"
    traditional = "依據：《勞動合同法》第三十八條、第四十六條"  # the reply to a question written in Traditional script
    expected = {"劳动合同法#第三十八条", "劳动合同法#第四十六条"}
    assert citations_in(simplified) == expected
    assert citations_in(traditional) == expected
    assert citations_in("这个问题我没找到正好对得上的条文") == set()


# Every field a complaint needs, in one message: the form takes them all and reads the complaint back at once.
WHOLE_COMPLAINT = ("我叫韩立民 是瓦工班长 在佛山南海区的锦绣华庭二期干活 是一个叫宏远建设的公司招的 我们八个人 从今年3月干到6月 "
                   "一共欠我们二十四万 电话13812345678")


def test_a_complaint_read_back_at_once_counts_as_started_with_its_fields(stack):
    # the richest first message leaves the form nothing to ask: no form is active by the time the reply comes, and
    # the bench counted it as not started, with none of its fields (before stop 36)
    result = Product(stack).first_message(WHOLE_COMPLAINT)
    assert "请核对您的投诉信息" in result["reply"], "pick a message that states every field the form asks"
    assert result["active_loop"] == COMPLAINT_FORM
    assert result["slots"]["phone"] == "13812345678"
