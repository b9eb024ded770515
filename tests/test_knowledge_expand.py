"""The colloquial → statutory expansion dictionary (knowledge/expansions.yml): every entry fires on the
worker's question it was written for, adds only terms the corpus or cards use, and stays quiet elsewhere."""
from pathlib import Path

import pytest

from knowledge.cards import CARDS_DIR
from knowledge.expand import ExpansionError, expand, expansion_terms, fired, load_expansions

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ENTRIES = load_expansions()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.when[0] for e in ENTRIES])
def test_each_entry_fires_on_its_example(entry):
    assert entry in fired(entry.example)
    expanded = expand(entry.example)
    assert expanded.startswith(entry.example)  # the worker's words are kept
    assert all(term in expanded for term in entry.add)


@pytest.mark.parametrize("question, statutory", [
    ("包工头跑了工资找谁要", ["承包人", "施工总承包单位", "逃匿"]),
    ("工钱要不到了", ["劳动报酬"]),
    ("干了半年老板没签合同", ["未订立书面劳动合同"]),
    ("被开除了能要钱吗", ["解除劳动合同"]),
    ("周末加班费怎么算", ["延长工作时间", "工资报酬"]),
    ("入职交了押金", ["担保", "收取财物"]),
    ("老板扣了我身分证", ["扣押", "居民身份证"]),
    ("劳动仲栽要钱吗", ["仲裁"]),
    ("忡裁去哪申请", ["仲裁"]),
    ("老板失联了", ["逃匿"]),
    ("國慶加班費怎麼算", ["延长工作时间"]),  # Traditional script fires the Simplified entries
])
def test_layperson_words_get_their_statutory_terms(question, statutory):
    terms = expansion_terms(question)
    assert all(t in terms for t in statutory), terms


@pytest.mark.parametrize("question", ["今天天气怎么样", "怎么办理护照", "火车票怎么退", "how to cook rice"])
def test_unrelated_questions_fire_nothing(question):
    assert fired(question) == []
    assert expand(question) == question


def test_added_terms_are_words_the_knowledge_uses():
    """An added term that occurs nowhere in the corpus or the cards cannot help BM25: a typo in the dictionary."""
    texts = [p.read_text(encoding="utf-8") for p in CARDS_DIR.glob("*.yml")]
    if CORPUS.exists():
        texts += [p.read_text(encoding="utf-8") for p in CORPUS.glob("*.md")]
    else:
        pytest.skip("official corpus not present")
    everything = "\n".join(texts)
    unused = sorted({t for e in ENTRIES for t in e.add if t not in everything and not t.isdigit()})
    assert unused == []


def test_malformed_dictionary_is_refused_with_its_name(tmp_path):
    bad = tmp_path / "expansions.yml"
    bad.write_text("- when: [包工头]\n  add: [承包人]\n", encoding="utf-8")  # no example
    with pytest.raises(ExpansionError, match="expansions.yml: entry 1 needs"):
        load_expansions(bad)
