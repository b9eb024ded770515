"""Issue 14, documents: several respondents with roles, facts and grounds per 请求事项, the worker's 工作单位,
attachments, and a 此致 line that is a routed office name or a blank — read back from the DOCX and PDF files."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from cases import open_db
from cases.location import parse_location
from cases.routing import load_offices, route
from claims.calculator import EconomicCompensation, NoWrittenContract, UnpaidWages, Wage, calculate
from claims.documents import (
    BLANK,
    ClaimFacts,
    DocumentError,
    DocumentFormat,
    DocumentKind,
    Respondent,
    RespondentRole,
    compose,
    generate,
)
from claims.from_case import claim_facts_from_case, is_organisation

ESTIMATE = calculate(
    UnpaidWages(Wage.daily(300), Decimal(20)),
    NoWrittenContract(Wage.monthly(6525), Decimal(5)),
    EconomicCompensation(Wage.daily(300), Decimal(8), days_per_month=Decimal(26)),
)
FOREMAN_AND_CONTRACTOR = ClaimFacts(
    worker_name="张三",
    worker_phone="13812345678",
    location="北京市大兴区",
    project="幸福花园二期",
    period="2024年3月至2024年10月",
    estimate=ESTIMATE,
    respondents=(
        Respondent(name="王某某", role=RespondentRole.FOREMAN, id_number="510102198001011234", phone="13900001111"),
        Respondent(name="某某建设集团有限公司", role="总包", credit_code="91110000MA0000000X",
                   address="北京市大兴区某某路1号"),
    ),
    started_on="2024年3月1日",
    written_contract=False,
    ended_on="2024年10月31日",
    end_reason="被申请人拖欠工资",
)


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", "", "\n".join(page.extract_text() for page in PdfReader(str(path)).pages))


@pytest.fixture(scope="module")
def routed_office(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("db") / "cases.db")
    load_offices(db)
    office = route(db, parse_location("北京市大兴区"))
    db.close()
    return office


@pytest.fixture(scope="module")
def written(tmp_path_factory, routed_office):
    facts = ClaimFacts(**{**FOREMAN_AND_CONTRACTOR.__dict__, "inspection_office": routed_office.name})
    files = generate(facts, tmp_path_factory.mktemp("documents"))
    return {(d.kind, d.format): d for d in files}


def test_two_respondents_with_roles_and_identifiers_in_docx_and_pdf(written):
    arbitration = docx_text(written[(DocumentKind.ARBITRATION_APPLICATION, DocumentFormat.DOCX)].path)
    assert "被申请人一：王某某（包工头个人）" in arbitration
    assert "身份证号码：510102198001011234" in arbitration
    assert "被申请人二：某某建设集团有限公司（总包）" in arbitration
    assert "统一社会信用代码：91110000MA0000000X" in arbitration
    assert f"被申请人一：王某某（包工头个人）\n身份证号码：510102198001011234\n住址：{BLANK}" in arbitration
    requests = arbitration[arbitration.index("请求事项"):arbitration.index("事实与理由")]
    assert "1. 裁决被申请人一支付申请人拖欠工资" in requests
    assert "4. 裁决被申请人二（总包）对上述第1至3项款项承担清偿责任。" in requests
    assert "本申请书副本2份（按被申请人人数）" in arbitration
    pdf = pdf_text(written[(DocumentKind.ARBITRATION_APPLICATION, DocumentFormat.PDF)].path)
    for text in ("被申请人二：某某建设集团有限公司（总包）", "91110000MA0000000X", "承担清偿责任"):
        assert text in pdf
    complaint = docx_text(written[(DocumentKind.LABOUR_INSPECTION_COMPLAINT, DocumentFormat.DOCX)].path)
    assert "被投诉人二：某某建设集团有限公司（总包）" in complaint
    assert "依法查处被投诉人一、被投诉人二拖欠工资的违法行为" in complaint


def test_each_request_has_its_facts_and_legal_basis(written):
    arbitration = docx_text(written[(DocumentKind.ARBITRATION_APPLICATION, DocumentFormat.DOCX)].path)
    grounds = arbitration[arbitration.index("事实与理由"):arbitration.index("此致")]
    # 二倍工资: the start date and the missing written contract, with the law.
    assert "申请人自2024年3月1日起为被申请人一工作，被申请人一一直未与申请人订立书面劳动合同" in grounds
    assert "《劳动合同法》第十条、《劳动合同法》第八十二条、《劳动合同法实施条例》第七条" in grounds
    # 经济补偿: when and why the job ended.
    assert "申请人于2024年10月31日因被申请人拖欠工资与被申请人一解除劳动合同" in grounds
    assert "《劳动合同法》第三十八条、《劳动合同法》第四十六条" in grounds
    # Why the 总包 answers, with the articles.
    assert "被申请人二某某建设集团有限公司（总包）是该工程的施工总承包单位" in grounds
    assert "《保障农民工工资支付条例》第三十六条" in grounds
    assert "《最高人民法院关于审理劳动争议案件适用法律问题的解释（二）》第一条" in grounds
    assert "被申请人一王某某（包工头个人）" in grounds


def test_missing_facts_behind_a_request_are_left_blank_and_named(tmp_path):
    facts = ClaimFacts(worker_name="李四", employer="某某劳务公司", estimate=ESTIMATE)
    document = compose(DocumentKind.ARBITRATION_APPLICATION, facts)
    assert f"申请人自{BLANK}起为被申请人工作" in document.text
    assert f"申请人于{BLANK}因{BLANK}与被申请人解除劳动合同" in document.text
    for name in ("开始干活（用工）日期", "未签书面合同的情况", "离职（解除合同）日期", "离职原因"):
        assert name in document.blanks


def test_agency_line_is_the_routed_office_or_a_blank(written, routed_office, tmp_path):
    assert routed_office.name == "北京市大兴区人力资源和社会保障局 劳动保障监察队"
    complaint = docx_text(written[(DocumentKind.LABOUR_INSPECTION_COMPLAINT, DocumentFormat.DOCX)].path)
    assert f"此致\n{routed_office.name}\n" in complaint
    assert routed_office.name.replace(" ", "") in pdf_text(
        written[(DocumentKind.LABOUR_INSPECTION_COMPLAINT, DocumentFormat.PDF)].path)
    # No arbitration committee in the routing table: blank for the worker, never built from 北京市大兴区.
    arbitration = docx_text(written[(DocumentKind.ARBITRATION_APPLICATION, DocumentFormat.DOCX)].path)
    assert f"此致\n{BLANK}劳动人事争议仲裁委员会\n" in arbitration
    assert "北京市大兴区劳动人事争议仲裁委员会" not in arbitration
    # Without a routed office the complaint's line is blank too.
    unrouted = docx_text(generate(FOREMAN_AND_CONTRACTOR, tmp_path, formats=[DocumentFormat.DOCX])[0].path)
    assert f"此致\n{BLANK}（用工所在地的劳动保障监察机构）\n" in unrouted
    assert "北京市大兴区人力资源和社会保障局" not in unrouted


def test_worker_workplace_and_attachments(written):
    complaint = docx_text(written[(DocumentKind.LABOUR_INSPECTION_COMPLAINT, DocumentFormat.DOCX)].path)
    attached = complaint[complaint.index("附件"):]
    assert "1. 投诉人身份证复印件1份" in attached and "证据材料" in attached


def test_case_with_a_foreman_and_a_general_contractor(routed_office, tmp_path):
    case = {"worker_name": "赵六", "employer": "老王", "general_contractor": "某某建工集团", "project": "幸福花园",
            "location": "北京市大兴区", "amount": 8000}
    facts = claim_facts_from_case(case, office=routed_office)
    assert [(r.name, r.role) for r in facts.respondents] == [
        ("老王", RespondentRole.FOREMAN), ("某某建工集团", RespondentRole.GENERAL_CONTRACTOR)]
    assert facts.worker_workplace == "老王（幸福花园项目）"
    assert facts.inspection_office == routed_office.name
    text = compose(DocumentKind.LABOUR_INSPECTION_COMPLAINT, facts).text
    assert "工作单位：老王（幸福花园项目）" in text
    assert "1. 依法责令被投诉人一支付投诉人拖欠工资人民币8000.00元" in text
    assert "2. 依法责令被投诉人二（总包）对上述第1项款项承担清偿责任" in text
    # A company employer stays the one 用人单位; explicit respondents from JSON keep their roles.
    assert claim_facts_from_case({"employer": "某某劳务有限公司"}).parties[0].role is RespondentRole.EMPLOYER
    listed = claim_facts_from_case({"respondents": '[{"name": "某某置业", "role": "发包方"}, {"name": "甲", "role": "被挂靠单位"}]'})
    assert [r.role for r in listed.respondents] == [RespondentRole.PRINCIPAL, RespondentRole.HOST_UNIT]


def test_unknown_role_is_a_named_error():
    with pytest.raises(DocumentError, match="不认识的被申请人身份"):
        Respondent(name="某某", role="老板的朋友")


@pytest.mark.parametrize("name, expected", [("某某建筑劳务有限公司", True), ("某某装修队", True), ("老王", False),
                                            ("张三", False), ("王工头", False),
                                            # the owner the extractor names beside a shop or company (cases.extract)
                                            ("永泰鞋业厂（老板林国富）", True), ("王老板（王建国）", False)])
def test_person_or_organisation(name, expected):
    assert is_organisation(name) is expected


def test_the_owner_named_beside_a_company_is_its_representative_on_paper():
    facts = claim_facts_from_case({"employer": "永泰鞋业厂（老板林国富）", "amount": 9000})
    assert facts.employer == "永泰鞋业厂" and facts.employer_representative == "林国富"
    # one known only as 黄老板 is no name for a document; a person's full name stays with the person
    assert claim_facts_from_case({"employer": "星光五金厂（黄老板）"}).employer_representative is None
    assert claim_facts_from_case({"employer": "王老板（王建国）"}).employer == "王老板（王建国）"
