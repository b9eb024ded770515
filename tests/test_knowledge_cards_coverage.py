"""Every card citation names an article that exists in the official corpus, and the cards cover enough of it.

The corpus is the shared set of official texts at ../shared/corpus (or HUXIN_CORPUS_DIR). Document names are
the short titles the ingester gives each file, so a card's 依据 matches the passage retrieved for it.
Run with -s to see the coverage table per document.
"""
from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from knowledge.cards import load_cards
from knowledge.ingest import NOT_KNOWLEDGE, short_title
from knowledge.read import read_document

MIN_ARTICLES_COVERED = 150
REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("HUXIN_CORPUS_DIR") or REPO.parent / "shared" / "corpus")

# 第三十条 / 第二百七十六条之一 at the start of a line; the 补充规定 has no 条, only sections "一、" … "五、".
ARTICLE_LINE = re.compile(r"^\s*#*\s*(第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)")
SECTION_LINE = re.compile(r"^\s*#*\s*([一二三四五六七八九十]+)、")


def _articles(text: str) -> set[str]:
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)  # excerpt notes name articles too
    lines = text.splitlines()
    articles = {m.group(1) for m in map(ARTICLE_LINE.match, lines) if m}
    # Numbered sections count only in a document without 条 (elsewhere "一、" heads an annex).
    return articles or {m.group(1) for m in map(SECTION_LINE.match, lines) if m}


@pytest.fixture(scope="module")
def corpus() -> dict[str, set[str]]:
    if not CORPUS.is_dir():
        message = (f"\n{'!' * 72}\nSKIPPED: official corpus not found at {CORPUS}.\n"
                   f"Card citations were NOT checked. Put the corpus at ../shared/corpus or set HUXIN_CORPUS_DIR.\n"
                   f"{'!' * 72}")
        print(message, file=sys.stderr)
        pytest.skip(message)
    docs = {}
    for path in sorted(CORPUS.glob("*.md")):
        if path.name.lower() in NOT_KNOWLEDGE:
            continue
        docs[short_title(read_document(path).title)] = _articles(path.read_text(encoding="utf-8"))
    return docs


def test_corpus_reader_sees_every_article(corpus):
    # Guards the checker itself: counts from SOURCES.md.
    assert len(corpus["劳动合同法"]) == 98
    assert len(corpus["保障农民工工资支付条例"]) == 64
    assert len(corpus["最低工资规定"]) == 15
    assert corpus["刑法"] == {"第二百七十六条之一"}
    assert corpus["对《工资支付暂行规定》有关问题的补充规定"] == {"一", "二", "三", "四", "五"}


def test_every_citation_names_an_article_in_the_corpus(corpus):
    bad = []
    for card in load_cards():
        for c in card.citations:
            if c.document not in corpus:
                bad.append(f"{card.source_file} {card.id}: no corpus document named {c.document!r}")
            elif c.article and c.article not in corpus[c.document]:
                bad.append(f"{card.source_file} {card.id}: {c.label()} is not in the corpus")
    assert not bad, "citations not in the corpus:\n" + "\n".join(bad)


def test_cards_cover_enough_articles(corpus):
    cited = {(c.document, c.article) for card in load_cards() for c in card.citations
             if c.article and c.article in corpus.get(c.document, set())}
    per_doc = Counter(doc for doc, _ in cited)
    table = "\n".join(f"  {n:3d} / {len(corpus[doc]):3d}  {doc}" for doc, n in per_doc.most_common())
    print(f"\ncards cover {len(cited)} distinct corpus articles:\n{table}")
    assert len(cited) >= MIN_ARTICLES_COVERED, f"only {len(cited)} articles covered:\n{table}"
