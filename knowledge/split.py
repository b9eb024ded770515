"""Split document text into chunks.

Statutes (laws, regulations, interpretations) are split on their own structure: 编/章/节 headings are
kept as metadata, each 条 (including 第X条之一) becomes one chunk, and an over-long 条 is cut between its
款 (paragraphs). Article numbers in Chinese numerals are converted to integers (第二百七十六条之一 → 276, 1).
An article heading is a 第X条 at the start of a line that follows the previous heading in number, so a paragraph
opening with a cross-reference ("第三十九条规定的……") stays text. An appendix (附件) after the articles is its own
chunk labelled 附件, so it is never cited as the last article. Two articles in sequence make a statute.
Other documents (notices, news) are cut by paragraph into chunks of about `max_chars` with one paragraph
of overlap so that a sentence at the seam is found from either side.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import cn2an

CN_NUM = "零〇一二三四五六七八九十百千万两0-9０-９"
ARTICLE_RE = re.compile(rf"^\s*(第([{CN_NUM}]+)条(?:之([{CN_NUM}]+))?)(?:[\s\u3000]+|(?=[^\s]))(.*)$")
HEADING_RE = re.compile(rf"^\s*#*\s*(第([{CN_NUM}]+)(编|章|节))(?:[\s\u3000]*)(.*)$")
# What follows "第X条" when a sentence refers to that article instead of starting it.
CROSS_REFERENCE_RE = re.compile(rf"^(规定|所称|所列|所指|的规定|第[{CN_NUM}]+[款项]|[、，,和或及至与]|中规定|以外|之外)")
# "附件：测算方法", "附件一 表格", "## 附件2"; not "附件所列的标准……" (a sentence about the appendix).
APPENDIX_RE = re.compile(rf"^\s*#*\s*(附件|附录|附表)\s*([{CN_NUM}]*)(?:\s*[：:、.．]\s*|\s+|$)(.*)$")
MIN_ARTICLES_FOR_STATUTE = 2
KINDS = ("statute", "text")


class SplitError(Exception):
    """The text cannot be split (for example it is empty)."""


class NoArticles(SplitError):
    """The document was set to be a statute but has no article headings."""


@dataclass
class Chunk:
    text: str
    ordinal: int
    article: str | None = None  # "第三十条", "第二百七十六条之一"
    article_no: int | None = None
    article_sub: int | None = None  # the 之X part
    chapter: str | None = None  # "第三章 工资清偿"
    section: str | None = None  # "第一节 集体合同"
    part: str | None = None  # 编
    paragraphs: str | None = None  # "1-2" when an article was cut between 款
    heading: str | None = None  # nearest heading for non-statute text
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("extra")
        return d


def chinese_number(text: str) -> int:
    """'二百七十六' → 276, '12' → 12, '十' → 10."""
    text = text.translate(str.maketrans("０１２３４５６７８９〇两", "0123456789零二"))
    if text.isdigit():
        return int(text)
    try:
        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError) as exc:
        raise SplitError(f"not a number: {text!r}") from exc


def _clean_lines(text: str) -> list[str]:
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    lines = []
    for line in text.splitlines():
        line = line.strip().strip("\u3000").strip()
        line = re.sub(r"^[*\-+]\s+", "", line)  # markdown bullets
        lines.append(line)
    return lines


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a text: blank-line separated blocks, markdown heading markers removed."""
    out, buf = [], []
    for line in _clean_lines(text) + [""]:
        if not line or line == "---":
            if buf:
                out.append("".join(buf) if _is_cjk_block(buf) else " ".join(buf))
                buf = []
            continue
        buf.append(line.lstrip("#").strip())
    return [p for p in out if p]


def _is_cjk_block(lines: list[str]) -> bool:
    # Hard line breaks inside a Chinese sentence are joined without a space.
    return any("\u4e00" <= ch <= "\u9fff" for ch in "".join(lines))


def _article_number(match: re.Match) -> tuple[int, int]:
    sub = match.group(3)
    return chinese_number(match.group(2)), chinese_number(sub) if sub else 0


def _spaced(line: str, match: re.Match) -> bool:
    """A space (or ideographic space) after "第X条": how headings are written, and cross-references are not."""
    return line[match.end(1):match.end(1) + 1].isspace()


def _is_cross_reference(line: str, match: re.Match) -> bool:
    # "第三十九条规定的情形……" and "第四十条第一项……" start a sentence about another article.
    return not _spaced(line, match) and bool(CROSS_REFERENCE_RE.match(match.group(4) or ""))


class ArticleSequence:
    """Recognises article headings: 第X条 at the start of a line, each one after the previous in number.

    The first heading may have any number (an excerpt can start at 第二百七十六条之一); after it a heading is the
    next article (第五条 → 第六条 or 第五条之一) or a later one set off by a space (an excerpt that skips articles).
    A line that starts with an earlier or the same article, or with a cross-reference to a later one, is text.
    """

    def __init__(self) -> None:
        self.last: tuple[int, int] | None = None

    def heading(self, line: str) -> re.Match | None:
        match = ARTICLE_RE.match(line)
        if not match:
            return None
        try:
            number = _article_number(match)
        except SplitError:
            return None
        if self.last is not None:
            no, sub = number
            last_no, last_sub = self.last
            following = (no == last_no + 1 and sub == 0) or (no == last_no and sub == last_sub + 1)
            later = number > self.last and _spaced(line, match)
            if not following and not later:
                return None
        if _is_cross_reference(line, match):
            return None
        self.last = number
        return match


def _appendix(line: str) -> tuple[str, str] | None:
    """("附件一", "最低工资标准测算方法") for an appendix heading line, else None."""
    match = APPENDIX_RE.match(line)
    if not match or len(line) >= 60 or line.rstrip().endswith("。"):
        return None
    label = match.group(1) + (match.group(2) or "")
    title = re.sub(r"(附件|附录|附表)$", "", (match.group(3) or "").strip()).strip()
    return label, title


def count_articles(text: str) -> int:
    """Article headings in sequence (cross-references and out-of-order 第X条 lines do not count)."""
    sequence = ArticleSequence()
    return sum(1 for line in _clean_lines(text) if sequence.heading(line))


def is_statute(text: str) -> bool:
    lines = _clean_lines(text)
    count = count_articles(text)
    has_heading = any(HEADING_RE.match(line) and len(line) < 60 for line in lines)
    # Two articles in sequence are a statute (an excerpt such as 解释（二）第一条、第二条 has no chapter heading);
    # one article under its chapter heading is an excerpt too.
    return count >= MIN_ARTICLES_FOR_STATUTE or (count >= 1 and has_heading)


def split_statute(text: str, max_chars: int = 600) -> list[Chunk]:
    chunks: list[Chunk] = []
    context: dict[str, str | None] = {"part": None, "chapter": None, "section": None}
    preamble: list[str] = []
    current: dict | None = None
    sequence = ArticleSequence()

    def flush() -> None:
        nonlocal current
        if current is None:
            return
        paras = current["paras"]
        groups, group, size = [], [], 0
        for i, para in enumerate(paras):
            if group and size + len(para) > max_chars:
                groups.append(group)
                group, size = [], 0
            group.append(i)
            size += len(para)
        if group:
            groups.append(group)
        for group in groups:
            body = "\n".join(paras[i] for i in group)
            label = None
            if len(groups) > 1:
                first, last = group[0] + 1, group[-1] + 1
                label = str(first) if first == last else f"{first}-{last}"
            where = {"heading": current["heading"]} if current.get("heading") else context
            chunks.append(Chunk(
                text=f"{current['article']} {body}" if group[0] != 0 else body,
                ordinal=len(chunks), article=current["article"], article_no=current["no"],
                article_sub=current["sub"], paragraphs=label, **where,
            ))
        current = None

    for line in _clean_lines(text):
        if not line or line == "---":
            continue
        appendix = _appendix(line) if (chunks or current is not None) else None
        if appendix:
            # An appendix (附件) is not part of the last article: its own chunk, cited as 附件.
            flush()
            label, title = appendix
            current = {"article": label, "no": None, "sub": None, "heading": f"{label} {title}".strip(),
                       "paras": [f"{label} {title}".strip()], "appendix": True}
            continue
        if current is not None and current.get("appendix"):
            line = line.lstrip("#").strip()
            if line and line != current["heading"].split(" ", 1)[-1]:
                current["paras"].append(line)
            continue
        heading = HEADING_RE.match(line)
        if heading and len(line) < 60 and not line.rstrip().endswith("。"):
            flush()
            label = f"{heading.group(1)} {heading.group(4).strip()}".strip()
            kind = heading.group(3)
            if kind == "编":
                context.update(part=label, chapter=None, section=None)
            elif kind == "章":
                context.update(chapter=label, section=None)
            else:
                context["section"] = label
            continue
        article = sequence.heading(line)
        if article:
            flush()
            number, sub = _article_number(article)
            current = {
                "article": article.group(1), "no": number, "sub": sub or None,
                "paras": [f"{article.group(1)} {article.group(4).strip()}".strip()],
            }
            continue
        if line.startswith("#"):
            if current is None and not chunks:
                continue  # the title line
            line = line.lstrip("#").strip()
        if current is not None:
            current["paras"].append(line)
        else:
            preamble.append(line)
    flush()
    if preamble:
        pre = Chunk(text="\n".join(preamble), ordinal=0, heading="preamble")
        chunks = [pre] + chunks
        for i, c in enumerate(chunks):
            c.ordinal = i
    return chunks


def split_paragraphs(text: str, max_chars: int = 400, overlap: int = 1) -> list[Chunk]:
    chunks: list[Chunk] = []
    heading: str | None = None
    window: list[str] = []
    size = 0
    fresh = 0  # paragraphs in the window not yet emitted

    def emit() -> None:
        nonlocal window, size, fresh
        if fresh:
            chunks.append(Chunk(text="\n".join(window), ordinal=len(chunks), heading=heading))
        window = window[-overlap:] if overlap else []
        size = sum(len(p) for p in window)
        fresh = 0

    for line in _clean_lines(text) + [""]:
        if line.startswith("#"):
            if window:
                emit()
                window, size = [], 0
            heading = line.lstrip("#").strip()
            continue
        for para in paragraphs(line):
            if window and size + len(para) > max_chars:
                emit()
            window.append(para)
            size += len(para)
            fresh += 1
    if fresh:
        chunks.append(Chunk(text="\n".join(window), ordinal=len(chunks), heading=heading))
    return chunks


def split_text(text: str, kind: str | None = None) -> tuple[str, list[Chunk]]:
    """Return ("statute" | "text", chunks). ``kind`` overrides the guess (an admin who knows the document)."""
    if not text.strip():
        raise SplitError("the document has no text")
    if kind not in (None, "", "auto", *KINDS):
        raise SplitError(f"unknown document kind {kind!r}; use one of: auto, {', '.join(KINDS)}")
    if kind == "statute" or (kind in (None, "", "auto") and is_statute(text)):
        chunks = split_statute(text)
        if not any(c.article_no is not None for c in chunks):
            raise NoArticles("设为法规条文，但没有在行首找到按顺序的条文标题（第一条……）；请按普通文本导入")
        return "statute", chunks
    return "text", split_paragraphs(text)
