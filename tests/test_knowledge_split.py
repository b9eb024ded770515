"""Statute-aware splitting: chapters, sections, 第X条之一, Chinese numerals, long articles, notices."""
from knowledge.split import chinese_number, split_paragraphs, split_text

STATUTE = """# 示范工资条例

<!-- a statute written for this test -->

## 第一章　总则

第一条　为了测试，制定本条例。

第二条 本条例适用于示范单位。

## 第二章 工资支付

### 第一节 支付周期

第十一条 工资按月支付。

第十二条 工资不得拖欠。

第十二条之一 拖欠工资的，由总承包单位先行清偿。

第二款的内容。

### 第二节 法律责任

第一百零七条 本条例自2030年1月1日起施行。
"""


def test_articles_carry_number_chapter_and_section():
    kind, chunks = split_text(STATUTE)
    assert kind == "statute"
    by_article = {c.article: c for c in chunks if c.article}
    assert list(by_article) == ["第一条", "第二条", "第十一条", "第十二条", "第十二条之一", "第一百零七条"]
    inserted = by_article["第十二条之一"]
    assert (inserted.article_no, inserted.article_sub) == (12, 1)
    assert inserted.chapter == "第二章 工资支付" and inserted.section == "第一节 支付周期"
    assert "第二款的内容。" in inserted.text  # the second 款 stays with its article
    assert by_article["第一百零七条"].article_no == 107
    assert by_article["第一百零七条"].section == "第二节 法律责任"
    assert by_article["第一条"].chapter == "第一章 总则" and by_article["第一条"].section is None


def test_title_and_comments_are_not_chunks():
    _, chunks = split_text(STATUTE)
    assert all("示范工资条例" not in c.text and "written for this test" not in c.text for c in chunks)


def test_long_article_is_cut_between_paragraphs_and_keeps_its_number():
    paras = "\n\n".join("第%d款" % i + "内容" * 150 for i in range(1, 4))
    text = f"## 第一章 总则\n\n第三条 开头。\n\n{paras}\n\n第四条 结尾。\n\n第五条 另一条。"
    _, chunks = split_text(text)
    third = [c for c in chunks if c.article == "第三条"]
    assert len(third) > 1
    assert all(c.text.startswith("第三条") for c in third)  # each piece says which article it is
    assert third[0].paragraphs == "1-2" or third[0].paragraphs.startswith("1")


def test_chinese_numerals():
    assert chinese_number("二百七十六") == 276
    assert chinese_number("十") == 10
    assert chinese_number("一百零七") == 107
    assert chinese_number("12") == 12


def test_excerpt_with_one_article_under_a_chapter_is_a_statute():
    text = "# 中华人民共和国刑法\n\n### 第五章 侵犯财产罪\n\n第二百七十六条之一 甲。\n\n单位犯前款罪的，乙。\n"
    kind, chunks = split_text(text)
    assert kind == "statute"
    assert chunks[0].article == "第二百七十六条之一" and (chunks[0].article_no, chunks[0].article_sub) == (276, 1)
    assert "乙" in chunks[0].text


def test_notice_is_split_by_paragraph_with_overlap():
    paras = [f"第{i}段通知内容。" + "说明" * 60 for i in range(6)]
    kind, chunks = split_text("# 关于做好欠薪治理的通知\n\n" + "\n\n".join(paras))
    assert kind == "text"
    assert len(chunks) > 2
    for a, b in zip(chunks, chunks[1:]):
        assert a.text.split("\n")[-1] == b.text.split("\n")[0]  # one paragraph of overlap
    joined = "\n".join(c.text for c in chunks)
    assert all(p in joined for p in paras)


def test_split_paragraphs_keeps_heading_metadata():
    chunks = split_paragraphs("# 标题\n\n## 一、背景\n\n正文一。\n\n## 二、措施\n\n正文二。")
    assert [(c.heading, c.text) for c in chunks] == [("一、背景", "正文一。"), ("二、措施", "正文二。")]


# --- appendices, cross-references, short excerpts, the admin's choice of kind (issue 14) -----------------------

import os  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from knowledge import ingest, store  # noqa: E402
from knowledge.split import NoArticles, split_statute  # noqa: E402

WITH_APPENDIX = """# 示范最低工资办法

第一条 为了测试，制定本办法。

第二条 月最低工资标准的测算方法见附件。

第三条 本办法自2030年1月1日起施行。

附件：最低工资标准测算方法

## 最低工资标准测算方法

一、确定最低工资标准应考虑的因素

月最低工资标准=210×1.87+a
"""


def test_an_appendix_is_its_own_chunk_labelled_as_the_appendix_not_the_last_article():
    kind, chunks = split_text(WITH_APPENDIX)
    assert kind == "statute"
    last = next(c for c in chunks if c.article == "第三条")
    assert "测算" not in last.text and "210" not in last.text
    appendix = [c for c in chunks if c.article == "附件"]
    assert len(appendix) == 1 and "210×1.87" in appendix[0].text
    assert appendix[0].article_no is None and appendix[0].heading == "附件 最低工资标准测算方法"
    # "见附件" in the middle of 第二条 is a reference, not the start of the appendix
    assert next(c for c in chunks if c.article == "第二条").text.endswith("见附件。")


def test_a_paragraph_starting_with_an_article_number_as_a_cross_reference_is_not_a_heading():
    text = ("# 示范办法\n\n第三十八条 劳动者可以解除劳动合同。\n\n"
            "第三十九条规定的情形除外。\n\n第三十七条的规定同样适用。\n\n第三十九条 用人单位可以解除劳动合同。\n")
    _, chunks = split_text(text)
    assert [c.article for c in chunks] == ["第三十八条", "第三十九条"]
    first = chunks[0].text
    assert "第三十九条规定的情形除外。" in first and "第三十七条的规定同样适用。" in first


def test_an_article_number_out_of_sequence_is_text_of_the_current_article():
    text = "第一条 甲。\n\n第二条 乙。\n\n第一条 所说的甲，指……\n\n第三条 丙。\n"
    _, chunks = split_text(text)
    assert [c.article for c in chunks] == ["第一条", "第二条", "第三条"]
    assert "第一条 所说的甲" in chunks[1].text


def test_two_articles_in_sequence_without_a_chapter_make_a_statute():
    kind, chunks = split_text("# 示范解释（二）\n\n第一条 甲。\n\n第二条 乙。\n")
    assert kind == "statute" and [c.article for c in chunks] == ["第一条", "第二条"]


CORPUS = Path(os.environ.get("HUXIN_CORPUS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "corpus")


def _corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"SKIPPED: corpus file {path} is not here (set HUXIN_CORPUS_DIR or check out ../shared)")
    return path


def test_the_real_interpretation_two_ingests_as_articles_one_and_two(tmp_path):
    db = store.open_db(tmp_path / "k.db")
    result = ingest.ingest_file(db, _corpus_file("sifa-jieshi-laodong-zhengyi-anjian-er.md"))
    doc = store.active_document(db, result.doc_key)
    assert doc["kind"] == "statute" and doc["short_title"] == "最高人民法院关于审理劳动争议案件适用法律问题的解释（二）"
    chunks = store.chunks_of(db, doc["id"])
    assert [c["article"] for c in chunks] == ["第一条", "第二条"]
    assert "挂靠" in chunks[1]["text"] and "转包或者分包" in chunks[0]["text"]


def test_the_real_minimum_wage_appendix_is_not_cited_as_article_fifteen():
    _, chunks = split_text(_corpus_file("zuidi-gongzi-guiding.md").read_text(encoding="utf-8"))
    fifteen = [c for c in chunks if c.article == "第十五条"]
    assert len(fifteen) == 1 and "恩格尔" not in fifteen[0].text and "测算" not in fifteen[0].text
    appendix = "\n".join(c.text for c in chunks if c.article == "附件")
    assert "恩格尔系数法" in appendix and "住房公积金" in appendix


def test_the_admin_sets_the_kind(tmp_path):
    notice = tmp_path / "notice.md"
    notice.write_text("# 关于欠薪的通知\n\n第一条 这是通知的第一点。\n\n第二条 这是第二点。\n", encoding="utf-8")
    db = store.open_db(tmp_path / "k.db")
    assert ingest.ingest_file(db, notice).status == "added"
    assert store.active_document(db, "关于欠薪的通知")["kind"] == "statute"
    again = ingest.ingest_file(db, notice, kind="text")  # same bytes, other kind: split again
    doc = store.active_document(db, "关于欠薪的通知")
    assert again.status == "updated" and doc["kind"] == "text"
    assert all(c["article"] is None for c in store.chunks_of(db, doc["id"]))
    plain = tmp_path / "plain.md"
    plain.write_text("# 工地须知\n\n按时上工。\n", encoding="utf-8")
    with pytest.raises(ingest.IngestError, match="没有在行首找到"):
        ingest.ingest_file(db, plain, kind="statute")
    with pytest.raises(ingest.IngestError, match="kind 'law'"):
        ingest.ingest_file(db, plain, kind="law")
    assert store.active_document(db, "工地须知") is None  # nothing registered by a refused upload


def test_forcing_statute_on_text_without_articles_says_so():
    with pytest.raises(NoArticles):
        split_text("只是一段话。", kind="statute")
    assert split_statute("第五条 甲。")[0].article_no == 5
