"""What the bot says about the law, checked statement by statement against the article it cites (issue 14).

Each row: a card says something (`says`), cites an article, and that article's official text in ../shared/corpus
holds the rule (`law_says`). Then the texts that were wrong once are checked for the wrong wording.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from bot.web.app import create_app
from cases.notifications import render
from cases.workflow import REJECTED
from core.settings import settings as current_settings
from knowledge.cards import load_cards
from tests.legal_corpus import REPO, article_text

T = "保障农民工工资支付条例"
ZC = "劳动争议调解仲裁法"
HT = "劳动合同法"
FY = "法律援助法"
J1 = "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）"
J2 = "最高人民法院关于审理劳动争议案件适用法律问题的解释（二）"
JX = "最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释"

CARDS = {card.id: card for card in load_cards()}

# (card, what the card says, document, article, what that article says)
BACKED = [
    # stop 33: cards that answer "is it legal" state the rule they answer with, beside its penalty or remedy
    ("wage-form-penalties", "不能用实物、有价证券代替", T, "第十一条", "不得以实物或者有价证券等其他形式替代"),
    ("dispatch-return-and-quit", "按当地最低工资标准按月", HT, "第五十八条", "在无工作期间，劳务派遣单位应当按照所在地人民政府规定的最低工资标准"),
    ("no-contract-over-one-year", "最晚从用工起一个月内签", HT, "第十条", "应当自用工之日起一个月内订立书面劳动合同"),
    ("no-contract-over-one-year", "才可以只口头约定", HT, "第六十九条", "非全日制用工双方当事人可以订立口头协议"),
    ("no-contract-over-one-year", "平均每天不超过四小时", HT, "第六十八条", "一般平均每日工作时间不超过四小时"),
    ("no-contract-inspection", "投诉或举报", "劳动保障监察条例", "第九条", "有权向劳动保障行政部门投诉"),
    ("what-counts-as-unjustified-delay", "至少每月发一次", "工资支付暂行规定", "第七条", "工资至少每月支付一次"),
    ("arbitration-time-limit", "二倍工资", ZC, "第二十七条", "劳动关系存续期间因拖欠劳动报酬发生争议的"),
    ("no-contract-double-wage", "时效是一年", ZC, "第二十七条", "时效期间为一年"),
    ("no-contract-double-wage", "满一年的前一日", "劳动合同法实施条例", "第七条", "至满一年的前一日"),
    ("minimum-wage", "特殊条件下的津贴", "最低工资规定", "第十二条", "在剔除下列各项以后"),
    ("minimum-wage", "1至5倍", "最低工资规定", "第十三条", "1至5倍"),
    ("payment-order", "要先申请劳动仲裁", J1, "第十三条", "告知其先向劳动争议仲裁机构申请仲裁"),
    ("payment-order", "依据调解协议直接起诉", J1, "第十三条", "依据调解协议直接提起诉讼的，人民法院应予受理"),
    ("lawful-claims-only", "十人以上有共同请求的，可以推举代表", ZC, "第七条", "十人以上，并有共同请求的，可以推举代表参加调解、仲裁或者诉讼"),
    ("lawful-claims-only", "每个人都有权投诉", T, "第十条", "有权依法投诉"),
    ("crime-refusing-to-pay", "应当移送公安机关", T, "第四十一条", "涉嫌构成拒不支付劳动报酬罪的，应当按照有关规定及时移送公安机关"),
    ("crime-refusing-to-pay", "“数额较大”", JX, "第三条", "数额较大"),
    ("crime-refusing-to-pay", "限期整改指令书", JX, "第四条", "限期整改指令书"),
    ("crime-refusing-to-pay", "在提起公诉前付清工资", "刑法", "第二百七十六条之一", "在提起公诉前支付劳动者的劳动报酬"),
    ("employer-closed-or-merged", "书面协商一致", T, "第二十一条", "经与农民工书面协商一致的，可以由合并或者分立后承继"),
    ("threats-violence-110", "使用暴力或者暴力威胁", JX, "第五条", "对要求支付劳动报酬的劳动者使用暴力或者进行暴力威胁的"),
    ("where-to-go", "向法律援助机构申请法律援助", FY, "第三十八条", "法律援助机构提出申请"),
    ("where-to-go", "免予核查经济困难状况", FY, "第四十二条", "申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员"),
    ("where-to-go", "仲裁不收费", ZC, "第五十三条", "劳动争议仲裁不收费"),
    ("where-to-go", "有工资欠条", J1, "第十五条", "工资欠条"),
    ("arbitration-free", "免予核查经济困难状况", FY, "第四十二条", "免予核查经济困难状况"),
    ("legal-aid-who", "向法律援助机构申请法律援助", FY, "第三十一条", "可以向法律援助机构申请法律援助"),
    ("resign-for-unpaid-wages", "依法单位要支付经济补偿", HT, "第四十六条", "依照本法第三十八条规定解除劳动合同的"),
    ("resign-for-unpaid-wages", "不用像普通辞职那样提前30天", HT, "第三十七条", "提前三十日以书面形式通知"),
    ("wage-deposit", "具体办法", T, "第三十二条", "具体办法，由国务院人力资源社会保障行政部门会同有关部门制定"),
    ("wage-deposit", "依法及时处理", T, "第十条", "依法及时处理"),
    ("national-clue-platform", "电话、网站等渠道", T, "第十条", "应当公开举报投诉电话、网站等渠道"),
    ("deductions", "押金", HT, "第九条", "以其他名义向劳动者收取财物"),
    ("deductions", "500元以上2000元以下罚款", HT, "第八十四条", "五百元以上二千元以下"),
    ("payment-form-and-cycle", "至少每月发一次", "劳动法", "第五十条", "按月支付"),
    ("payment-form-and-cycle", "至少每月发一次", "工资支付暂行规定", "第七条", "工资至少每月支付一次"),
    ("payment-form-and-cycle", "不得超过1个月", T, "第二十四条", "人工费用拨付周期不得超过1个月"),
    ("arbitration-final-award", "30日内向仲裁委所在地的中级法院申请撤销", ZC, "第四十九条", "三十日内向劳动争议仲裁委员会所在地的中级人民法院申请撤销裁决"),
    ("unlicensed-subcontractor-employer-liability", "承担用工主体责任", J2, "第一条", "请求确认承包人为承担用工主体责任单位"),
    ("unlicensed-subcontractor-employer-liability", "连带赔偿责任", HT, "第九十四条", "承担连带赔偿责任"),
    ("unlicensed-subcontractor-employer-liability", "承包方和发包方都列为当事人", J1, "第二十八条", "应当将承包方和发包方作为当事人"),
    ("guakao-employer-liability", "被挂靠单位是承担用工主体责任的单位", J2, "第二条", "请求确认被挂靠单位为承担用工主体责任单位"),
    ("guakao-employer-liability", "出借执照的一方都列为当事人", J1, "第三十条", "营业执照出借方列为当事人"),
    ("boss-ran-away", "承担用工主体责任", J2, "第一条", "承担用工主体责任单位"),
    ("illegal-subcontracting", "被挂靠单位承担用工主体责任", J2, "第二条", "被挂靠单位为承担用工主体责任单位"),
]


@pytest.mark.parametrize("card_id, says, document, article, law_says", BACKED,
                         ids=[f"{row[0]}:{row[1][:12]}" for row in BACKED])
def test_a_card_statement_is_backed_by_the_article_it_cites(card_id, says, document, article, law_says):
    card = CARDS[card_id]
    assert says in card.answer, f"{card_id} no longer says {says!r}"
    assert (document, article) in [(c.document, c.article) for c in card.citations], \
        f"{card_id} says {says!r} but does not cite 《{document}》{article}"
    assert law_says in article_text(document, article), f"《{document}》{article} does not say {law_says!r}"


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。；]", text) if s]


def test_the_crime_card_says_police_referral_only_when_a_crime_is_suspected():
    answer = CARDS["crime-refusing-to-pay"].answer
    referrals = [s for s in _sentences(answer) if "移送" in s]
    assert referrals and all("涉嫌" in s for s in referrals)
    assert "人社部门会移送公安机关" not in answer


def test_the_double_wage_time_limit_is_told_wherever_double_wages_are_explained():
    for card_id in ("no-contract-double-wage", "arbitration-time-limit"):
        answer = CARDS[card_id].answer
        assert "二倍工资" in answer and "一年" in answer and "尽早申请" in answer, card_id
    # and the card no longer says, unqualified, that wages owed while employed are never time-barred
    answer = CARDS["arbitration-time-limit"].answer
    assert "只说劳动报酬" in answer


def test_the_minimum_wage_card_does_not_compare_take_home_pay():
    answer = CARDS["minimum-wage"].answer
    assert "实发工资不能低于" not in answer and "不是拿到手的钱" in answer
    assert "社保" in answer and "公积金" in answer
    # 第十二条 excludes three items and none of them is the worker's own social insurance
    items = re.findall(r"（[一二三]）", article_text("最低工资规定", "第十二条"))
    assert len(items) == 3 and "社会保险" not in article_text("最低工资规定", "第十二条")


def test_resigning_over_unpaid_wages_promises_compensation_only_as_a_rule_of_thumb():
    card = CARDS["resign-for-unpaid-wages"]
    assert "一般可以" in card.title and "一般可以" in card.answer
    assert "这种情况下单位还要支付经济补偿" not in card.answer


def test_the_clue_platform_card_does_not_attribute_the_platform_to_the_regulation():
    answer = CARDS["national-clue-platform"].answer
    assert "法规里没有写它的名字" in answer


def test_collective_complaints_are_not_pinned_on_the_representatives_article():
    answer = CARDS["lawful-claims-only"].answer
    representative = next(s for s in _sentences(answer) if "推举代表" in s)
    assert "仲裁" in representative and "十人以上" in representative


def test_the_interpretation_two_cards_are_linked_from_the_construction_cards():
    for card_id in ("boss-ran-away", "illegal-subcontracting"):
        assert {"unlicensed-subcontractor-employer-liability", "guakao-employer-liability"} <= set(CARDS[card_id].related)


def _reply_texts() -> list[tuple[str, str]]:
    texts = [(f"card {c.id}", c.answer) for c in CARDS.values()]
    for path in sorted((REPO / "nlu" / "domain").glob("*.yml")):
        for name, variants in ((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}).items():
            texts += [(f"{path.name} {name}", v["text"]) for v in variants or [] if v.get("text")]
    case = {"id": 1, "case_number": "HX-2026-000001", "chat_key": "web:x"}
    texts.append(("rejected notification", render(case, REJECTED, "已超过两年时效")[0]))
    return texts


def test_no_reply_sends_a_worker_to_12348_to_apply_for_legal_aid():
    # 12348 is a consultation line; the application goes to a 法律援助机构 (法律援助法 第三十八条).
    wrong = [where for where, text in _reply_texts() if re.search(r"(拨打?|打)\s*12348\s*(申请|办理)", text)]
    assert not wrong, wrong


@pytest.mark.parametrize("source", ["rejected notification", "core.yml utter_ask_legal_aid", "card where-to-go"])
def test_legal_aid_texts_name_the_legal_aid_agency_and_the_means_test_exemption(source):
    text = dict(_reply_texts())[source]
    assert "法律援助机构" in text and "免予核查经济困难" in text and "12348" in text


def test_the_chat_page_gives_110_for_danger_and_12333_as_the_labour_hotline(tmp_path: Path):
    settings = replace(current_settings(), data_dir=tmp_path, db_override=tmp_path / "huxin.db",
                       rasa_url="http://127.0.0.1:9")
    with TestClient(create_app(settings)) as client:
        page = client.get("/").text
    header = page[page.index("<header>"):page.index("</header>")]
    assert "急事请拨 12333" not in header
    assert re.search(r"危险[^<]*110", header) and "人社热线 12333" in header
