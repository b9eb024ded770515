"""Keyword tokens for BM25: jieba words plus Chinese character bigrams.

Words match whole terms (拖欠, 劳动仲裁); bigrams catch what the word segmenter cuts differently in
a question and in a passage (包工头跑了 vs 包工头逃匿). Traditional characters are folded to Simplified
first so a Traditional question finds Simplified passages.
"""
from __future__ import annotations

import re
import threading

_lock = threading.Lock()
_jieba = None
_t2s = None

# Domain words jieba would otherwise split; kept here, not in Rasa's dictionary, because the two
# processes segment for different purposes.
DOMAIN_WORDS = [
    "包工头", "班组长", "农民工", "欠薪", "讨薪", "劳动仲裁", "仲裁委", "先予执行", "支付令", "终局裁决",
    "专用账户", "实名制", "工资保证金", "维权信息告示牌", "工资台账", "工资卡", "总承包单位", "施工总承包",
    "违法发包", "违法分包", "转包", "挂靠", "经济补偿", "二倍工资", "双倍工资", "法律援助", "劳动监察",
    "劳动保障监察", "拒不支付劳动报酬", "最低工资", "加班费", "试用期", "劳动合同", "解除劳动合同",
    "12333", "12348", "线索反映平台", "建设单位", "工程款", "结算", "离职", "辞职", "工伤",
]
STOP = set("的了吗呢啊吧呀么和与及或是在有我你他她它们这那就都也还要会能可以怎么什么如何为啥吗？?，,。.！!、；;：:“”\"'（）() \n\t")
CJK = re.compile(r"[\u4e00-\u9fff]")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
TOKEN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z]+|\d+")


def _segmenter():
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import logging
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # jieba imports the deprecated pkg_resources
                    import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                for word in DOMAIN_WORDS:
                    tok.add_word(word, freq=20000)
                _jieba = tok
    return _jieba


def to_simplified(text: str) -> str:
    global _t2s
    if _t2s is None:
        import opencc

        _t2s = opencc.OpenCC("t2s")
    return _t2s.convert(text)


def tokens(text: str) -> list[str]:
    text = to_simplified(text).lower()
    out: list[str] = []
    for word in _segmenter().lcut(text):
        word = word.strip()
        if word and word not in STOP and not all(ch in STOP for ch in word):
            out.append(word)
    for run in TOKEN.findall(text):
        if CJK.match(run):
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def bigrams(text: str) -> set[str]:
    """The Chinese character bigrams of a text (Simplified, lower-case input expected)."""
    return {run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1)}
