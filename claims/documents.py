"""The papers a worker hands in: 劳动保障监察投诉书 and 劳动人事争议仲裁申请书, as DOCX (python-docx) and PDF (reportlab).

A document is first composed as plain text blocks (`compose`), then rendered to each format from the same blocks,
so the Word and PDF files always say the same thing. Facts the worker has not given become a marked blank
(`BLANK`), never a guess. Amounts come from the calculator's `Estimate` when there is one.

    >>> facts = ClaimFacts(worker_name="张三", employer="某某建筑劳务公司", amount=Decimal("12000"))
    >>> [d.filename for d in generate(facts, Path("/tmp/out"))]  # doctest: +SKIP
    ['劳动保障监察投诉书.docx', '劳动保障监察投诉书.pdf', '劳动人事争议仲裁申请书.docx', '劳动人事争议仲裁申请书.pdf']

The legal reasoning in 事实与理由 is written in our own words, with citations; no official text is copied.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Iterable, Literal, Sequence
from xml.sax.saxutils import escape

import cn2an

from claims import legal_basis as law
from claims.calculator import ClaimKind, Estimate, money
from claims.legal_basis import LegalBasis

BLANK = "________（未填写）"
SIGNATURE_LINE = "________________"
DATE_LINE = "________年____月____日"

BlockStyle = Literal["title", "heading", "field", "body", "item", "closing", "signature"]


class DocumentError(RuntimeError):
    """A document could not be written (e.g. the output folder is not writable)."""


class DocumentKind(str, Enum):
    LABOUR_INSPECTION_COMPLAINT = "complaint"
    ARBITRATION_APPLICATION = "arbitration"

    @property
    def title(self) -> str:
        return {
            DocumentKind.LABOUR_INSPECTION_COMPLAINT: "劳动保障监察投诉书",
            DocumentKind.ARBITRATION_APPLICATION: "劳动人事争议仲裁申请书",
        }[self]


class DocumentFormat(str, Enum):
    DOCX = "docx"
    PDF = "pdf"


class RespondentRole(str, Enum):
    """Why a respondent is named. The value is what the papers print after the name."""

    EMPLOYER = "用人单位"
    GENERAL_CONTRACTOR = "总包"
    PRINCIPAL = "发包方"
    HOST_UNIT = "被挂靠单位"
    FOREMAN = "包工头个人"

    @classmethod
    def parse(cls, value: "str | RespondentRole | None") -> "RespondentRole":
        if value is None or value == "":
            return cls.EMPLOYER
        if isinstance(value, RespondentRole):
            return value
        text = str(value).strip()
        for role in cls:
            if text in (role.value, role.name.lower()):
                return role
        aliases = {"施工总承包": cls.GENERAL_CONTRACTOR, "总承包": cls.GENERAL_CONTRACTOR, "建设单位": cls.PRINCIPAL,
                   "挂靠": cls.HOST_UNIT, "包工头": cls.FOREMAN, "个人": cls.FOREMAN}
        for word, role in aliases.items():
            if word in text:
                return role
        raise DocumentError(
            f"不认识的被申请人身份：{text!r}；可用：{'、'.join(role.value for role in cls)}。"
        )

    @property
    def is_person(self) -> bool:
        return self is RespondentRole.FOREMAN


# Why each role answers for the wages, in our own words, with the articles it rests on. The employer needs none.
_ROLE_GROUNDS: dict[RespondentRole, tuple[str, tuple[LegalBasis, ...]]] = {
    RespondentRole.GENERAL_CONTRACTOR: (
        "是该工程的施工总承包单位。施工总承包单位将工程分包给个人或者不具备合法经营资格的单位，导致拖欠农民工工资的，"
        "由施工总承包单位清偿；承包人将承包业务转包或者分包给这类组织或个人的，其招用的劳动者可以请求确认承包人"
        "承担用工主体责任",
        (law.MIGRANT_WAGE_REGULATION_36, law.DISPUTE_INTERPRETATION_TWO_1),
    ),
    RespondentRole.PRINCIPAL: (
        "是把工程或业务发包出去的一方。个人承包经营者违法招用劳动者造成损害的，发包的组织与承包人承担连带赔偿责任，"
        "发生争议时发包方和承包方应一并列为当事人；建设单位违法发包给个人导致欠薪的，由建设单位清偿",
        (law.CONTRACT_LAW_94, law.DISPUTE_INTERPRETATION_ONE_28, law.MIGRANT_WAGE_REGULATION_36),
    ),
    RespondentRole.HOST_UNIT: (
        "是被挂靠单位：招用申请人的个人或组织借用其名义（资质、营业执照）对外经营。被挂靠单位应承担用工主体责任，"
        "并清偿因此拖欠的工资；借用营业执照经营的，出借方应一并列为当事人",
        (law.DISPUTE_INTERPRETATION_TWO_2, law.MIGRANT_WAGE_REGULATION_36, law.DISPUTE_INTERPRETATION_ONE_30),
    ),
    RespondentRole.FOREMAN: (
        "是招用申请人、安排工作并约定工资的包工头个人。其不具备用工主体资格的，由其本人与发包、分包或被挂靠的单位"
        "一并承担责任；没有营业执照经营的，应将经营者或出资人列为当事人",
        (law.CONTRACT_LAW_94, law.DISPUTE_INTERPRETATION_ONE_29),
    ),
}


@dataclass(frozen=True)
class Respondent:
    """One party the worker claims against. `credit_code` (统一社会信用代码) for an organisation, `id_number` for a
    person; None means not known and is left for the worker to fill in."""

    name: str | None
    role: RespondentRole = RespondentRole.EMPLOYER
    credit_code: str | None = None
    id_number: str | None = None
    address: str | None = None
    phone: str | None = None
    representative: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", RespondentRole.parse(self.role))


@dataclass(frozen=True)
class ClaimFacts:
    """What the worker told us, independent of how cases are stored. None means "not given".

    `respondents`: everyone claimed against, in order; empty means the one employer named by `employer`.
    `started_on` / `written_contract`: the facts behind 二倍工资; `ended_on` / `end_reason`: behind 经济补偿.
    `inspection_office` / `arbitration_office`: office names from the routing table (cases.routing) only, never
    from free text; None leaves the 此致 line blank for the worker to fill in.
    """

    worker_name: str | None = None
    worker_phone: str | None = None
    worker_address: str | None = None
    employer: str | None = None
    employer_address: str | None = None
    employer_representative: str | None = None
    location: str | None = None
    project: str | None = None
    amount: Decimal | None = None
    period: str | None = None
    description: str | None = None
    workers_count: int | None = None
    case_number: str | None = None
    estimate: Estimate | None = None
    respondents: tuple[Respondent, ...] = ()
    worker_workplace: str | None = None
    worker_id_number: str | None = None
    started_on: str | None = None
    written_contract: bool | None = None
    ended_on: str | None = None
    end_reason: str | None = None
    evidence: tuple[str, ...] = ()
    inspection_office: str | None = None
    arbitration_office: str | None = None

    @property
    def parties(self) -> tuple[Respondent, ...]:
        """The respondents, or the single employer given by the older `employer*` fields."""
        if self.respondents:
            return self.respondents
        return (
            Respondent(
                name=self.employer,
                address=self.employer_address,
                representative=self.employer_representative,
            ),
        )


@dataclass(frozen=True)
class Block:
    text: str
    style: BlockStyle = "body"


@dataclass(frozen=True)
class ComposedDocument:
    kind: DocumentKind
    blocks: tuple[Block, ...]
    blanks: tuple[str, ...] = field(default=())  # names of the fields left blank, for the chat caption

    @property
    def title(self) -> str:
        return self.kind.title

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class GeneratedDocument:
    kind: DocumentKind
    format: DocumentFormat
    path: Path
    filename: str
    caption: str


# ---------------------------------------------------------------------------------------------------------------
# Composition
# ---------------------------------------------------------------------------------------------------------------


class _Filler:
    """Fills a field or marks it blank, remembering which fields were blank."""

    def __init__(self) -> None:
        self.blanks: list[str] = []

    def __call__(self, value: object, name: str) -> str:
        text = "" if value is None else str(value).strip()
        if not text:
            if name not in self.blanks:
                self.blanks.append(name)
            return BLANK
        return text


def yuan(amount: Decimal) -> str:
    """"人民币6000.00元（陆仟元整）": figures and the capital-numeral form used on official papers."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        capital = cn2an.an2cn(str(money(amount)), "rmb")
    return f"人民币{money(amount)}元（{capital}）"


# Labour inspection orders payment of wages, overtime, the minimum-wage shortfall and economic compensation
# (劳动合同法 第八十五条); the double wage for a missing contract is claimed through arbitration.
_COMPLAINT_KINDS = (
    ClaimKind.UNPAID_WAGES,
    ClaimKind.MINIMUM_WAGE_SHORTFALL,
    ClaimKind.OVERTIME,
    ClaimKind.ECONOMIC_COMPENSATION,
)


_ORDINALS = "一二三四五六七八九十"


def cite(bases: Iterable[LegalBasis]) -> str:
    return "、".join(str(b) for b in bases)


def _party_labels(kind: DocumentKind, count: int) -> tuple[str, list[str]]:
    """("申请人", ["被申请人"]) for one respondent; numbered (被申请人一, 被申请人二, …) for several."""
    complaint = kind is DocumentKind.LABOUR_INSPECTION_COMPLAINT
    me, them = ("投诉人", "被投诉人") if complaint else ("申请人", "被申请人")
    if count <= 1:
        return me, [them]
    return me, [f"{them}{_ORDINALS[i] if i < len(_ORDINALS) else i + 1}" for i in range(count)]


def _claimed(kind: DocumentKind, facts: ClaimFacts) -> list:
    if facts.estimate is None:
        return []
    complaint = kind is DocumentKind.LABOUR_INSPECTION_COMPLAINT
    return [i for i in facts.estimate.items if i.amount > 0 and (not complaint or i.kind in _COMPLAINT_KINDS)]


def requests(kind: DocumentKind, facts: ClaimFacts, fill: _Filler) -> list[str]:
    """The lines of 请求事项: the first respondent pays; each further respondent answers for the same sums."""
    complaint = kind is DocumentKind.LABOUR_INSPECTION_COMPLAINT
    me, labels = _party_labels(kind, len(facts.parties))
    verb = f"依法责令{labels[0]}支付{me}" if complaint else f"裁决{labels[0]}支付{me}"
    period = f"（{facts.period}）" if facts.period else ""
    lines: list[str] = []
    for item in _claimed(kind, facts):
        when = period if item.kind is ClaimKind.UNPAID_WAGES else ""
        lines.append(f"{verb}{item.label}{when}{yuan(item.amount)}")
    if not lines:
        if facts.amount is not None:
            lines.append(f"{verb}拖欠工资{period}{yuan(Decimal(facts.amount))}")
        else:
            lines.append(f"{verb}拖欠工资{period}人民币{fill(None, '欠薪金额')}元")
    paid = len(lines)
    items = f"上述第1项" if paid == 1 else f"上述第1至{paid}项"
    for label, party in zip(labels[1:], facts.parties[1:]):
        # 发包方 / a second 包工头: joint liability (劳动合同法 第九十四条); 总包 / 被挂靠单位: they pay (条例 第三十六条).
        share = "连带责任" if party.role in (RespondentRole.PRINCIPAL, RespondentRole.FOREMAN) else "清偿责任"
        who = f"{label}（{party.role.value}）"
        lines.append(f"依法责令{who}对{items}款项承担{share}" if complaint else f"裁决{who}对{items}款项承担{share}")
    if complaint:
        lines.append(f"依法查处{'、'.join(labels)}拖欠工资的违法行为")
    return [f"{n}. {line}；" if n < len(lines) else f"{n}. {line}。" for n, line in enumerate(lines, start=1)]


def _item_grounds(item_kind: ClaimKind, me: str, them: str, facts: ClaimFacts, fill: _Filler) -> str | None:
    """The facts a claim item needs and the law it rests on, in our own words."""
    if item_kind is ClaimKind.NO_CONTRACT_DOUBLE_WAGE:
        contract = (
            f"{them}一直未与{me}订立书面劳动合同" if facts.written_contract is False
            else f"{them}未与{me}订立书面劳动合同的情况：{fill(None, '未签书面合同的情况')}"
        )
        return (
            f"【{item_kind.label}】{me}自{fill(facts.started_on, '开始干活（用工）日期')}起为{them}工作，{contract}。"
            f"用人单位自用工之日起超过一个月不满一年未订立书面劳动合同的，应当每月向劳动者支付二倍工资"
            f"（{cite((law.CONTRACT_LAW_10, law.CONTRACT_LAW_82, law.CONTRACT_REGULATION_7))}），"
            "本项请求的是正常工资以外的另一倍。"
        )
    if item_kind is ClaimKind.ECONOMIC_COMPENSATION:
        return (
            f"【{item_kind.label}】{me}于{fill(facts.ended_on, '离职（解除合同）日期')}"
            f"因{fill(facts.end_reason, '离职原因')}与{them}解除劳动合同。劳动者因用人单位未及时足额支付劳动报酬等"
            f"情形解除劳动合同的，用人单位应当按工作年限支付经济补偿"
            f"（{cite((law.CONTRACT_LAW_38, law.CONTRACT_LAW_46, law.CONTRACT_LAW_47))}）。"
        )
    if item_kind is ClaimKind.OVERTIME:
        return (
            f"【{item_kind.label}】{them}安排{me}延长工作时间或在休息日、法定节假日工作，未足额支付加班工资"
            f"（{cite((law.LABOUR_LAW_44, law.WAGE_PAYMENT_RULES_13))}）。"
        )
    if item_kind is ClaimKind.MINIMUM_WAGE_SHORTFALL:
        return (
            f"【{item_kind.label}】{them}支付的正常工作时间工资低于当地最低工资标准，应补足差额"
            f"（{cite((law.LABOUR_LAW_48, law.MINIMUM_WAGE_RULES_12, law.CONTRACT_LAW_85))}）。"
        )
    return None


def facts_and_reasons(kind: DocumentKind, facts: ClaimFacts, fill: _Filler) -> list[str]:
    """The paragraphs of 事实与理由: only what the worker said, then the legal grounds in our own words."""
    complaint = kind is DocumentKind.LABOUR_INSPECTION_COMPLAINT
    me, labels = _party_labels(kind, len(facts.parties))
    them = labels[0]
    parties = facts.parties
    where = f"位于{facts.location}的" if facts.location else ""
    project = f"{where}{facts.project}项目" if facts.project else f"{where}工地/工作场所" if where else "其工作场所"
    employer_blank = "用人单位名称" if len(parties) == 1 else f"{them}名称"
    first = (
        f"{me}于{fill(facts.period, '工作期间')}受{them}{fill(parties[0].name, employer_blank)}招用，"
        f"在{project}工作。"
    )
    if facts.amount is not None:
        first += f"{them}拖欠{me}工资，{me}自己统计的欠薪金额为{yuan(Decimal(facts.amount))}。"
    else:
        first += f"{them}拖欠{me}工资至今未付。"
    if facts.workers_count:
        first += f"同一项目被拖欠工资的工人共约{facts.workers_count}人。"
    paragraphs = [first]
    for label, party in zip(labels, parties):
        grounds = _ROLE_GROUNDS.get(party.role)
        if grounds is None:
            continue
        text, bases = grounds
        name = fill(party.name, f"{label}名称")
        paragraphs.append(f"{label}{name}（{party.role.value}）{text}（{cite(bases)}）。")
    if facts.description and facts.description.strip():
        paragraphs.append(f"具体情况：{facts.description.strip()}")
    claimed = _claimed(kind, facts)
    if claimed:
        parts = "；".join(f"{item.label}{money(item.amount)}元" for item in claimed)
        total = money(sum((item.amount for item in claimed), Decimal("0")))
        paragraphs.append(
            f"按{me}提供的工资标准和工作时间估算：{parts}，合计{total}元（估算金额，以查明的事实为准）。"
        )
        for item in claimed:
            grounds_text = _item_grounds(item.kind, me, them, facts, fill)
            if grounds_text:
                paragraphs.append(grounds_text)
    grounds = (
        "按时足额以货币形式支付工资是用人单位的法定义务，拖欠工资违反《劳动法》第五十条和《劳动合同法》第三十条；"
        "农民工按时足额获得工资的权利受《保障农民工工资支付条例》第三条保护。"
    )
    if complaint:
        grounds += f"{me}依据《劳动保障监察条例》第九条向贵单位投诉，请求依法调查处理。"
    else:
        grounds += (
            "本争议因劳动报酬等事项发生，属于《劳动争议调解仲裁法》第二条规定的劳动争议，"
            f"依该法第二十一条由劳动合同履行地或者用人单位所在地的仲裁委员会管辖。{me}特提出仲裁申请，请依法裁决。"
        )
    paragraphs.append(grounds)
    return paragraphs


def _party_blocks(label: str, party: Respondent, single: bool, fill: _Filler) -> list[Block]:
    """One respondent: name and role, then the identifying fields an office needs to serve papers."""
    # Blank names stay as they were for one employer, so captions read "用人单位住所"; several get the label.
    prefix = "用人单位" if single else label
    blocks = [Block(f"{label}：{fill(party.name, f'{prefix}名称')}（{party.role.value}）", "heading")]
    if party.role.is_person:
        blocks.append(Block(f"身份证号码：{fill(party.id_number, f'{prefix}身份证号码')}", "field"))
        blocks.append(Block(f"住址：{fill(party.address, f'{prefix}住址')}", "field"))
    else:
        blocks.append(Block(f"统一社会信用代码：{fill(party.credit_code, f'{prefix}统一社会信用代码')}", "field"))
        blocks.append(Block(f"住所：{fill(party.address, f'{prefix}住所')}", "field"))
        blocks.append(
            Block(f"法定代表人或主要负责人：{fill(party.representative, f'{prefix}法定代表人或主要负责人')}", "field")
        )
    blocks.append(Block(f"联系电话：{fill(party.phone, f'{prefix}联系电话')}", "field"))
    return blocks


def attachments(kind: DocumentKind, facts: ClaimFacts) -> list[str]:
    """The list of papers handed in with the document."""
    complaint = kind is DocumentKind.LABOUR_INSPECTION_COMPLAINT
    lines = []
    if not complaint:
        # 劳动争议调解仲裁法 第二十八条: one copy of the application per respondent.
        lines.append(f"本申请书副本{len(facts.parties)}份（按被申请人人数）")
    lines.append(f"{'投诉人' if complaint else '申请人'}身份证复印件1份")
    if facts.evidence:
        lines.extend(facts.evidence)
    else:
        lines.append(f"证据材料（如欠条、考勤记录、工资条、转账记录、聊天记录、工友证言）：{BLANK}")
    return [f"{n}. {line}" for n, line in enumerate(lines, start=1)]


def compose(kind: DocumentKind, facts: ClaimFacts) -> ComposedDocument:
    """The document as text blocks, in the usual order: parties, 请求事项, 事实与理由, 此致, signature, date."""
    fill = _Filler()
    complaint = kind is DocumentKind.LABOUR_INSPECTION_COMPLAINT
    parties = facts.parties
    me, labels = _party_labels(kind, len(parties))
    blocks = [Block(kind.title, "title")]

    blocks.append(Block(f"{me}：{fill(facts.worker_name, '姓名')}", "heading"))
    if not complaint:
        blocks.append(Block(f"性别：{fill(None, '性别')}    年龄：{fill(None, '年龄')}    职业：{fill(None, '职业')}", "field"))
    blocks.append(Block(f"身份证号码：{fill(facts.worker_id_number, '身份证号码')}", "field"))
    blocks.append(Block(f"工作单位：{fill(facts.worker_workplace, '工作单位')}", "field"))
    blocks.append(Block(f"住址：{fill(facts.worker_address, '住址')}", "field"))
    blocks.append(Block(f"联系电话：{fill(facts.worker_phone, '联系电话')}", "field"))

    for label, party in zip(labels, parties):
        blocks.extend(_party_blocks(label, party, len(parties) == 1, fill))
    if facts.project:
        blocks.append(Block(f"工程项目：{facts.project}", "field"))
    blocks.append(Block(f"用工地点：{fill(facts.location, '用工地点')}", "field"))

    blocks.append(Block("请求事项", "heading"))
    blocks.extend(Block(line, "item") for line in requests(kind, facts, fill))

    blocks.append(Block("事实与理由", "heading"))
    blocks.extend(Block(p) for p in facts_and_reasons(kind, facts, fill))

    if not complaint:
        # 劳动争议调解仲裁法 第二十八条: the application lists evidence, where it comes from, and witnesses.
        blocks.append(Block("证据和证据来源、证人姓名和住所", "heading"))
        blocks.append(Block(f"1. {fill(None, '证据清单')}", "field"))
        blocks.append(Block(f"2. {BLANK}", "field"))

    blocks.append(Block("此致", "closing"))
    # Only a name from the routing table (cases.routing) goes here; anything else is left for the worker to
    # write, because a name pieced together from the worker's place text is often not a real office.
    if complaint:
        office = facts.inspection_office or f"{fill(None, '受理机关')}（用工所在地的劳动保障监察机构）"
    else:
        office = facts.arbitration_office or f"{fill(None, '受理机关')}劳动人事争议仲裁委员会"
    blocks.append(Block(office, "closing"))
    blocks.append(Block("附件", "heading"))
    blocks.extend(Block(line, "field") for line in attachments(kind, facts))
    blocks.append(Block(f"{me}（签名）：{SIGNATURE_LINE}", "signature"))
    blocks.append(Block(f"日期：{DATE_LINE}", "signature"))
    return ComposedDocument(kind=kind, blocks=tuple(blocks), blanks=tuple(fill.blanks))


# ---------------------------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------------------------

# Songti is the customary face for official papers; Word substitutes a CJK face where it is missing.
DOCX_FONT = "宋体"
# reportlab's built-in CID font: Chinese without shipping font files. The font is referenced, not embedded, so the
# viewer supplies a Song face (Acrobat, browsers' pdf.js, phone viewers do); the DOCX is the fallback to edit/print.
PDF_FONT = "STSong-Light"


def render_docx(document: ComposedDocument, path: Path) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), DOCX_FONT)

    for block in document.blocks:
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(block.text)
        run.font.name = DOCX_FONT
        run._element.rPr.rFonts.set(qn("w:eastAsia"), DOCX_FONT)
        if block.style == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            run.font.size = Pt(18)
        elif block.style == "heading":
            run.bold = True
        elif block.style == "body":
            paragraph.paragraph_format.first_line_indent = Pt(24)
        elif block.style == "closing" and block.text != "此致":
            paragraph.paragraph_format.first_line_indent = Pt(0)
        elif block.style == "signature":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(str(path))
    return path


def render_pdf(document: ComposedDocument, path: Path) -> Path:
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    base = ParagraphStyle("body", fontName=PDF_FONT, fontSize=12, leading=20, wordWrap="CJK")
    styles = {
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=28, alignment=TA_CENTER, spaceAfter=12),
        "heading": ParagraphStyle("heading", parent=base, fontSize=13, leading=22, spaceBefore=8),
        "body": ParagraphStyle("body", parent=base, firstLineIndent=24),
        "field": base,
        "item": base,
        "closing": ParagraphStyle("closing", parent=base, spaceBefore=6),
        "signature": ParagraphStyle("signature", parent=base, alignment=TA_RIGHT, spaceBefore=10),
    }
    story = []
    for block in document.blocks:
        story.append(Paragraph(escape(block.text), styles[block.style]))
        if block.style == "title":
            story.append(Spacer(1, 4 * mm))
    pdf = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm, bottomMargin=25 * mm,
        title=document.title, author="护薪 huxin",
    )
    pdf.build(story)
    return path


_RENDERERS = {DocumentFormat.DOCX: render_docx, DocumentFormat.PDF: render_pdf}


def caption(document: ComposedDocument, fmt: DocumentFormat) -> str:
    kind = "Word" if fmt is DocumentFormat.DOCX else "PDF"
    text = f"{document.title}（{kind}版）。请核对内容，手写签名和日期后提交。"
    if document.blanks:
        text += f"标“未填写”的地方请自己补上：{'、'.join(document.blanks)}。"
    return text + "金额是估算，不构成法律意见。"


def generate(
    facts: ClaimFacts,
    out_dir: Path,
    kinds: Sequence[DocumentKind] = tuple(DocumentKind),
    formats: Iterable[DocumentFormat] = tuple(DocumentFormat),
) -> list[GeneratedDocument]:
    """Write each kind of document in each format to `out_dir`; returns what was written, in order."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DocumentError(f"cannot create the document folder {out_dir}: {error}") from error
    formats = tuple(formats)
    written: list[GeneratedDocument] = []
    for kind in kinds:
        document = compose(kind, facts)
        for fmt in formats:
            # Files on disk get ASCII names; the worker sees the Chinese filename.
            path = out_dir / f"{kind.value}.{fmt.value}"
            try:
                _RENDERERS[fmt](document, path)
            except OSError as error:
                raise DocumentError(f"cannot write {path}: {error}") from error
            written.append(
                GeneratedDocument(
                    kind=kind,
                    format=fmt,
                    path=path,
                    filename=f"{kind.title}.{fmt.value}",
                    caption=caption(document, fmt),
                )
            )
    return written
