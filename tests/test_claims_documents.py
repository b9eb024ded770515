"""Complaint and arbitration documents: generated as real DOCX and PDF files, read back, fields checked."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from claims.calculator import NoWrittenContract, Overtime, UnpaidWages, Wage, calculate
from claims.documents import (
    BLANK,
    ClaimFacts,
    DocumentError,
    DocumentFormat,
    DocumentKind,
    compose,
    generate,
)
from claims.from_case import claim_facts_from_case

ESTIMATE = calculate(
    UnpaidWages(Wage.daily(300), Decimal(20)),
    NoWrittenContract(Wage.monthly(6525), Decimal(5)),
    Overtime(Wage.daily(240), weekday_hours=Decimal(20)),
)
FULL_FACTS = ClaimFacts(
    worker_name="张三",
    worker_phone="13812345678",
    worker_address="四川省南充市某某村",
    employer="某某建筑劳务有限公司",
    employer_address="深圳市宝安区某某路1号",
    employer_representative="王某某（项目经理）",
    location="深圳市宝安区",
    project="幸福花园二期",
    amount=Decimal("6000"),
    period="2024年3月至2024年5月",
    description="包工头说等结算了再给，一直拖着。",
    workers_count=12,
    estimate=ESTIMATE,
)


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    # The PDF wraps long lines; compare without line breaks and layout spaces.
    return re.sub(r"\s+", "", text)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def full_documents(tmp_path_factory):
    return generate(FULL_FACTS, tmp_path_factory.mktemp("documents"))


def test_both_documents_in_both_formats_are_written(full_documents):
    assert [(d.kind, d.format) for d in full_documents] == [
        (DocumentKind.LABOUR_INSPECTION_COMPLAINT, DocumentFormat.DOCX),
        (DocumentKind.LABOUR_INSPECTION_COMPLAINT, DocumentFormat.PDF),
        (DocumentKind.ARBITRATION_APPLICATION, DocumentFormat.DOCX),
        (DocumentKind.ARBITRATION_APPLICATION, DocumentFormat.PDF),
    ]
    assert [d.filename for d in full_documents] == [
        "劳动保障监察投诉书.docx",
        "劳动保障监察投诉书.pdf",
        "劳动人事争议仲裁申请书.docx",
        "劳动人事争议仲裁申请书.pdf",
    ]
    for document in full_documents:
        assert document.path.exists() and document.path.stat().st_size > 1000


def test_docx_reads_back_with_the_usual_layout_in_order(full_documents):
    text = docx_text(full_documents[2].path)
    order = ["劳动人事争议仲裁申请书", "申请人：张三", "被申请人：某某建筑劳务有限公司", "请求事项", "事实与理由",
             "此致", f"{BLANK}劳动人事争议仲裁委员会", "附件", "申请人（签名）", "日期"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    complaint = docx_text(full_documents[0].path)
    order = ["劳动保障监察投诉书", "投诉人：张三", "被投诉人：某某建筑劳务有限公司", "请求事项", "事实与理由", "此致",
             f"{BLANK}（用工所在地的劳动保障监察机构）", "附件", "投诉人（签名）", "日期"]
    positions = [complaint.index(part) for part in order]
    assert positions == sorted(positions)


def test_worker_fields_appear_in_docx_and_pdf(full_documents):
    for document in full_documents:
        text = squeeze(docx_text(document.path)) if document.format is DocumentFormat.DOCX else pdf_text(
            document.path
        )
        for value in ("张三", "13812345678", "某某建筑劳务有限公司", "幸福花园二期", "深圳市宝安区",
                      "2024年3月至2024年5月", "包工头说等结算了再给", "王某某（项目经理）", "四川省南充市某某村"):
            assert value in text, f"{value} missing from {document.filename}"


def test_calculator_amounts_go_into_the_requests(full_documents):
    arbitration = docx_text(full_documents[2].path)
    requests = arbitration[arbitration.index("请求事项"):arbitration.index("事实与理由")]
    assert "拖欠工资（2024年3月至2024年5月）人民币6000.00元（陆仟元整）" in requests
    # 6525 x (5 - 1) months
    assert "未签书面劳动合同的二倍工资差额人民币26100.00元" in requests
    assert "加班费人民币900.00元（玖佰元整）" in requests
    assert "合计33000.00元" in arbitration  # the estimate paragraph in 事实与理由
    pdf = pdf_text(full_documents[3].path)
    assert "人民币26100.00元" in pdf and "人民币900.00元" in pdf


def test_complaint_leaves_the_double_wage_to_arbitration(full_documents):
    complaint = docx_text(full_documents[0].path)
    assert "二倍工资" not in complaint
    assert "拖欠工资（2024年3月至2024年5月）人民币6000.00元" in complaint
    assert "加班费人民币900.00元" in complaint
    assert "依法查处被投诉人拖欠工资的违法行为" in complaint


def test_fields_not_given_are_marked_blank_never_invented(tmp_path):
    facts = ClaimFacts(worker_name="李四", employer="某某装修队")
    documents = generate(facts, tmp_path)
    arbitration_docx = docx_text(documents[2].path)
    assert f"联系电话：{BLANK}" in arbitration_docx
    assert f"用工地点：{BLANK}" in arbitration_docx
    assert f"住所：{BLANK}" in arbitration_docx
    assert f"于{BLANK}受被申请人某某装修队招用" in arbitration_docx
    assert f"支付申请人拖欠工资人民币{BLANK}元" in arbitration_docx
    assert f"{BLANK}劳动人事争议仲裁委员会" in arbitration_docx
    assert "工程项目" not in arbitration_docx  # not given, and optional: left out rather than made up
    assert "人民币0" not in arbitration_docx
    pdf = pdf_text(documents[3].path)
    assert squeeze(f"联系电话：{BLANK}") in pdf
    assert "（未填写）" in pdf_text(documents[1].path)
    assert "联系电话" in documents[2].caption and "用工地点" in documents[2].caption


def test_stated_amount_is_used_when_there_is_no_estimate(tmp_path):
    facts = ClaimFacts(worker_name="王五", employer="某某劳务队", amount=Decimal("73000"), period="3月到6月")
    text = compose(DocumentKind.LABOUR_INSPECTION_COMPLAINT, facts).text
    assert "支付投诉人拖欠工资（3月到6月）人民币73000.00元（柒万叁仟元整）" in text
    assert BLANK + "元" not in text


def test_case_fields_become_document_fields(tmp_path):
    case = {
        "case_number": "HX-2025-000123",
        "worker_name": "匿名",
        "phone": "13900001111",
        "employer": "某某建设集团",
        "location": "北京市大兴区",
        "project": "别墅装修",
        "amount": 73000,
        "months": 3,
        "period": "3月到6月",
        "workers_count": 9,
        "description": "干完活老板不给钱",
        "estimate": ESTIMATE.to_dict(),
    }
    facts = claim_facts_from_case(case)
    assert facts.worker_name is None  # anonymous: the worker writes the name in by hand
    assert facts.period == "3月到6月（共3个月）"
    assert facts.estimate == ESTIMATE
    text = docx_text(generate(facts, tmp_path, kinds=[DocumentKind.ARBITRATION_APPLICATION],
                              formats=[DocumentFormat.DOCX])[0].path)
    assert f"申请人：{BLANK}" in text
    # No agency name pieced together from the place text: not a real office name (issue 14).
    assert "北京市大兴区劳动人事争议仲裁委员会" not in text
    assert f"此致\n{BLANK}劳动人事争议仲裁委员会" in text
    assert "同一项目被拖欠工资的工人共约9人" in text
    assert "人民币6000.00元" in text


def test_unwritable_folder_raises_a_named_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DocumentError, match="cannot create the document folder"):
        generate(FULL_FACTS, blocker / "documents")


def test_no_official_wording_is_copied_into_the_grounds():
    """The legal grounds are our own words: no long run of text from the cited articles."""
    text = compose(DocumentKind.ARBITRATION_APPLICATION, FULL_FACTS).text
    for official in ("工资应当以货币形式按月支付给劳动者本人", "劳动者认为用人单位侵犯其劳动保障合法权益的",
                     "劳动争议由劳动合同履行地或者用人单位所在地的劳动争议仲裁委员会管辖"):
        assert official not in text
