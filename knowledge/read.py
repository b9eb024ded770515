"""Read a document file (.md .txt .html .pdf .docx) into a title, plain text and an effective date."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")
EFFECTIVE_RE = re.compile(r"自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日起?(?:施行|实施|生效)")


class UnsupportedFormat(Exception):
    """The file type cannot be ingested."""


class UnreadableDocument(Exception):
    """The file has a supported extension but its content cannot be read (damaged, another format, wrong encoding)."""


@dataclass
class DocumentText:
    title: str
    text: str
    effective_date: str | None


def _read_html(path: Path) -> tuple[str | None, str]:
    import lxml.html

    raw = path.read_bytes()
    # Without a declared charset lxml assumes Latin-1; Chinese pages are UTF-8 or GB18030.
    head = raw[:2048].decode("ascii", "ignore").lower()
    declared = re.search(r"charset=[\"']?([\w-]+)", head)
    encoding = declared.group(1) if declared else None
    if encoding is None:
        try:
            raw.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "gb18030"
    tree = lxml.html.fromstring(raw, parser=lxml.html.HTMLParser(encoding=encoding))
    for bad in tree.xpath("//script|//style|//nav|//header|//footer"):
        bad.drop_tree()
    title = None
    for xp in ("//h1", "//title"):
        found = tree.xpath(xp)
        if found and found[0].text_content().strip():
            title = found[0].text_content().strip()
            break
    blocks = []
    for el in tree.iter("h1", "h2", "h3", "h4", "p", "li", "div", "td"):
        if el.tag == "div" and el.xpath("./p|./div|./h1|./h2|./h3|./li"):
            continue  # text of container divs comes from their children
        text = el.text_content().strip()
        if text:
            prefix = "#" * int(el.tag[1]) + " " if el.tag[0] == "h" and el.tag[1:].isdigit() else ""
            blocks.append(prefix + text)
    return title, "\n\n".join(blocks)


def _read_pdf(path: Path) -> tuple[str | None, str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    title = (reader.metadata.title if reader.metadata else None) or None
    pages = [page.extract_text() or "" for page in reader.pages]
    return title, "\n\n".join(pages)


def _read_docx(path: Path) -> tuple[str | None, str]:
    import docx

    document = docx.Document(str(path))
    title = document.core_properties.title or None
    blocks = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name or "").lower() if para.style is not None else ""
        if style.startswith("heading") or style == "title":
            level = 1 if style == "title" else int(re.sub(r"\D", "", style) or 1)
            text = "#" * level + " " + text
        blocks.append(text)
    return title, "\n\n".join(blocks)


def _first_heading(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("# "):
            return line[2:].strip()
    for line in text.splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip()[:60]
    return None


def effective_date(text: str) -> str | None:
    """The date of the last 'X年X月X日起施行' clause (statutes put it in their final article)."""
    found = EFFECTIVE_RE.findall(text)
    if not found:
        return None
    y, m, d = found[-1]
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def read_document(path: Path) -> DocumentText:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFormat(f"{path.name}: cannot ingest {suffix or 'files without extension'}; "
                                f"supported: {' '.join(SUPPORTED)}")
    try:
        if suffix in (".md", ".markdown", ".txt"):
            title, text = None, path.read_text(encoding="utf-8-sig")
        elif suffix in (".html", ".htm"):
            title, text = _read_html(path)
        elif suffix == ".pdf":
            title, text = _read_pdf(path)
        else:
            title, text = _read_docx(path)
    except Exception as exc:  # each reader library has its own errors; callers need one named failure
        raise UnreadableDocument(f"{path.name}: cannot read it as {suffix} ({type(exc).__name__}: {exc})") from exc
    title = (title or _first_heading(text) or path.stem).strip()
    return DocumentText(title=title, text=text, effective_date=effective_date(text))
