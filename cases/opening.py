"""Is a message outside the complaint form a complaint, a rights question, or neither?

Intent classification alone drops complaints: the worker who tells everything at once (project, 总包/分包, head
count, months, total, phone) writes a message unlike any short training example and NLU says "not understood" or
``inform``. It also forces complaints: a question that mentions owed wages ("老板欠我三个月工资，辞职能要补偿吗")
looks like one. So the dialogue asks this module, which uses the complaint parser (``cases.extract``):

- two or more complaint facts (an amount, a head count, an employer or project, a period) make a complaint —
  unless NLU called it a rights question *and* it is phrased as a question (a whole story, three kinds of fact,
  must close with the question), or NLU was unsure (fallback, a bare answer), the message states fewer than three
  kinds of fact and it *ends* in a rule question: "…欠我两个月工资一万二 这个协议有效吗" asks a rule, while
  a complaint with a question in passing ("…这合法吗 我们要投诉") still ends in the complaint. A whole story NLU was
  unsure of is a complaint even when it closes with a question: the form answers that question first;
- NLU unsure (fallback, a bare answer), one complaint fact and words of wages owed, no question: a complaint too;
- a fact told alone ("在东莞长安镇", "包工头叫郭长顺", a total alone: "一共欠了七万三"), which NLU calls a bare answer,
  "not understood" or a complaint, is neither: the worker is asked whether to file a complaint (``FACT``);
- a rights question that mentions owed wages is answered, then the complaint is offered with the facts it stated;
- a message NLU called a complaint is one, unless it states fewer than two facts and closes with a rule question
  ("老板拖了两个月工资，我辞职能要经济补偿吗？"), or two facts in a few words and no phone number to call back: that
  worker asked a rule, and gets the answer and the offer;
- a message NLU called a calculation starts the calculator, unless it names nothing to work out: then a rule
  question ("干了半年没签合同 能要双倍工资吗") is answered, for the calculator would ask for a daily wage the worker
  never meant to give, and two or more complaint facts make a complaint. How much the law allows ("最多能加多少
  小时班") or on which basis a sum is worked ("按哪个地方的最低工资") asks a rule, not a sum; so does "how much"
  with no figures to work it from and no "帮我算" ("节假日上班该给多少钱"): the rule is answered and the calculator
  offered (``Opening.offer_calculation``). NLU unsure, figures given and a sum asked ("一天两百五 干了八十来天 咋个
  算嘛") with nothing said owed is a calculation too;
- a message about another matter of life (weather, loans, schooling, a road accident, a hospital bill) that says
  nothing of wages or work rights is out of scope whatever NLU heard in it (``OFF_TOPIC``), as is a question NLU is
  unsure of with no word of work in it.

A question is told by its words in the worker's own dialect too (有冇, 是伐, 几号), and by a verb asked both ways
(给不给, 赔不赔) — but Henan's 中不中 ("all right?") closes pleas and asks nothing. Asking what an office will do
("会帮我保密吗") or whether one may act for someone else ("我能替他申请仲裁吗") is a question, not a plea for help.
Retrieval looks up a long story's question, not the whole story (``question_part``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .extract import extract
from .numbers import FieldValue

__all__ = ["Opening", "sort_message", "asks_for_no_paper", "asks_a_rule_too", "ends_with_request", "complaint_facts",
           "is_question", "ends_with_question", "mentions_owed_wages", "asks_for_a_calculation", "question_part",
           "COMPLAINT", "QUESTION", "OTHER", "CALCULATION", "FACT", "OFF_TOPIC", "MIN_FACTS", "COMPLAINT_INTENT",
           "QUESTION_INTENT", "CALCULATION_INTENT", "INFORM_INTENT", "OUT_OF_SCOPE_INTENT"]

COMPLAINT, QUESTION, OTHER, CALCULATION, FACT = "complaint", "question", "other", "calculation", "fact"
OFF_TOPIC = "off_topic"
MIN_FACTS = 2
# Three kinds of fact (who, how much or how many, when) tell a whole story; see _asks_as_a_question.
WHOLE_STORY = 3
QUESTION_INTENT = "ask_policy"
COMPLAINT_INTENT = "report_arrears"
CALCULATION_INTENT = "calculate_wages"
INFORM_INTENT = "inform"
OUT_OF_SCOPE_INTENT = "out_of_scope"
# NLU was not sure what the message is: its last clause decides between a rule question and a complaint.
UNSURE_INTENTS = {"nlu_fallback", INFORM_INTENT}
# Groups of facts: an employer and a project name count once ("the employer or project"), as do a head count,
# an amount and a period. Location and phone alone do not make a complaint: questions name places too.
FACT_GROUPS = {"employer": "who", "project": "who", "amount": "amount", "workers_count": "workers", "months": "period"}

# Pleas end many complaints ("我们该怎么办", "这可咋整啊", "怎么投诉"): they ask for help, not for a rule.
# "Can you get it back for us", "can this be complained about", "will anyone deal with it" are pleas as well; a
# plea for help ("能不能帮我们要回来") takes the rest of its clause with it. Not pleas: 管不管 with someone after it
# asks an office's remit ("劳动监察管不管个体户"), and 也能投诉 asks whether the law covers the writer too.
_PLEAS = re.compile(
    r"((该|应该|要|能)?(怎么办|咋办|咋整|怎么整|怎么弄|咋弄|如何是好|怎么投诉|咋投诉|去哪投诉|哪里投诉|找谁投诉|帮不帮"
    r"|管不管(?=$|[^\u4e00-\u9fa5]|[我俺咱这那你他啊呀吧呢嘛哦]))"
    r"|(能不能|可不可以|能|可以|请|求求|求|麻烦)?(你们|政府)?(?<![会我俺])(?<![我俺]能)(?<![我俺]可以)(帮|替)[^，。,.!！?？\s]{0,12}"
    r"|(这种|这样|这)?(情况)?(?<!也)(能不能|可不可以|能|可以)(投诉|举报|告|登记|管)[他她它]?"
    r"|(有没有|有)人管|谁(来|能)?管管?|管管"
    # 喊哪个帮我们嘛 / 谁来帮帮我们: who will help us, not who the law makes answer
    r"|(找|喊|问)?(谁|哪个|哪位)(来|能|可以|会)?(帮|替)[^，。,.!！?？\s]{0,12})"
    r"[啊呀吧呢嘛哦吗不么没]*[?？!！。]*"
)
_QUESTION_MARKERS = re.compile(
    r"[?？]|吗|么[。！!\s]*$|呢[。\s]*$|能不能|可不可以|能否|是否|有没有|会不会|要不要|算不算|合不合法|犯不犯法|行不行|对不对"
    r"|合规|多久|多长时间|多少天|几天|什么|啥|哪个|哪里的|哪些|谁|如何|(怎么|咋)(算|证明|申请|要|写|规定|认定|处理)"
    r"|(能|可以|还能|会|要|该|算)[\u4e00-\u9fa5]{1,10}不[。！!\s]*$|有效|效力|合法|违法|犯法|管用|有用没|算数"
    r"|该不该|应不应该|是不是|需不需要|用不用|负不负责|合不合理|合不合规|认不认|有没有权|站得住|对吗|可以吗|行吗"
    r"|(?P<verb>(?![中好成])[\u4e00-\u9fa5])不(?P=verb)"
    r"|管不管(?=[\u4e00-\u9fa5])(?![我俺咱这那你他啊呀吧呢嘛哦])|也(能不能|可不可以|能|可以)(投诉|举报|告|登记)"
    r"|几号|几点|有冇|有无|係唔係|系唔系|係咪|系咪|可唔可以|得唔得|點樣|点样|(是|好|对|行|可以)伐|按哪|(最多|最长|最少|最低|最高)[^，。,.!！?？\s]{0,8}(几|多少)"
)
# A decision already made and not honoured (an arbitration award, a judgment, a signed 调解书): "…怎么办" asks what
# comes next, which is a rule (enforcement by a court), not a plea to take a new complaint.
_RULED = re.compile(r"裁决|判决|调解书|仲裁书|判下来")
_WHAT_NEXT = re.compile(r"怎么办|咋办|咋整|怎么整|怎么弄|咋弄|下一步")
# A question word opening the message or any of its sentences ("My boss owes me 3 months. Can I quit and ...").
_ENGLISH_QUESTION = re.compile(
    r"(^|[.;!,]\s*)(can|could|is|are|am|do|does|did|how|what|who|when|where|which|should|will|whether)\b",
    re.IGNORECASE,
)
# Clauses: punctuation (a question mark too), and spaces between Chinese words (phone keyboards type a space for a
# comma).
_CLAUSE_BREAK = re.compile(r"[，。,.!！?？;；、…~～\n]+|(?<=[\u4e00-\u9fa5])\s+|\s+(?=[\u4e00-\u9fa5])")
# After a question mark, a request to take the complaint ("…这合法吗？我们想投诉他们", "Is that legal? We want to
# complain.", a contact number) makes the message a complaint; more facts or an "or …" keep it a question
# ("…是真的吗？老板欠我两万", "…要不要管？还是只能找施工单位").
_REQUEST = re.compile(r"投诉|举报|登记|告他|起诉他|做主|来人|帮(我|俺|咱)|complain|report|contact|\d{7,}", re.IGNORECASE)
# A contact signed at the end ("我电话139…", "联系方式：…"), nothing else in the clause.
_CONTACT_ONLY = re.compile(r"(我的?|本人)?(电话|手机|手机号|联系电话|联系方式|微信|电话号码|phone|tel)?[是为:：\s]*\+?\d[\d\s-]{6,}\d",
                           re.IGNORECASE)
_CONTACT_TAIL = re.compile(r"[，。,.!！;；\s]*(我的?|本人)?(电话|手机|手机号|联系电话|联系方式|微信|电话号码|phone|tel)?[是为:：\s]*"
                           r"\+?\d[\d\s-]{6,}\d[。.!！\s]*$", re.IGNORECASE)
# Sentences end at a full stop, a question or exclamation mark, a semicolon or a new line (kept with the sentence).
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")
_LONG_MESSAGE = 60  # shorter messages are looked up whole: their question is most of them
_STORY_CHARS = 120  # a message NLU calls a complaint this long, with two facts, tells a story (see sort_message)
_AFTER_QUESTION_CHARS = 30  # longer than this after the "?" is a new story: its own last clause decides
# A voice run-on has no breaks: only its last characters are its last clause.
_TAIL_CHARS = 16
_MIN_CLAUSE = 3  # what a plea leaves behind ("我们" of "我们该怎么办") is not a clause
# A calculation asks for a sum to be worked out ("帮我算算", "加班费怎么算", "how much"), or closes on how much / how
# many (多少, 几, 好多 and 幾多 in Sichuan and Cantonese): "…该拿多少". Said earlier in a rule question, those words
# are part of the rule ("双倍工资是从哪天开始算的？我是3月进厂的", "算下来才一千多 计件的也要保底最低工资吗").
# Every calculation of bench/nlu's dev2, dev3, dev4 and dev8 (80) is one of these, or no question at all; and every
# one of them names figures or asks to have the sum worked out (see _FIGURES).
_COMPUTE = re.compile(r"帮我算|算一?下(?!来)|算算|计算|(怎么|咋个?|如何)算|how much|calculat|compute|work out", re.IGNORECASE)
_CALCULATION = re.compile(r"算|多少|几|幾|好多|how many", re.IGNORECASE)
# How much, not only 算 or 几: "…一共多少" asks a sum, "合同现在算什么" does not.
_HOW_MUCH = re.compile(r"多少|好多|几多|幾多|how much|how many", re.IGNORECASE)
# Figures to work a sum from: a number, or a Chinese numeral with a unit of money or time ("一天三百", "干了五十天").
# "How much" with none of them asks the rule ("节假日上班该给多少钱"): the answer says it, and offers the calculator.
_FIGURES = re.compile(r"[0-9]|[一二两三四五六七八九十百千万半俩仨]+\s*(?:多|来|几)?\s*(?:块|元|天|个月|月|年|小时|个钟|号|万|千|百)")
# How many or how much the law allows, or which basis a sum is worked on, asks a rule, not a sum: "一个月最多能加多少
# 小时班", "最低工资按哪个地方算", "加班费按底薪算还是按全部工资算".
_RULE_OF_A_SUM = re.compile(r"最多|最长|最少|最低|最高|上限|按(哪|什么|啥)|还是按|以(哪|什么)为准")
# Words of wages owed, in dialect too (冇出粮, 冒拿到, 冇畀) and in English ("hasn't paid me").
_OWED = re.compile(r"欠|拖|不给|没给|不发|没发|不结|没结|扣着|讨薪|要不到|没拿到|冒拿到|冇出|冇畀|冇俾|唔畀|伐拿到|不付|没付|没钱"
                   r"|owe|unpaid|(not|n't|never|no)\s+(been\s+)?pa(id|y)|salary|wage",
                   re.IGNORECASE)
# A total told alone ("一共欠了七万三", "总共欠了两万八千五"): the answer to "how much is owed?", asked by nobody yet.
_BARE_TOTAL = re.compile(r"^(一共|总共|总计|合计|加起来|全部)[^，。,.!！?？\s]{0,12}[。.!！]*$")
# A bare fact is short: a place, a name, a trade ("在东莞长安镇", "包工头叫郭长顺", "The site is in Zhengzhou").
_BARE_FACT_CHARS = 45
# Words of work, pay, employment and the law: a question NLU is unsure of that has none of them, and states no
# complaint fact, is about something else ("明天下雨吗", "你会看手相吗"). Broad on purpose: a vague labour question
# ("那个钱的事咋弄", "合同到期了算啥") must keep one of them. English asks for a person count as about us.
_ABOUT_WORK = re.compile(
    r"工|薪|资|钱|粮|班|活|老板|老细|老闆|包|公司|厂|单位|企业|雇|合同|劳|仲裁|监察|社保|保险|加班|辞|开除|解雇|炒|裁|赔|补偿"
    r"|投诉|举报|欠|拖|押金|试用|打工|做嘢|做工|法|律|违|合规|犯罪|报警|派遣|经理|主管|项目|平台|骑手|保姆|退休|假|休息|离职"
    r"|入职|证明|证据|条例|规定|权益|维权|12333|人社|政府|部门"
    r"|wage|salary|pay|boss|work|job|employ|contract|labou?r|fire|quit|overtime|legal|law|arbitrat|compensat|foreman"
    r"|factory|company|staff|person|human|agent|officer",
    re.IGNORECASE)
# Matters of life that are not work (BRIEF of our blind writers: weather, loans, train tickets, medical questions …):
# a message about one of them, with no word of wages or work rights, is out of scope whatever NLU heard in it
# ("明天郑州下不下雨 工地要打混凝土", "交通事故对方全责怎么赔", "孩子在东莞上学 积分入学要哪些材料").
_ANOTHER_MATTER = re.compile(
    r"贷款|网贷|借(?:个|点|些)?(?:[0-9一二两三四五六七八九十几]+[万千百]?块?)?钱?(?:周转|花)|利息|借款|医保|住院|看病|挂号"
    r"|火车票|机票|车票|高铁票|航班|天气|下不下雨|会不会下雨|下雨吗|气温|入学|上学|上小学|上初中|积分|居住证|落户|户口"
    r"|交通事故|车祸|被车撞|撞了|保险公司|退货|网购|离婚|彩礼|房贷|个税|个人所得税|护照|签证|减肥|股票|彩票")
# Words of wages and work rights: with one of them the matter is ours ("外地户口能申请法律援助吗", "我爸住院了 他的工资
# 我能替他领吗", "工伤住院 老板不给医药费").
_WORK_RIGHTS = re.compile(r"工资|工钱|薪|欠|拖|仲裁|劳动|合同|工伤|辞|补偿|开除|解雇|炒|加班|社保|法律援助|法援|投诉|举报|监察"
                          r"|12333|人社|老板|包工头|工头|雇主|单位|(?<!保险)公司|厂里|工厂|解除|辞退|病假|医疗期|产假|年假"
                          r"|wage|salary|boss|employ", re.IGNORECASE)
# What a paper asked of us is: a document, a form, a letter, a proof ("帮我写个申请书", "出个证明", "给我个模板").
_PAPER = re.compile(r"书|状|表|单|材料|模板|范本|证明|条|文件|格式|清单|样本|截图|记录|信"
                    r"|document|form|letter|template|certificate|proof|paper", re.IGNORECASE)
# A rule's subject ("广州最低工资", "东莞加班费标准") makes a few words a query, not a bare fact.
_RIGHTS_TOPIC = re.compile(
    r"最低工资|加班|补偿|赔偿|双倍|合同|仲裁|社保|试用期|年假|病假|产假|工伤|辞职|辞退|开除|解除|离职|调解|法律援助|法援|监察"
    r"|标准|规定|minimum wage|overtime|contract|compensation|arbitration|severance",
    re.IGNORECASE)
# Words that tell a grievance to be taken up, with no fact named ("我要反映", "我要维权", "那就投吧" after the
# complaint was offered).
_TOLD = re.compile(r"反映|维权|申诉|求助|讨|(?<![不别])(?<!不想)(?<!不要)投|立案|报案")
# Asking us for something ("请帮忙", "唔该帮下手", "help") is not a bare fact.
_ASKS_US = re.compile(r"帮|请|求|麻烦|唔该|help|please|want|投诉|举报|告", re.IGNORECASE)


@dataclass
class Opening:
    kind: str  # COMPLAINT, QUESTION, CALCULATION, FACT or OTHER
    facts: dict[str, FieldValue] = field(default_factory=dict)  # the complaint's fields the message states
    fact_groups: list[str] = field(default_factory=list)
    owed_wages: bool = False
    offer_calculation: bool = False  # NLU heard a calculation and the rule is answered: the calculator is one tap away


def complaint_facts(fields: Mapping[str, object]) -> list[str]:
    """The distinct kinds of complaint fact among the fields ("who", "amount", "workers", "period")."""
    return sorted({FACT_GROUPS[name] for name, value in fields.items() if name in FACT_GROUPS and value})


def _clauses(text: str) -> list[str]:
    """The message's clauses long enough to ask something (a plea's leftovers dropped)."""
    return [c.strip() for c in _CLAUSE_BREAK.split(text) if c and len(c.strip()) >= _MIN_CLAUSE]


def is_question(text: str) -> bool:
    """Phrased as a question about a rule, not only a plea for help."""
    text = (text or "").strip()
    if _ENGLISH_QUESTION.search(text) or _asks_what_next(text, text):
        return True
    return bool(_QUESTION_MARKERS.search(_PLEAS.sub(" ", text)))


def _asks_what_next(text: str, clause: str) -> bool:
    """``clause`` asks what to do next about a decision ``text`` names ("仲裁裁决下来了…公司还是不给，怎么办")."""
    return bool(_RULED.search(text)) and bool(_WHAT_NEXT.search(clause))


def ends_with_question(text: str) -> bool:
    """The message closes with a rule question (its last clause, pleas left out), not only mentions one in passing."""
    whole = _clauses((text or "").strip())
    if whole and _asks_what_next(text, whole[-1]):
        return True
    text = _PLEAS.sub(" ", (text or "").strip()).strip()
    if re.search(r"[?？]\s*$", text):
        return True
    mark = max(text.rfind("?"), text.rfind("？"))
    if mark >= 0:
        after = text[mark + 1:].strip()
        if _REQUEST.search(after):
            return False
        if len(after) <= _AFTER_QUESTION_CHARS:
            return True
        text = after
    clauses = _clauses(text)
    if not clauses:
        return False
    last = clauses[-1]
    if re.search(r"[a-zA-Z]{3}", last) and not re.search(r"[\u4e00-\u9fa5]", last):
        return bool(_ENGLISH_QUESTION.search(last))
    return is_question(last[-_TAIL_CHARS:])


def ends_with_request(text: str, *, contact_is_request: bool = True) -> bool:
    """The last clause asks us to take the complaint ("…这不是开玩笑吗 我要投诉", "…帮我登记一下吧", a phone number):
    whatever question came before, the worker wants the complaint filed. A last clause that asks a rule about
    complaining ("…在老家能投诉吗", "…会不会告诉他是我举报的") is not such a request. With ``contact_is_request``
    false, a phone number signed at the end does not count either: the clause before it decides."""
    text = (text or "").strip()
    if re.search(r"[?？]$", text):
        return False  # "…够得上告他拒不支付劳动报酬罪？" asks a rule
    clauses = [c.strip() for c in _CLAUSE_BREAK.split(text) if c and c.strip()]
    if not contact_is_request:
        while clauses and _CONTACT_ONLY.fullmatch(clauses[-1]):
            clauses.pop()
        if clauses and re.search(r"[?？]\s*$", _CONTACT_TAIL.sub("", text)):
            return False  # "…要什么条件才能告？我电话139…": the question was the last thing asked
    if not clauses:
        return False
    last = clauses[-1][-_TAIL_CHARS:]
    return bool(_REQUEST.search(last)) and not is_question(last)


def mentions_owed_wages(text: str, fields: Mapping[str, object] | None = None) -> bool:
    return bool(_OWED.search(text or "")) or bool(fields and complaint_facts(fields))


def _closing_sum(text: str) -> str | None:
    """What the last clause asks of a sum: "sum" (…该拿多少), "rule" (how much the law allows, or on which basis:
    "补偿按底薪算还是按全部工资算"), or None."""
    clauses = _clauses(text)
    if not clauses or not _CALCULATION.search(clauses[-1]):
        return None
    return "rule" if _RULE_OF_A_SUM.search(clauses[-1]) else "sum"


def asks_for_a_calculation(text: str) -> bool:
    """The message asks for a sum to be worked out ("加班费怎么算", "该拿多少", "还该补我好多")."""
    text = (text or "").strip()
    return bool(_COMPUTE.search(text)) or _closing_sum(text) == "sum"


def question_part(text: str) -> str:
    """What a long message asks, for retrieval: the sentences from its first question on. A worker's story (who,
    where, how much, the 总包 who says it is not his business) drowns the question it ends with, and the articles
    that answer it are found by the question's words: "…包工头跑了，总包要不要先给我们发工资？". A short message, or one
    whose question cannot be told apart, is looked up whole."""
    text = (text or "").strip()
    if len(text) < _LONG_MESSAGE:
        return text
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    first = next((i for i, s in enumerate(sentences) if is_question(s)), None)
    if first is None or len(sentences) < 2:
        return text
    return "".join(sentences[first:])


def asks_a_rule_too(text: str) -> bool:
    """A complaint that closes with a rule question ("…包工头跑了 工资能找总包要吗"): the worker wants both the answer
    and the complaint. A closing plea or request ("…帮我登记一下吧") asks nothing to answer."""
    text = _CONTACT_TAIL.sub("", (text or "").strip())  # "…总包该不该管？我电话139…": still asked
    return ends_with_question(text) and not ends_with_request(text)


def _asks_as_a_question(text: str, fact_groups: int) -> bool:
    """NLU heard a rights question: is it asked as one? A question anywhere will do, but a whole story (three kinds
    of fact) must close with it, as for an unsure intent: "…这合法吗 我们十个人四个月八万块 求你们帮帮" is a complaint.
    A phone number signed after the question is a courtesy, not the story's end."""
    if fact_groups >= WHOLE_STORY:
        return ends_with_question(_CONTACT_TAIL.sub("", text))
    return is_question(text)


def _bare_fact(text: str, intent: str | None, fields: Mapping[str, object], groups: list[str]) -> bool:
    """A fact told alone, as if answering a question nobody asked yet ("在东莞长安镇", "包工头叫郭长顺", "一共欠了七万三").
    NLU calls it a bare answer (``inform``), "not understood" ("2w5", "Chongqing, Yubei district") or, for its
    complaint words, a complaint; it is neither a question nor a complaint told: it names at most one kind of fact,
    no wages owed (a total alone excepted) and asks nothing. The worker is asked what they want, with the fact kept
    for a complaint (actions/answer.py). On our dev sets (2,544 messages) these are 83 messages, every one a bare
    answer by its writer's label; a complaint told in few words says the wages are owed
    ("搬砖干了半年 老板说没钱", "老细冇出粮两个月"). A message the complaint parser finds nothing in ("没签合同") may
    be a rule asked in few words: NLU unsure, it is looked up as before. NLU's complaint with nothing in it, no wages
    owed and no request to take it ("是做外墙的 真石漆") tells no complaint either: it is asked about, not forced into
    the form (dev sets: 1 such bare answer and 1 cancel; the 14 complaints told this briefly all say wages are owed or
    ask us to act)."""
    text = (text or "").strip()
    if (intent not in (COMPLAINT_INTENT, *UNSURE_INTENTS) or len(groups) >= MIN_FACTS
            or len(text) > _BARE_FACT_CHARS):
        return False
    if not any(fields.values()) and (intent != COMPLAINT_INTENT or _REQUEST.search(text) or _TOLD.search(text)):
        return False
    if _BARE_TOTAL.match(text):
        return True
    return not (_OWED.search(text) or _ASKS_US.search(text) or is_question(text) or _CALCULATION.search(text)
                or _COMPUTE.search(text) or _RIGHTS_TOPIC.search(text))


def asks_for_no_paper(text: str) -> bool:
    """Something to be written that is no paper of ours and has nothing to do with work ("帮我写首诗 送给我老婆"):
    NLU takes the 写 for a request for documents; it is chatter, told politely what we help with. On our dev sets
    (3,012 messages) 5 messages NLU called a request for documents are such: 4 poems (out of scope by their writers'
    labels) and a Wu-dialect thanks (写写); none of the requests for documents is."""
    text = (text or "").strip()
    return bool(text) and not _ABOUT_WORK.search(text) and not _PAPER.search(text)


def _sum_asked_unsure(text: str, intent: str | None, groups: list[str]) -> bool:
    """NLU unsure, fewer than two facts, nothing said owed, figures given and a sum asked (帮我算 / 咋个算, or a last
    clause asking how much)."""
    if intent not in UNSURE_INTENTS or len(groups) >= MIN_FACTS or _OWED.search(text) or not _FIGURES.search(text):
        return False
    return bool(_COMPUTE.search(text)) or (_closing_sum(text) == "sum" and bool(_HOW_MUCH.search(_clauses(text)[-1])))


def sort_message(text: str, intent: str | None) -> Opening:
    """Sort one message typed outside the complaint form. ``intent`` is what NLU said (may be nlu_fallback)."""
    fields = extract(text or "").as_fields()
    groups = complaint_facts(fields)
    owed = mentions_owed_wages(text, fields)
    if len(groups) < WHOLE_STORY and _ANOTHER_MATTER.search(text or "") and not _WORK_RIGHTS.search(text or ""):
        # another matter of life, nothing of wages or work rights. Dev sets (3,012 messages): 41 messages, all out of
        # scope by their writers' labels; 9 of them were recorded before as a rights question, a complaint or a
        # hotline question
        return Opening(OFF_TOPIC, fields, groups, owed)
    if intent == CALCULATION_INTENT:
        # What asks for a sum and gives figures to work it from (or asks to have it worked out) is the calculator's.
        # "How much" with no figures, and any other question, is answered, with the calculator offered after; a
        # whole complaint that names no sum at all ("…the foreman owes the five of us 40,000 yuan") starts the
        # complaint.
        closing = _closing_sum(text)
        if _COMPUTE.search(text) or (closing == "sum" and _FIGURES.search(text)):
            kind = CALCULATION
        elif closing or is_question(text):
            kind = QUESTION
        elif len(groups) >= MIN_FACTS and not _CALCULATION.search(text):
            kind = COMPLAINT
        else:
            kind = CALCULATION  # "六个人干了五十天 一共该给多少 我好去要": not asked as a question, still a sum
        return Opening(kind, fields, groups, owed, offer_calculation=kind == QUESTION)
    if _bare_fact(text, intent, fields, groups):
        return Opening(FACT, fields, groups, owed)
    if _sum_asked_unsure(text or "", intent, groups):
        # NLU unsure, figures given and a sum asked, nothing said owed: "一天两百五 干了八十来天 咋个算嘛", "…帮我整整
        # 一共多少" — the calculator's (dev sets: 2 calculations, no other message)
        return Opening(CALCULATION, fields, groups, owed)
    if intent == COMPLAINT_INTENT:
        # Measured on our own sets (bench/nlu): 9 of retrieval dev3's 240 rights questions are such, and none of the
        # 573 complaints of heldout and dev2-6. Two facts and a closing rule question in fewer than _STORY_CHARS
        # ("在东莞干装修的老板姓曾欠我两个月工资能不能仲裁") ask the rule too: on the dev sets (2,544 messages) 11
        # rights questions, 2 complaints and 1 calculation; a longer message with two facts tells a story (5
        # complaints, 1 rights question) and starts the form, as does one that leaves a phone number to be called.
        asked_only = asks_a_rule_too(text) and (len(groups) < MIN_FACTS or (
            len(groups) == MIN_FACTS and len(text.strip()) < _STORY_CHARS and not fields.get("phone")))
        return Opening(QUESTION if asked_only else COMPLAINT, fields, groups, owed)
    # NLU unsure, and a whole story (three kinds of fact) that ends by asking a rule: a complaint that asks too. The
    # form answers the question first when an article fits (actions.intake.answer_first); when none fits the worker
    # still gets the complaint taken, not "没太明白". Shorter stories ending in a question are answered, the complaint
    # offered after. On our dev sets (2,544 messages) such whole stories are 2 complaints and 2 rights questions.
    asked = ((intent == QUESTION_INTENT and _asks_as_a_question(text, len(groups)))
             or (intent in UNSURE_INTENTS and len(groups) < WHOLE_STORY and ends_with_question(text)))
    # NLU heard a rights question: a phone number signed after it is a courtesy, not a request to file
    asked = asked and not ends_with_request(text, contact_is_request=intent != QUESTION_INTENT)
    # NLU unsure, one fact and words of wages owed ("工钱拖着不给 佛山顺德 家具厂", "老板欠我两万"): the worker is
    # telling a complaint, not asking; the form takes it and asks the rest, rather than "没太明白"
    told_owed = intent in UNSURE_INTENTS and len(groups) == 1 and bool(_OWED.search(text or ""))
    if (len(groups) >= MIN_FACTS or told_owed) and not asked:
        kind = COMPLAINT
    elif (intent in UNSURE_INTENTS and asked and not any(v for name, v in fields.items() if name != "location")
          and not _ABOUT_WORK.search(text or "")):
        # NLU unsure, and a question about nothing to do with work ("明天下雨吗", "你会看手相吗", "去广州的火车几点开"
        # — a place is named in chatter too): told politely what we help with (utter_out_of_scope), not offered
        # guesses from the knowledge. On our dev sets (2,544 messages) 4 such messages, all out of scope by their
        # writers' labels.
        kind = OFF_TOPIC
    elif intent == QUESTION_INTENT or asked:
        # NLU unsure, and the message closes with a question ("工厂关门了 能拿补偿吗", "这样合规不"): it is answered
        # like a rights question, or told that no article fits, not "没太明白". On our dev sets (2,544 messages)
        # 17 such messages (DIET's "not understood" or bare answer before): 13 rights questions by their writers'
        # labels, 2 bare answers, 1 request for a person, 1 question on maternity pay (out of scope by its label).
        kind = QUESTION
    else:
        kind = OTHER
    return Opening(kind, fields, groups, owed)
