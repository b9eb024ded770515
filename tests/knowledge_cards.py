"""A two-card knowledge base for tests that build a real index (each build embeds only a few dozen keys)."""


def two_cards(document: str = "保障农民工工资支付条例", boss_answer: str = "分包单位造成欠薪的，由施工总承包单位先行清偿。",
              boss_extra: str = "") -> str:
    """Cards YAML: who pays when the crew boss runs off (citing `document` 第三十条) and free arbitration.

    `boss_extra` is appended to the first card (e.g. a ``voices:`` block)."""
    return f"""
- id: boss-ran-away
  title: 包工头跑了，工资找谁要
  answer: {boss_answer}
  next_step: complaint
  citations: [{{document: {document}, article: 第三十条}}]
  questions: [包工头跑了工资找谁要, 班组长卷钱跑了, 工头失联了, 小包工头不见了, 总包管不管]
{boss_extra}- id: arbitration-free
  title: 劳动仲裁不收费
  answer: 劳动争议仲裁不收费。
  next_step: arbitration
  citations: [{{document: 劳动争议调解仲裁法, article: 第五十三条}}]
  questions: [仲裁要钱吗, 仲裁费多少, 打仲裁花钱吗, 仲裁收费吗, 没钱能仲裁吗]
"""
