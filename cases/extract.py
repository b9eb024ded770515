"""Fill complaint fields from one free-text message.

A worker's opening message often already says who owes, where, how much, for how many and how long
("俺们一共9个人在北京大兴给人装修别墅 干完活老板不给钱 欠了七万三"). ``extract`` reads what it can; the form
then asks only for the rest. Rasa's entities are a hint only: this parser is what bench/intake measures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import opencc

from core import clock

from .errors import NumberNotUnderstood
from .english_places import chinese_place_names, is_english
from .location import Location, district_named_alone, parse_location
from .parties import (
    CREW_BOSS,
    OWNER_TITLE,
    extend_company,
    _COMPANY_END,
    NOT_EMPLOYER_BEFORE,
    Party,
    choose_employer,
    company_candidates,
    is_quoted_employer,
    quoted_names,
    split_beside,
)
from .numbers import (
    NUMERAL, FieldValue, MonthsOwed, Period, Quantity, normalise_digits, parse_amount, parse_count, parse_months,
    parse_number,
)
from .month_span import find_span
from .person_names import name_at
from .phone import Phone, find_phone

__all__ = ["Extraction", "extract", "bounded", "MAX_CHARS", "find_employer", "find_project", "find_amount", "find_workers",
           "find_period", "find_worker_name", "is_anonymous"]


@dataclass
class Extraction:
    employer: str | None = None
    employer_phone: Phone | None = None
    location: Location | None = None
    project: str | None = None
    amount: Quantity | None = None
    workers_count: Quantity | None = None
    months: Quantity | None = None
    period: Period | None = None  # the dates ("3月到6月"), when the worker gave dates
    phone: Phone | None = None
    worker_name: str | None = None
    anonymous: bool = False
    description: str = ""
    found: list[str] = field(default_factory=list)

    def as_fields(self) -> dict[str, FieldValue]:
        """The complaint's fields found: text, the amount and head count as quantities, the months owed with their
        period."""
        fields: dict[str, FieldValue] = {}
        if self.employer:
            fields["employer"] = self.employer + (f" {self.employer_phone}" if self.employer_phone else "")
        if self.location:
            fields["location"] = self.location.label
        if self.project:
            fields["project"] = self.project
        if self.amount:
            fields["amount"] = self.amount
        if self.workers_count:
            fields["workers_count"] = self.workers_count
        if self.months:
            fields["months"] = MonthsOwed(self.months, self.period)
        if self.phone:
            fields["phone"] = self.phone.number
        if self.anonymous:
            fields["worker_name"] = "匿名"
        elif self.worker_name:
            fields["worker_name"] = self.worker_name
        return fields


_STOP = "，,。.!！?？;；:：、 \n\t"
_CUT_BEFORE_NAME = re.compile(
    r".*(?:开发商|跟着|给别人|帮别人|给人|帮人|替人|在|喺|一间|给|帮|替|跟|被|是|叫|了|的|就|去|到|那个|这个|那家|这家|一家|个|找|问|单位|名称|向|对|说|欠|拖|让|把|干|做|为|开|一名|由|他从|她从)"
)
_BOSS_TITLE = r"(?:老板娘|小包工头|包工头|大包|二包|小包|工头|班组长|班长|带班的|带班|领班|工长|管工|判头|承包人|承包商|负责人|老板|老总|老细|经理|雇主|东家|包头|大户)"
_NAME_AFTER_TITLE = re.compile(
    _BOSS_TITLE + r"(?:是|叫|名叫|姓|的名字叫|名字叫)\s*(?:(?:我们|俺们|咱们)?(?:村|镇|老家|老乡|同乡|亲戚|本家)的)?"
    # 包工头是个姓单的叫单老三: the surname first, then the name
    r"(?:一?个姓[\u4e00-\u9fa5]的[，,]?(?:叫|名叫))?"
    # a voice run-on goes straight on after the name: 包工头是个姓单的叫单老三我们大家伙都管他叫三哥
    r"(?!我|俺|咱|他|她|你)([\u4e00-\u9fa5]{1,3}?)(?=不|没|欠|拖|给|的|跑|说|一直|跟|把|还|也|都|在|就|到|带|招|找|电话|手机|联系|号码|，|,|。|\s|$|、|他|她|现在|人|失联|找|耍|赖|老板|我们|俺们|咱们)"
)
_TITLE_THEN_NAME = re.compile(
    _BOSS_TITLE + r"\s*(老[\u4e00-\u9fa5](?![\u4e00-\u9fa5]{0,1}(?:板|总|细))|小[\u4e00-\u9fa5]|阿[\u4e00-\u9fa5]|[\u4e00-\u9fa5]某某|[\u4e00-\u9fa5]某|"
    r"[\u4e00-\u9fa5](?:先生|女士|老板|总))"
)
_SURNAME_TITLE = re.compile(r"(?<![\u4e00-\u9fa5])?([\u4e00-\u9fa5])(老板|总|经理|工头|包工头|班长|老大)(?![\u4e00-\u9fa5]{0}板)")
_COMMON_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
    "封阎敬鞠普洪冼揭荆郁蔺代"
)


def _trim_left(candidate: str) -> str:
    """Drop the words before a name: "在北京给宏达建筑公司" → "宏达建筑公司"."""
    return _CUT_BEFORE_NAME.sub("", candidate)


_GENERIC_WORKPLACE = re.compile(
    r"^(?:一个|一家|一间|这个|那个|这家|那家|这间|那间|该|我们|他们|俺们|从|通过)?"
    r"(?:[\u4e00-\u9fa5]{0,2}|劳务派遣|人力资源|建筑劳务|(?:食品|服装|电子|五金|家具|塑料|塑胶|印刷|纺织|制衣|玩具|包装|机械|铸造|模具|"
    r"建材|化工|灯饰|箱包|皮具|陶瓷|海鲜|水产|汽配|木材|石材)(?:加工|制品|配件)?)(?:公司|厂|工厂|项目部|劳务队|工程队|施工队|装修队)$"
)
_BOSS_NAME = re.compile(
    _BOSS_TITLE
    + r"\s*([\u4e00-\u9fa5]{2,3}?)(?=跑|不|没|欠|拖|给|的|说|一直|把|还|也|都|在|就|干|做|电话|手机|带|招|找|叫|开|手下|那|让|又|现在|，|,|。|\s|$)"
)


def _without_place(name: str, location: Location | None) -> str:
    """The name with the administrative place names in front of it removed (for the generic check)."""
    if location is None:
        return name
    for part in (location.province, location.city, location.district):
        if not part:
            continue
        short = re.sub(r"(省|市|自治区|区|县)$", "", part)
        for prefix in (part, short):
            if prefix and name.startswith(prefix):
                name = name[len(prefix):]
    return re.sub(r"^[\u4e00-\u9fa5]{1,4}(?:镇|乡|街道)", "", name)


# The kinds of workplace a name is introduced with (一家叫味之源的酒楼, 一个叫丰泰的养殖场)
_WORKPLACE_KINDS = (r"公司|厂|餐厅|饭店|酒店|火锅店|餐馆|饭馆|酒楼|茶楼|超市|作坊|工作室|店|装修队|施工队|工程队|劳务队|合作社|"
                    r"KTV|ktv|会所|宾馆|客栈|民宿|美容院|网点|养殖场|养猪场|猪场|鸡场|农场|机构")
_WORKPLACE = r"(?:[\u4e00-\u9fa5]{0,6}?(?:" + _WORKPLACE_KINDS + "))"
_ENDS_IN_KIND = re.compile(r"(?:" + _WORKPLACE_KINDS + ")$")
# 一家叫宏利达的电子厂 / 一个叫赵德明的包工头 / 老板是个叫陈伟的包工头
_CALLED_THEN_KIND = re.compile(
    r"叫(?:做)?([\u4e00-\u9fa5A-Za-z0-9]{2,10}?)(?:的|嘅)(" + _BOSS_TITLE + "|" + _WORKPLACE + r")(?![\u4e00-\u9fa5]{0,2}(?:小区|项目|工地))"
)
# 厂叫鑫达塑胶制品厂 / 中介公司叫好帮手家政服务有限公司 / 劳务派遣公司叫…
_KIND_THEN_CALLED = re.compile(
    r"(?:厂|公司|单位|中介|代理商|厂子|工厂|饭店|酒店|餐厅|饭馆|餐馆|酒楼|超市|店|站点|网点|门店|馆子|面馆|洗浴中心|健身房|养[\u4e00-\u9fa5]场|农场|林场|牧场|砖场|合作社|美容院|茶楼|会所|机构|客栈|民宿)(?:的)?\s*(?:名字|名)?(?:叫|是)\s*(?:((?:(?![我俺你他她])[\u4e00-\u9fa5A-Za-z0-9（）()]){2,24}?" + _COMPANY_END + ")"
    # …or any name up to a pause ("厂名叫华美家私 干了五十天"), or to the writer going on unpunctuated ("…叫华美家私我是…")
    r"|(?:名字|名)?(?<=叫)\s*(?![\u4e00-\u9fa5]{0,12}?(?:项目|工程|小区|工地|楼盘))([\u4e00-\u9fa5]{2,12}?|[A-Za-z]{2,12}(?![ A-Za-z])[\u4e00-\u9fa5]{0,4}?)(?=[，,。！!？?\s）)]|$|(?:欠|拖)(?:了)?(?:我|俺|咱)|(?:我|俺)(?:是|在|们)))"
)
# 厂名叫「…」 / 店叫… / 面馆叫…: the workplace's name follows, and a kind said before it (一家鞋厂) stands for it
_KIND_INTRO = re.compile(r"(厂|店|馆)(?:子)?(?:的)?\s*(?:名字|名)?(?:叫|是)\s*[“\"「『]?")
_FIRM_CALLED = re.compile(r"(?<![\u4e00-\u9fa5])?(?:一家|这家|那家)叫([\u4e00-\u9fa5A-Za-z0-9]{2,10}?)的(?=[\s，,。]|$)")
# 跟个姓刘的老板 → 刘老板; 一个姓孙的先生请我 → 孙先生
_SURNAME_OF = re.compile(r"姓([\u4e00-\u9fa5])的(老板|老总|先生|女士|经理|师傅|包工头|工头|班组长|工长)")
_ENGLISH_BOSS = re.compile(
    r"(?<!main )(?<!general )(?<!sub)\b(foreman|boss|gang ?master|team leader|labor boss)\s+(?:who\s+(?:hired|employs|employed|took\s+on)\s+(?:him|her|me|us|them)\s+)?"
    r"(?:is\s+)?(?:'s\s+)?(?:name\s+is\s+|named\s+|called\s+|is\s+|a\s+(?:guy|man|woman)\s+(?:we\s+call|called|named)\s+)?(?:(?:Mr|Mrs|Ms)\.?\s+)?"
    r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)"
)
_ORIGIN_THEN_NAME = re.compile(
    _BOSS_TITLE + r"是[\u4e00-\u9fa5]{1,4}?人[，, ]?(?:叫|名叫)([\u4e00-\u9fa5]{2,3}?)(?=[，,。\s]|$|他|说|欠|跑|电话|不|没)"
)
# 跟着老乡刘文军在廊坊干防水: a boss named without a title, after 跟着 and before the work
_FOLLOWED_BY_NAME = re.compile(
    r"跟着?(?:老乡|同乡|亲戚|村里的|一个)?([\u4e00-\u9fa5]{2,3}?)(?=在|去|干|做|打工|搞)"
)
# 跟着河南老乡牛建军在北京 / 跟着我表哥的朋友王大勇去: the name after the fellow villager or relative
_FOLLOWED_BY_FELLOW = re.compile(
    r"跟着?(?:个|一个)?[\u4e00-\u9fa5]{0,5}?(?:的)?(?:老乡|同乡|亲戚|朋友|熟人|表哥|表叔|姐夫|舅舅|大哥|(?<![个的])人)(?:的(?:老乡|同乡|亲戚|朋友|熟人))?(?:叫)?"
)
_ENGLISH_CALLED = re.compile(
    r"\b(restaurant|factory|company|shop|hotel|workshop|store)\s+(?:called|named)\s+([A-Z][A-Za-z'&]+(?: [A-Z][A-Za-z'&]+){0,3})"
)
# "a garment factory in Ningbo (Yinzhou district) called Haixin Garments", "Company: Jiesu Express",
# "I worked for Speedy Logistics in Guangzhou"
_ENGLISH_NAMED = re.compile(
    r"(?:\b(?:factory|company|shop|restaurant|hotel|store|firm|agency|site|employer|subcontractor|contractor)\b[^.;:]{0,40}?\b(?:called|named)"
    r"|\b(?:Company|Employer|Factory|Shop|Restaurant)\s*(?:name)?\s*:"
    r"|\b(?:work(?:ed|ing|s)?|rider|driver|courier|cleaner|cook|waiter|waitress)\s+(?:at|for)"
    r")\s+((?:[A-Z][A-Za-z'&]+)(?: (?:and |& )?[A-Z][A-Za-z'&]+){0,4})"
)
_ENGLISH_PLACE_WORDS = {"Shenzhen", "Guangzhou", "Beijing", "Shanghai", "Chengdu", "Dongguan", "Ningbo", "Hangzhou", "The", "A", "An"}
_ENGLISH_MR = re.compile(r"\b(?:Mr|Mrs|Ms)\.?\s+[A-Z][a-z]+")
_ENGLISH_COMPANY = re.compile(
    r"(?<![A-Za-z])(?:[A-Z][A-Za-z]+ ){1,4}(?:Co\.(?: ?Ltd\.?)?|Company|Group|Ltd\.?|Inc\.?|Factory|Services|Construction|Footwear|Garments|Electronics|Textiles|Logistics|Engineering)(?![a-z])"
)
# 老板姓王 → 王老板 (包工头姓陈 → 包工头陈某 stays, as in messages.yml); 包工头是四川人姓罗 → 包工头罗某
_SURNAME_GIVEN = re.compile(r"(?:队长|主管|站长|店长|厂长|" + _BOSS_TITLE[3:] + r"(?:是[\u4e00-\u9fa5]{1,4}人)?"
                            # 老板叫啥不知道 就知道姓邹: the name unknown, the surname known
                            r"(?:(?:叫(?:啥|什么)(?:名字)?|(?:全名|大名|名字))(?:也|都)?(?:不知道|不晓得|不清楚|记不得|忘了)"
                            r"[，,\s]*(?:就|只|只是)?(?:知道)?(?:他|她)?)?"
                            r"(?:，|,|\s)?姓([\u4e00-\u9fa5])")


def _indirect_parties(text: str) -> list[Party]:
    """Names introduced indirectly (一家叫…的厂, 厂叫…, 老板姓王, 跟个姓刘的老板), with where they stand."""
    found: list[Party] = []
    for match in _CALLED_THEN_KIND.finditer(text):
        name, kind = match.group(1), match.group(2)
        if re.fullmatch(_BOSS_TITLE, kind):
            found.append(Party(match.start(1), match.end(), kind + name, "person"))
        else:
            suffix = _ENDS_IN_KIND.search(kind).group(0)
            kind_word = kind[: -len(suffix)]
            # 一个叫丰泰养殖场的猪场: the name says its kind already
            full = name if _ENDS_IN_KIND.search(name) else name + kind_word + suffix
            found.append(Party(match.start(1), match.end(), full, "company"))
    for match in _FIRM_CALLED.finditer(text):  # 分给了一家叫金穗钢构的 金穗的老板…: a firm, by its classifier 家
        found.append(Party(match.start(1), match.end(1), match.group(1), "company"))
    for match in _KIND_THEN_CALLED.finditer(text):
        group = 1 if match.group(1) else 2
        name, end = extend_company(text, match.group(group), match.end(group))
        name = re.sub(r"^(?:一家|一个|一间|这家|那家|个)叫", "", name)  # 站点是一家叫速达配送的代理商
        found.append(Party(end - len(name), end, name, "company"))
    for match in _SURNAME_GIVEN.finditer(text):
        if re.search(r"(?:我|俺|本人)(?:就)?是$", text[max(0, match.start() - 3): match.start()]):
            continue  # 我是班组长，姓陈: the writer himself
        title = re.match(r"队长|主管|站长|店长|厂长|" + _BOSS_TITLE[3:-1], match.group(0)).group(0)
        if match.group(1) in _COMMON_SURNAMES:
            # 老板姓王 → 王老板, 项目经理姓贾 → 贾经理 (as a worker says it); 包工头姓陈 → 包工头陈某
            name = (match.group(1) + title if title in ("老板", "老总", "老板娘", "经理", "队长", "主管", "站长", "店长", "厂长")
                    else f"{title}{match.group(1)}某")
            found.append(Party(match.start(), match.end(), name, "person"))
    for match in _SURNAME_OF.finditer(text):
        surname, title = match.group(1), match.group(2)
        if re.match(r"开的(?![，,。!！?？\s]|$)", text[match.end(): match.end() + 3]):
            continue  # 一个姓谢的老板开的长沙锦盛劳务: the company he runs is the party
        if surname in _COMMON_SURNAMES:
            name = surname + title if title in ("老板", "老总", "先生", "女士", "经理", "师傅") else f"{title}{surname}某"
            found.append(Party(match.start(), match.end(), name, "person"))
    return found


def _later_name(text: str, after: int, surname: str) -> str | None:
    """一个姓韦的包工头叫来的 … 韦老板手下…: the name the writer calls him by afterwards."""
    later = re.search(surname + r"(?:老板|老总|总|工头|哥|姐)(?![\u4e00-\u9fa5]{0}[娘])", text[after:])
    return later.group(0) if later else None


# A title, then the name where the writer gives one (包工头罗成华, 老板是杨志伟, 队长叫马国庆, 工头是我老乡叫田大龙,
# 带俺们的是老张): where the name ends is left to jieba (cases.person_names), since workers rarely punctuate.
_TITLE_BEFORE_NAME = re.compile(
    r"(?P<title>项目经理|施工员|队长|老板娘|厂长|店长|站长|户主|包工投|包公头|带班师傅|带头的|带队的|头儿|师傅|" + _BOSS_TITLE[3:-1] + r")"
    r"(?:(?:就)?是(?:个|一个)?叫|(?:就)?是|叫|名叫|名字叫|的名字叫|也就是|\s*[:：])?\s*"
    # 大家都喊刘胖子 / 大家叫他小罗 / 外号叫…: what the crew calls him
    r"(?:(?:大家|我们|俺们)?都?(?:喊|叫)(?:他)?|外号叫|微信名叫)?"
    r"(?:(?:我们|俺们|咱们|我|俺)?(?:村|镇|老家|老乡|同乡|亲戚|本家|庄上|庄里|村里|本村|同村|老表)(?:的|叫)?"
    r"|[\u4e00-\u9fa5]{2}(?:人|老表|老乡)(?:，|,)?(?:叫)?)?"
    r"|(?P<led>(?:带(?:我们|俺们|咱们|他们|我|俺|他)(?:干活|干|来|去|过来|过去|出来)?的|(?:我们|俺们|我|俺)?跟的)(?:是|叫|(?:大家|我们|俺们)?都?(?:喊|叫)(?:他|她))?"
    r"(?:(?:我们|俺们|咱们|我|俺)?(?:村|镇|老家|老乡|同乡|亲戚|本家|庄上|庄里|村里|本村|同村|老表)(?:的|叫)?(?:包工的|带班的)?"
    r"|[\u4e00-\u9fa5]{2}(?:人|老表|老乡)(?:，|,)?(?:叫)?)?)"
)
_TYPO_TITLES = {"包工投": "包工头", "包公头": "包工头"}


# 我给王建国干了三个月 / 给个体户李春生打工 / 刘哥欠我五千 / 老陈欠我两个月工资: a boss by name alone, with what he did
_WORKED_FOR = re.compile(r"(?:给|帮|替|跟着|跟)(?:个体户|老板|私人老板|个人老板)?(?=[\u4e00-\u9fa5]{2,4}?(?:干|打工|做|上班|搞))")
_OWES_ME_AFTER = re.compile(r"(?:欠|拖欠|拖)(?:了)?(?:我|俺|咱|我们|俺们|咱们)")


def _named_alone(text: str) -> list[Party]:
    found: list[Party] = []
    for match in _WORKED_FOR.finditer(text):
        name = name_at(text, match.end()) or _brother_name(text, match.end())
        if name and re.match(r"(?:干|打工|做|上班|搞)", text[match.end() + len(name): match.end() + len(name) + 2]):
            found.append(Party(match.end(), match.end() + len(name), name, "person"))
    for match in re.finditer(r"(?:^|(?<=[，,。！!？?\s])|(?<=告)|(?<=找)|(?<=老乡)|(?<=钱是))(?=[\u4e00-\u9fa5]{2,4}\s?(?:欠|拖))", text):
        name = name_at(text, match.end()) or _brother_name(text, match.end())
        if name and (_OWES_ME_AFTER.match(text.replace(" ", "\u3000"), match.end() + len(name) + (text[match.end() + len(name): match.end() + len(name) + 1] == " ")) or text.startswith("欠的", match.end() + len(name))) \
                and not re.search(r"老板|工头|公司", name):
            found.append(Party(match.end(), match.end() + len(name), name, "person"))  # 钱是老乡陈木生欠的 / 告老黑 欠俺
    for match in re.finditer(r"(?:^|(?<=[是的，,])|(?<=老乡))(?=[\u4e00-\u9fa5]{2,4}(?:叫|喊|带|找)(?:他|她|我|俺)们?(?:去|来|过去|过来|进去)(?!找|问|要|讨))", text):
        name = name_at(text, match.end())  # 是村里的张老四叫他去的: who took the worker on
        if name and re.match(r"(?:叫|喊|带|找)(?:他|她|我|俺)", text[match.end() + len(name):]) and not re.match(r"师傅|老板|老乡", name):
            found.append(Party(match.end(), match.end() + len(name), name, "person"))
    for match in _HANDED_TO.finditer(text):
        name = name_at(text, match.end()) or _brother_name(text, match.end())
        if name and len(name) >= 2:  # 广晟又把我们泥水这一块包给了老梁: the one the work was handed down to
            name, end = _with_full_name(text, name, match.end() + len(name))
            found.append(Party(match.end(), end, name, "person"))
    for match in _ONE_CALLED.finditer(text):
        name = name_at(text, match.end())
        if not name and re.search(r"外号|小名|绰号", match.group(0)):
            nick = re.match(r"([\u4e00-\u9fa5]{2,3}?)的", text[match.end(): match.end() + 4])
            name = nick.group(1) if nick else None  # 一个外号叫二驴子的: any nickname
        if name and re.match(_ONE_CALLED_AFTER, text[match.end() + len(name):]):
            found.append(Party(match.end(), match.end() + len(name), name, "person"))
    for match in _CALLED_POLITELY.finditer(text):
        if text[max(0, match.start() - 1): match.start()] not in ("我", "俺", "他", "她", "你", "老", "额", "咱"):
            found.append(Party(match.start(), match.end(), match.group(0), "person"))
    for match in _SURNAME_OF_HOUSEHOLD.finditer(text):
        polite = re.search(match.group(1) + r"(?:先生|女士|太太|太|阿姨|姐|哥|老板)", text[match.end():])
        if polite:  # 给一户姓高的人家当保姆 … 高先生说: the name the writer uses later
            found.append(Party(match.end() + polite.start(), match.end() + polite.end(), polite.group(0), "person"))
    return found


# 把我们这一块包给了老梁 / 把活转给了刘建军: a boss by name, handed the work (a company's is read as a company)
_HANDED_TO = re.compile(r"把[^，,。！!？?]{0,10}?(?:包给|交给|转给|分给|转包给)(?:了)?")
# 跟一个叫丁长林的干 / 包给了一个叫雷振东的 / 一个叫周桂香的女老板找的我们 / 一个外号叫二驴子的: a person by name alone
_ONE_CALLED = re.compile(r"(?:一个|个|一位)(?:外号|小名|绰号|[\u4e00-\u9fa5]{0,3}?(?:老乡|同乡|亲戚|朋友))?(?:叫做|叫作|喊做|喊作|叫)")
_ONE_CALLED_AFTER = r"(?:的(?:女|男)?(?:老板|师傅|包工头|工头|[\u4e00-\u9fa5]{0,2}老乡|人)?(?:干|包|找|带|叫|招|喊|介绍|接|承包|[，,。\s]|$)|嘅)"
# 高先生说 / 许女士请的我 / 蔡太太都没有给 / 只知道佢叫何太: how the writer names a household employer
_CALLED_POLITELY = re.compile(r"[" + "".join(sorted(_COMMON_SURNAMES)) + r"](?:先生|女士|太太|太(?=[，,。\s]|$))")
_SURNAME_OF_HOUSEHOLD = re.compile(r"(?:一户|一家|户|个)姓([\u4e00-\u9fa5])(?:的|嘅)(?:人家|太太|女士|先生|老板)")


def _brother_name(text: str, start: int) -> str | None:
    """刘哥 / 张姐 / 老陈: what a boss is called by his crew."""
    match = re.match(r"(?:[\u4e00-\u9fa5][哥姐]|老[\u4e00-\u9fa5])", text[start: start + 2])
    if match and match.group(0)[0 if match.group(0)[1] in "哥姐" else 1] in _COMMON_SURNAMES:
        return match.group(0)
    return None


def _titled_names(text: str) -> list[Party]:
    found: list[Party] = _named_alone(text)
    for match in _TITLE_BEFORE_NAME.finditer(text):
        name = name_at(text, match.end())
        if not name or name.endswith("某") and len(name) == 1:
            continue
        before = text[max(0, match.start() - 5): match.start()]
        if re.search(r"(?:我|俺)(?:就)?是[\u4e00-\u9fa5]{0,2}$", before):
            continue  # 我是班组长周广才 / 我是隧道班长老谢: the writer, not the one who owes him
        title = _TYPO_TITLES.get(match.group("title") or "", match.group("title") or "带班")
        title = {"带班的": "带班"}.get(title, title)
        name, end = _with_full_name(text, name, match.end() + len(name))
        found.append(Party(match.start(), end, title + name, "person"))
    return found


def _with_full_name(text: str, name: str, end: int) -> tuple[str, int]:
    """老张 张宝山 / 老梁叫梁国辉: the full name given right after a nickname stands for it (and where it ends)."""
    full = re.match(r"(?:[ ，,]?(?:" + re.escape(name) + r")?(?:叫|名叫|大名叫|全名叫|就是)|[ ，,])?([\u4e00-\u9fa5]{2,3})",
                    text[end: end + 9])
    if re.fullmatch(r"[老小阿][\u4e00-\u9fa5]", name) and full and full.group(1).startswith(name[1]):
        whole = name_at(text, end + full.start(1))
        if not whole and re.match(r"[，,。！!？?\s]|$", text[end + full.end(1): end + full.end(1) + 1]):
            whole = full.group(1)  # 老梁叫梁国辉 我们…: a name standing alone in its clause, though jieba missed it
        if whole and len(whole) >= 2 and whole[0] == name[1]:
            return whole, end + full.start(1) + len(whole)
    return name, end


def _in_a_word(text: str, position: int) -> bool:
    """Whether jieba reads the character at ``position`` as the end of a longer word (土方, 地方)."""
    from .person_names import _tagger

    start = max(0, position - 3)
    offset = start
    for word in _tagger().cut(text[start: position + 1]):
        if offset <= position < offset + len(word.word):
            return len(word.word) > 1 and offset < position
        offset += len(word.word)
    return False


_FULL_NAME_AFTER = re.compile(r"[”\"」』]?(?:的干的|的(?:女|男)?老板|的)?[ ，,]?(?:他)?(?:的)?(?:大名|真名|全名|本名|真实名字)(?:好像|应该)?(?:叫|是)?\s*")


def _person_parties(text: str) -> list[Party]:
    """包工头 / 老板 / 班组长 named directly (包工头叫彭志刚, 工头老王, 王老板, 老闆林先生, foreman Tan Wei)."""
    found: list[Party] = _titled_names(text)
    for match in _ORIGIN_THEN_NAME.finditer(text):
        title = re.match(_BOSS_TITLE, match.group(0)).group(0)
        found.append(Party(match.start(), match.end(), title + match.group(1), "person"))
    for match in _NAME_AFTER_TITLE.finditer(text):
        title = re.search(_BOSS_TITLE, match.group(0)).group(0)
        name = match.group(1)
        if name[0] not in _COMMON_SURNAMES and not re.match(r"[老小阿][\u4e00-\u9fa5]", name):
            continue  # 老板叫什么我也不知道: no name
        if text[match.end(1): match.end(1) + 1] == "人" and "是" in match.group(0):
            continue  # 班长是四川人: where he is from, not his name
        if len(name) == 1:
            name += "某"
        found.append(Party(match.start(), match.end(1), f"{title}{name}", "person"))
    for match in _TITLE_THEN_NAME.finditer(text):
        found.append(Party(match.start(), match.end(), match.group(0), "person"))
    for match in _BOSS_NAME.finditer(text):
        if match.group(1)[0] in _COMMON_SURNAMES and not re.match(r"(说|跑|不|没|欠|拖|给|话)", match.group(1)):
            title = re.search(_BOSS_TITLE, match.group(0)).group(0)
            found.append(Party(match.start(), match.end(1), title + match.group(1), "person"))
    for match in _SURNAME_TITLE.finditer(text):
        if text[match.start():].startswith(("包工头", "包头", "包工")):
            continue
        if text[max(0, match.start() - 1): match.start() + 1] in ("分包", "承包", "总包", "转包", "二包", "大包", "小包"):
            continue  # 分包老板: the 包 of 分包, not a surname
        if match.group(1) == "钱" and match.start() and text[match.start() - 1] in "到拿要讨发给结":
            continue  # "没拿到钱包工头跑了": 钱 is the money here, not a surname
        if match.start() and _in_a_word(text, match.start()):
            continue  # 一个土方老板 / 石方老板: the last character of a word (the trade), not a surname
        if match.group(1) in _COMMON_SURNAMES:
            found.append(Party(match.start(), match.end(), match.group(1) + match.group(2), "person"))
    for match in _ENGLISH_BOSS.finditer(text):
        found.append(Party(match.start(), match.end(), f"{match.group(1).lower()} {match.group(2)}", "person"))
    for match in _FOLLOWED_BY_FELLOW.finditer(text):
        name = name_at(text, match.end())
        if name and re.match(r"(?:在|去|干|做|打工|搞|，|,|\s)", text[match.end() + len(name): match.end() + len(name) + 2]):
            found.append(Party(match.end(), match.end() + len(name), name, "person"))
    for match in _FOLLOWED_BY_NAME.finditer(text):
        name = match.group(1)
        if name[0] in _COMMON_SURNAMES and not re.search(_BOSS_TITLE + "|工|老乡|朋友|亲戚|师傅", name):
            found.append(Party(match.start(1), match.end(1), name, "person"))
    for match in _ENGLISH_CALLED.finditer(text):
        found.append(Party(match.start(2), match.end(2), match.group(2), "company"))
    for match in _ENGLISH_NAMED.finditer(text):
        words = match.group(1).split(" ")
        if words[0] in _ENGLISH_PLACE_WORDS or words[0] in ("Mr", "Mrs", "Ms"):
            continue  # "worked at a ..." / "for Mr Li": not a company's name
        found.append(Party(match.start(1), match.end(1), match.group(1), "company"))
    for match in _ENGLISH_MR.finditer(text):
        found.append(Party(match.start(), match.end(), re.sub(r"\.?\s+", " ", match.group(0)), "person"))
    for match in _ENGLISH_COMPANY.finditer(text):
        if not re.search(r"(?:main|general) contractor(?: is|,)?\s*$|developer(?: is|,)?\s*$", text[max(0, match.start() - 24): match.start()], re.I):
            found.append(Party(match.start(), match.end(), match.group(0).strip(), "company"))
    widened = []
    for party in found:
        given = _FULL_NAME_AFTER.match(text, party.end)
        full = name_at(text, given.end()) if given else None
        if full and full not in party.name:
            # 老黑，大名好像叫黑志强 / 二驴子的干的，大名孙立军: both, as the writer gives them
            party = Party(party.start, given.end() + len(full), party.name + f"（{full}）", party.kind)
        # 陈老板（陈文华）: keep the full name given in brackets
        bracket = re.match(r"[（(]([\u4e00-\u9fa5]{2,4})[）)]", text[party.end: party.end + 7])
        if bracket:
            nick = re.search(r"[老小阿]([\u4e00-\u9fa5])$", party.name)
            if nick and bracket.group(1).startswith(nick.group(1)):
                # 工长老孟（孟凡军） → 工长孟凡军: the full name in place of the nickname
                name = party.name[: nick.start()] + bracket.group(1)
            else:
                name = party.name + f"（{bracket.group(1)}）"
            party = Party(party.start, party.end + bracket.end(), name, party.kind)
        widened.append(party)
    return widened


# 我是班组长… / 我是福建三明的班组长…: the writer introduces himself (his home town may come first)
# When no party is found: a household named by its surname (一户姓彭的人家, 雇主姓鲍, 女主人姓任) is "彭姓雇主"; a
# boss called by a nickname or an English name (老板叫大刚, 老板叫Kevin) is "老板大刚".
_HOUSEHOLD = re.compile(
    r"(?:一户|一家|那户|这户|那家|这家)姓([\u4e00-\u9fa5])的"
    r"|(雇主|业主|东家|女主人|男主人)(?:是|系)?姓([\u4e00-\u9fa5])(?![\u4e00-\u9fa5]{0,1}的)"
)
# 雇主系陈生 / 东家是王太太: the household's head as the worker addresses them
_ADDRESSED_EMPLOYER = re.compile(
    r"(雇主|业主|东家)(?:是|系)([\u4e00-\u9fa5](?:先生|生|太太|太|小姐|女士))(?=[，,。！!？?\s]|$|佢|他|她)")
_NICKNAMED_BOSS = re.compile(
    r"(老板|老板娘|站长|店长)(?:叫|是|系|名叫)\s*(?!我|俺|咱|他|她|你|人|工|老乡|个|一个|位|一位|男|女)"
    r"([\u4e00-\u9fa5]{2,3}?|[A-Z][a-z]{2,12})(?=[，,。！!？?\s]|$|开|干|说|欠|拖|不|没|跑)"
)
# 老王的作坊 / 老李的装修队: the workplace named after its boss, who is the party
_BOSS_S_WORKPLACE = re.compile(
    r"((?:老|小|阿)[" + "".join(sorted(_COMMON_SURNAMES)) + r"])(?:的|嘅)(?:小)?(?:作坊|厂|店|车队|装修队|施工队|工程队|包工队)")


def _household_or_nickname(text: str) -> str | None:
    household = _HOUSEHOLD.search(text)
    if household:
        surname = household.group(1) or household.group(3)
        title = household.group(2) or "雇主"
        if surname in _COMMON_SURNAMES:
            return f"{surname}姓{title}"
    addressed = _ADDRESSED_EMPLOYER.search(text)
    if addressed and addressed.group(2)[0] in _COMMON_SURNAMES:
        return addressed.group(1) + addressed.group(2)
    boss = _NICKNAMED_BOSS.search(text)
    if boss:
        return boss.group(1) + boss.group(2)
    owner = _BOSS_S_WORKPLACE.search(text)
    if owner:
        return owner.group(1)
    return None


# When no party is found: a boss mentioned by title whose name comes a clause later (包工头是表姐夫介绍的，叫覃仕林 /
# 包工投欠我三个月 他叫张二毛 / 老板欠俺工钱…姓付), the man or woman of an employing couple (老板是一对夫妻，男的叫…),
# a household's member by name (那家男的叫… → 雇主…), or the person the writer complains about (投诉一个人 叫…).
# 叫 must follow a pause or 他/她/名字: "老板叫我们等" is the boss speaking, not his name. The text is Simplified by
# now (bounded() converts it), so the patterns are written in Simplified only.
_LATER_TITLE = re.compile(r"(包工头|包工投|包公头|工头|老板娘|老板|雇主|东家|班组长|带班的)")
_NAME_CLAUSE = re.compile(r"[^。！!？?]{0,24}?(?:(?:他|她|佢)(?:的)?(?:名字|大名|全名)?(?:叫|系)|(?:名字|大名|全名)(?:叫|是)|[，, ]叫(?:做)?)\s*")
_SURNAME_CLAUSE = re.compile(r"[^。！!？?]{0,24}?(?:[，, ]|他|她)姓([\u4e00-\u9fa5])(?=[，,。\s]|$|的|欠)")
_COUPLE = re.compile(r"(老板|雇主|东家)(?:是)?一对(?:夫妻|两口子)[^。]{0,8}?(?:男的|女的|老公|老婆)叫\s*")
_HOUSEHOLD_MEMBER = re.compile(r"(?:那家|这家|那户|这户|他家|她家)(?:的)?(?:男的|女的|男主人|女主人)叫\s*")
_COMPLAINED_ABOUT = re.compile(r"投诉一个(?:人|老板|包工头)[，,\s]*(?:他)?叫\s*")


def _named_after_title(text: str) -> str | None:
    for pattern, title in ((_COUPLE, None), (_HOUSEHOLD_MEMBER, "雇主"), (_COMPLAINED_ABOUT, "")):
        found = pattern.search(text)
        name = name_at(text, found.end()) if found else None
        if name and len(name) >= 2:
            return (found.group(1) if title is None else title) + name
    for mention in _LATER_TITLE.finditer(text):
        title = _TYPO_TITLES.get(mention.group(1), mention.group(1))
        clause = _NAME_CLAUSE.match(text, mention.end())
        name = name_at(text, clause.end()) if clause else None
        if name and len(name) >= 2 and name[0] in _COMMON_SURNAMES:
            return title + name
        surname = _SURNAME_CLAUSE.match(text, mention.end())
        if surname and surname.group(1) in _COMMON_SURNAMES and title in ("老板", "包工头", "工头", "老板娘"):
            return surname.group(1) + title
    return None


# The company's full name given right after its short one.
_COMPANY_FULL_NAME = re.compile(r"[^，。,.!！?？]{0,4}?(?:全名|全称|大名)(?:叫|是)?[:：]?\s*"
                                r"([\u4e00-\u9fa5A-Za-z]{2,30}?(?:有限责任公司|有限公司|公司|集团))")
_WRITER_BEFORE = re.compile(r"(?:我|俺)(?:就)?是(?!跟)(?:[\u4e00-\u9fa5]{0,2}|[\u4e00-\u9fa5]{2,8}的)$")


def find_employer(text: str, location: Location | None = None) -> str | None:
    """The company, or the 包工头/班组长 by name, who owes the wages (who hired the worker, not the 总包)."""
    text = bounded(text)
    companies = company_candidates(
        text, _trim_left, lambda name: bool(_GENERIC_WORKPLACE.match(_without_place(name, location)))
    )
    parties = _indirect_parties(text) + companies + _person_parties(text)
    # one party found by two patterns (叫赵德明的包工头 / 包工头赵德明): keep the longest reading of each place
    parties.sort(key=lambda p: (p.start, -(p.end - p.start)))
    kept: list[Party] = []
    for party in parties:
        if any(k.start <= party.start < k.end and party.end <= k.end for k in kept):
            continue
        if any(re.sub(r"（.*）$", "", k.name) == re.sub(r"（.*）$", "", party.name) for k in kept):
            continue  # the same boss named again: his first mention stands for him (the later ones are read there)
        if party.kind == "company" and any(k.kind == "company" and (party.name in k.name or k.name in party.name) for k in kept):
            continue  # 挂靠在晋鼎建设集团 … 晋鼎建设: one company, read where it was first named
        if party.kind == "person" and _WRITER_BEFORE.search(text[max(0, party.start - 12): party.start]) \
                and (CREW_BOSS.match(party.name) or re.search(r"(?:我|俺)(?:就)?是$", text[max(0, party.start - 3): party.start])):
            continue  # 我是班组长周广才 / 我是隧道班长老谢: the writer, owed with his crew
        if party.kind == "company" and (re.search(r"(?:做|干|搞)(?:的是)?$", text[max(0, party.start - 4): party.start])
                                         or re.search(r"(?:我们|俺们|咱们)是$", text[max(0, party.start - 3): party.start])
                                         and re.search(r"(?:管道|电梯|消防|水电|通风|空调|门窗|玻璃|钢结构)[\u4e00-\u9fa5]{0,4}安装$", party.name)) \
                and not re.search(r"(?:公司|集团|厂)$", party.name):
            continue  # 做电梯安装的 / 干的是彩钢瓦和钢结构安装: the trade, not a company
        if re.fullmatch(r"[A-Za-z]+厂", party.name):
            continue  # 在Kunshan厂里: a place and a factory, no name
        kept.append(party)
    introduced = list(_KIND_INTRO.finditer(text))
    if introduced:
        kept = [p for p in kept if not (p.kind == "company" and any(
            p.end <= m.start() and p.name[-1] == m.group(1) for m in introduced))]
    chosen = choose_employer(text, kept)
    if chosen is None:
        return _household_or_nickname(text) or _named_after_title(text)
    if chosen.kind == "company":
        full_name = _COMPANY_FULL_NAME.match(text, chosen.end)
        if full_name:
            return full_name.group(1)  # 一个叫恒通的建筑公司干的全名叫呼和浩特恒通建筑安装有限公司
        owner = _its_owner(text, chosen, kept)
        if owner:
            return f"{chosen.name}（{owner.name.replace('（', '，').rstrip('）')}）"  # 恒运车行（老细阿坤，陈坤）
    given = _FULL_NAME_AFTER.match(text, chosen.end)
    full = name_at(text, given.end()) if given else None
    if full and full not in chosen.name:
        return chosen.name + f"（{full}）"  # 一个微信名叫“陇上飞鸿”的老板，真名叫任鸿飞
    if re.fullmatch(r"[A-Za-z][A-Za-z .'&-]*", chosen.name):
        chinese = re.match(r"\s*[（(]\s*([\u4e00-\u9fa5][\u4e00-\u9fa5A-Za-z0-9]{1,15})\s*[）)]", text[chosen.end:])
        if chinese:
            return f"{chinese.group(1)}（{chosen.name}）"  # Bright Star Cleaning (亮星保洁): the Chinese name first
    if chosen.kind == "person" and "（" not in chosen.name:
        full = _full_name_later(text, chosen)
        if full:
            return chosen.name + f"（{full}）"
        unnamed = re.fullmatch(r"(?:包工头|工头|班组长|带班|工长|雇主|师傅)(.)某", chosen.name)
        later = _later_name(text, chosen.end, unnamed.group(1)) if unnamed else None
        if later:
            return later  # 一个姓韦的包工头叫来的 … 韦老板手下…: the name the writer calls him by afterwards
    return chosen.name


# The one who runs a shop or company, named right after it: 店叫“巴山小灶火锅”，老板姓黄 / 厂名是永泰鞋业，老板是个姓潘的
_OWNER_TITLE = re.compile(OWNER_TITLE)
_OWNER_GAP = 24  # characters between the company's name and its owner's: the same or the next clause


def _its_owner(text: str, company: Party, parties: list[Party]) -> Party | None:
    """The owner named right after the chosen company: the case names both, the place the worker worked and the
    person who runs it and answers for it (our blind writers label one or the other; the hotline wants both)."""
    for party in parties:
        if party.kind != "person" or party.start < company.end or party.start - company.end > _OWNER_GAP:
            continue
        if not _OWNER_TITLE.search(party.name) or CREW_BOSS.match(party.name):
            return None
        bare = _OWNER_TITLE.sub("", split_beside(party.name)[0])
        if bare and (bare[0] not in _COMMON_SURNAMES and not re.match(r"[老小阿A-Za-z]", bare)
                     or re.match(r"管[账帐钱事]", bare)):
            return None  # 老板娘管账: a title and what she does, no name
        between = text[company.end: party.start]
        if any(other.kind == "company" and company.end <= other.start < party.start for other in parties) \
                or re.search(r"[。！!？?]", between):
            return None
        return party
    return None


# 何老板叫何金水 / 向二毛大名叫向远林 / 老K的班长,本名柯文雄: the full name, given at a later mention
_LATER_FULL_NAME = r"(?:的)?(?:班长|老板|包工头|工头)?[ ,，]?(?:他)?(?:的)?(?:(?P<given>大名|真名|全名|本名|真实名字|原名)(?:好像|应该)?(?:叫|是)?|叫|名叫|全名叫)\s*"
_ENGLISH_FULL_NAME = re.compile(r"\(?\s*(?:full|real)\s+name(?:\s+is)?\s+([A-Z][a-z]+ [A-Z][a-z]+)|\breal name is ([A-Z][a-z]+ [A-Z][a-z]+)")


def _full_name_later(text: str, chosen: Party) -> str | None:
    if not re.search(r"[\u4e00-\u9fa5]", chosen.name):
        match = _ENGLISH_FULL_NAME.search(text, chosen.start)
        return (match.group(1) or match.group(2)) if match and match.start() - chosen.end < 60 else None
    bare = re.sub(r"^(?:小包工头|包工头|工头|班组长|班长|带班|领班|工长|老板娘|老板|经理|负责人|包头|foreman )", "", chosen.name)
    surname = next((c for c in bare if c in _COMMON_SURNAMES), None) if re.match(r"[老小阿]", bare) or "老板" in bare \
        or bare.endswith(("哥", "姐")) else bare[:1]
    # where the party was read (老板姓蒋叫蒋文: "蒋老板" is not in the text), then each later mention of the name
    mentions = [chosen.end] + [chosen.start + m.end() for m in re.finditer(re.escape(bare), text[chosen.start:])]
    for end in mentions:
        given = re.match(_LATER_FULL_NAME, text[end: end + 12])
        if not given:
            continue
        full = name_at(text, end + given.end())
        if not full and given.group("given"):  # 本名柯文雄: jieba splits rarer names (柯文/雄)
            plain = re.match(r"([\u4e00-\u9fa5]{2,3})(?=[,，。\s]|他|她|$)", text[end + given.end():])
            full = plain.group(1) if plain and plain.group(1)[0] in _COMMON_SURNAMES else None
        if full and full != bare and len(full) >= 2 and full[0] not in "老小阿" and (given.group("given") or full[0] == surname):
            return full
    return None


_WORKPLACE_NAME = re.compile(r"(?:厂|车间|店|餐厅|饭店|酒楼|火锅|餐馆|饭馆|超市|面馆|酒店|宾馆|食堂|精密|电子|科技|制衣|鞋业)$")
_WORKPLACE_INTRO = re.compile(r"(?:厂|厂子|店|餐厅|饭店|酒楼|饭馆|餐馆|超市)(?:的)?(?:名字|名)?(?:叫|是)\s*[“\"「『]?$")


def find_workplace(text: str, employer: str | None, location: Location | None = None) -> str | None:
    """The factory, shop or restaurant the worker names when someone else employs them (an agency, the shop's
    owner): it is where the work was, the project (派遣公司是…，在昆山一家电子厂上班（厂叫昆达精密）)."""
    if not employer:
        return None
    text = bounded(text)
    # only names the writer introduces (厂叫…, 一家叫…的店, quoted): a bare run of characters ending in 厂 is too loose
    parties = _indirect_parties(text) + [Party(start, end, name, "company") for start, end, name in quoted_names(text)]
    for party in sorted(parties, key=lambda p: p.start):
        if party.kind != "company" or party.name in employer or employer in party.name:
            continue
        before = text[max(0, party.start - 8): party.start]
        if NOT_EMPLOYER_BEFORE.search(before.rstrip("“\"「『《 ")):
            continue
        if _WORKPLACE_INTRO.search(before) or _WORKPLACE_NAME.search(party.name):
            return party.name
    return None


_PROJECT_SUFFIX = (
    "小区|项目|工地|花园|大厦|广场|工程|别墅|酒店|宾馆|学校|医院|厂房|商场|公寓|大楼|楼盘|隧道|大桥|高速|电站|"
    "公路|铁路|地铁|家园|村委会|养殖场|农场|果园|超市|餐厅|饭店|写字楼|体育馆|安置房|管网|工业园|风电场|"
    # plots and sections of big sites (…区…地块, …路三标段), a factory's workshop, and the names estates go by
    "地块|标段|校区|号院|门诊楼|住院楼|教学楼|综合楼|办公楼|宿舍楼|华府|悦府|御府|华庭|新城|公馆|天街|花苑|雅苑|名苑|家苑|山庄|商城|产业园|电商园|"
    "保健院|分院|卫生院|会展中心|回迁楼|物流园|购物中心|批发市场"
)
_NAMED_PROJECT = re.compile(
    rf"([\u4e00-\u9fa5A-Za-z0-9·]{{1,14}}?(?:{_PROJECT_SUFFIX})(?:[0-9一二三四五六七八九十]+期)?"
    r"(?:(?:改造|改建|装修|建设|新建|扩建)?(?:工程|项目))?)(?!款|费|队|部|区|经理|负责人|老板|港|边上|旁边|附近|对面|那边|这边|那一片|一带)"
)
_ACTIVITY_PROJECT = re.compile(
    r"(?:(?<=给人|帮人|替人|在那)|(?<![\u4e00-\u9fa5]))((?:装修|翻修|粉刷|盖|建|修|刷|贴|铺|搭|拆|挖|砌)[\u4e00-\u9fa5]{1,6}?)(?=[，,。 \s]|干完|完工|弄完|做完|干了|做了|活|的活|，|$)"
)
_OBJECT_THEN_JOB = re.compile(r"((?:别墅|房子|门面|店面|厂房|办公室|商铺|房屋|楼房|酒店|饭店|学校|老房)(?:装修|翻新|改造|翻修))")
_PROJECT_STOP = re.compile(r"^(?:在|给|到|去|是|的|了|于|帮|替|那个|这个|一个|呢间|嗰间|一间|一家|那家|这家|他家|她家|他们家|我家|老板家|他们|她们|人家|盖|喺|一栋|一幢)+")
# Estates are named after their developer's brand (碧桂园翡翠湾, 万科城, 龙湖时代天街, 恒大名都): the brand and the words
# after it, up to the work or a pause, are the site — unless the brand is followed by 集团 / 公司 / 地产 (the company)
_DEVELOPER_BRANDS = (
    "碧桂园|万科|恒大|保利|绿地|融创|龙湖|中海|华润|万达|金地|世茂|富力|雅居乐|旭辉|中梁|阳光城|金科|蓝光|荣盛|远洋|绿城|"
    "正荣|祥生|佳兆业|越秀|奥园|宝龙|鲁能|华侨城"
)
_BRAND_PROJECT = re.compile(
    rf"((?:{_DEVELOPER_BRANDS})[\u4e00-\u9fa5A-Za-z0-9·]{{1,7}}?)"
    r"(?=项目|工地|小区|[0-9一二三四五六七八九十]{1,2}期|那|这|里|贴|干|做|装|修|盖|刷|搞|打|的|，|,|。|\s|$)"
)
_BRAND_COMPANY_AFTER = re.compile(r"^(?:集团|公司|地产|置业|物业|建设|建工|局|控股|房地产|股份)")
_NOT_PROJECT = {"工地", "项目", "工程", "小区", "大楼", "项目部", "改造工程", "工业园", "写字楼", "厂房工程", "风电场"}


# 一个叫锦绣华庭的小区 / 一个叫金科天元道的楼盘: the name is the project
_CALLED_PROJECT = re.compile(
    r"叫([\u4e00-\u9fa5A-Za-z0-9·]{2,12}?)(?:的|嘅)(?:小区|楼盘|项目|工地|商场|大厦|广场|园区|工程|楼|商业街|别墅区|综合体|安置房|回迁房|写字楼|酒店项目|民宿项目)"
)
# 盖回迁楼，叫幸福里回迁楼 / 项目叫锦界兰炭综合利用项目 / 小区叫金水湾 / 名字叫浔阳里: a site's name given after its kind
_SITE_THEN_CALLED = re.compile(
    r"(?:小区|项目|工地|楼盘|工程|大楼|大厦|写字楼|商业街|综合体|回迁楼|安置房|风电场|电站|别墅区|园区|(?<!微信)名字)(?:的|嘅)?"
    r"(?:[做干搞][\u4e00-\u9fa5]{1,4})?[，, ]?(?:名字)?叫(?:做)?"
    r"([\u4e00-\u9fa5A-Za-z0-9·]{2,16}?)(?=[，,。！!？?\s]|的|嘅|$)"
)
# 给一个姓周的老板家的别墅 / 给林家的别墅 / 给刘振江家盖三层小楼: a family's house is the site
_HOUSE_PROJECT = re.compile(
    r"给(?:一个|一户)?(?:姓(?P<surname>[\u4e00-\u9fa5])的(?P<title>老板|人家)|(?P<owner>[\u4e00-\u9fa5]{1,3}?))家(?P<of>的)?(?:盖|建|修|装修)?"
    r"(?P<house>(?:[一二三四五六七八九两]层)?(?:小楼|别墅|房子|楼房|老房|自建房|新房|小洋楼))"
)
# 陶瓷厂嘅新窑炉车间 / 汽车厂新总装车间 / 鲁沂食品 包装车间: a workshop named by what it does
_NAMED_WORKSHOP = re.compile(r"([\u4e00-\u9fa5]{2,6}车间)")
# 地铁8号线北延段 / 4号线: a line and its section
_LINE_PROJECT = re.compile(r"((?:地铁|轨道交通|轻轨)?[0-9一二三四五六七八九十]{1,2}号线(?:[\u4e00-\u9fa5]{1,3}?段|延长线|[\u4e00-\u9fa5]{1,4}站)?(?:项目|工程)?)")
# 保利公园三期 / 融侨观邸二期, often right after the district ("工地在成都龙泉驿区保利公园三期")
_PHASE_PROJECT = re.compile(r"([\u4e00-\u9fa5A-Za-z0-9]{2,12}?[一二三四五六七八九十0-9]{1,2}期)(?![\u4e00-\u9fa5]{0,1}(?:工资|的钱))")


# "the Greenland Center project", "the Songshan Lake Innovation Park (松山湖创新园C栋)", "at the Vanke City site"
# (the Chinese name a writer adds in brackets wins: "the Lakeside Garden Phase 3 (湖畔花园三期) site")
_ENGLISH_PROJECT_BRACKETED = re.compile(r"[A-Za-z0-9]\s*[（(]([\u4e00-\u9fa5][\u4e00-\u9fa5A-Za-z0-9]{1,15})[）)]")
_ENGLISH_PROJECT = re.compile(
    r"\b(?:the|a)\s+((?:[A-Z][A-Za-z0-9'&]+ ){0,4}[A-Z][A-Za-z0-9'&]+)\s+(?:project|site|construction site|estate|compound)\b"
    r"|\b(?:Park|Garden|Gardens|Plaza|Center|Centre|Tower|Estate)\s*[（(]([\u4e00-\u9fa5A-Za-z0-9]{2,16})[）)]"
    r"|\b((?:[A-Z][A-Za-z'&]+ ){1,3}(?:City|Garden|Gardens|Plaza|Center|Centre|Tower|Towers|Park|Estate|Mansion|Square|"
    r"Building|Mall|Residence|Bay|Court)(?: Phase [0-9IV]+)?)\b(?<!Industrial Park)(?<!Science Park)(?<!Technology Park)"
)


# a factory's workshop by number (电子厂二车间, 鞋厂3号车间); "我们车间" is no name
_WORKSHOP = re.compile(r"([\u4e00-\u9fa5A-Za-z0-9]{1,12}?厂[一二三四五六七八九十0-9]{1,2}号?车间)")


def find_project(text: str, location: Location | None = None) -> str | None:
    """The project or site: a named site ("阳光花园三期", "幸福里小区") or the job ("装修别墅")."""
    quoted = _quoted_project(text)
    if quoted:
        return quoted
    if is_english(text):
        bracketed = [m.group(1) for m in _ENGLISH_PROJECT_BRACKETED.finditer(text)
                     if _NAMED_PROJECT.fullmatch(m.group(1)) or re.search(r"[0-9一二三四五六七八九十]期|[A-Z0-9]栋|项目|小区|花园|广场", m.group(1))]
        if bracketed:
            return bracketed[0]
        match = _ENGLISH_PROJECT.search(text)
        if match:
            return match.group(2) or match.group(1) or match.group(3)
    match = _CALLED_PROJECT.search(text)
    if match:
        return match.group(1)
    for match in _CALLED_SITE_NAME.finditer(text):
        # 有个商业广场叫嘉禾汇广场项目 / 给一个办公楼做精装 叫大连湾科技金融大厦: whatever kind came before, a name
        # ending in a site's word, after 叫, is the site's name
        before = text[max(0, match.start() - 8): match.start()]
        if not re.search(r"(?:公司|劳务|集团|厂|店|老板|工头|包工头|经理|站长)(?:的)?(?:名字|名)?$", before) \
                and not NOT_EMPLOYER_BEFORE.search(before) and not _NOT_A_SITE_NAME.search(match.group(1)) \
                and not re.search(r"的|嘅", match.group(1)):
            return match.group(1)
    match = _SITE_THEN_CALLED.search(text)
    if match and not _NOT_A_SITE_NAME.search(match.group(1)) and not re.search(r"(?:公司|劳务|集团|厂)$", match.group(1)):
        return match.group(1)
    match = _HOUSE_PROJECT.search(text)
    if match:
        owner = f"{match.group('surname')}{'老板' if match.group('title') == '老板' else ''}" if match.group("surname") else match.group("owner")
        if owner and owner[0] in _COMMON_SURNAMES and not re.search(r"我|俺|人|他|她|老乡|亲戚", owner):
            return owner + "家" + (match.group("of") or "") + match.group("house")
    match = _LINE_PROJECT.search(text)
    if match:
        return match.group(1)
    for match in _BRAND_PROJECT.finditer(text):
        name = match.group(1)
        if not _BRAND_COMPANY_AFTER.match(name[len(re.match(_DEVELOPER_BRANDS, name).group(0)):]):
            if re.search(r"总包|区|局|市|没|给|欠|说|公司", name):
                continue
            after = text[match.end(): match.end() + 8]
            tail = re.match(r"(?:[0-9一二三四五六七八九十]{1,2}期)?(?:项目|工程)?", after)
            return name + tail.group(0)
    match = _WORKSHOP.search(text)
    if match:
        return _without_place(_PROJECT_STOP.sub("", _trim_left(match.group(1))), location)
    for match in _NAMED_WORKSHOP.finditer(text):
        name = re.sub(r"^.*(?:的|嘅|厂里|厂|在|喺|个|那|这)", "", match.group(1))
        if len(name) >= 4 and not re.search(r"我|俺|咱|他|她|们|整个|这个|那个|一个|同一|欠|给|老板|^车间|^一", name):
            return name
    named = _named_project(text, location)
    if named:
        return named
    for match in _PHASE_PROJECT.finditer(text):
        name = _without_place(_PROJECT_STOP.sub("", _trim_left(match.group(1))), location)
        name = re.sub(r"^.*?(?:区|县)(?=[\u4e00-\u9fa5]{3})", "", name)
        if len(name) >= 4 and not re.match(r"[一二三四五六七八九十0-9]", name):
            return name
    return _job_project(text)


# A place named only by its kind, after a determiner or a count (the blind schema's "not a bare kind of work").
_BARE_KIND = re.compile(
    r"(?:那边|这边|那个|这个|那家|这家|一个|一家|一间|一所|一栋|一座|[一两二三四五六七八九十几]+[套栋间所座个家处]|连锁)?"
    r"(?:冷链)?(?:工地|学校|医院|超市|别墅|商场|酒店|饭店|餐厅|小区|厂房|楼盘|项目|写字楼|公寓|物流园|购物中心|批发市场)"
)
_CALLED_SITE_NAME = re.compile(
    rf"叫(?:做)?([\u4e00-\u9fa5A-Za-z0-9·]{{2,20}}?(?:{_PROJECT_SUFFIX}|引线|[0-9一二三四五六七八九十]号(?:仓|库)|厂房|厂区)"
    r"(?:[0-9一二三四五六七八九十]+期)?(?:[0-9一二三四五六七八九十]+号楼)?(?:[0-9一二三四五六七八九十]+标(?:段)?)?(?:(?:改造|改建|装修|建设|新建|扩建)?(?:工程|项目))?"
    r"(?:[0-9一二三四五六七八九十]+标(?:段)?)?)(?=[，,。！!？?\s]|$|总包|开发商)"
)
_NOT_A_SITE_NAME = re.compile(r"欠|钱|给|说|没|不|我|你|他|她|工资|投诉|加班|合同")


def _quoted_project(text: str) -> str | None:
    """A name in quotes that is not the employer's: the site ("在大兴区做“京南智慧物流园”仓库地坪")."""
    for start, _end, name in quoted_names(text):
        if is_quoted_employer(text, start, name) or _NOT_A_SITE_NAME.search(name) or len(name) > 16:
            continue
        before = text[max(0, start - 8): start].rstrip("“\"「『《 ")
        if NOT_EMPLOYER_BEFORE.search(before):
            continue  # “…” named as the developer or general contractor
        return name
    return None


def _named_project(text: str, location: Location | None) -> str | None:
    for match in _NAMED_PROJECT.finditer(text):
        name = _PROJECT_STOP.sub("", _trim_left(match.group(1)))
        name = _without_place(re.sub(r"^(?:我|俺|我哋)?喺", "", name), location)
        # 北京路一间茶餐厅 / 张江一幢写字楼 / 鞋厂盖宿舍楼: the words before the place itself
        name = re.sub(r"^.*?(?:一间|一家|一幢|一栋|一座|呢间|嗰间)(?=[\u4e00-\u9fa5]{2})", "", name)
        name = re.sub(r"^[\u4e00-\u9fa5]{1,4}盖(?=[\u4e00-\u9fa5]{3})", "", name)
        # a district cpca does not know (天府新区兴隆湖二号地块) is still a place before the name
        name = re.sub(r"^[\u4e00-\u9fa5]{2,4}?(?<![小园社片校景])(?:新区|区|县)(?=[\u4e00-\u9fa5A-Za-z0-9]{3})", "", name)
        if name.endswith("工地") and len(name) > 4:
            name = name[: -len("工地")]
        if name in _NOT_PROJECT or len(name) < 3:
            continue
        if re.match(r"\s?(?:名字|名)?叫", text[match.end(1): match.end(1) + 3]) or re.search(r"话|说|讲", name):
            continue  # 一家海参养殖场 叫金州海韵水产: the kind, its name follows / 老细话酒店: 话 is "says"
        if re.fullmatch(r"[\u4e00-\u9fa5]?(?:餐厅|饭店|超市|酒店|宾馆|商场|学校|医院|公寓|工地|楼盘)", name):
            continue  # 茶餐厅 / 小饭店: a kind of place, not its name
        return name
    return None


def _job_project(text: str) -> str | None:
    match = _OBJECT_THEN_JOB.search(text)
    if match:
        return match.group(1)
    for match in _ACTIVITY_PROJECT.finditer(text):
        if not re.search(r"老板|工头|叫|公司|师傅", match.group(1)):  # 装修老板叫鞠成才: the boss, not the job
            return match.group(1)
    return None


_MONEY_UNIT = r"(?:万|千|块钱|块|元|圆|[wWkK](?![A-Za-z])|\s?(?:yuan|RMB|rmb))"  # 40 workers: no 万
_AMOUNT = re.compile(rf"({NUMERAL})\s*((?:多|来|余)?{_MONEY_UNIT}?(?:多|来|余)?(?:块钱|块|元)?)")
_NOT_MONEY_AFTER = re.compile(r"^(?:多|来|余)?(?:个|名|位|人|号|栋|层|楼|米|平|方|吨|天|年|月|周|星期|礼拜|点|岁|套|间|户|台|车|趟|小时|点钟|%|期|次|家)")
_TOTAL_BEFORE = re.compile(r"(?:一共|总共|合计|共计|加起来|总计|共|总的|总额|全部|in total|total)[^，,。]{0,8}$")
_OWED_BEFORE = re.compile(r"(?:欠|拖欠|拖|工资|工钱|钱|血汗钱|劳务费|工程款|款|费|少给|没给|不给|没结|没发|结)[^，,。]{0,4}$|\bowes?\s+(?:us|me|him|her|them)\s*$")
_PER_UNIT_BEFORE = re.compile(r"(?:每人|每个人|每个|(?<![0-9一二两三四五六七八九十])一人|人均|每月|(?<![0-9一二两三四五六七八九十])一个月(?!的)|(?<![个两俩仨三四五六七八九十半])月薪(?!水)|(?<![0-9一二两俩仨三四五六七八九十个多半来几])月工资|每天|(?<![0-9一二两三四五六七八九十])一天|日薪|日工资|(?<![0-9一二两三四五六七八九十多来几])天|时薪|每小时|平均|(?<![0-9一二两三四五六七八九十])一个人)[^，,。]{0,3}$")
# a wage per month / day / hour (a rate, never what is owed) — as opposed to each person's share of what is owed
_PER_TIME_BEFORE = re.compile(r"(?:每月|每个月|(?<![0-9一二两三四五六七八九十])一个月(?!的)|(?<![个两俩仨三四五六七八九十半])月薪(?!水)|(?<![0-9一二两俩仨三四五六七八九十个多半来几])月工资|每天|(?<![0-9一二两三四五六七八九十])一天|日薪|日工资|(?<![0-9一二两三四五六七八九十多来几])天|时薪|每小时|一平米?|每平米?|一方|每方|一次|每次|一单|每单)[^，,。]{0,3}$")


_PER_UNIT_AFTER = re.compile(r"^(?:多|来|左右)?(?:一个月|每月|一月|一天|每天|一个人|每人|/月|/天)")
_PER_TIME_AFTER = re.compile(r"^(?:多|来|左右)?(?:一个月|每月|一月|一天|每天|/月|/天)")
# 欠了我一个月工资4300 / 扣了我一个月工资四千三 / 欠了两个月 8600: the months owed, then what they come to. The month
# is the period owed, not a wage rate ("一个月4300" alone is a rate).
_OWED_TO = r"(?:欠|拖欠|拖|扣|差)了?(?:我|俺|咱|我们|俺们|咱们)?"
_OWED_PERIOD_BEFORE = re.compile(
    _OWED_TO + r"(?:[0-9一二两三四五六七八九十]|半)(?:个)?(?:多)?(?:月|星期|礼拜)(?:的)?(?:工资|工钱|薪水|人工)?\s*$"
)
_STILL_OWED_BEFORE = re.compile(r"(?:还差|还欠|还剩|剩下|还有|差我|差我们)[^，,。]{0,3}$")
_AGREED_OR_PAID_BEFORE = re.compile(r"(?:说好的?|讲好的?|应该给我?|只给了?|给了|发了|付了|预支了?|生活费)[^，,。]{0,3}$")
# what was paid is never what is owed ("一共就给了五千块钱", "只转了我3000", "只收过")
_PAID_BEFORE = re.compile(r"(?:只给了?|给了|发了|付了|转了我?|预支了?|拿到了?|收过|收到了?|借了|生活费)[^，,。欠差]{0,3}$")


# …and of those, the ones said as done ("给了三万", "就给了两千块") — 只给我五千 may be an offer
_PAID_DONE_BEFORE = re.compile(r"(?:给了|发了|付了|转了我?|预支了|拿到了|收到了|给过|发过|付过)[^，,。欠差]{0,3}$")


# 工资五千三和加班费一千八: two sums owed, named one after the other (when no total is given)
_TWO_SUMS = re.compile(
    rf"(?:工资|工钱|人工费|薪水)\s*({NUMERAL})\s*(?:块钱|块|元)?\s*(?:和|加上|加|还有|另外还有|，还有)\s*"
    rf"(?:加班费|餐补|补贴|奖金|提成|押金|路费|住宿费)\s*({NUMERAL})\s*(?:块钱|块|元)?"
)


def find_amount(text: str) -> Quantity | None:
    """The amount owed in yuan. Prefers a total ("一共欠七万") over a per-person or per-day wage."""
    candidates: list[tuple] = []
    paid: list[tuple[Quantity, bool]] = []  # what was already paid (per person or in all)
    text = re.sub(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))", "", text)  # 260,000 yuan
    text = re.sub(r"(?:RMB|CNY|¥|￥)\s*([0-9]+(?:\.[0-9]+)?)(?![0-9])", r"\1元", text)  # RMB 9800 / ¥12500
    pair = _TWO_SUMS.search(text)
    if pair and not _TOTAL_BEFORE.search(text[pair.end(): pair.end() + 12] + "") and not re.search(r"一共|总共|合计|加起来", text):
        try:
            first, second = parse_amount(pair.group(1)), parse_amount(pair.group(2))
            if first.value >= 50 and second.value >= 50:
                return Quantity(first.value + second.value, first.approximate or second.approximate, pair.group(0))
        except NumberNotUnderstood:
            pass
    for match in _AMOUNT.finditer(text):
        numeral, unit = match.group(1), match.group(2)
        if not unit and re.fullmatch(r".+[^一]一", numeral) and re.match(r"[直分共起下定次点样天]", text[match.end(1): match.end(1) + 1]):
            numeral = numeral[:-1]  # 九千六一直不给: the 一 belongs to 一直
        after = text[match.end(): match.end() + 4]
        if _NOT_MONEY_AFTER.match(text[match.end(1): match.end(1) + 5].replace(" ", "X")):
            continue  # "两百多人", "三个月": a head count or a period, not money
        before = text[max(0, match.start() - 8): match.start()]
        owed_period = bool(_OWED_PERIOD_BEFORE.search(text[max(0, match.start() - 14): match.start()]))
        is_money_word = bool(re.search(r"[万千wWkK]", numeral + unit)) or bool(re.search(r"块|元|圆|yuan|RMB|rmb", unit))
        if not is_money_word:
            if not (_OWED_BEFORE.search(before) or owed_period):
                continue
            if re.fullmatch(r"[0-9]+", numeral) and int(numeral) < 100:
                continue
            if re.search(r"[一二两三四五六七八九十]", numeral) and not re.search(r"[百千万]", numeral):
                continue
        if re.fullmatch(r"(?:19|20)[0-9]{2}", numeral) and re.match(r"\s*年", after):
            continue
        try:
            quantity = parse_amount(numeral + unit)
        except NumberNotUnderstood:
            continue
        if quantity.value < 50:
            continue
        score = 0
        if _TOTAL_BEFORE.search(before):
            score += 3
        if _OWED_BEFORE.search(before) or owed_period:
            score += 1
        per_unit = bool(_PER_UNIT_BEFORE.search(before) or _PER_UNIT_AFTER.match(text[match.end(): match.end() + 5]))
        # 我一个人两万三 / 欠了我一个月工资4300: the worker alone, or the months owed — the whole amount
        whole = owed_period or bool(re.search(r"(?:[我俺]一个人|最后一个月|上个月|最后那个月)[^，,。]{0,3}$", before))
        if whole:
            per_unit = False
        # each person's share ("每人差八千多", "一人欠两万多") with no total is the writer's own amount (blind schema:
        # "the crew's total if stated; otherwise the writer's own"); a rate per month or day is never an amount
        per_time = bool(_PER_TIME_BEFORE.search(before) or _PER_TIME_AFTER.match(text[match.end(): match.end() + 5]))
        per_time = per_time and not whole
        per_unit = per_unit or per_time
        if per_unit:
            score -= 3
        if re.search(r"(?:押金|保证金|罚款|违约金|定金|运费)(?![^，,。]*(?:工资|工钱))", before[-5:]):
            continue  # 还有押金一千块也不退: a deposit is asked back, it is not the wages owed (运费和工资两万多 is)
        if _PAID_BEFORE.search(before) and not _STILL_OWED_BEFORE.search(before):
            if _PAID_DONE_BEFORE.search(before) and not per_time:
                paid.append((quantity, per_unit))
            continue
        if _STILL_OWED_BEFORE.search(before):
            score += 4  # 还差一万三: what is left after a part payment
        elif _AGREED_OR_PAID_BEFORE.search(before):
            score -= 2  # 说好的两万四 / 只给了八千: the deal or the part paid, not what is owed
        still = bool(_STILL_OWED_BEFORE.search(before))
        candidates.append((score, int(quantity.value), quantity, per_unit, per_time, still))
    if not candidates or all(c[4] for c in candidates):
        return None  # only a wage per month or day was given: the total is the worker's to tell
    if all(c[3] for c in candidates):
        # only per-person figures: the share each is owed, not a rate (the highest score, then the first said)
        best = max((c for c in candidates if not c[4]), key=lambda c: c[0])
    else:
        best = sorted(candidates, key=lambda c: (c[0], c[1]), reverse=True)[0]
    return _less_paid(best, paid)


def _less_paid(best: tuple, paid: list[tuple[Quantity, bool]]) -> Quantity:
    """A total with a part already paid and no remainder stated ("一共七万三，就给了两千") owes the rest."""
    quantity, per_person, still = best[2], best[3], best[5]
    if still:
        return quantity  # 还差 / 剩下: the writer gave the remainder
    parts = [q for q, unit in paid if unit == per_person and q.value < quantity.value]
    if not parts:
        return quantity
    part = max(parts, key=lambda q: q.value)
    return Quantity(quantity.value - part.value, quantity.approximate or part.approximate, f"{quantity.text}-{part.text}")


_TRADES = (
    r"(?:钢筋工|木工|瓦工|电工|焊工|电焊工|油漆工|搬运工|装卸工|架子工|水电工|泥水工|抹灰工|杂工|小工|大工|农民工|民工|"
    r"服务员|保洁员|保洁|保安|骑手|司机|厨师|帮厨|快递员|快递小哥|外卖员|配送员|店员|学徒|普工|操作工|作业员|环卫工|员工|同事|工友|工人|老乡|兄弟|师傅|姐妹|姊妹|大姐|阿姨|大妈|大嫂|workers|people|"
    # any other trade written as X工 / XX工 (泥工, 防水工, 扎铁工), but not 工地 / 工资 / 工程 / 工作 / 工期
    r"(?!施工|打工|做工|开工|完工|上工|下工|停工|包工|分工|人工|加工|务工|用工|点工|零工|散工|怠工|招工)"
    r"(?:(?![月天年个号周])[\u4e00-\u9fa5]){1,2}工(?<!化工)(?![地资钱程作期头厂人友种具棚队项业艺序商会]))"
)
_WORKERS = re.compile(
    rf"({NUMERAL}|俩|仨)\s*(多|来|余)?\s*(?:(?:个|名|位)?\s*(?:人|{_TRADES})|号人|号工人"
    # 二十多个老爷们 / 八个婆姨们: any people word with 们 after the count
    r"|(?:个|名|位)(?:(?![月天年他她我你咱俺])[\u4e00-\u9fa5]){1,3}?们)"
)
# 同庄去的还有八九个 / 跟我一起的还有五个: the others, without a noun, and the worker
_OTHERS_BARE = re.compile(rf"(?:还有|另外还有)({NUMERAL})(?:多|来)?个(?=[\s，,。]|都|也|人都)")
# "My dad and 11 other workers", "a group of 25 road workers"
_ENGLISH_COUNT = r"[0-9]{1,4}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty"
_ENGLISH_WORKERS = re.compile(
    rf"(?:\b(me\s+and|and|other)\s+)?(?<![0-9])\b({_ENGLISH_COUNT})\s+(other\s+)?(?:[a-z]+\s+){{0,2}}"
    r"(?:workers|people|colleagues|co-?workers|workmates|labou?rers|cleaners|drivers|riders|electricians|bricklayers|carpenters|welders|painters)\b",
    re.IGNORECASE,
)
_ENGLISH_NUMBER_WORDS = {word: number for number, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_ENGLISH_NUMBER_WORDS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50})
# 我是带班的 手下十五个木工 / 我老公是班组长，带着…十个人: the one who leads the crew is owed too
_WRITER_LEADS = re.compile(
    r"(?:我|俺|我老公|我爸|我先生|我丈夫|他)(?:就)?是[\u4e00-\u9fa5]{0,5}?(?:班组长|带班|班长|工头|包工头|组长|领班)")
_LED_COUNT_BEFORE = re.compile(r"(?:带了|带着|手下|领着|底下)[\u4e00-\u9fa5]{0,8}?$")
# 我跟我表弟都是… / 我和我媳妇在那干: the writer and one other
_WRITER_AND_ONE = re.compile(
    r"(?:我|俺)(?:跟|和|同)(?:我|俺)(?:的)?(?:表弟|表哥|堂弟|堂哥|弟弟|哥哥|妹妹|姐姐|老婆|媳妇|老公|爱人|对象|老乡|同学)(?:都|一起|两个|俩|在)")
# 工人有十九个 / 我们瓦工十二个 / 带我们二十来个做模板的 / 从仁和派过去的有三十多个 都没发 / 我们这班人一共二十六个:
# a count with no noun after it
_COUNT_NO_NOUN = re.compile(
    rf"(?:{_TRADES}|带我们|带俺们|的|(?:我们|俺们|咱们)[\u4e00-\u9fa5]{{0,3}}人)(?:一共|总共|有|是)*({NUMERAL})(多|来)?个(?=[\s，,。！!]|都|也|做|干|全)")
_SELF_ONLY = re.compile(r"(?:就|只有)?我一个人|俺一个人|就我自己|只有我|我自己一个|我个人")


def find_workers(text: str) -> Quantity | None:
    """How many workers are owed ("俺们一共9个人", "十几个工友", "我们俩", "就我一个人")."""
    best: Quantity | None = None
    for match in _WORKERS.finditer(text):
        before = text[max(0, match.start() - 4): match.start()]
        if re.search(r"每|一天|月薪", before):
            continue
        if match.group(1) == "几":
            continue  # "还有几个同事": some, not a count
        if match.group(1) in ("一", "1") and not re.search(r"(?:我|俺|他|她|就|只|只有|自己|一共|总共|[，,。\s])$|^$", before):
            continue  # 我们就认一个人 / 找一个人: one person named, not the count of those owed
        if match.group(1) in ("一", "1") and _WRITER_AND_ONE.search(text):
            continue  # 我跟我表弟 … 我一个人九千出头: the writer's share, and two are owed
        if match.group(1) in ("一", "1") and not re.search(r"[我俺就只]$", before) and re.match(
            rf"\s*(?:就|都)?(?:是|欠|拖|差|要|拿|分|该)?(?:了|个)?\s*(?:大概|差不多|约)?{NUMERAL}", text[match.end(): match.end() + 8]
        ):
            continue  # "一个人五六千": a wage per person, not a head count
        try:
            quantity = parse_count(re.sub(r"号", "个", match.group(0)))
        except NumberNotUnderstood:
            continue
        if quantity.value > 5000:
            continue
        if re.search(r"另外|还有|也有", text[max(0, match.start() - 6): match.start()]):
            # 我爸和村里另外五个人 / 跟我一样的还有六个保安: the others, and the worker
            quantity = Quantity(quantity.value + 1, quantity.approximate, quantity.text)
        elif _LED_COUNT_BEFORE.search(text[max(0, match.start() - 12): match.start()]) and _WRITER_LEADS.search(text[: match.start()]):
            # 我是班组长 … 我带了十一个人: the crew he leads, and himself
            quantity = Quantity(quantity.value + 1, quantity.approximate, quantity.text)
        score_total = bool(re.search(r"一共|总共|共|加起来|全部|我们|俺们|咱们", before))
        if best is None or score_total:
            best = quantity
            if score_total:
                break
    if best is not None:
        return best
    match = re.search(rf"(?:人数[:：]?\s*|(?:我们|俺们|咱们)(?:班组|班|组|队|一帮兄弟|一帮人|一伙人|兄弟|工友|老乡)?(?:一共|总共)?)({NUMERAL})(?:多|来)?个?(?=$|[，,。\s]|在|都|一起)", text)
    if match and not re.search(r"[万千百wWkK]", match.group(1)):
        try:
            return parse_count(match.group(1))
        except NumberNotUnderstood:
            pass
    match = _COUNT_NO_NOUN.search(text)
    if match and not re.search(r"每|一天|月薪", text[max(0, match.start() - 3): match.start()]):
        try:
            quantity = parse_count(match.group(1) + (match.group(2) or "") + "个")
            if 1 < quantity.value <= 5000:
                if _LED_COUNT_BEFORE.search(text[max(0, match.start() - 12): match.start() + 1]) and _WRITER_LEADS.search(text[: match.start()]):
                    quantity = Quantity(quantity.value + 1, quantity.approximate, quantity.text)
                return quantity
        except NumberNotUnderstood:
            pass
    match = _OTHERS_BARE.search(text)
    if match:
        try:
            quantity = parse_count(match.group(1) + "个")
            return Quantity(quantity.value + 1, quantity.approximate, match.group(0))
        except NumberNotUnderstood:
            pass
    match = _ENGLISH_WORKERS.search(text)
    if match and not re.search(r"\bout\s+of\s+$", text[max(0, match.start() - 8): match.start()]):
        count = match.group(2).lower()
        value = int(count) if count.isdigit() else _ENGLISH_NUMBER_WORDS[count]
        value += 1 if (match.group(3) or re.match(r"me|other", (match.group(1) or "").lower())) else 0  # "me and 6 coworkers", "11 other workers"
        return Quantity(value, bool(re.search(r"about|around", text[max(0, match.start() - 8): match.start()], re.I)), match.group(0))
    match = re.search(r"(?<![0-9])([0-9]{1,4}) of us", text)
    if match:
        return Quantity(int(match.group(1)), False, match.group(0))
    if re.search(r"我们俩|俺俩|咱俩|我俩(?![个]?[月年天])|(?:我们|俺们|咱们|我|俺)(?:两口子|夫妻俩)|我和我(?:老婆|媳妇|老公|爱人)", text) or _WRITER_AND_ONE.search(text):
        return Quantity(2, False, "俩")
    if _SELF_ONLY.search(text):
        return Quantity(1, False, "我一个人")
    return None


_MONTH_RANGE = re.compile(
    r"(?:(?:(20[0-9]{2}|去年|今年|前年)年?)?\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3}|腊)月份?(?:[0-9]{1,2}[号日]|中旬|上旬|下旬|初|底|末)?)\s*(?:到|至|-|~|—|(?:一直)?(?:干|做|干活)?到)\s*"
    r"(?:(?:(20[0-9]{2}|去年|今年)年?)?\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3}|腊)月份?(?:[0-9]{1,2}[号日])?)"
)
_MONTH = r"(?:(?:(20[0-9]{2}|去年|今年|前年)年?)?\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3}|腊)月份?(?:[0-9]{1,2}[号日])?)"
# 2023年5月进场，到2024年1月完工 / 3月份开工的 一直到8月
_MONTH_SPAN_WORDS = re.compile(
    _MONTH + r"\s*(?:进场|开工|开始|入职|进厂|上班|去的|过去的|来的|开始干)[^0-9。！？!?]{0,6}?(?:到|至)\s*" + _MONTH.replace("(20", "(?P<y2>20", 1).replace("([0-9]{1,2}|", "(?P<m2>[0-9]{1,2}|", 1)
    # 三月进场六月出来 / 五月进厂九月走的: the month in, the month out
    + r"|" + _MONTH.replace("(20", "(?P<y3>20", 1).replace("([0-9]{1,2}|", "(?P<m3>[0-9]{1,2}|", 1)
    + r"\s*(?:进场|进厂|入职|上班|开工)\s*" + _MONTH.replace("(20", "(?P<y4>20", 1).replace("([0-9]{1,2}|", "(?P<m4>[0-9]{1,2}|", 1)
    + r"\s*(?:出来|出场|撤场|完工|走的|离开|离职|辞职)"
)
_PERIOD = re.compile(
    rf"({NUMERAL}|半)(多|来)?(个)?(半)?(多|来)?(年|个月|月|星期|周|礼拜|天)(多|半)?"
)


def _month_number(text: str) -> int:
    if text == "腊":
        return 12
    return int(parse_number(text).value)


_MONTH_NAME = re.compile(r"(?:1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])月份?")
# 七月八月九月的工钱 / 十月、十一月工资 / 九月和十月的: months listed one after another, then the wages
_MONTH_LIST = re.compile(
    r"(?<![0-9一二三四五六七八九十年])((?:(?:1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])月份?[和、跟及,，]?){2,6})(?:的|这)?"
    r"(?:(?:两|三|四|五|六)个月(?:的)?)?(?:工资|工钱|薪水|人工|钱)"
)
_OWED_MONTHS = re.compile(
    rf"(?:剩下|还差|还欠|后面|(?<![年过正之以然])后|最后)(?:的|那)?((?:{NUMERAL}|两)(?:个)?(?:多)?月)(?!份)(?:的)?(?:工资|工钱|薪水|人工|钱|一直|都|没|冇|也|他|她|老板|工资没|{NUMERAL})"
)
# 她只给了一个月 / 头一个月给了 / 只发了两个月的: the months paid, taken from the months worked
_PAID_MONTHS = re.compile(
    r"(?:(?:只|就)?(?:给了|发了|给过|发过|结了|收过|收了|拿了|拿过|拿到)(?:我|俺|我们)?((?:[一二两三四五六1-6]))个月(?!工资没)"
    r"|头((?:[一二两三1-3]))个月(?:的)?(?:工资)?(?:给了|发了|结了))"
)
_SINCE_MONTH = re.compile(
    r"(1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])月份?(?:去的|来的|进场|进厂|开始干|开工|入职|过去的)[^。！？!?]{0,24}?"
    r"现在(?:都|已经)?(1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])月(?:份)?(?:了)"
)


def _year(written: str | None) -> int | None:
    """The year a range names: "2025", or 去年 / 今年 / 前年 counted from today in China; None when not named."""
    if not written:
        return None
    if written.isdigit():
        return int(written)
    return clock.china_today().year + {"前年": -2, "去年": -1, "今年": 0}[written]


def _dated_period(text: str, year1: str | None, start: int, year2: str | None, end: int, months: int) -> Period:
    """The first and last month of a range of named months. A range with no year ended in the last twelve months (the
    worker is owed for work done, not to come); a range over the new year without a second year ends the year after."""
    end_year = _year(year2)
    if end_year is None and year1:
        end_year = _year(year1) + (1 if end < start else 0)
    if end_year is None:
        today = clock.china_today()
        end_year = today.year if end <= today.month else today.year - 1
    last = end_year * 12 + end - 1
    first = last - (months - 1)
    return Period(text, f"{first // 12:04d}-{first % 12 + 1:02d}", f"{end_year:04d}-{end:02d}")


def find_period(text: str) -> tuple[Quantity | None, Period | None]:
    """How long wages are owed: months, from a duration ("一个多月", "半年") or a date range ("3月到6月"), and the
    period when the worker named its dates."""
    text = re.sub(r"仨(?:个)?(?=月|星期|礼拜)", "三个", re.sub(r"俩(?:个)?(?=月|星期|礼拜)", "两个", bounded(text)))
    text = re.sub(r"俩(?=年)", "两", re.sub(r"仨(?=年)", "三", text))
    text = re.sub(r"个号头", "个月", text)  # Shanghainese: 两个号头 = two months
    text = re.sub(r"个几月", "个多月", text)  # Cantonese: 三个几月 = three months and some
    text = re.sub(r"(?<![0-9一二两三四五六七八九十])个零月", "一个多月", text)  # Cantonese: 做咗个零月 = a month and some
    text = re.sub(r"(?<=[做干拖])咗", "了", text)  # Cantonese: 做咗两个月 = 做了两个月
    owed = _OWED_MONTHS.search(text)
    if owed:  # 剩下四个月 / 后面两个月一直拖 / 最后三个月的钱: the months still unpaid, whatever span was worked
        try:
            return parse_months(owed.group(1)), None
        except NumberNotUnderstood:
            pass
    if re.search(r"上个月(?:的)?(?:和|跟|加|同)这个月", text):
        return Quantity(2, False, "上个月和这个月"), None  # 上个月和这个月的工资都没发: two months
    listed = _MONTH_LIST.search(text)
    if listed:  # 七月八月九月的工钱 / 十月十一月工资: the months named
        return Quantity(len(_MONTH_NAME.findall(listed.group(1))), False, listed.group(0)), None
    paid = _PAID_MONTHS.search(text)
    paid_months = 0.0
    if paid:
        try:
            paid_months = float(parse_months((paid.group(1) or paid.group(2)) + "个月").value)
        except NumberNotUnderstood:
            pass
    match = _MONTH_RANGE.search(text) or _MONTH_SPAN_WORDS.search(text)
    if match:
        groups = match.groups()
        if len(groups) > 4 and groups[1] is None:
            groups = groups[4:]  # the month in, the month out (三月进场六月出来)
        year1, month1, year2, month2 = groups[:4]
        try:
            start, end = _month_number(month1), _month_number(month2)
        except NumberNotUnderstood:
            start = end = 0
        if 1 <= start <= 12 and 1 <= end <= 12:
            offset = {"前年": -2, "去年": -1, "今年": 0}
            y1 = int(year1) if year1 and year1.isdigit() else offset.get(year1 or "", 0)
            y2 = int(year2) if year2 and year2.isdigit() else offset.get(year2 or "", y1 if not (year1 or "").isdigit() else y1)
            if year1 and year1.isdigit() and not year2:
                y2 = y1
            years = y2 - y1 if (year1 or year2) else 0
            months = years * 12 + end - start + 1
            if months <= 0:
                months += 12
            period = _dated_period(match.group(0).strip(), year1, start, year2, end, months)
            if 0 < paid_months < months:
                return Quantity(months - paid_months, True, match.group(0)), period
            return Quantity(months, False, match.group(0)), period
    span = find_span(text)
    if span:  # 从五一干到国庆 / 去年冬月到今年四月 / 十一月中到三月
        if 0 < paid_months < span.months:
            return Quantity(round(span.months - paid_months, 2), True, span.text), Period(span.text.strip())
        return Quantity(span.months, span.approximate, span.text), Period(span.text.strip())
    since = _SINCE_MONTH.search(text)
    if since:  # 四月份去的 … 现在九月了
        try:
            gap = _month_number(since.group(2)) - _month_number(since.group(1))
        except NumberNotUnderstood:
            gap = 0
        if 0 < gap <= 12:
            return Quantity(gap, False, since.group(0)), None
    candidates: list[tuple[int, int, Quantity]] = []
    for match in _PERIOD.finditer(text):
        numeral, many1, ge, half, many2, unit, tail = match.groups()
        before = text[max(0, match.start() - 4): match.start()]
        if unit == "月" and not ge:
            continue  # "3月" is a month of the year, not a duration
        if unit == "年" and re.fullmatch(r"[0-9]{4}", numeral or ""):
            continue
        if re.search(r"[万千wWkK]", numeral or "") or (re.search(r"百", numeral or "") and unit != "天"):
            continue  # 一百来天 is a period, 一百多块 is not
        if unit in {"天", "星期", "周", "礼拜"} and not re.search(r"干了|做了|欠了|拖了|干|做|拖|上户|上班|上了|打工|来了|欠[我俺咱他她]", before):
            continue
        if re.search(r"每|一天|日薪|月薪|第$|不满$|不到$|满$|提前$", before):
            continue  # 干不满三个月不给: a condition, not the period
        if (re.match(rf"\s*(?:工资)?\s*{NUMERAL}", text[match.end(): match.end() + 4]) and re.fullmatch(r"[一1]", numeral) and not half
                and not re.match(r"零[^天]{1,3}天|(?:零|又)[^月]{1,3}月", text[match.end(): match.end() + 5])
                and not re.search(r"最后|上$|那$|" + _OWED_TO + "$", before)):
            continue  # "一个月八千": a monthly wage, not the period
        try:
            months = parse_months(match.group(0))
        except NumberNotUnderstood:
            continue
        if numeral == "半" and unit == "年" and before.endswith("大"):
            months = Quantity(8, True, "大" + match.group(0))  # 大半年: most of a year
        extra = re.match(r"零([0-9一二两三四五六七八九十]{1,3})天", text[match.end(): match.end() + 6])
        extra_months = re.match(r"(?:零|又)([0-9一二两三四五六七八九十]{1,2})个(?:多)?月", text[match.end(): match.end() + 6])
        if extra_months and unit == "年":
            try:  # 一年零三个月
                months = Quantity(float(months.value) + float(parse_number(extra_months.group(1)).value), months.approximate,
                                  match.group(0) + extra_months.group(0))
            except NumberNotUnderstood:
                pass
        if re.search(r"年(?:零|又)$", before):
            continue  # the 三个月 of 一年零三个月, read with the year
        if extra and unit in ("个月", "月", "年"):
            try:  # 一个月零十天
                months = Quantity(round(float(months.value) + float(parse_number(extra.group(1)).value) / 30, 2), True,
                                  match.group(0) + extra.group(0))
            except NumberNotUnderstood:
                pass
        after = text[match.end(): match.end() + 6]
        if re.search(r"(?:做|干)完(?:了)?$|完工(?:了)?$|完工后$", before.replace("已经", "")):
            continue  # 已经做完两个多月了: time since the work ended, not the period worked
        if re.search(r"给过$|给了$|发过$|发了$|收过$|收了$|付了$", before):
            continue  # 他就给过一个月: the months paid, not owed
        if re.search(r"(?:离职|辞职|离开|不干|协调|处理|调解|生效|(?:裁决|判决)(?:书)?(?:下来|出来))(?:了)?(?:已经|都|有|快|将近|差不多)?$", before):
            continue  # 已经离职一个月了 / 协调了一个多月 / 裁决书生效一个多月了: time since, not the months owed
        if re.search(r"(?:孩子|小孩|宝宝|娃娃?|儿子|女儿|闺女|怀孕|怀了|身孕|哺乳期)(?:才|刚|刚刚|已经|都|还不到|不到)?(?:满|有)?$", before):
            continue  # 孩子才八个月 / 怀孕三个月: an age or a pregnancy, not the months owed
        score = 0
        if re.search(r"工资|工钱|没给|没发|不给|没结|没拿", after) or re.search(r"欠|拖|差|剩", before):
            score += 2
        if re.search(r"干了|做了|干|做", before):
            score -= 1
        if re.search(r"拖了|等了|结算了|已经|都|过了", before[-3:] + "") and not re.match(r"(?:的)?(?:工资|工钱|人工|薪水)", after):
            # 拖了三个月了 / 结算了半年了: how long the worker has waited, not how long the work ran
            score -= 4 if re.search(r"干了|做了|干|做", text[: match.start()]) else 0
        candidates.append((score, -match.start(), months))
    if candidates:
        best = max(candidates, key=lambda c: (c[0], c[1]))[2]
        owed_best = max(candidates, key=lambda c: (c[0], c[1]))[0] >= 2  # 还差三个月: already the months owed
        if 0 < paid_months < float(best.value) and not owed_best:
            # 干了三个多月 … 她只给了一个月: the months still unpaid
            return Quantity(round(float(best.value) - paid_months, 2), True, best.text), None
        return best, None
    if re.search(r"上个月(?:的|嘅)?(?:工资|工钱|薪水|单费|派费|人工|提成|件钱)|最后(?:一|1)个月(?:的)?(?:工资|工钱|薪水)|成个月(?:的)?人工"
                 r"|(?<![0-9一二三四五六七八九十])(?:1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])月份?(?:的)?(?:工资|工钱|薪水)(?:全部|都|一直|还)?(?:没|未|冇|不)"
                 # 欠我们骑手十月份的工资: one month named as the one owed
                 r"|(?:欠|拖欠|扣)了?(?:我|俺|咱)?(?:们)?[^，,。0-9一二三四五六七八九十]{0,4}(?<![0-9一二三四五六七八九十])(?:1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])月份?(?:的)?(?:工资|工钱|薪水)"
                 r"|\blast month\b|\bfor last month", text):
        return Quantity(1, False, "上个月"), None  # 扣了我上个月的工资 / 十月份工资全部没发: one month
    match = _ENGLISH_UNPAID_FOR.search(text)
    if match:
        count = match.group(1).lower()
        value = (int(count) if count.isdigit() else _ENGLISH_NUMBERS.index(count) + 1) + (0.5 if match.group(2) else 0)
        return Quantity(value, bool(re.search(r"about|around", match.group(0), re.I)), match.group(0)), None
    match = _ENGLISH_MONTH_LIST.search(text)
    if match:
        return Quantity(len(re.findall(_MONTH_WORD, match.group(0), re.IGNORECASE)), False, match.group(0)), None
    match = _ENGLISH_OWED_MONTHS.search(text)
    if match:
        count = match.group(1).lower()
        value = int(count) if count.isdigit() else _ENGLISH_NUMBERS.index(count) + 1
        return Quantity(value, False, match.group(0)), None
    match = _ENGLISH_RANGE.search(text)
    if match:
        start, end = (_ENGLISH_MONTH_NAMES.index(m.lower()[:3]) + 1 for m in match.groups())
        months = end - start + 1 if end >= start else end - start + 13
        if re.match(r"since", match.group(0), re.I):
            months -= 1  # "not paid since March, it's now July": March to now
        return Quantity(months, False, match.group(0)), Period(match.group(0))
    match = _ENGLISH_MONTHS.search(text)
    if match:
        count = match.group(1).lower()
        value = int(count) if count.isdigit() else _ENGLISH_NUMBERS.index(count) + 1
        return Quantity(value, False, match.group(0)), None
    match = _ENGLISH_DAYS.search(text)
    if match:  # "45 days work": the period in months, as the schema writes it (one decimal)
        return Quantity(round(int(match.group(1) or match.group(2)) / 30, 1), True, match.group(0)), None
    return None, None


_ENGLISH_DAYS = re.compile(r"(?<![0-9A-Za-z])([0-9]{2,3})\s+days?(?:\s+of)?\s+(?:work|working|labou?r)\b|\bworked\s+(?:for\s+)?([0-9]{2,3})\s+days\b", re.IGNORECASE)


_ENGLISH_MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH_WORD = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_ENGLISH_RANGE = re.compile(
    rf"\b(?:from|since)\s+(?:last\s+|this\s+)?{_MONTH_WORD}\b[^.;]{{0,20}}?\b(?:to|until|till|through|it'?s\s+now|now)\s+(?:this\s+|next\s+)?{_MONTH_WORD}\b",
    re.IGNORECASE)
# "wages for September and October": the months listed
_ENGLISH_MONTH_LIST = re.compile(rf"\bfor\s+{_MONTH_WORD}((?:,\s*{_MONTH_WORD})*\s+and\s+{_MONTH_WORD})\b", re.IGNORECASE)
# "did not pay her last 3 months", "haven't paid her for about two and a half months"
_ENGLISH_UNPAID_FOR = re.compile(
    r"(?:not|n't|never)\s+(?:been\s+)?pa(?:y|id)\s+(?:her|him|me|us|them)?\s*(?:for\s+)?(?:the\s+)?(?:last\s+|past\s+)?(?:about\s+|around\s+)?"
    r"([0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(\s+and\s+a\s+half)?\s+months?\b", re.IGNORECASE)
_ENGLISH_NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
# "refused to pay her last 2 months of wages", "owes me 3 months' pay": the months owed, before the months worked
_ENGLISH_OWED_MONTHS = re.compile(
    r"(?:last|owe[sd]?\s+(?:me|us|her|him|them))\s+([0-9]{1,2}|" + "|".join(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])
    + r")\s+months?'?\s*(?:of\s+)?(?:wages|pay|salary)", re.IGNORECASE
)
_ENGLISH_MONTHS = re.compile(r"(?<![0-9A-Za-z])([0-9]{1,2}|" + "|".join(_ENGLISH_NUMBERS) + r")\s+months?\b", re.IGNORECASE)


_WORKER_NAME = re.compile(r"(?:我叫|本人叫|我的名字叫|我名字叫|我的名字是|名字是|我是|本人)\s*([\u4e00-\u9fa5]{2,3})(?=[，,。\s]|$|电话|手机|身份证|，)")
_NOT_A_NAME = re.compile(r"工人|农民|民工|干活|木工|瓦工|电工|工地|打工|这里|那里|老乡|一个|师傅|司机|保安|保洁|厨师|包工|小工|大工|员工|临时|外地")


def find_worker_name(text: str) -> str | None:
    match = _WORKER_NAME.search(text)
    if match and match.group(1)[0] in _COMMON_SURNAMES and not _NOT_A_NAME.search(match.group(1)):
        return match.group(1)
    return None


def is_anonymous(text: str) -> bool:
    return bool(re.search(r"匿名|不想留名|不留名|不愿意留名|不方便留名|不想说名字|不透露姓名", text))


_FOR_A_RELATIVE = re.compile(
    r"(?:替|帮|代|为)(?:我|俺)?(?:爸爸|爸|妈妈|妈|父亲|母亲|舅舅|叔叔|表弟|表哥|老公|先生|丈夫|儿子|哥哥|弟弟|阿爸|老爸|老婆|媳妇|爱人)"
    r"|(?:我|俺)(?:爸爸|爸|父亲|舅舅|老公|先生|丈夫|阿爸)(?:在|是|他)"
)


def _worker_phone(text: str, phone: Phone | None) -> tuple[Phone | None, Phone | None]:
    """Tell the worker's own number from the boss's: (worker, employer)."""
    if phone is None:
        return None, None
    digits = phone.number.replace("-", "")
    position = text.replace(" ", "").replace("-", "").find(digits)
    compact = text.replace(" ", "").replace("-", "")
    before = compact[max(0, position - 10): position] if position >= 0 else ""
    clause = re.split(r"[，,。！!？?；;]", text[: text.find(phone.number[:3])] if phone.number[:3] in text else "")[-1]
    if _FOR_A_RELATIVE.search(text):
        before = clause.replace(" ", "")[-10:]  # speaking for a relative: only this clause says whose number it is
    after = compact[position + len(digits): position + len(digits) + 6] if position >= 0 else ""
    boss_words = r"老板|包工头|工头|班组长|对方|负责人|经理|老总|带班"
    if not _FOR_A_RELATIVE.search(text):
        boss_words += r"|他的|他电话|他手机"  # …unless the writer speaks for a relative: then 他 is the worker
    if re.search(r"(?:我|俺)(?:的)?(?:电话|手机|号码|手机号)(?:号码|号)?(?:是)?[:：]?$", before) or re.search(
            r"(?:我|俺)(?:就)?是(?:[\u4e00-\u9fa5]{0,2}(?:班组长|班长|带班|工头|包工头|组长))[\u4e00-\u9fa5]{0,4}[，,]?(?:电话|手机)",
            compact[max(0, position - 18): position]):
        return phone, None  # 我的电话… / 我是班组长周广才，电话…: the writer's own
    if re.search(boss_words, before):
        return None, phone
    if re.search(r"老[\u4e00-\u9fa5](?:的)?(?:电话|手机)(?:是|号)?$", before) or re.match(r"是(?:他|老板|包工头|工头)的", after):
        return None, phone  # "老周电话…", "…是他的": the boss's number
    return phone, None


# What the extractors read of one message. Real stories run 300–600 characters and fit whole; past the cap the
# facts are usually at the start (who, where, how much) and the phone at the end, so the head and tail are kept.
MAX_CHARS = 800
_SPACES = re.compile(r"\s{2,}")
_HEAD_CHARS = 600


def bounded(text: str) -> str:
    """The message as the extractors see it: NFKC, at most MAX_CHARS characters (head and tail of a longer one)."""
    text = _SPACES.sub(" ", (text or "")[: MAX_CHARS * 8])  # a run of spaces would be re-scanned by every \s*
    if len(text) > MAX_CHARS:
        text = text[:_HEAD_CHARS] + "。" + text[-(MAX_CHARS - _HEAD_CHARS - 1):]
    # NFKC can lengthen a few characters (㍿ → 株式会社); Traditional script reads as Simplified (the gateway does the
    # same before NLU, but the extractor is also called on stored and console text)
    return _t2s().convert(normalise_digits(text)[:MAX_CHARS])


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


# "我们是河南周口的" / "俺是河南人" / "俺是河南信阳嘞" / "我们是甘肃临夏的回族兄弟" / "from Sichuan" say where the worker
# comes from, not where the work was.
_ORIGIN = re.compile(
    r"(?:(?:我们|俺们|咱们|我|俺|他|她|我们都|俺们都|阿拉|额们|额|老板|老板娘|包工头|工头|老细|本人|这个人|我们几个|俺们几个"
    r"|(?:我|俺)(?:跟|和|同)(?:我|俺)?[\u4e00-\u9fa5]{1,3}?)(?:老家)?(?:都)?(?:是|系)([\u4e00-\u9fa5]{2,9}?)"
    r"(?:过来的|来的|的|嘞|哩|人|过来(?=在))(?=[，,。\s]|$|在|跟|[\u4e00-\u9fa5]{1,3}工|[\u4e00-\u9fa5]{0,3}(?:老乡|同乡|兄弟|姐妹|班组长|班长|师傅))"
    # 我老家安徽阜阳颍上的 / 老家都是湖南怀化溆浦的: the home village, said without 是 or with it
    r"|(?:我们|俺们|我|俺)?老家(?:都)?(?:是|在)?[\u4e00-\u9fa5]{2,9}?(?:的|人)(?=[，,。\s]|$)"
    # 俺叫吕保国，开封人，在洛阳… / 姓覃 广西玉林人 今年…: a clause saying where the writer is from
    r"|(?<=[，,。\s是系])(?![一二三四五六七八九十几两多个这那])[\u4e00-\u9fa5]{2,6}人(?=[，,。\s]))"
)
# 带着一帮安徽六安霍邱的瓦工 / 一群四川凉山的彝族兄弟 / 带着老家重庆开州的十个人: the crew's home, not the site
_ORIGIN_OF_CREW = re.compile(r"(?:一帮|一群|一伙|带着|带了)(?:老家)?[\u4e00-\u9fa5]{2,9}?的(?=[\u4e00-\u9fa5]{0,4}(?:工|兄弟|老乡|人|师傅))")
# words cpca reads as places: 合作社 (甘肃合作市), 城南安置房 (福建南安市) — but 聊城东昌府区 names a district
_NOT_PLACES = re.compile(r"合作(?=社)|(?<=城)[东南西北](?=[\u4e00-\u9fa5])(?!区)(?![\u4e00-\u9fa5]{1,3}[区县市旗])")


# "广西玉林的老乡" / "跟着河南老乡牛建军": the fellow villagers' home, not the site
_ORIGIN_OF_FELLOWS = re.compile(
    r"(?:^|(?<=[，,。\s])|(?<=跟着)|(?<=跟)|(?<=和)|(?<=是)|(?<=几个)|(?<=一帮))[\u4e00-\u9fa5]{2,6}?(?:的|来的)?(?=老乡|同乡)"
)


def _without_origin(text: str) -> str:
    text = _ORIGIN.sub(lambda m: " " * len(m.group(0)), text)
    text = _ORIGIN_OF_CREW.sub(lambda m: " " * len(m.group(0)), text)
    return _ORIGIN_OF_FELLOWS.sub(lambda m: " " * len(m.group(0)), text)


_CLAUSE = re.compile(r"[^，,。！!？?；;\s]+")


# 在兰州城关区一个小区做保温 / 在贵州毕节修路的: a place after 在, in a clause that names work or a workplace
_AT_PLACE = re.compile(r"(?:在|喺)([^，,。！!？?；;\s]{2,24})")
_WORK_IN_CLAUSE = re.compile(r"干|做|打工|上班|修|盖|搞|工地|厂|店|项目|小区|工程|仓库|公司|楼盘")


def _first_with_a_city(pieces) -> Location | None:
    """The location of the first piece of text that names a city."""
    for piece in pieces:
        location = parse_location(piece)
        if location is not None and location.city is not None:
            return location
    return None


def _site_where_worked(text: str) -> Location | None:
    """The first place named after 在 in a clause about the work, when it names a city."""
    return _first_with_a_city(m.group(1) for m in _AT_PLACE.finditer(text) if _WORK_IN_CLAUSE.search(m.group(1)))


def find_location(text: str) -> Location | None:
    """Where the work was: the place named, leaving out where the worker comes from. A province alone ("我是在台湾读书
    的学生") gives way to a clause that names a city ("他在广东省惠州市惠阳区的工地做水电"). With no place cpca knows, a
    district named alone after 在 ("在番禺一个仓库") is the place when no other district shares its name."""
    if is_english(text):
        names = chinese_place_names(re.sub(r"\bfrom [A-Z][a-z]+", "", text))  # "8 workers from Sichuan": origin
        return parse_location(names) if names else parse_location(text)
    text = _NOT_PLACES.sub(" ", text)
    location = parse_location(_without_origin(text)) or parse_location(text)
    site = _site_where_worked(_without_origin(text))
    if site is not None and (location is None or site.city != location.city
                             or (site.district and not location.district)):
        return site  # 甘肃天水的，在兰州城关区做外墙 / 在贵州毕节修路…劳务公司叫安顺…: where the work was said to be
    if location is not None and location.city is None:
        return _first_with_a_city(_CLAUSE.findall(_without_origin(text))) or location
    return location or district_named_alone(_without_origin(text))


# 在…秦岭大酒店当服务员: a hotel or restaurant the worker serves in, with no one else named, is who employs them
_SERVED_IN = re.compile(
    r"([\u4e00-\u9fa5]{2,8}(?:大酒店|酒店|饭店|宾馆|酒楼|餐厅|茶楼|KTV|ktv|会所))(?:里)?(?:当|做|上班|打工)(?:服务员|厨师|保洁|前台|帮厨|洗碗|传菜|收银|保安)?"
)
# 美佳乐超市欠我两个月工资 / 好运来酒楼拖工资: a named shop that owes the wages employs the worker (and is no project)
_SHOP_KIND = r"(?:超市|酒楼|饭店|酒店|餐厅|餐馆|饭馆|茶楼|宾馆|KTV|ktv|火锅店|店)"
_SHOP_OWES = re.compile(r"(?:^|(?<=[，,。！!？?\s]))([\u4e00-\u9fa5A-Za-z0-9]{2,10}?" + _SHOP_KIND + r")(?:一直|已经|还)?(?:拖欠|欠|拖|不发|没发|不给)")


def _workplace_as_employer(text: str, project: str | None) -> tuple[str | None, str | None]:
    """(employer, project) when no employer is named but the workplace is: 慈佳家电厂二车间 → the factory employs;
    秦岭大酒店当服务员 → the hotel employs (and is no project)."""
    if project:
        factory = re.match(r"(.+厂)[一二三四五六七八九十0-9]*号?车间$", project)
        if factory:
            return factory.group(1), project
    owes = _SHOP_OWES.search(text)
    # a name, not a kind: 奶茶店 / 江北区一家火锅店 say what the shop sells, 好运来酒楼 names it
    if owes and (project is None or owes.group(1).endswith(project)) \
            and re.fullmatch(r"[\u4e00-\u9fa5A-Za-z0-9]{3,}" + _SHOP_KIND, owes.group(1)) \
            and not re.search(r"[家个间区市县镇]", owes.group(1)[:-1]):
        return owes.group(1), None
    served = _SERVED_IN.search(text)
    if served and not re.search(r"装修|施工|工地|项目|工程", text[served.start(): served.end() + 4]):
        after = served.group(1).rpartition("的")[2]  # 雁塔区的星光派对KTV
        trimmed = _trim_left(after)
        name = _PROJECT_STOP.sub("", trimmed if len(trimmed) >= 4 else after)
        if len(name) >= 4 and not _GENERIC_WORKPLACE.match(name) and not re.fullmatch(r"[\u4e00-\u9fa5]?(?:大酒店|酒店|饭店|宾馆|酒楼|餐厅)", name):
            return name, (None if project and (project in name or name in project) else project)
    return None, project


def extract(text: str, site_code: str | None = None, contact_phone: str | None = None) -> Extraction:
    """Every complaint field the message answers. ``site_code`` (QR code / deep link) pre-fills the project,
    ``contact_phone`` (Telegram share-contact) the phone."""
    original = text or ""
    text = bounded(original)
    result = Extraction(description=original.strip())
    # phones first, and out of the way of the number parser
    phones: list[Phone] = []
    rest = text
    while True:
        phone = find_phone(rest)
        if phone is None:
            break
        phones.append(phone)
        digits = phone.number.replace("-", "")
        rest = re.sub(r"[\s-]?".join(re.escape(d) for d in digits), " ", rest, count=1)
        if len(phones) > 3:
            break
    for phone in phones:
        worker, employer = _worker_phone(text, phone)
        if worker and result.phone is None:
            result.phone = worker
        if employer and result.employer_phone is None:
            result.employer_phone = employer
    if contact_phone:
        shared = find_phone(contact_phone)
        if shared:
            result.phone = shared
    result.location = find_location(rest)
    result.employer = find_employer(rest, result.location)
    result.project = site_code or find_project(rest, result.location)
    if result.project and _BARE_KIND.fullmatch(result.project):
        result.project = None  # 那边工地 / 一所学校 / 两套别墅: the kind of place, no name
    if result.project and result.employer and result.project in result.employer:
        result.project = site_code
    if result.project is None:
        result.project = find_workplace(rest, result.employer, result.location)
    if result.employer is None:
        result.employer, result.project = _workplace_as_employer(rest, result.project)
    result.amount = find_amount(rest)
    result.workers_count = find_workers(rest)
    result.months, result.period = find_period(rest)
    result.anonymous = is_anonymous(rest)
    result.worker_name = None if result.anonymous else find_worker_name(rest)
    result.found = list(result.as_fields())
    return result
