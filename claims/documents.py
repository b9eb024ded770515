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

from claims.calculator import ClaimKind, Estimate, money

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


@dataclass(frozen=True)
class ClaimFacts:
    """What the worker told us, independent of how cases are stored. None means "not given"."""

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


def requests(kind: DocumentKind, facts: ClaimFacts, fill: _Filler) -> list[str]:
    """The lines of 请求事项."""
    complaint = kind is DocumentKind.LABOUR_INSPECTION_COMPLAINT
    verb = "依法责令被投诉人支付投诉人" if complaint else "裁决被申请人支付申请人"
    period = f"（{facts.period}）" if facts.period else ""
    lines: list[str] = []
    if facts.estimate is not None:
        for item in facts.estimate.items:
            if item.amount <= 0 or (complaint and item.kind not in _COMPLAINT_KINDS):
                continue
            when = period if item.kind is ClaimKind.UNPAID_WAGES else ""
            lines.append(f"{verb}{item.label}{when}{yuan(item.amount)}")
    if not lines:
        if facts.amount is not None:
            lines.append(f"{verb}拖欠工资{period}{yuan(Decimal(facts.amount))}")
        else:
            lines.append(f"{verb}拖欠工资{period}人民币{fill(None, '欠薪金额')}元")
    if complaint:
        lines.append("依法查处被投诉人拖欠工资的违法行为")
    return [f"{n}. {line}；" if n < len(lines) else f"{n}. {line}。" for n, line in enumerate(lines, start=1)]


def facts_and_reasons(kind: DocumentKind, facts: ClaimFacts, fill: _Filler) -> list[str]:
    """The paragraphs of 事实与理由: only what the worker said, then the legal grounds in our own words."""
    complaint = kind is DocumentKind.LABOUR_INSPECTION_COMPLAINT
    me, them = ("投诉人", "被投诉人") if complaint else ("申请人", "被申请人")
    where = f"位于{facts.location}的" if facts.location else ""
    project = f"{where}{facts.project}项目" if facts.project else f"{where}工地/工作场所" if where else "其工作场所"
    first = (
        f"{me}于{fill(facts.period, '工作期间')}受{them}{fill(facts.employer, '用人单位名称')}招用，"
        f"在{project}工作。"
    )
    if facts.amount is not None:
        first += f"{them}拖欠{me}工资，{me}自己统计的欠薪金额为{yuan(Decimal(facts.amount))}。"
    else:
        first += f"{them}拖欠{me}工资至今未付。"
    if facts.workers_count:
        first += f"同一项目被拖欠工资的工人共约{facts.workers_count}人。"
    paragraphs = [first]
    if facts.description and facts.description.strip():
        paragraphs.append(f"具体情况：{facts.description.strip()}")
    if facts.estimate is not None:
        claimed = [i for i in facts.estimate.items if i.amount > 0 and (not complaint or i.kind in _COMPLAINT_KINDS)]
        if claimed:
            parts = "；".join(f"{item.label}{money(item.amount)}元" for item in claimed)
            total = money(sum((item.amount for item in claimed), Decimal("0")))
            paragraphs.append(
                f"按{me}提供的工资标准和工作时间估算：{parts}，合计{total}元（估算金额，以查明的事实为准）。"
            )
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


def compose(kind: DocumentKind, facts: ClaimFacts) -> ComposedDocument:
    """The document as text blocks, in the usual order: parties, 请求事项, 事实与理由, 此致, signature, date."""
    fill = _Filler()
    complaint = kind is DocumentKind.LABOUR_INSPECTION_COMPLAINT
    me, them = ("投诉人", "被投诉人") if complaint else ("申请人", "被申请人")
    blocks = [Block(kind.title, "title")]

    blocks.append(Block(f"{me}：{fill(facts.worker_name, '姓名')}", "heading"))
    if not complaint:
        blocks.append(Block(f"性别：{fill(None, '性别')}    年龄：{fill(None, '年龄')}    职业：{fill(None, '职业')}", "field"))
    blocks.append(Block(f"身份证号码：{fill(None, '身份证号码')}", "field"))
    blocks.append(Block(f"住址：{fill(facts.worker_address, '住址')}", "field"))
    blocks.append(Block(f"联系电话：{fill(facts.worker_phone, '联系电话')}", "field"))

    blocks.append(Block(f"{them}：{fill(facts.employer, '用人单位名称')}", "heading"))
    blocks.append(Block(f"住所：{fill(facts.employer_address, '用人单位住所')}", "field"))
    blocks.append(
        Block(f"法定代表人或主要负责人：{fill(facts.employer_representative, '法定代表人或主要负责人')}", "field")
    )
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
    if complaint:
        office = f"{facts.location}人力资源和社会保障局（劳动保障监察机构）" if facts.location else (
            f"{fill(None, '受理机关')}人力资源和社会保障局（用工所在地的劳动保障监察机构）"
        )
    else:
        office = f"{facts.location}劳动人事争议仲裁委员会" if facts.location else (
            f"{fill(None, '受理机关')}劳动人事争议仲裁委员会"
        )
    blocks.append(Block(office, "closing"))
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
