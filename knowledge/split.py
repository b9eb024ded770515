"""Split document text into chunks.

Statutes (laws, regulations, interpretations) are split on their own structure: 编/章/节 headings are
kept as metadata, each 条 (including 第X条之一) becomes one chunk, and an over-long 条 is cut between its
款 (paragraphs). Article numbers in Chinese numerals are converted to integers (第二百七十六条之一 → 276, 1).
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
MIN_ARTICLES_FOR_STATUTE = 3


class SplitError(Exception):
    """The text cannot be split (for example it is empty)."""


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


def is_statute(text: str) -> bool:
    lines = _clean_lines(text)
    count = sum(1 for line in lines if ARTICLE_RE.match(line))
    has_heading = any(HEADING_RE.match(line) and len(line) < 60 for line in lines)
    # An excerpt (one article under its chapter heading) is still a statute.
    return count >= MIN_ARTICLES_FOR_STATUTE or (count >= 1 and has_heading)


def split_statute(text: str, max_chars: int = 600) -> list[Chunk]:
    chunks: list[Chunk] = []
    context: dict[str, str | None] = {"part": None, "chapter": None, "section": None}
    preamble: list[str] = []
    current: dict | None = None

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
            chunks.append(Chunk(
                text=f"{current['article']} {body}" if group[0] != 0 else body,
                ordinal=len(chunks), article=current["article"], article_no=current["no"],
                article_sub=current["sub"], paragraphs=label, **context,
            ))
        current = None

    for line in _clean_lines(text):
        if not line:
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
        article = ARTICLE_RE.match(line)
        if article:
            flush()
            sub = article.group(3)
            current = {
                "article": article.group(1), "no": chinese_number(article.group(2)),
                "sub": chinese_number(sub) if sub else None,
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


def split_text(text: str) -> tuple[str, list[Chunk]]:
    """Return ("statute" | "text", chunks)."""
    if not text.strip():
        raise SplitError("the document has no text")
    if is_statute(text):
        return "statute", split_statute(text)
    return "text", split_paragraphs(text)
