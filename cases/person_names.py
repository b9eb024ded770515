"""A person's name where the text says one starts (after 包工头 / 老板是 / 项目经理 …), cut by jieba's word tags.

Workers rarely punctuate ("老板是包工头罗成华上面是贵州黔通劳务", "包工头赵大海欠我们八个人"), so a regex cannot tell
where a name ends without listing every word that may follow it. jieba.posseg tags most full names as one ``nr``
word (罗成华, 王胖子) and splits the rest into a surname and a word that is not a verb or particle (赵/大海, 马/国庆,
刘/大军); both are read as a name here. Only names that start with a common surname (or 老X / 小X / 阿X) count.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

__all__ = ["name_at", "SURNAMES"]

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
    # less common surnames real complaints name bosses by (封德贵, 阎志明, 敬志勇, 鞠成才, 普云华, 代老板)
    "封阎敬鞠普洪冼揭荆郁蔺代"
)
# Words that end a name rather than continue it (a verb, a particle, a pronoun, a number, a place or time word).
_NOT_NAME_TAGS = ("v", "p", "r", "d", "u", "m", "c", "f", "q", "x", "y", "e", "ul", "uj", "uz", "ud", "ug", "uv")
_NOT_NAME_WORDS = frozenset("说 跑 欠 拖 给 没 不 在 是 的 了 也 都 就 还 又 带 找 叫 和 跟 把 让 电话 手机 老板 公司 工地".split())

# 马/国庆 is a name, 王/今天 is not
_TIME_WORDS = frozenset("今天 昨天 明天 现在 去年 今年 前年 明年 当时 以前 之前 后来 月底 年底 年初 春节 过年".split())


@lru_cache(maxsize=1)
def _tagger():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jieba imports the deprecated pkg_resources
        import jieba
        import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def _is_name(word: str) -> bool:
    if word[0] in "老小阿" and len(word) == 2:
        return word[1] in SURNAMES
    return word[0] in SURNAMES and 2 <= len(word) <= 3 and not any(w in word for w in ("老板", "工头", "师傅", "老乡"))


def name_at(text: str, start: int) -> str | None:
    """The person's name that begins at ``start`` of ``text``, or None."""
    window = text[start: start + 8]
    if window[:1] in ("胖", "黑", "瘦", "彪", "强", "亮", "光") and _NICKNAME.match(window):
        return _NICKNAME.match(window).group(1)
    if not window or not (window[0] in SURNAMES or window[0] in "老小阿亚"):
        return None
    words = [(w.word, w.flag) for w in _tagger().cut(window)]
    if not words:
        return None
    first, flag = words[0]
    if flag == "nr" and _is_name(first):
        if (len(first) == 2 and len(words) > 2 and len(words[1][0]) == 1 and words[1][0] not in _NOT_NAME_WORDS
                and words[1][1] in ("v", "n", "a", "ng", "vg") and words[2][0][:1] in ("欠", "说", "跑", "拖", "，", ",")):
            return first + words[1][0]  # 汪春/nr 来/v 欠: a three-character name jieba split before a verb-like last character
        return first
    if len(first) == 1 and first in SURNAMES and len(words) > 1:
        second, second_flag = words[1]
        if (1 <= len(second) <= 2 and second not in _NOT_NAME_WORDS and not second_flag.startswith(_NOT_NAME_TAGS)
                and (not second_flag.startswith("t") or second not in _TIME_WORDS)
                and all("\u4e00" <= c <= "\u9fa5" for c in second)):
            return first + second
    if len(first) in (2, 3) and flag in ("nr", "n", "nz", "ns") and _is_name(first) and first[0] in "老小阿":
        return first
    # jieba tags some names as other words (刘/zg 大成/v): a surname and one or two characters before a word that
    # plainly follows a name
    match = _BEFORE_A_FOLLOWING_WORD.match(window)
    if match and window[0] in SURNAMES and (len(first) == 1 or flag.startswith("nr")):
        return match.group(1)  # …but not a word jieba knows whole (项目部, 钱包, 高兴)
    if len(window) >= 2 and window[0] in "老小阿" and window[1] in SURNAMES and (
            len(window) == 2 or _FOLLOWING_WORD.match(window[2:])):
        return window[:2]  # 老/a 郑/ns: 老郑
    nickname = _NICKNAME.match(window)
    if nickname:
        return nickname.group(1)  # 刘胖子 / 付大个子 / 张老四 / 老黑 / 胖哥: what a crew calls its boss
    if (len(window) >= 2 and window[0] in "阿亚" and "\u4e00" <= window[1] <= "\u9fa5" and window[1] not in _KIN
            and (len(window) == 2 or _FOLLOWING_WORD.match(window[2:]))):
        return window[:2]  # 阿强 / 亚辉: Cantonese call a man by his given name
    return None


_FOLLOWING = r"(?:他|她|说|欠|跑|不|没|拖|给|的|一直|把|还|也|都|就|带|叫|现在|电话|手机|[，,。！!？?\s（(]|$)"
_FOLLOWING_WORD = re.compile(_FOLLOWING)
# Nicknames (issue 11, dev5 kinds): a surname and a body word or a rank among brothers (刘胖子, 付大个子, 张老四, 吕三),
# 老 and a surname or a colour / build (老黑, 老蔡 — jieba reads 老蔡干 as one word), X哥 for a build or a trait (胖哥)
_NICKNAME = re.compile(
    r"((?:[" + "".join(sorted(SURNAMES)) + r"](?:大个子|大个|胖子|瘦子|矮子|麻子|大头|老[二三四五六七八九]|[二三四五六七八九](?![十百千万个月天年号人])))"
    r"|老(?:[黑白胖瘦憨驴歪]|[" + "".join(sorted(SURNAMES)) + r"])(?![板家乡师总大实是有人头表子公婆爷娘])"
    r"|(?:胖|黑|瘦|彪|强|亮|光)哥)"
    r"(?=" + _FOLLOWING[3:-1] + r"|干|做|包|叫|找|介绍|是|那|手下|上面|上头|带)"
)
_KIN = set("姨婆伯叔公妈爸哥姐嫂爷奶舅婶洲")  # 阿姨 / 阿哥 / 亚洲: no names
_BEFORE_A_FOLLOWING_WORD = re.compile(r"([\u4e00-\u9fa5]{2,3}?)(?=" + _FOLLOWING + ")")
