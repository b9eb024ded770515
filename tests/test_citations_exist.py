"""Every citation the product can emit names an article that exists in the legal corpus (../shared/corpus).

Sources of citations: the knowledge cards (their `citations` and any 《…》第X条 in the answer), the case notifications a
worker receives (cases/notifications.py, rendered for every status), the Rasa responses (nlu/domain/*.yml), the
wording catalogue (every area's wording.yml: the documents' grounds, the calculator's notes …), and the replies
hard-coded in Python (string constants in actions/, bot/, cases/, claims/, knowledge/). A bare 第X条 in a text
counts for the last 《document》 named before it; one with no document named at all is an error (a worker cannot
look it up). Without the corpus these tests skip with a loud message (tests/legal_corpus.py).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from cases.notifications import render, render_transfer
from cases.workflow import STATUSES
from core import wording
from knowledge.cards import load_cards
from tests.legal_corpus import REPO, citations_in, corpus

EMITTING_PACKAGES = ("actions", "bot", "cases", "claims", "knowledge")


def _missing(cited: list[tuple[str | None, str | None]], where: str, orphans: bool = True) -> list[str]:
    docs = corpus()
    problems = []
    for document, article in cited:
        if article is None:
            continue  # a document named without an article cites nothing to check
        if document is None:
            if orphans:
                problems.append(f"{where}: {article} without the document it belongs to")
        elif document not in docs:
            problems.append(f"{where}: 《{document}》 is not in the corpus")
        elif article not in docs[document]:
            problems.append(f"{where}: 《{document}》{article} does not exist")
    return problems


def card_citations() -> list[tuple[str, list[tuple[str | None, str | None]]]]:
    out = []
    for card in load_cards():
        cited = [(c.document, c.article) for c in card.citations] + citations_in(card.answer)
        out.append((f"card {card.id}", cited))
    return out


def notification_texts() -> list[tuple[str, str]]:
    case = {"id": 1, "case_number": "HX-2026-000001", "chat_key": "web:x"}
    texts = [(f"notification {status}", render(case, status, "说明")[0]) for status in STATUSES]
    texts.append(("notification transfer", render_transfer(case, "区劳动保障监察大队")[0]))
    return texts


def response_texts() -> list[tuple[str, str]]:
    texts = []
    for path in sorted((REPO / "nlu" / "domain").glob("*.yml")):
        domain = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variants in (domain.get("responses") or {}).items():
            for i, variant in enumerate(variants or []):
                if variant.get("text"):
                    texts.append((f"{path.name} {name}[{i}]", variant["text"]))
    return texts


def catalogue_texts() -> list[tuple[str, str]]:
    """Every entry of every wording.yml, as written (variables unfilled: a citation is never a variable's value
    there; the {basis} of the documents comes from claims/legal_basis.py, checked in tests/test_claims_citations.py)."""
    return [(f"{entry.file.parent.name}/wording.yml {key}", entry.text) for key, entry in wording.catalogue().items()]


def code_texts() -> list[tuple[str, str]]:
    """String constants naming a 《document》 in the packages that reply to workers (docstrings left out: no worker
    reads them). A constant can be one piece of a longer text, so a 第X条 with no document before it is not judged
    here; claims/legal_basis.py pairs are checked by tests/test_claims_calculator.py."""
    texts = []
    for package in EMITTING_PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {id(node.value) for node in ast.walk(tree)
                          if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                    if "《" in node.value and "条" in node.value:
                        texts.append((f"{path.relative_to(REPO)}:{node.lineno}", node.value))
    return texts


def test_the_corpus_holds_the_documents_the_product_relies_on():
    docs = corpus()
    for title in ("保障农民工工资支付条例", "劳动合同法", "劳动争议调解仲裁法", "法律援助法", "刑法",
                  "最高人民法院关于审理劳动争议案件适用法律问题的解释（二）"):
        assert title in docs and docs[title], f"《{title}》 missing from the corpus"


def test_every_card_citation_names_an_article_in_the_corpus():
    problems = [p for where, cited in card_citations() for p in _missing(cited, where)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("source", [notification_texts, response_texts, catalogue_texts, code_texts],
                         ids=["notifications", "rasa-responses", "wording-catalogue", "hard-coded-replies"])
def test_every_citation_in_reply_texts_names_an_article_in_the_corpus(source):
    texts = source()
    assert texts or source is code_texts, f"{source.__name__} found no texts: the test would check nothing"
    orphans = source is not code_texts
    problems = [p for where, text in texts for p in _missing(citations_in(text), where, orphans)]
    assert not problems, "\n".join(problems)


def test_the_checker_catches_a_wrong_or_orphan_citation():
    # The same check, on citations that must fail: an article the law does not have, a document not in the
    # corpus, and a 第X条 with no document before it.
    cited = citations_in("见《劳动合同法》第九百条；《不存在的办法》第一条；另见第三条。")
    assert len(_missing(cited, "t")) == 3
    assert not _missing(citations_in("《法律援助法》第三十一条、第四十二条"), "t")
