"""The last step of NLU names the intent by what the dialogue does with the message (nlu/components/sorting.py).

The component runs in the Rasa environment (.venv-rasa) as a subprocess, given what DIET and the fallback might have
said; the rules it mirrors are read here from nlu/data/rules."""

from __future__ import annotations

import json

import yaml

from tests.stack import ROOT, run_in_rasa_env

SCRIPT = r"""
import json, sys
from rasa.shared.nlu.training_data.message import Message
from nlu.components.sorting import SORTED_INTENTS, OpeningSorter

sorter = OpeningSorter()
out = []
for text, intent in json.loads(sys.argv[1]):
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.42},
                            "intent_ranking": [{"name": intent, "confidence": 0.42},
                                               {"name": "greet", "confidence": 0.3}]})
    sorter.process([message])
    out.append({"intent": message.get("intent"), "ranking": message.get("intent_ranking"),
                "sorted_from": message.get("sorted_from"), "output": sorted(message.output_properties)})
print(json.dumps({"sorted": sorted(SORTED_INTENTS), "messages": out}, ensure_ascii=False))
"""


def _sort(pairs: list[tuple[str, str]]) -> dict:
    return run_in_rasa_env(SCRIPT, json.dumps(pairs, ensure_ascii=False))


CASES = [
    # a whole complaint DIET did not understand, or took for a bare answer or a greeting, is a complaint
    ("俺们十二个人在郑州金水区给人装修 包工头欠了八万多 跑了", "nlu_fallback", "report_arrears"),
    ("我们七个 四个月 五万多", "inform", "report_arrears"),
    ("你好 我们厂欠了我们三十多个人两个月工资 一共二十万", "greet", "report_arrears"),
    # a whole story (how many, when, how much) DIET was unsure of is a complaint even when it closes with a rule
    # question: the form answers the question first; a shorter story closing with one is answered
    ("我们十二个人 干了四个月 一共欠三十六万 工头跑了 总包该不该管", "nlu_fallback", "report_arrears"),
    ("包工头欠我们十个人八万块跑了 总包要不要负责", "nlu_fallback", "ask_policy"),
    # DIET unsure, the message plainly asks a question: a rights question (answered, or told no article fits)
    ("厂子倒闭了 有没有补偿", "nlu_fallback", "ask_policy"),
    ("合同那个事", "nlu_fallback", "nlu_fallback"),
    # DIET unsure, and a question about nothing to do with work: off topic (the polite boundary)
    ("你会看手相吗", "nlu_fallback", "out_of_scope"),
    # a rule question in a complaint's words is a rule question
    ("老板拖了两个月工资，我辞职能要经济补偿吗？", "report_arrears", "ask_policy"),
    # a fact told alone, DIET's complaint words notwithstanding, is a bare answer: the worker is asked what they want
    ("在惠州惠阳区淡水镇", "report_arrears", "inform"),
    ("带我们的工头叫石建华", "report_arrears", "inform"),
    ("我是干防水的 就在工地上", "report_arrears", "inform"),  # nothing of a complaint in it: asked, not forced
    ("Guangzhou, Baiyun district", "nlu_fallback", "inform"),
    # a "calculation" that names nothing to work out asks a rule
    ("干了半年没签合同 能要双倍工资吗", "calculate_wages", "ask_policy"),
    # figures and a sum asked, DIET unsure: the calculator's
    ("一天两百八 干了四十来天 咋个算嘛", "inform", "calculate_wages"),
    # another matter of life, whatever DIET heard in it; and something to write that is no paper of ours
    ("后天西安下不下雨 要浇楼板", "ask_hotline", "out_of_scope"),
    ("哪个网贷利息低", "ask_policy", "out_of_scope"),
    ("帮我写首歌给我女朋友", "request_documents", "out_of_scope"),
    ("帮我写个仲裁申请书", "request_documents", "request_documents"),
    # what the sorting leaves alone keeps DIET's intent
    ("帮我算一下 一天三百 干了二十六天", "calculate_wages", "calculate_wages"),
    ("你好", "greet", "greet"),
    ("查一下我的案子进度", "check_status", "check_status"),
    # never sorted: a button's payload, and the intents that ask for something else (status, cancel, a person)
    ('/report_arrears', "report_arrears", "report_arrears"),
    ("我们八个人被欠了三万 不投诉了", "cancel", "cancel"),
]


def test_the_intent_says_what_the_dialogue_does_and_keeps_the_classifiers_guess() -> None:
    result = _sort([(text, intent) for text, intent, _ in CASES])
    for (text, before, expected), got in zip(CASES, result["messages"]):
        assert got["intent"]["name"] == expected, text
        if expected == before:
            assert got["sorted_from"] is None and got["intent"]["confidence"] == 0.42, text
        else:
            # DIET's guess stays in the parse data (the actions sort from it), the new intent leads the ranking
            assert got["sorted_from"] == {"name": before, "confidence": 0.42}, text
            assert got["ranking"][0] == {"name": expected, "confidence": 1.0}, text
            assert [e["name"] for e in got["ranking"]].count(expected) == 1, text
            assert {"intent", "intent_ranking", "sorted_from"} <= set(got["output"]), text


def _rule_intents(first_actions: set[str]) -> set[str]:
    """Intents whose rules send a typed message straight to one of ``first_actions``."""
    found: set[str] = set()
    for path in (ROOT / "nlu" / "data" / "rules").glob("*.yml"):
        for rule in yaml.safe_load(path.read_text())["rules"]:
            steps = rule["steps"]
            for first, second in zip(steps, steps[1:]):
                if second.get("action") in first_actions:
                    alternatives = first.get("or") or [first]
                    found |= {step["intent"] for step in alternatives if "intent" in step}
    return found


def test_it_sorts_exactly_the_intents_the_dialogue_sorts() -> None:
    dialogue_sorts = _rule_intents({"action_answer_question", "action_sort_message"})
    assert dialogue_sorts, "no rule sends a message to the sorting actions: the rule files moved"
    assert set(_sort([])["sorted"]) == dialogue_sorts


# Numbers written every way: Python 3.10 (Rasa) has no possessive quantifier, so cases.numbers' numeral run is greedy
# there; the parsers must still read these the same way in both environments.
NUMBER_TEXTS = [
    "俺们十二个人在郑州金水区干了四个多月 包工头欠了八万多",
    "7.3万 二十多号人 去年10月到今年1月",
    "一天三百五 干了俩月零十天 一共欠两万一千五百块",
    "工钱1万5 加班费3k 拖了半年",
    "我们班组十来个人 欠了一百二十万左右 工期从3月到8月",
    "2w5 十五个工人 三个半月",
    "1" * 400 + "个月",
]


def test_the_parsers_read_numbers_alike_in_the_rasa_environment() -> None:
    script = ("import json, sys\nfrom cases.extract import extract\n"
              "print(json.dumps([repr(extract(t).as_fields()) for t in json.loads(sys.argv[1])], ensure_ascii=False))")
    in_rasa = run_in_rasa_env(script, json.dumps(NUMBER_TEXTS, ensure_ascii=False))
    from cases.extract import extract

    assert in_rasa == [repr(extract(t).as_fields()) for t in NUMBER_TEXTS]
