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
from core import wording

# Every sentence, heading and label of the papers is in claims/wording.yml (document.*), so a hotline's legal staff
# can review and correct them without reading Python; what stays here is the order of the papers and the data.
SIGNATURE_LINE = "________________"
# BLANK (a fact not given) and DATE_LINE: the catalogue's current texts, under the names tests compare with.
__getattr__ = wording.module_texts(__name__, {
    "BLANK": "claims.document.blank", "DATE_LINE": "claims.document.date_line",
})

BlockStyle = Literal["title", "heading", "field", "body", "item", "closing", "signature"]


class DocumentError(RuntimeError):
    """A document could not be written (e.g. the output folder is not writable)."""


class DocumentKind(str, Enum):
    LABOUR_INSPECTION_COMPLAINT = "complaint"
    ARBITRATION_APPLICATION = "arbitration"

    @property
    def title(self) -> str:
        return wording.say(f"claims.document.titles.{self.value}")


class DocumentFormat(str, Enum):
    DOCX = "docx"
    PDF = "pdf"


class RespondentRole(str, Enum):
    """Why a respondent is named. The value is what is stored and parsed; `label` is what the papers print after
    the name (today the same words, from claims/wording.yml document.roles)."""

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

    @property
    def label(self) -> str:
        return wording.say(f"claims.document.roles.{self.name.lower()}")


# The articles each role's answering for the wages rests on; the grounds themselves, in our own words, are
# claims/wording.yml document.role_grounds.<role>. The employer needs none.
_ROLE_GROUNDS: dict[RespondentRole, tuple[LegalBasis, ...]] = {
    RespondentRole.GENERAL_CONTRACTOR: (law.MIGRANT_WAGE_REGULATION_36, law.DISPUTE_INTERPRETATION_TWO_1),
    RespondentRole.PRINCIPAL: (
        law.CONTRACT_LAW_94, law.DISPUTE_INTERPRETATION_ONE_28, law.MIGRANT_WAGE_REGULATION_36,
    ),
    RespondentRole.HOST_UNIT: (
        law.DISPUTE_INTERPRETATION_TWO_2, law.MIGRANT_WAGE_REGULATION_36, law.DISPUTE_INTERPRETATION_ONE_30,
    ),
    RespondentRole.FOREMAN: (law.CONTRACT_LAW_94, law.DISPUTE_INTERPRETATION_ONE_29),
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
    """Fills a field or marks it blank, remembering which fields were blank. `name` is the blank's key under
    document.blank_names (its name in the caption); `party` fills the {party} of blank_names.party.*."""

    def __init__(self) -> None:
        self.blanks: list[str] = []

    def __call__(self, value: object, name: str, **party: str) -> str:
        text = "" if value is None else str(value).strip()
        if not text:
            shown = wording.say(f"claims.document.blank_names.{name}", **party)
            if shown not in self.blanks:
                self.blanks.append(shown)
            return wording.say("claims.document.blank")
        return text


def yuan(amount: Decimal) -> str:
    """"人民币6000.00元（陆仟元整）": figures and the capital-numeral form used on official papers."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        capital = cn2an.an2cn(str(money(amount)), "rmb")
    return wording.say("claims.document.amount", figures=money(amount), capital=capital)


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
    me = wording.say(f"claims.document.parties.{kind.value}.me")
    them = wording.say(f"claims.document.parties.{kind.value}.them")
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

    def pay(claim: str, period: str, amount: str) -> str:
        return wording.say(f"claims.document.requests.pay.{kind.value}", them=labels[0], me=me, claim=claim,
                           period=period, amount=amount)

    period = wording.say("claims.document.requests.period", period=facts.period) if facts.period else ""
    lines: list[str] = []
    for item in _claimed(kind, facts):
        when = period if item.kind is ClaimKind.UNPAID_WAGES else ""
        lines.append(pay(item.label, when, yuan(item.amount)))
    if not lines:
        unpaid = ClaimKind.UNPAID_WAGES.label
        if facts.amount is not None:
            lines.append(pay(unpaid, period, yuan(Decimal(facts.amount))))
        else:
            unknown = wording.say("claims.document.requests.unknown_amount", blank=fill(None, "amount"))
            lines.append(pay(unpaid, period, unknown))
    paid = len(lines)
    items = (wording.say("claims.document.requests.items_one") if paid == 1
             else wording.say("claims.document.requests.items_many", count=paid))
    for label, party in zip(labels[1:], facts.parties[1:]):
        # 发包方 / a second 包工头: joint liability (劳动合同法 第九十四条); 总包 / 被挂靠单位: they pay (条例 第三十六条).
        joint = party.role in (RespondentRole.PRINCIPAL, RespondentRole.FOREMAN)
        share = (wording.say("claims.document.requests.joint_liability") if joint
                 else wording.say("claims.document.requests.paying_liability"))
        who = f"{label}（{party.role.label}）"
        lines.append(wording.say(f"claims.document.requests.also_liable.{kind.value}", who=who, items=items,
                                 liability=share))
    if complaint:
        lines.append(wording.say("claims.document.requests.investigate", parties="、".join(labels)))
    return [f"{n}. {line}；" if n < len(lines) else f"{n}. {line}。" for n, line in enumerate(lines, start=1)]


def _item_grounds(item_kind: ClaimKind, me: str, them: str, facts: ClaimFacts, fill: _Filler) -> str | None:
    """The facts a claim item needs and the law it rests on, in our own words."""
    key, claim = f"claims.document.item_grounds.{item_kind.value}", item_kind.label
    if item_kind is ClaimKind.NO_CONTRACT_DOUBLE_WAGE:
        contract = (
            wording.say("claims.document.item_grounds.no_contract_never", them=them, me=me)
            if facts.written_contract is False
            else wording.say("claims.document.item_grounds.no_contract_unclear", them=them, me=me,
                             blank=fill(None, "contract"))
        )
        return wording.say(key, claim=claim, me=me, them=them, started_on=fill(facts.started_on, "started_on"),
                           contract=contract,
                           basis=cite((law.CONTRACT_LAW_10, law.CONTRACT_LAW_82, law.CONTRACT_REGULATION_7)))
    if item_kind is ClaimKind.ECONOMIC_COMPENSATION:
        return wording.say(key, claim=claim, me=me, them=them, ended_on=fill(facts.ended_on, "ended_on"),
                           end_reason=fill(facts.end_reason, "end_reason"),
                           basis=cite((law.CONTRACT_LAW_38, law.CONTRACT_LAW_46, law.CONTRACT_LAW_47)))
    if item_kind is ClaimKind.OVERTIME:
        return wording.say(key, claim=claim, me=me, them=them,
                           basis=cite((law.LABOUR_LAW_44, law.WAGE_PAYMENT_RULES_13)))
    if item_kind is ClaimKind.MINIMUM_WAGE_SHORTFALL:
        return wording.say(key, claim=claim, them=them,
                           basis=cite((law.LABOUR_LAW_48, law.MINIMUM_WAGE_RULES_12, law.CONTRACT_LAW_85)))
    return None


def facts_and_reasons(kind: DocumentKind, facts: ClaimFacts, fill: _Filler) -> list[str]:
    """The paragraphs of 事实与理由: only what the worker said, then the legal grounds in our own words."""
    me, labels = _party_labels(kind, len(facts.parties))
    them = labels[0]
    parties = facts.parties
    at_place = wording.say("claims.document.facts.at_place", location=facts.location) if facts.location else ""
    if facts.project:
        project = wording.say("claims.document.facts.project", at_place=at_place, project=facts.project)
    else:
        project = (wording.say("claims.document.facts.site", at_place=at_place) if at_place
                   else wording.say("claims.document.facts.workplace_unknown"))
    employer_party = wording.say("claims.document.parties.single_employer") if len(parties) == 1 else them
    first = wording.say("claims.document.facts.hired", me=me, period=fill(facts.period, "period"), them=them,
                 employer=fill(parties[0].name, "party.name", party=employer_party), project=project)
    if facts.amount is not None:
        first += wording.say("claims.document.facts.owed_amount", them=them, me=me, amount=yuan(Decimal(facts.amount)))
    else:
        first += wording.say("claims.document.facts.owed", them=them, me=me)
    if facts.workers_count:
        first += wording.say("claims.document.facts.workers", count=facts.workers_count)
    paragraphs = [first]
    for label, party in zip(labels, parties):
        bases = _ROLE_GROUNDS.get(party.role)
        if bases is None:
            continue
        name = fill(party.name, "party.name", party=label)
        paragraphs.append(wording.say("claims.document.facts.respondent", label=label, name=name, role=party.role.label,
                                       grounds=wording.say(f"claims.document.role_grounds.{party.role.name.lower()}"),
                                       basis=cite(bases)))
    if facts.description and facts.description.strip():
        paragraphs.append(wording.say("claims.document.facts.description", description=facts.description.strip()))
    claimed = _claimed(kind, facts)
    if claimed:
        parts = "；".join(
            wording.say("claims.document.facts.estimate_part", claim=item.label, amount=money(item.amount))
            for item in claimed
        )
        total = money(sum((item.amount for item in claimed), Decimal("0")))
        paragraphs.append(wording.say("claims.document.facts.estimate", me=me, parts=parts, total=total))
        for item in claimed:
            grounds_text = _item_grounds(item.kind, me, them, facts, fill)
            if grounds_text:
                paragraphs.append(grounds_text)
    # The duty to pay and the right to complain (投诉书) or to apply (申请书), each with its articles.
    paragraphs.append(wording.say("claims.document.facts.grounds")
                      + wording.say(f"claims.document.facts.{kind.value}", me=me))
    return paragraphs


def _party_blocks(label: str, party: Respondent, single: bool, fill: _Filler) -> list[Block]:
    """One respondent: name and role, then the identifying fields an office needs to serve papers."""
    # Blank names stay as they were for one employer, so captions read "用人单位住所"; several get the label.
    prefix = wording.say("claims.document.parties.single_employer") if single else label

    def field(name: str, value: str | None) -> Block:
        text = wording.say(f"claims.document.field.{name}", value=fill(value, f"party.{name}", party=prefix))
        return Block(text, "field")

    name = fill(party.name, "party.name", party=prefix)
    heading = wording.say("claims.document.respondent", label=label, name=name, role=party.role.label)
    blocks = [Block(heading, "heading")]
    if party.role.is_person:
        blocks.append(field("id_number", party.id_number))
        blocks.append(field("address", party.address))
    else:
        blocks.append(field("credit_code", party.credit_code))
        blocks.append(field("seat", party.address))
        blocks.append(field("representative", party.representative))
    blocks.append(field("phone", party.phone))
    return blocks


def attachments(kind: DocumentKind, facts: ClaimFacts) -> list[str]:
    """The list of papers handed in with the document."""
    complaint = kind is DocumentKind.LABOUR_INSPECTION_COMPLAINT
    lines = []
    if not complaint:
        # 劳动争议调解仲裁法 第二十八条: one copy of the application per respondent.
        lines.append(wording.say("claims.document.attachments.copies", count=len(facts.parties)))
    me = wording.say(f"claims.document.parties.{kind.value}.me")
    lines.append(wording.say("claims.document.attachments.id_copy", me=me))
    if facts.evidence:
        lines.extend(facts.evidence)
    else:
        lines.append(wording.say("claims.document.attachments.evidence", blank=wording.say("claims.document.blank")))
    return [f"{n}. {line}" for n, line in enumerate(lines, start=1)]


def compose(kind: DocumentKind, facts: ClaimFacts) -> ComposedDocument:
    """The document as text blocks, in the usual order: parties, 请求事项, 事实与理由, 此致, signature, date."""
    fill = _Filler()
    complaint = kind is DocumentKind.LABOUR_INSPECTION_COMPLAINT
    parties = facts.parties
    me, labels = _party_labels(kind, len(parties))
    blocks = [Block(kind.title, "title")]

    def field(name: str, value: str | None) -> Block:
        return Block(wording.say(f"claims.document.field.{name}", value=fill(value, name)), "field")

    blocks.append(Block(wording.say("claims.document.worker", me=me, name=fill(facts.worker_name, "name")), "heading"))
    if not complaint:
        person = wording.say("claims.document.field.person", sex=fill(None, "sex"), age=fill(None, "age"),
                             job=fill(None, "job"))
        blocks.append(Block(person, "field"))
    blocks.append(field("id_number", facts.worker_id_number))
    blocks.append(field("workplace", facts.worker_workplace))
    blocks.append(field("address", facts.worker_address))
    blocks.append(field("phone", facts.worker_phone))

    for label, party in zip(labels, parties):
        blocks.extend(_party_blocks(label, party, len(parties) == 1, fill))
    if facts.project:
        blocks.append(Block(wording.say("claims.document.field.project", value=facts.project), "field"))
    blocks.append(field("location", facts.location))

    blocks.append(Block(wording.say("claims.document.headings.requests"), "heading"))
    blocks.extend(Block(line, "item") for line in requests(kind, facts, fill))

    blocks.append(Block(wording.say("claims.document.headings.facts"), "heading"))
    blocks.extend(Block(p) for p in facts_and_reasons(kind, facts, fill))

    if not complaint:
        # 劳动争议调解仲裁法 第二十八条: the application lists evidence, where it comes from, and witnesses.
        blocks.append(Block(wording.say("claims.document.headings.evidence"), "heading"))
        blocks.append(Block(f"1. {fill(None, 'evidence')}", "field"))
        blocks.append(Block(f"2. {wording.say('claims.document.blank')}", "field"))

    blocks.append(Block(wording.say("claims.document.headings.closing"), "closing"))
    # Only a name from the routing table (cases.routing) goes here; anything else is left for the worker to
    # write, because a name pieced together from the worker's place text is often not a real office.
    routed = facts.inspection_office if complaint else facts.arbitration_office
    office = routed or wording.say(f"claims.document.office.{kind.value}", blank=fill(None, "office"))
    blocks.append(Block(office, "closing"))
    blocks.append(Block(wording.say("claims.document.headings.attachments"), "heading"))
    blocks.extend(Block(line, "field") for line in attachments(kind, facts))
    blocks.append(Block(wording.say("claims.document.signature", me=me, line=SIGNATURE_LINE), "signature"))
    date_line = wording.say("claims.document.date_line")
    blocks.append(Block(wording.say("claims.document.date", line=date_line), "signature"))
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

    closing = wording.say("claims.document.headings.closing")  # 此致 keeps its indent; the office below does not
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
        elif block.style == "closing" and block.text != closing:
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
    text = wording.say("claims.document.caption.file", title=document.title, format=kind)
    if document.blanks:
        text += wording.say("claims.document.caption.blanks", names="、".join(document.blanks))
    return text + wording.say("claims.document.caption.estimate")


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
