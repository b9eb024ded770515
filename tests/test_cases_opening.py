"""cases.opening: a whole complaint is recognised whatever NLU called it; a rights question is not forced into one."""

from __future__ import annotations

import pytest

from cases.opening import (CALCULATION, COMPLAINT, FACT, OFF_TOPIC, OTHER, QUESTION, asks_a_rule_too, asks_for_no_paper,
                           ends_with_question, is_question, mentions_owed_wages, question_part, sort_message)

RICH_COMPLAINTS = [
    # run-on voice input, no punctuation
    "就是我们那个工地在合肥滨湖我们一共二十几个人干了五个月老板就给了生活费其他的一直欠着一共三十多万",
    # 总包/分包, head count, period, total, phone, plea
    "我们在南京江北新区干瓦工 总包是中建八局 跟的是姓周的分包 一共十个人 干了四个月 欠我们十六万 我电话13851234567 求求你们帮帮我们",
    # ends with a plea that is not a rights question
    "包工头欠我们九个人十一万 工地在徐州经开区 干了三个多月 我们该怎么办啊",
]


@pytest.mark.parametrize("text", RICH_COMPLAINTS)
@pytest.mark.parametrize("intent", ["nlu_fallback", "inform", "greet", "ask_policy"])
def test_rich_complaint_is_a_complaint_whatever_the_intent(text, intent):
    opening = sort_message(text, intent)
    assert opening.kind == COMPLAINT
    assert len(opening.fact_groups) >= 2
    assert opening.facts.get("amount")


@pytest.mark.parametrize("text", [
    "老板欠了我三个月工资两万四 我辞职的话能要经济补偿吗",
    "包工头欠我们十个人八万块跑了 总包要不要负责",
    "我们五个人被拖了两个月工资 调解协议签了老板还不给 这个协议有效力没",
])
def test_rights_question_with_facts_is_answered_not_forced(text):
    opening = sort_message(text, "ask_policy")
    assert opening.kind == QUESTION
    assert opening.owed_wages
    assert opening.facts  # kept for the complaint offered after the answer


@pytest.mark.parametrize("text", [
    "包工头欠我们十个人八万块跑了 总包要不要负责",
    "干了半年没签合同 老板欠我两个月工资一万二 我能要双倍工资吗",
])
@pytest.mark.parametrize("intent", ["nlu_fallback", "inform"])
def test_a_story_ending_in_a_rule_question_is_answered_when_nlu_is_unsure(text, intent):
    # NLU did not call it a rights question, but it ends by asking one and states two kinds of fact: answered first,
    # the complaint offered with its facts (actions.answer), never dropped and never forced
    opening = sort_message(text, intent)
    assert opening.kind != COMPLAINT
    assert opening.owed_wages and len(opening.fact_groups) == 2


@pytest.mark.parametrize("text", [
    "欠我们十个人三个月 一共八万，去哪里申请仲裁？",
    "My boss owes 5 of us 30000 yuan for 3 months. Can I quit and get compensation?",
])
@pytest.mark.parametrize("intent", ["nlu_fallback", "inform"])
def test_a_whole_story_ending_in_a_rule_question_is_a_complaint_that_asks_when_nlu_is_unsure(text, intent):
    # who, how many, how much and when: the complaint is taken even when no article fits the question (no
    # "没太明白"); the form's first turn answers the question when one does (actions.intake.answer_first)
    opening = sort_message(text, intent)
    assert opening.kind == COMPLAINT
    assert len(opening.fact_groups) >= 3
    assert asks_a_rule_too(text)


@pytest.mark.parametrize("text", [
    "老板欠我们十个人八万 干了三个月 这合法吗 我们要投诉",  # a question in passing, then the complaint
    "工头欠我们8个人5万 4个月了 这种情况能投诉吗？",  # asking whether it can be complained about is a plea
    "老板欠了我们七个人三万 干了四个月 能不能帮我们要回来",
    "欠我们九个人十一万，干了三个多月，我们该怎么办",
    "my boss owes 5 of us 30000 yuan for 3 months, please help us",
])
@pytest.mark.parametrize("intent", ["nlu_fallback", "inform"])
def test_a_rich_complaint_with_a_question_in_passing_is_a_complaint(text, intent):
    assert sort_message(text, intent).kind == COMPLAINT


def test_ends_with_question():
    assert ends_with_question("调解协议签了老板还不给 这个协议有效力没")
    assert ends_with_question("公司拖了两个月工资，我现在不去上班算旷工还是算公司的错？")
    assert ends_with_question("老板跑了 总包该不该管")
    assert not ends_with_question("这合法吗 我们要投诉")
    assert not ends_with_question("老板说什么下个月给 一直拖到现在也没给")
    assert not ends_with_question("你们能帮我们讨回来吗？")


def test_a_complaint_that_closes_with_a_rule_question_wants_the_answer_too():
    # the complaint form starts either way; these are the ones answered first (actions/intake.py, answer_first)
    assert asks_a_rule_too("工头欠我们9个人六万 跑了 总包该不该管")
    assert asks_a_rule_too("老板欠我三个月工资一万二，我现在辞职能要经济补偿吗？")
    assert not asks_a_rule_too("工头欠我们九个人六万多跑了，这种情况总包管不管？我们想投诉总包")
    assert not asks_a_rule_too("老板欠我们八个人三个月工资 求求你们帮帮我们")
    assert not asks_a_rule_too("欠我们九个人十一万，干了三个多月，我们该怎么办")


def test_after_a_question_mark_a_request_to_complain_decides():
    # the question in passing, then "take our complaint" / a contact: a complaint
    assert not ends_with_question("工头欠我们九个人六万多跑了，这种情况总包管不管？我们想投诉总包")
    assert not ends_with_question("厂里说我迟到扣了一半工资，这算克扣吗?我要举报他们")
    assert not ends_with_question("The boss kept half our pay. Is that legal? We want to complain.")
    assert not ends_with_question("老板欠我四个月工资，可以去仲裁吗？我电话13812345678")
    # more facts or an "or ..." after the question mark: still the question
    assert ends_with_question("听说欠薪可以加付赔偿金，是真的吗？老板欠我一万二")
    assert ends_with_question("分包跑了开发商要不要管？还是只能找总包")


def test_one_fact_is_not_enough():
    assert sort_message("两万", "inform").kind == FACT
    assert sort_message("老板欠我两万", "greet").kind == OTHER
    assert sort_message("你好", "greet").kind == OTHER


@pytest.mark.parametrize("intent", ["nlu_fallback", "inform"])
def test_one_fact_told_as_owed_wages_is_a_complaint_when_nlu_is_unsure(intent):
    # the worker tells us wages are owed, with one fact: the form takes it (and asks the rest), not "没太明白"
    assert sort_message("老板欠我两万", intent).kind == COMPLAINT
    assert sort_message("工钱拖着不给 佛山顺德 家具厂 三个月", intent).kind == COMPLAINT
    # ... unless it asks a rule: then it is answered like a rights question (the complaint offered after)
    assert sort_message("老板欠我两万 能要利息吗", intent).kind == QUESTION


@pytest.mark.parametrize("intent", ["nlu_fallback", "inform"])
@pytest.mark.parametrize("text", ["厂子倒闭了 有没有补偿", "俺们一个月就休两天 这合规不",
                                  "经理一句话就把我开了,啥理由没有,这能要赔偿不",
                                  "Can my boss keep my deposit if I quit?"])
def test_a_message_nlu_is_unsure_of_that_asks_a_question_is_a_question(text, intent):
    # answered, or told that no article fits: never "没太明白" for a question the worker plainly asked
    assert sort_message(text, intent).kind == QUESTION


@pytest.mark.parametrize("intent", ["nlu_fallback", "inform"])
@pytest.mark.parametrize("text", ["明天下雨吗", "你会看手相吗", "附近哪有好吃的火锅?", "Is the metro open tonight?",
                                  "广州到长沙的火车几点开"])
def test_a_question_nlu_is_unsure_of_about_nothing_to_do_with_work_is_off_topic(text, intent):
    assert sort_message(text, intent).kind == OFF_TOPIC


@pytest.mark.parametrize("text", ["钱的事有什么规定吗", "合同到期了算啥?", "上夜班有补贴吗", "Can I talk to a staff member?"])
def test_a_vague_question_about_work_is_still_a_question(text):
    assert sort_message(text, "nlu_fallback").kind == QUESTION


def test_a_rights_question_nlu_heard_is_not_taken_for_chatter_for_lacking_words_of_work():
    assert sort_message("这样有啥说法吗", "ask_policy").kind == QUESTION


@pytest.mark.parametrize("intent", ["ask_policy", "report_arrears", "ask_hotline", "nlu_fallback", "calculate_wages"])
@pytest.mark.parametrize("text", ["后天西安下不下雨 要浇楼板", "哪个网贷利息低", "老家的户口能迁到打工的城市吗",
                                  "被电动车撞了 对方不肯赔医药费 咋整", "孩子转学到广州要积分吗"])
def test_another_matter_of_life_is_out_of_scope_whatever_nlu_heard(text, intent):
    # weather, loans, schooling, a road accident: not wages or work rights, told so politely
    assert sort_message(text, intent).kind == OFF_TOPIC


@pytest.mark.parametrize("text", ["外地户口能在这边申请法律援助吗", "住院期间 单位能不要我吗",
                                  "老板欠我三个月工资 我想借点钱周转 能找他要利息吗", "工伤住院 包工头不给医药费"])
def test_a_matter_of_life_told_with_wages_or_work_rights_is_ours(text):
    assert sort_message(text, "ask_policy").kind != OFF_TOPIC


@pytest.mark.parametrize("intent", ["nlu_fallback", "inform"])
@pytest.mark.parametrize("text", ["一天三百二 干了六十五天 帮我算算", "一天两百八 干了四十来天 一共多少"])
def test_a_sum_asked_with_figures_nlu_is_unsure_of_is_a_calculation(text, intent):
    assert sort_message(text, intent).kind == CALCULATION


def test_figures_alone_or_wages_owed_are_no_calculation_when_nlu_is_unsure():
    assert sort_message("一天三百二 干了六十几天", "inform").kind != CALCULATION  # a bare answer: no sum asked
    assert sort_message("合同六月份到期了 现在算什么", "nlu_fallback").kind != CALCULATION  # 算 of a rule
    # wages said owed: a complaint told, as before
    assert sort_message("老板欠我六十天工钱 一天三百 帮我算算", "nlu_fallback").kind != CALCULATION


def test_something_to_write_that_is_no_paper_and_no_work_is_chatter():
    assert asks_for_no_paper("帮我写首歌给我女朋友")
    assert asks_for_no_paper("帮我写一篇作文")
    assert not asks_for_no_paper("帮我写个申请书")
    assert not asks_for_no_paper("给我一个模板 我自己填")
    assert not asks_for_no_paper("帮我写写 告那个包工头")


@pytest.mark.parametrize("text", ["合同那个事", "那个钱的事 上头", "包工头跑了 我们六个人的钱也没人管 我要投诉"])
def test_a_message_nlu_is_unsure_of_that_asks_nothing_is_not_a_question(text):
    assert sort_message(text, "nlu_fallback").kind != QUESTION


def test_employer_and_project_count_as_one_fact():
    opening = sort_message("宏达建筑公司的万科城三期项目", "inform")
    assert opening.kind == FACT


@pytest.mark.parametrize("intent", ["inform", "report_arrears", "nlu_fallback"])
@pytest.mark.parametrize("text", ["在惠州惠阳区淡水镇", "带我们的工头叫石建华", "The factory is in Foshan, Nanhai District",
                                  "一共欠了五万六", "总共欠了九个月的"])
def test_a_fact_told_alone_is_neither_a_complaint_nor_a_question(text, intent):
    # what a worker says answering "在哪里？" / "一共欠了多少？", typed before anything was asked: the worker is
    # asked what they want, with the fact kept
    opening = sort_message(text, intent)
    assert opening.kind == FACT and opening.facts


@pytest.mark.parametrize("text", ["我是干防水的 就在工地上", "在厂里做质检的"])
def test_a_complaint_nlu_heard_with_nothing_in_it_is_asked_about_not_forced(text):
    # no fact, no wages owed, no request: the worker is asked whether to file, the form is not started on it
    assert sort_message(text, "report_arrears").kind == FACT


@pytest.mark.parametrize("text", ["我要反映情况", "我要投诉", "我要维权", "帮我登记一下", "那就投吧", "我要报案"])
def test_a_request_to_take_a_complaint_still_starts_it(text):
    assert sort_message(text, "report_arrears").kind == COMPLAINT


def test_nothing_found_is_a_fact_told_alone_only_when_nlu_heard_a_complaint_that_is_not_taken():
    assert sort_message("我在厂里做质检的", "nlu_fallback").kind != FACT  # unsure and nothing found: looked up
    assert sort_message("我不想投了 他说明天就给", "report_arrears").kind == FACT  # not taking it: asked, not forced


@pytest.mark.parametrize("intent", ["inform", "nlu_fallback"])
@pytest.mark.parametrize("text", ["广州最低工资", "在东莞 加班费标准", "Shenzhen minimum wage"])
def test_a_place_and_a_rules_subject_is_a_query_not_a_fact_told_alone(text, intent):
    # a place is a fact, but with what a rule is about the worker wants the rule, not to be asked about a complaint
    assert sort_message(text, intent).kind != FACT


@pytest.mark.parametrize("text", ["老板跑了 我们仨月人工冇出", "扛水泥干了大半年 老板一直说没钱",
                                  "My boss has not paid me for 3 months, I work at a noodle shop in Xiamen",
                                  "工资拖欠 惠州 电子厂", "我们六个人在湘潭做事 请帮忙"])
def test_a_short_complaint_says_the_wages_are_owed_or_asks_for_help(text):
    assert sort_message(text, "report_arrears").kind == COMPLAINT


def test_a_fact_the_complaint_parser_finds_nothing_in_is_looked_up():
    # "没签合同" alone may be a rule asked in few words: the knowledge is searched, as for any unclear message
    assert sort_message("没签合同", "inform").kind == OTHER
    # a fact with a question is a question
    assert sort_message("在惠州惠阳区 能在这边仲裁吗", "inform").kind != FACT


def test_question_form():
    assert is_question("没签合同能要双倍工资吗")
    assert is_question("can I get double pay without a contract")
    assert is_question("欠了两年了 还能仲裁不")
    assert not is_question("老板欠钱跑了 我们该怎么办啊")
    assert not is_question("求求你们帮帮我们")


def test_owed_wages_mentioned():
    assert mentions_owed_wages("老板拖着不发工资 辞职能要补偿吗")
    assert mentions_owed_wages("my boss owes me two months")
    assert not mentions_owed_wages("加班费怎么算")


@pytest.mark.parametrize("text", [
    # a rule about complaining, asked at the end: not a request to file one
    "不是本地户口 老板欠我们五个人三万 干了两个月 能在这边投诉吗",
    "我还在厂里上班 厂里欠我们十几个人两个月工资 我举报的话劳动局会不会告诉老板是我举报的",
    # a phone number signed after the rule question
    "包工头欠我们十六个人三十一万 干了五个多月 能不能告他拒不支付劳动报酬罪？要够什么条件才能告？我电话13993851264",
])
def test_a_rights_question_about_complaining_or_signed_with_a_phone_is_answered(text):
    opening = sort_message(text, "ask_policy")
    assert opening.kind == QUESTION
    assert len(opening.fact_groups) >= 2  # kept for the complaint offered after the answer


@pytest.mark.parametrize("text", [
    "老板欠我们十个人八万 干了三个月 你们能帮我登记一下吗",
    "老板欠我们十个人八万 干了三个月 这合法吗 我们要投诉",
    "欠我们七个人四万 干了两个月 请帮我们投诉 电话13812345678",
])
def test_a_request_to_file_still_makes_a_complaint_even_when_nlu_heard_a_question(text):
    assert sort_message(text, "ask_policy").kind == COMPLAINT


def test_a_phone_after_the_question_still_files_when_nlu_was_unsure():
    # unsure NLU: the contact number is read as "take it" (round 3), only a heard rights question ignores it
    assert sort_message("老板欠我四个月工资两万，可以去仲裁吗？我电话13812345678", "inform").kind == COMPLAINT
    assert sort_message("老板欠我四个月工资两万，可以去仲裁吗？我电话13812345678", "ask_policy").kind == QUESTION


@pytest.mark.parametrize("text", [
    "老板拖了我两个月工资，我现在辞职能要经济补偿吗？",
    "工资一直拖着不发 可以申请劳动仲裁吗",
    "My boss hasn't paid me for two months. Can I quit and get compensation?",
])
def test_a_rule_question_nlu_took_for_a_complaint_is_answered_then_offered(text):
    # fewer than two facts and a closing rule question: the worker asked a rule (actions.answer answers it, then
    # offers the complaint)
    opening = sort_message(text, "report_arrears")
    assert opening.kind == QUESTION and opening.owed_wages


@pytest.mark.parametrize("text", [
    "老板欠我工资不给",
    "我要投诉欠薪",
    "工钱拖了大半年 我们该怎么办啊",  # a plea, not a rule question
    "工头欠我8个月工资 这种情况能投诉吗？",  # asking whether it can be complained about is a plea
    "包工头欠我们十个人八万块跑了 总包要不要负责 我电话13812345678",  # a number to be called back on: the form
])
def test_what_nlu_called_a_complaint_stays_one_unless_it_only_asks_a_rule(text):
    assert sort_message(text, "report_arrears").kind == COMPLAINT


def test_two_facts_and_a_rule_question_in_a_few_words_ask_the_rule():
    # answered, then the complaint is offered with the two facts kept; told as a longer story, the form starts
    # (and answers the question first)
    short = "包工头欠我们十个人八万块跑了 总包要不要负责"
    assert sort_message(short, "report_arrears").kind == QUESTION
    story = ("我们十个人跟着一个包工头在合肥一个工地干水电，从开春干到入秋，包工头一直说上面没结账让我们再等等，"
             "家里老人看病孩子上学都等着这笔钱，前几天他电话关机人也不见了，欠我们的八万块到现在一分没给，"
             "去工地项目部问，人家说跟他们没关系让我们自己找包工头，总包要不要负责")
    assert sort_message(story, "report_arrears").kind == COMPLAINT


def test_a_whole_story_nlu_heard_as_a_question_must_close_with_the_question():
    # three kinds of fact (workers, months, amount) with the question in passing: a complaint
    story = "这样拖着合法吗 我们十个人干了四个月 一共八万块 老板一直拖着不给"
    assert sort_message(story, "ask_policy").kind == COMPLAINT
    # the same story closing with the question, a phone number signed after it: a question
    asked = "我们六个人干了三个月，包工头欠四万块跑了，总包单位要不要替他先给钱？我电话13812345678"
    assert sort_message(asked, "ask_policy").kind == QUESTION


@pytest.mark.parametrize("text", [
    "干了半年没签合同 能要双倍工资吗",
    "公司让我们周末来加班，不给加班费合法吗？",
    "Can I get double pay if I never signed a contract?",
    # a sum named on the way to the rule is part of the rule
    "双倍工资从哪天开始算？我四月进的厂 到现在还没签合同",
    "做多少拿多少的计件活 也要保底最低工资吗",
])
def test_a_rule_question_nlu_took_for_a_calculation_is_answered(text):
    assert sort_message(text, "calculate_wages").kind == QUESTION


@pytest.mark.parametrize("text", [
    "帮我算算能要多少钱",
    "一天三百干了二十天 老板给了三千 还该补我好多",
    "我哋日薪四百，做咗五十二日，佢畀咗一萬，仲欠我幾多？",
    "加班费咋算",
    "How much overtime pay should I get for 40 hours?",
    "我要用工资计算器",  # no question, nothing else to answer: the calculator, as before
    "加班费怎么算？我一个月加班六十个小时",  # asked to work it out, then the numbers
    "六个人干了五十天 一天三百 一共该给多少 我好去要",  # a sum, not phrased as a question
])
def test_a_calculation_starts_the_calculator_whatever_it_states(text):
    assert sort_message(text, "calculate_wages").kind == CALCULATION


def test_a_complaint_nlu_took_for_a_calculation_starts_the_complaint():
    text = "包工头刘大海欠我们六个人三万八 在昆明官渡区刷了两个月墙"
    opening = sort_message(text, "calculate_wages")
    assert opening.kind == COMPLAINT and opening.facts.get("amount")
    # one fact is not a complaint: the calculator, as before
    assert sort_message("老板欠我三个月工资", "calculate_wages").kind == CALCULATION


@pytest.mark.parametrize("text", [
    "朋友在厂里被拖了工资 我可以替他申请仲裁吗",  # acting for someone else is a rule question, not "help us"
    "我要是去投诉老板 劳动局会帮我保密吗",  # what the office will do, asked
    "工资最晚几号前必须发",  # 几号: which day of the month, a rule
    "做满一年有冇年假㗎",  # Cantonese 有冇
    "阿拉是临时工 欠的工资是伐可以叫老板自己掏",  # Shanghainese 是伐
])
def test_rule_questions_nlu_took_for_a_complaint_are_answered(text):
    assert sort_message(text, "report_arrears").kind == QUESTION


@pytest.mark.parametrize("text", [
    "我不是本地户口 外地人也能投诉吗",  # 也能投诉: whether the law covers them, not "please take it"
    "给私人老板打零工被欠了钱 劳动监察管不管私人老板",  # whether an office's remit covers someone
    "判决书下来三个月了 老板一分钱还没给 下一步咋办",  # what comes after a decision: enforcement, a rule
    "调解书都签了老板还是拖着不给 这该怎么办",
    "我快六十了 老板说到了退休年龄合同就没了 欠我的工资还给不给",  # V-不-V asks, whatever the verb
])
def test_who_an_office_covers_and_what_follows_a_decision_are_rule_questions(text):
    assert sort_message(text, "report_arrears").kind == QUESTION


def test_a_plea_that_names_no_decision_is_still_a_plea():
    # 管不管 with nobody named after it, and 怎么办 with no award or judgment, still ask us to take the complaint
    assert sort_message("老板欠我们三个人一万八 你们到底管不管啊", "report_arrears").kind == COMPLAINT
    assert sort_message("老板欠我们三个人一万八跑了 我们该怎么办", "report_arrears").kind == COMPLAINT
    assert sort_message("老板欠我们三个人一万八 这种情况能投诉吗", "report_arrears").kind == COMPLAINT
    # Henan 中不中 ("all right?") closing a plea asks nothing
    assert sort_message("老板欠俺们五个人三万块 俺们等不起了中不中", "report_arrears").kind == COMPLAINT


def test_a_plea_for_help_is_still_a_plea():
    # "能不能帮我们…" asks us to act: with two facts the form starts, as before
    assert sort_message("包工头欠我们五个人三万块 能不能帮我们要回来", "report_arrears").kind == COMPLAINT
    assert sort_message("包工头欠我们五个人三万块 能帮忙伐", "report_arrears").kind == COMPLAINT
    # who will help us ("喊哪个帮我们嘛", Sichuan 哪个 = 谁) is a plea too, even when NLU heard a question
    assert sort_message("在绵阳工地做了三个月 七个人一分没拿到 喊哪个帮我们嘛", "ask_policy").kind == COMPLAINT
    assert sort_message("包工头欠我们五个人三万块 谁来帮帮我们", "ask_policy").kind == COMPLAINT


@pytest.mark.parametrize("text", [
    "一个月最多能加多少个小时的班",  # the law's limit, not a sum to work out
    "我在西安干活 公司在上海注册 最低工资按哪里的算",  # which basis, a rule
    "我在西安干活 公司在上海注册 最低工资按哪家的标准",
    "公司裁员 补偿按底薪算还是按全部工资算",  # which basis, with no question word
])
def test_how_much_the_law_allows_is_answered_not_calculated(text):
    assert sort_message(text, "calculate_wages").kind == QUESTION


def test_a_question_signed_with_a_phone_is_still_asked():
    # the complaint form starts and the question is answered first; a plea signed with a phone asks nothing
    asked = "包工头欠我们八个人六万块跑了，总包到底该不该管？我电话13812345678"
    assert sort_message(asked, "report_arrears").kind == COMPLAINT and asks_a_rule_too(asked)
    assert not asks_a_rule_too("包工头欠我们八个人六万块跑了，求你们帮帮我们，电话13812345678")


def test_the_question_part_of_a_long_story_is_what_is_looked_up():
    story = ("我们是在郑州干装修的，一共十一个人，跟着包工头老刘干了四个多月，老刘说上面的劳务公司没给他钱，"
             "劳务公司又说早就结清了，两边推来推去，眼看就要过年了。请问包工头跑了，总包要不要先给我们发工资？我们该找谁？")
    assert question_part(story) == "请问包工头跑了，总包要不要先给我们发工资？我们该找谁？"
    short = "没签合同能要双倍工资吗？我干了八个月"
    assert question_part(short) == short  # short: looked up whole
    plea = story.replace("请问包工头跑了，总包要不要先给我们发工资？我们该找谁？", "求求你们帮帮我们。")
    assert question_part(plea) == plea  # no question to single out


@pytest.mark.parametrize("text", [
    "节假日上班老板该给多少钱",
    "没签合同能要几倍工资",
    "被无故开除能赔多少",
])
def test_how_much_with_nothing_to_work_it_from_is_answered_with_the_calculator_offered(text):
    # no figures and no "帮我算": the worker asks the rule; the answer says it and offers the calculator
    opening = sort_message(text, "calculate_wages")
    assert opening.kind == QUESTION and opening.offer_calculation


def test_the_calculator_is_offered_only_after_a_calculation_nlu_heard():
    assert not sort_message("节假日上班老板该给多少钱", "ask_policy").offer_calculation
    assert not sort_message("一天三百干了二十天 还该补我好多", "calculate_wages").offer_calculation  # calculated
