"""The legal texts in ../shared/corpus, as the product reads them: short title → article → official text.

Tests that check what the bot says against the law use this. The corpus lives beside the repository
(``../shared/corpus``) or where ``HUXIN_CORPUS_DIR`` points; without it those tests skip with a loud message.
"""
from __future__ import annotations

import os
import re
import sys
import warnings
from functools import lru_cache
from pathlib import Path

import pytest

from knowledge.ingest import NOT_KNOWLEDGE, short_title
from knowledge.read import read_document
from knowledge.split import split_text

REPO = Path(__file__).resolve().parents[1]
# One citation inside a sentence: an optional 《document》 and an article (第三十条, 第二百七十六条之一).
CITATION_RE = re.compile(r"《([^》]+)》|(第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)")


def corpus_dir() -> Path:
    return Path(os.environ.get("HUXIN_CORPUS_DIR") or REPO.parent / "shared" / "corpus")


def require_corpus() -> Path:
    path = corpus_dir()
    if not path.is_dir() or not any(path.glob("*.md")):
        message = (f"LEGAL CORPUS MISSING: {path} has no legal texts, so citations were NOT checked against the law. "
                   "Check out ../shared beside the repository or set HUXIN_CORPUS_DIR.")
        print(f"\n{'!' * 72}\n{message}\n{'!' * 72}", file=sys.stderr)
        warnings.warn(message)
        pytest.skip(message)
    return path


@lru_cache(maxsize=1)
def _load(path: Path) -> dict[str, dict[str, str]]:
    documents: dict[str, dict[str, str]] = {}
    for file in sorted(path.glob("*.md")):
        if file.name.lower() in NOT_KNOWLEDGE:
            continue
        doc = read_document(file)
        _, chunks = split_text(doc.text)
        articles: dict[str, str] = {}
        for chunk in chunks:
            if chunk.article:
                articles[chunk.article] = (articles.get(chunk.article, "") + "\n" + chunk.text).strip()
        if not articles:  # the 补充规定 has no 条, only sections 一、…五、 (elsewhere "一、" heads an appendix)
            for section in re.findall(r"^\s*(?:#+\s*)?([一二三四五六七八九十]+)、", doc.text, re.M):
                articles.setdefault(section, "")
        documents[short_title(doc.title)] = articles
    return documents


def corpus() -> dict[str, dict[str, str]]:
    """{short title: {article: text}} of every document in the corpus."""
    return _load(require_corpus())


@lru_cache(maxsize=1)
def _short_names(path: Path) -> dict[str, str]:
    """SOURCES.md's short names (劳动争议解释一, used by claims' legal basis) → the title the product reads."""
    sources = path / "SOURCES.md"
    if not sources.exists():
        return {}
    names: dict[str, str] = {}
    for file, short in re.findall(r"^\| `([^`]+\.md)` \| ([^|]+?) \|", sources.read_text(encoding="utf-8"), re.M):
        if (path / file).exists():
            names[short.strip()] = short_title(read_document(path / file).title)
    return names


def document_title(name: str) -> str:
    """The corpus title for a document named by its title, short title or SOURCES.md short name."""
    docs = corpus()
    if name in docs:
        return name
    return _short_names(require_corpus()).get(name, name)


def article_text(document: str, article: str) -> str:
    docs = corpus()
    document = document_title(document)
    assert document in docs, f"《{document}》 is not in the corpus ({', '.join(sorted(docs))})"
    assert article in docs[document], f"《{document}》 has no {article}"
    return docs[document][article]


def citations_in(text: str) -> list[tuple[str | None, str | None]]:
    """(document, article) pairs a reply text cites. A bare 第X条 belongs to the last 《document》 named before it;
    a 《document》 named without an article is returned with article None."""
    found: list[tuple[str | None, str | None]] = []
    document: str | None = None
    pending = False  # a 《document》 not yet followed by an article
    for match in CITATION_RE.finditer(text):
        if match.group(1):
            if pending:
                found.append((document, None))
            document, pending = match.group(1), True
        else:
            found.append((document, match.group(2)))
            pending = False
    if pending:
        found.append((document, None))
    return found
