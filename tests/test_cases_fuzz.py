"""Long and adversarial text never stalls the extractors or the number parsers (issue 13: one 1000-digit answer
once held every chat for 30 s), and a number too long to be meant is a named error, not a crash.

Seeded random inputs (the same every run) plus the shapes that used to backtrack; each call must finish well
inside a generous bound on this shared 2-core machine.
"""

from __future__ import annotations

import random
import time

import pytest

from cases.errors import NumberNotUnderstood, NumberTooLong
from cases.extract import extract, find_employer, find_period
from cases.intake import AnswerNotUnderstood, fill_from_message, parse_answer
from cases.location import parse_location
from cases.numbers import parse_amount, parse_count, parse_months, parse_number
from cases.phone import find_phone

BOUND_SECONDS = 0.5

PIECES = [
    "1", "9", "０", "一", "二", "两", "十", "百", "千", "万", "亿", "几", "半", "多", "来", "余", "w", "k", ".",
    "个", "人", "月", "年", "天", "块", "元", "欠", "工资", "老板", "包工头", "公司", "工地", "小区", "三期",
    "到", "从", "干到", "去年", "今年", "电话", "138", " ", "，", "。", "-", "叫", "姓王", "號", "萬", "wage",
    "owed", "RMB", "😀", "\u200b", "北京", "大兴", "区", "有限公司", "个钢筋工", "号人",
]

ADVERSARIAL = {
    "digits": "1" * 5000,
    "digits_with_unit": "工资" + "1" * 1200 + "元",
    "wan_run": "万" * 5000,
    "ten_run": "十" * 5000,
    "cn_digits": "一二三四五六七八九十百千万" * 400,
    "numeral_then_unit_far": "1" * 2500 + " " * 2400 + "个月",
    "alternating_w": "1w" * 2500,
    "dots": "1." * 2500,
    "mixed_scripts": ("萬貳千 wage 七万三 ١٢٣ ｗ１２ 多 " * 200)[:5000],
    "spaces_between": " ".join("1" * 2500),
    "month_ranges": "3月到6月" * 900,
    "titles": "包工头叫" * 1250,
    "companies": "公司" * 2500,
    "phones": "13812345678" * 450,
}


def seeded_inputs(count: int = 60, seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    inputs = []
    for _ in range(count):
        length = rng.choice([50, 300, 800, 2000, 5000])
        text = ""
        while len(text) < length:
            piece = rng.choice(PIECES)
            text += piece * (rng.randint(1, 40) if rng.random() < 0.3 else 1)
        inputs.append(text[:length])
    return inputs


INPUTS = list(ADVERSARIAL.values()) + seeded_inputs()
IDS = list(ADVERSARIAL) + [f"seeded{i}" for i in range(len(INPUTS) - len(ADVERSARIAL))]

CALLS = {
    "extract": lambda text: extract(text),
    "fill_from_message": lambda text: fill_from_message(text),
    "find_employer": lambda text: find_employer(text),
    "find_period": lambda text: find_period(text),
    "parse_location": lambda text: parse_location(text[:1000]),  # callers pass at most what the gateway sends
    "find_phone": lambda text: find_phone(text),
    "parse_number": lambda text: parse_number(text),
    "parse_amount": lambda text: parse_amount(text),
    "parse_count": lambda text: parse_count(text),
    "parse_months": lambda text: parse_months(text),
    "answer_amount": lambda text: parse_answer("amount", text),
    "answer_months": lambda text: parse_answer("months", text),
}


@pytest.fixture(scope="module", autouse=True)
def warm_up():
    extract("预热 北京大兴 包工头赵大海欠了七万三")  # cpca, cn2an and jieba load their tables once


@pytest.mark.parametrize("text", INPUTS, ids=IDS)
def test_every_parser_answers_quickly_or_says_it_did_not_understand(text):
    for name, call in CALLS.items():
        started = time.perf_counter()
        try:
            call(text)
        except (NumberNotUnderstood, AnswerNotUnderstood):
            pass  # a named "not understood" is a fine answer to garbage; anything else fails the test
        elapsed = time.perf_counter() - started
        assert elapsed < BOUND_SECONDS, f"{name} took {elapsed:.2f}s on {text[:40]!r}… ({len(text)} chars)"


@pytest.mark.parametrize(
    "answer", ["工资" + "1" * 1200, "1" * 1000, "9999999999999元", "一二三四五六七八九十百千万" * 30]
)
def test_a_number_too_long_or_too_large_is_a_named_error(answer):
    with pytest.raises(NumberTooLong):
        parse_amount(answer)
    with pytest.raises(AnswerNotUnderstood) as caught:
        parse_answer("amount", answer)
    assert caught.value.too_long



def test_long_real_story_still_yields_its_facts_at_both_ends():
    story = (
        "我们是河南周口的，去年10月到今年1月在郑州金水区跟着一个叫赵德明的包工头干钢筋，一共十二个钢筋工，"
        "说好的一天三百五，结果一共欠我们十三万六。"
        + "我们天天去项目部找，项目部说钱早就拨给包工头了，包工头说总包没结账，两边踢皮球。" * 25
        + "马上过年了孩子学费都交不上，求求你们帮帮我们，我电话13937120058"
    )
    assert len(story) > 1000
    result = extract(story)
    assert result.amount.value == 136000
    assert result.workers_count.value == 12
    assert result.phone.number == "13937120058"
    assert result.location.label == "河南省郑州市金水区"
