"""The legal provisions the calculator and the documents cite.

Every provision here was checked against the official texts in /work/shared/corpus (SOURCES.md), except the
21.75-day conversion notice, which is not in the corpus and is marked `in_corpus=False` so replies can say so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LegalBasis:
    """One cited provision: document short name and article, e.g. 《劳动合同法》第八十二条.

    `document` is the short name ../shared/corpus/SOURCES.md uses (so tests can find the article); `title` is how
    papers name it when the short name is ours, not an official one (the judicial interpretations).
    """

    document: str
    article: str
    in_corpus: bool = True
    title: str | None = None

    def __str__(self) -> str:
        return f"《{self.title or self.document}》{self.article}"


# Wages must be paid in full and on time.
LABOUR_LAW_50 = LegalBasis("劳动法", "第五十条")
CONTRACT_LAW_30 = LegalBasis("劳动合同法", "第三十条")
# The eight-hour day that turns a daily wage into an hourly one.
LABOUR_LAW_36 = LegalBasis("劳动法", "第三十六条")
# Double wages for no written contract: from the second month, up to the day before the first anniversary.
CONTRACT_LAW_82 = LegalBasis("劳动合同法", "第八十二条")
CONTRACT_REGULATION_7 = LegalBasis("劳动合同法实施条例", "第七条")
# Overtime rates.
LABOUR_LAW_44 = LegalBasis("劳动法", "第四十四条")
WAGE_PAYMENT_RULES_13 = LegalBasis("工资支付暂行规定", "第十三条")
# Economic compensation: when it is due, how much, and the monthly wage it is based on.
CONTRACT_LAW_38 = LegalBasis("劳动合同法", "第三十八条")
CONTRACT_LAW_46 = LegalBasis("劳动合同法", "第四十六条")
CONTRACT_LAW_47 = LegalBasis("劳动合同法", "第四十七条")
CONTRACT_REGULATION_27 = LegalBasis("劳动合同法实施条例", "第二十七条")
# Minimum wage.
LABOUR_LAW_48 = LegalBasis("劳动法", "第四十八条")
MINIMUM_WAGE_RULES_12 = LegalBasis("最低工资规定", "第十二条")
CONTRACT_LAW_85 = LegalBasis("劳动合同法", "第八十五条")
# Written contract required (the fact behind 二倍工资); the grounds for resigning over unpaid wages.
CONTRACT_LAW_10 = LegalBasis("劳动合同法", "第十条")
# Who else answers for the wages when the boss is a person or an unlicensed outfit (documents' respondents).
CONTRACT_LAW_94 = LegalBasis("劳动合同法", "第九十四条")
MIGRANT_WAGE_REGULATION_36 = LegalBasis("保障农民工工资支付条例", "第三十六条")
_INTERPRETATION_ONE = "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）"
_INTERPRETATION_TWO = "最高人民法院关于审理劳动争议案件适用法律问题的解释（二）"
DISPUTE_INTERPRETATION_ONE_28 = LegalBasis("劳动争议解释一", "第二十八条", title=_INTERPRETATION_ONE)
DISPUTE_INTERPRETATION_ONE_29 = LegalBasis("劳动争议解释一", "第二十九条", title=_INTERPRETATION_ONE)
DISPUTE_INTERPRETATION_ONE_30 = LegalBasis("劳动争议解释一", "第三十条", title=_INTERPRETATION_ONE)
DISPUTE_INTERPRETATION_TWO_1 = LegalBasis("劳动争议解释二", "第一条", title=_INTERPRETATION_TWO)
DISPUTE_INTERPRETATION_TWO_2 = LegalBasis("劳动争议解释二", "第二条", title=_INTERPRETATION_TWO)
# Daily/hourly wage = monthly wage / 21.75 (/ 8). Not in /work/shared/corpus.
WAGE_CONVERSION_NOTICE = LegalBasis(
    "关于职工全年月平均工作时间和工资折算问题的通知（劳社部发〔2008〕3号）", "第二项", in_corpus=False
)
# Where to complain and where to apply for arbitration.
LABOUR_INSPECTION_9 = LegalBasis("劳动保障监察条例", "第九条")
ARBITRATION_LAW_2 = LegalBasis("劳动争议调解仲裁法", "第二条")
ARBITRATION_LAW_21 = LegalBasis("劳动争议调解仲裁法", "第二十一条")
ARBITRATION_LAW_27 = LegalBasis("劳动争议调解仲裁法", "第二十七条")
ARBITRATION_LAW_28 = LegalBasis("劳动争议调解仲裁法", "第二十八条")
MIGRANT_WAGE_REGULATION_3 = LegalBasis("保障农民工工资支付条例", "第三条")
