"""Every article the claims package can put in front of a worker — calculator steps and notes, document grounds,
the minimum-wage note — exists in ../shared/corpus (issue 14). Skips loudly when the corpus is not there."""

from __future__ import annotations

import re
from decimal import Decimal

from claims.calculator import (
    EconomicCompensation,
    NoWrittenContract,
    Overtime,
    UnpaidWages,
    Wage,
    calculate,
)
from claims.documents import ClaimFacts, DocumentKind, Respondent, RespondentRole, compose
from claims.explain import format_estimate
from tests.legal_corpus import corpus, document_title

D = Decimal
NUMERAL = "[一二三四五六七八九十百零]+"
CITATION = re.compile(rf"《([^》]+)》((?:第{NUMERAL}条(?:第{NUMERAL}款)?(?:[、和及]|(?=[^第])|$))+)")
NOT_IN_CORPUS = "关于职工全年月平均工作时间和工资折算问题的通知"


def everything_said() -> str:
    estimate = calculate(
        UnpaidWages(Wage.monthly(2000), D(3), minimum_monthly_wage=D(2360), place="深圳"),
        NoWrittenContract(Wage.monthly(5000), D(14)),
        Overtime(Wage.daily(300), weekday_hours=D(10), rest_day_hours=D(8), holiday_hours=D(8)),
        EconomicCompensation(Wage.daily(300), D(30), local_average_monthly_wage=D(2000)),
        EconomicCompensation(Wage.monthly(2000), D(30), minimum_monthly_wage=D(2360)),
    )
    facts = ClaimFacts(
        worker_name="张三", estimate=estimate,
        respondents=tuple(Respondent(name=f"某{role.value}", role=role) for role in RespondentRole),
    )
    texts = [format_estimate(estimate)]
    texts += [compose(kind, facts).text for kind in DocumentKind]
    return "\n".join(texts)


def test_every_cited_article_exists_in_the_corpus():
    documents = corpus()
    said = everything_said()
    found = CITATION.findall(said)
    assert len(found) > 15
    cited_documents = set()
    for document, articles in found:
        if document.startswith(NOT_IN_CORPUS):
            continue
        title = document_title(document)
        assert title in documents, f"《{document}》 is cited but is not in ../shared/corpus"
        for article in re.findall(rf"第{NUMERAL}条", articles):
            assert article in documents[title], f"《{document}》{article} not found in the corpus"
        cited_documents.add(document)
    # The respondents' grounds reach the two judicial interpretations, by their full titles.
    assert "最高人民法院关于审理劳动争议案件适用法律问题的解释（二）" in cited_documents
    assert "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）" in cited_documents
