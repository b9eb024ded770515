"""Dialect words → Mandarin for looking a question up (knowledge/dialect.yml): every entry turns its example into
Mandarin, Mandarin questions are left as they are, and a Cantonese question finds the card its Mandarin would."""
import pytest

from knowledge.dialect import DialectError, load_dialect, to_mandarin

ENTRIES = load_dialect()


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.mandarin}:{e.dialect[0]}" for e in ENTRIES])
def test_each_entry_turns_its_example_into_mandarin(entry):
    mandarin = to_mandarin(entry.example)
    assert entry.mandarin in mandarin
    assert not any(phrase in mandarin for phrase in entry.dialect if phrase not in entry.mandarin)


@pytest.mark.parametrize("question", [
    "仲裁要交钱吗",  # 仲 is Cantonese "still" too: not touched
    "转人工",  # 人工 is Cantonese for wages, and Mandarin for a person
    "没签合同能证明劳动关系吗 我有联系方式",  # 系 of 关系 / 联系
    "無固定期限勞動合同",  # Traditional 無 of 無固定期限 is not "have not"
    "老板欠了我三个月工资 怎么办",
])
def test_mandarin_is_left_as_it_is(question):
    assert to_mandarin(question) == question


def test_a_cantonese_question_reads_as_mandarin():
    assert to_mandarin("老细冇同我签合同，做咗半年，可唔可以攞双倍人工？") == "老板没有同我签合同，做了半年，可不可以拿双倍人工？"


def test_a_malformed_dictionary_is_a_named_error(tmp_path):
    bad = tmp_path / "dialect.yml"
    bad.write_text("- mandarin: 他\n  dialect: [佢]\n", encoding="utf-8")
    with pytest.raises(DialectError, match="example"):
        load_dialect(bad)
