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
