"""One opening message fills every field it answers (the issue's example and a few others)."""

import pytest

from cases.extract import extract, find_employer
from cases.intake import fill_from_message


def test_issue_example_gives_place_head_count_project_and_amount():
    fields = extract("俺们一共9个人在北京大兴给人装修别墅 干完活老板不给钱 欠了七万三").as_fields()
    assert {name: str(value) for name, value in fields.items()} == {
        "location": "北京市大兴区",
        "workers_count": "9",
        "project": "装修别墅",
        "amount": "73000",
    }


def test_boss_phone_is_not_taken_for_the_workers_phone():
    result = extract("包工头老王电话13912345678 欠我两万四 我的手机13812345678")
    assert result.employer == "包工头老王"
    assert result.employer_phone.number == "13912345678"
    assert result.phone.number == "13812345678"
    assert result.amount.value == 24000


def test_total_amount_wins_over_per_person_amount():
    result = extract("每人欠一万二 我们一共五个人 总共欠六万")
    assert result.amount.value == 60000
    assert result.workers_count.value == 5


def test_date_range_becomes_months_and_keeps_the_dates():
    result = extract("中山市小榄镇宏达五金厂拖欠我们十几个人工资8万多 从3月到6月都没发")
    assert result.employer == "中山市小榄镇宏达五金厂"
    assert (result.months.value, result.period.text) == (4, "3月到6月")
    assert (result.period.start[5:], result.period.end[5:]) == ("03", "06")
    assert result.amount.approximate and result.workers_count.approximate


def test_site_code_and_shared_contact_prefill_project_and_phone():
    fields = fill_from_message("老板不给工资", site_code="阳光花园三期", contact_phone="+8613812345678")
    assert fields["project"] == "阳光花园三期"
    assert fields["phone"] == "13812345678"


def test_anonymous_clue_is_recorded_as_anonymous():
    assert extract("我想匿名反映 格尔木一个工地欠了二十多个人的工资").as_fields()["worker_name"] == "匿名"


def test_year_is_not_a_period_nor_an_amount():
    result = extract("2025年在成都武侯区干活 老板欠我3000块")
    assert result.months is None
    assert result.amount.value == 3000


# Issue 11 item 4: the kinds of opening message the parser missed (names introduced indirectly, a trade noun
# between the number and 人, what is still owed after a part payment, a named phase after the district,
# Traditional script, the 总包 a worker blames). A value the message does not state must stay empty.

def test_names_introduced_indirectly():
    assert extract("我在苏州一家叫优品的装修公司做油漆工 欠我两万一").employer == "优品装修公司"
    assert extract("跟着一个叫赵德明的包工头干钢筋 欠我们十三万六").employer == "包工头赵德明"
    assert extract("厂叫鑫达塑胶制品厂，老板跑路了").employer == "鑫达塑胶制品厂"
    assert extract("老板姓王，在杭州萧山区开饭店的，欠我工资").employer == "王老板"
    assert extract("劳务派遣公司叫成都汇才人力资源有限公司，欠我五千三").employer == "成都汇才人力资源有限公司"


def test_the_general_contractor_blamed_is_not_the_employer():
    result = extract("包工头叫彭志刚，他说总包中天建设有限公司没给钱，还欠我们十四万五")
    assert result.employer == "包工头彭志刚"


def test_head_counts_with_a_noun_between_number_and_people():
    assert extract("我们十二个钢筋工在南宁干了五个月 欠了二十一万").workers_count.value == 12
    assert extract("我们二十多号人被拖了三个月工资").workers_count.value == 20
    assert extract("我们六个服务员的工资都没发").workers_count.value == 6
    assert extract("还有几个同事也一样 欠我一万四").workers_count is None


def test_amount_still_owed_after_a_part_payment_and_no_amount_from_a_wage_rate():
    assert extract("说好的两万四，只给了八千，还差一万六没给").amount.value == 16000
    # each person's share with no total is the writer's own amount (blind schema; dev2 labelled it as none)
    assert extract("老板姓许 我们车间三十多号人 被拖了两个月工资 一个人五六千").amount.value == 5500
    assert extract("每个人四千多一个月 从3月干到6月一分钱没发").amount is None


def test_named_phase_after_the_district_and_project_called_by_name():
    assert extract("工地在成都龙泉驿区保利公园三期 我们木工班七个人").project == "保利公园三期"
    assert extract("重庆九龙坡区 一个叫金科天元道的楼盘 欠我一万九").project == "金科天元道"


def test_where_the_worker_comes_from_is_not_where_the_work_was():
    assert extract("我们是河南周口的，在郑州金水区干钢筋，欠了七万").location.label == "河南省郑州市金水区"


def test_traditional_script_reads_as_simplified():
    result = extract("我們十幾個人在上海閔行區幫人裝修 工頭叫黃志強 欠了我們二十三萬 已經拖了四個多月")
    assert (result.employer, result.location.label) == ("工头黄志强", "上海市闵行区")
    assert (result.workers_count.value, result.amount.value, result.months.value) == (12, 230000, 4)


def test_boss_number_said_to_be_his_is_not_the_workers_phone():
    result = extract("包工头叫张红兵 欠我们二十四万 电话13855123456是他的")
    assert result.phone is None and result.employer_phone.number == "13855123456"


# Issue 11 item 4, round 2: long stories naming a chain of parties, quoted names, English and voice input.
# Messages written for these tests (not taken from any bench set).


def test_in_a_chain_the_one_who_was_handed_the_work_and_owes_is_the_employer():
    result = extract("俺们在洛阳涧西区“牡丹新城”二期干木工，总包是中原宏达建设，包给了包工头郑三喜，"
                     "郑三喜欠俺们十一个人九万七，俺电话一三九三七一二八八六六")
    assert result.employer == "包工头郑三喜"
    assert result.project == "牡丹新城"
    assert (result.amount.value, result.workers_count.value) == (97000, 11)
    assert result.phone.number == "13937128866"  # read out digit by digit


def test_the_company_the_crew_belongs_to_wins_over_the_general_contractor():
    result = extract("我们班组十来个人在长沙雨花区做外墙，劳务公司是湖南长兴劳务，我们是长兴的人，干了大半年，"
                     "总包湘建集团说钱早给了，一共欠四十多万")
    assert result.employer == "湖南长兴劳务"
    assert result.workers_count.value == 10 and result.amount.value == 400000
    assert result.months.value == 8 and result.months.approximate  # 大半年


def test_a_company_the_boss_blames_is_not_the_employer():
    result = extract("工地在重庆渝北区 “两江春晓” 我们钢筋班12人 班长是四川人叫罗建 "
                     "他说分包重庆鼎盛建筑劳务有限公司没给钱 一共欠我们三十二万五千")
    assert result.employer == "班长罗建"
    assert result.project == "两江春晓"
    assert result.amount.value == 325000


def test_a_quoted_or_called_name_is_the_employer_when_it_names_a_company():
    assert extract("我老公在天津西青区一个物流园开叉车，公司叫“顺通物流”，拖了三个月工资一万五没给").employer == "顺通物流"
    assert extract("在东莞厚街一家家具厂打磨 厂名叫华美家私 干了五十天").employer == "华美家私"
    assert extract("哈尔滨道里区的饭店 叫老灶台酒楼 俺在那当服务员干了仨月").employer == "老灶台酒楼"
    assert extract("我們在福建泉州晉江市一間叫「永達鞋材」的廠做了兩個多月").employer == "永达鞋材"


def test_english_complaint_gives_place_company_amount_and_period():
    result = extract("I worked at a furniture factory in Foshan, Shunde District from March to May. "
                     "The factory called Hongfa Furniture Co. owes me 15,600 yuan. My phone 13622334455")
    assert result.location.label == "广东省佛山市顺德区"
    assert result.employer == "Hongfa Furniture Co."
    assert result.amount.value == 15600 and result.months.value == 3
    assert extract("My brother is a cook at a restaurant called Golden Dragon in Chengdu.").employer == "Golden Dragon"


def test_waiting_time_is_not_the_period_worked():
    assert extract("在武汉江夏区做保洁，做了二十多天，公司一直说下个月给，拖了三个月了").months.value == 0.67
    assert extract("干了一个月零十天，说一个月三千，说我干不满三个月不给").months.value == 1.33


def test_a_paid_amount_is_not_what_is_owed_and_a_count_of_others_includes_the_worker():
    assert extract("看了八个月大门 说好一个月两千五 一共就给了五千块钱 剩下的不给").amount is None
    assert extract("我爸和村里另外四个人在工地干了半年，包工头欠我们八万").workers_count.value == 5


def test_a_relative_writing_gives_the_workers_own_number():
    result = extract("帮我爸问一下，他在武汉东西湖区一个冷库干搬运，老板姓熊，欠一万一，他的电话是18622001122")
    assert result.phone.number == "18622001122" and result.employer_phone is None


def test_a_province_alone_gives_way_to_the_clause_naming_the_work_site():
    result = extract("我是在台湾读书的学生，替我爸问。他在广东惠州惠阳区的工地做水电，欠了五万")
    assert result.location.label == "广东省惠州市惠阳区"


def test_bosses_named_without_a_title_or_after_where_they_are_from():
    assert extract("跟着老乡刘文军在廊坊干防水，刘文军欠我们六个人三万多").employer == "刘文军"
    assert extract("老板是我们村的张德福 在常州武进区包的活 欠我们十几个人工资").employer == "老板张德福"
    assert extract("老板陈志强开的装修公司，我在他那做了三个月油漆，欠我一万二").employer == "老板陈志强"


def test_a_crew_count_without_people_and_a_span_worked_through():
    assert extract("我们班组十来个 在工地干了两个多月 老板一分没给").workers_count.value == 10
    assert extract("从去年十一月份一直干到今年三月份 工钱一共三万二").months.value == 5


# Issue 11 item 4, round 3 (blind-set employer / project at 0.60): kinds of naming the parser missed. Messages written
# for these tests, not taken from any bench set.


def test_a_name_after_a_title_ends_where_jieba_says_even_without_punctuation():
    assert extract("老板是包工头孙德旺上面是河北冀通劳务一共欠我们九万").employer == "包工头孙德旺"
    assert extract("包工头赵大江欠我们八个人工资六万多").employer == "包工头赵大江"
    assert extract("施工队的队长叫马国庆，欠我一万").employer == "队长马国庆"
    assert extract("包工投叫刘大成他说上面劳务公司没给钱").employer == "包工头刘大成"  # voice-input typo
    assert extract("老板说下个月发，欠我三千").employer is None  # 说 is no name


def test_a_nickname_with_the_full_name_given_after_it():
    assert extract("带俺们的是老郑 郑富贵 一天二百八 还有三万没给").employer == "带班郑富贵"
    assert extract("小包工头老吴叫吴德兵，带我们干了一个多月，吴德兵欠我六千").employer == "小包工头吴德兵"
    assert extract("我们跟着工长老孙（孙立新）干的，老孙说欠咱们五十来万").employer == "工长孙立新"


def test_in_a_chain_the_named_crew_boss_is_the_employer_not_the_labour_company():
    result = extract("总包是华东建工，劳务分包是安徽皖江劳务，带班的叫钱有福，钱有福只给了三千，剩下两万一直拖着")
    assert result.employer == "带班钱有福"
    assert extract("我是班组长，姓陈，我们班组跟江城通达建设有限公司签的合同，还欠我们三十万").employer \
        == "江城通达建设有限公司"  # the writer is the 班组长: the company he contracted with owes him


@pytest.mark.parametrize("text, employer", [
    # the one who brought the crew, named as a 老乡, a relative's friend or by a bare name before 喊/叫
    ("我们在合肥蜀山区干外墙 总包是皖建集团 带我们来的是老乡钟德旺 他说是从一个叫瑞丰劳务的公司接的活 欠了三个月", "钟德旺"),
    ("是一个叫胡满仓的河南老乡带我们来的，他说跟华瑞建设公司签的合同，九个人欠了十二万", "胡满仓"),
    ("老乡罗大炮喊我们去搬砖 干完了不给钱 五个人", "罗大炮"),
    ("在昆明做防水，跟的是我表哥的朋友叫阿彪，他欠我两个月工钱一万二", "阿彪"),
    # the work handed down by the company to a boss (交给了 / 包给了): the boss is over the crew
    ("说是一个叫川渝人力的公司招我们去的 川渝人力把我们交给了一个工地上的包工头 姓骆 欠我们十个人四万", "包工头骆某"),
    ("装修分给了一个公司叫恒美装饰 恒美又把我们木工这一块包给了老葛 老葛叫葛长春 欠我们八个人二十万", "葛长春"),
])
def test_the_one_who_brought_the_crew_or_was_handed_the_work_is_the_employer(text, employer):
    assert employer in extract(text).employer


def test_sending_the_crew_to_someone_else_is_not_hiring_it():
    # 喊我们去找分包: he sent us to the subcontractor; he is still named by his title where he was introduced
    result = extract("我们在万州一个医院工地干活 项目经理是邓永福 他说是重庆宏建派来的 我们十个人欠了两个月 邓永福喊我们去找分包")
    assert result.employer == "项目经理邓永福"


def test_a_company_manager_who_hired_the_crew_stands_for_the_company():
    result = extract("装修分包给了一家叫雅居美装饰工程有限公司的，我们是雅居美的项目经理何某叫过去的，欠两万八")
    assert result.employer == "雅居美装饰工程有限公司"


def test_a_named_shop_is_the_employer_and_its_owner_speaks_for_it():
    # fifth rework: two of our three blind writers (and dev2) label the named shop, not its owner; the owner named
    # right after it is kept beside it (the hotline calls the person who runs the shop)
    result = extract("我在一家面馆当帮厨，店叫“老陕面庄”，老板姓雷，两个月工资没发")
    assert result.employer == "老陕面庄（雷老板）"
    assert result.project is None


@pytest.mark.parametrize("text, employer", [
    ("在成都一家火锅店后厨，店名叫“巴山小灶火锅”，老板姓黄，欠我三个月一万五", "巴山小灶火锅（黄老板）"),
    ("我在东莞一个厂做了半年，厂名是永泰鞋业，老板叫林国富，欠我两个月工资九千", "永泰鞋业（老板林国富）"),
    # a crew boss after the company is another party in the chain, not who runs it
    ("宏图劳务欠我们十个人二十万，包工头叫王大海，人也找不到", "宏图劳务"),
    # what the owner does is not her name
    ("我们在鼎新装饰做油漆，老板娘管账，欠我们三个人两万四", "鼎新装饰"),
])
def test_the_owner_named_right_after_the_employer_is_kept_beside_it(text, employer):
    assert extract(text).employer == employer


def test_freight_and_wages_owed_together_are_the_amount():
    # a lorry driver's 运费 alone may be a fee; said with the wages it is what is owed
    assert extract("跑长途的 车队欠我运费和工资三万多").amount.value == 30000
    assert extract("今年的运费工资两万六一直压着不给").amount.value == 26000


@pytest.mark.parametrize("text, district", [
    ("在聊城东昌府区的工地扫尾 老板欠我们三个人两万", "东昌府区"),  # 城 then 东: a district, not 城东
    ("在盐城东台市一个纺织厂干了三个月 没发工资", "东台市"),
])
def test_a_district_right_after_a_city_ending_in_cheng(text, district):
    assert extract(text).location.district == district


@pytest.mark.parametrize("text, label", [
    ("在南海一个铝材厂干了三个月 欠我九千", "广东省佛山市南海区"),
    ("在宝安打螺丝 老板欠我两个月工资", "广东省深圳市宝安区"),
])
def test_a_district_named_alone_after_zai_when_no_other_district_shares_its_name(text, label):
    assert extract(text).location.label == label


def test_a_town_of_a_district_name_or_a_shared_name_is_no_district():
    assert extract("在长安镇一个五金厂干了两个月 没发工资").location is None  # 东莞's town, not 西安's 长安区
    assert extract("在鼓楼一个饭店洗碗 欠我三千").location is None  # 鼓楼区 is in 南京, 福州, 徐州 and 开封


@pytest.mark.parametrize("text, employer", [
    # a name that ends in its trade: warehousing, road and bridge works, a bakery
    ("快递分拣 干了俩月没给钱 芜湖 顺丰达仓储", "顺丰达仓储"),
    ("我们修路的 给通衢路桥干了半年 欠了十二万", "通衢路桥"),
    ("面包店 麦香烘焙 欠我两个月工资 合肥蜀山", "麦香烘焙"),
    # ... but a trade company's full name is kept whole
    ("豫南路桥劳务欠我们八个人十万", "豫南路桥劳务"),
    # the surname first, then the name; and the big farmer who hired a harvest crew
    ("工地的包工头是个姓闫的叫闫老四 欠我们五个人十二万", "包工头闫老四"),
    ("给一个种苹果的大户干活 大户叫梁满仓 欠我们两万", "大户梁满仓"),
])
def test_employers_named_by_their_trade_or_introduced_by_surname(text, employer):
    assert extract(text).employer == employer


def test_the_owner_beside_the_employer_does_not_split_duplicates():
    from cases.duplicates import employer_key

    assert employer_key("永泰鞋业（老板林国富）") == employer_key("永泰鞋业有限公司")


def test_an_agency_employs_and_the_factory_named_is_the_workplace():
    result = extract("我在昆山一家日资厂上班，厂叫东洋精工，派遣公司叫昆山才聚人力，欠我上个月工资")
    assert result.employer == "昆山才聚人力"
    assert result.project == "东洋精工"
    assert result.months.value == 1


def test_sites_named_by_plot_section_workshop_and_developer_brand():
    assert extract("工地在成都天府新区兴隆湖二号地块，包工头叫何强，跑了").project == "兴隆湖二号地块"
    assert extract("我们在青岛黄岛区海尔路二标段修路，欠十二个人的钱").project == "海尔路二标段"
    assert extract("在苏州吴江一家电子厂二车间上班，两个月没发工资").project == "电子厂二车间"
    assert extract("我们十四个瓦工在长沙望城区碧桂园翡翠湾贴砖 干了五个多月").project == "碧桂园翡翠湾"
    assert extract("我们车间三十多号人被拖了两个月工资").project is None  # 我们车间 is no name
    assert extract("跟着项目经理张海涛干装修").project != "着项目"


def test_english_company_and_project_names():
    assert extract("I worked at a garment factory in Wenzhou called Lucky Star Garments for 4 months.").employer \
        == "Lucky Star Garments"
    assert extract("Delivery rider pay missing 2 months. Company: Fengxing Express, Wuhan.").employer == "Fengxing Express"
    result = extract("The foreman Li Qiang owes our team of 12 workers about 150000 yuan for the Greenland Center project")
    assert result.project == "Greenland Center"
    assert extract("They refused to pay her last 2 months of wages after 5 months at the shop").months.value == 2


def test_trades_written_as_x_gong_and_months_from_a_start_and_an_end():
    assert extract("我们一共五个泥工，在襄阳樊城区的汉江湾小区贴砖").workers_count.value == 5
    assert extract("我在厂里做了三个月普工").workers_count is None  # 月普工 is no head count
    assert extract("2024年3月进场，到2024年10月完工，还欠我们人工费二十万").months.value == 8
    assert extract("我做了五个月，他就给过一个月，还差四个月工资两万").months.value == 4
    assert extract("活早就干完了，已经做完两个多月了，钱还没给").months is None  # time since, not the period
    assert extract("老板欠我两个月薪水一共一万二").amount.value == 12000  # 月薪水 is no monthly wage


def test_more_ways_of_naming_a_boss_a_site_and_a_span():
    assert extract("俺们跟着河南老乡牛建民在北京通州干装修 牛建民说甲方没给钱").employer == "牛建民"
    assert extract("我在一家叫做好运来的超市当收银员 老板姓郑 欠了我两个月的工资").employer == "郑老板"
    assert extract("老板叫什么我也不知道 在佛山南海做铝材 欠我五千").employer is None
    assert extract("我们在武汉东湖高新区光谷科技大厦工地做幕墙老板叫汪志诚欠了我们十一万").employer == "老板汪志诚"
    assert extract("东家叫李富贵 在他家果园摘苹果 欠我们工钱").project is None  # 他家果园 is no name
    assert extract("在绵阳游仙区的富乐山一号院干油漆 欠十来个人").project == "富乐山一号院"
    assert extract("我们一帮兄弟十一个在海口干活，工头欠钱跑了").workers_count.value == 11
    assert extract("在工地做了一年零三个月，包工头欠我四万二").months.value == 15
    assert extract("从三月中旬干到七月底 一分钱没拿到").months.value == 5
    assert extract("I was a worker at Vanke City Phase 2 in Foshan, 5 months unpaid").project == "Vanke City Phase 2"
    assert extract("Boss not pay salary. 2 month. Suzhou Industrial Park.").project is None  # a place, not a site


def test_where_fellow_villagers_come_from_is_not_the_site():
    assert extract("广西玉林的老乡 在南宁江南区工地干活 欠三万").location.label == "广西壮族自治区南宁市江南区"
    assert extract("我在深圳宝安跟老乡一起干 欠我钱").location.label == "广东省深圳市宝安区"


def test_a_boss_named_by_what_he_did_without_a_title():
    assert extract("我给王建国干了三个月活 他欠我一万").employer == "王建国"
    assert extract("我是给个体户李春生打工的 欠我八千").employer == "李春生"
    assert extract("给刘哥打工 刘哥欠我五千").employer == "刘哥"
    assert extract("在厂里上班 老陈欠我两个月工资").employer == "老陈"
    assert extract("老板：李四 欠款：5000").employer == "老板李四"
    assert extract("项目部欠我们二十三个人 九万").employer is None  # 项 is a surname, 项目部 no name
    assert extract("给人干活 欠我钱").employer is None


def test_two_sums_owed_add_up_and_a_currency_written_before_the_number():
    assert extract("工资四千六和加班费九百都没给").amount.value == 5500
    assert extract("工资三千二和加班费五百 一共三千七").amount.value == 3700  # the total the worker gives wins
    assert extract("The shop owes me RMB 7,400 for two months").amount.value == 7400


def test_cantonese_given_name_nicknames():
    assert extract("喺广州天河区做装修，判头叫亚辉，佢欠我哋四个人三万几").employer == "判头亚辉"
    assert extract("阿姨欠我三千").employer is None


# --- round 4 (issue 11 item 4, dev5 kinds): own messages, one per behaviour ---------------------------------------


def test_each_persons_share_with_no_total_is_the_amount_but_a_rate_is_not():
    assert extract("我们班七个人 每人还差六千多 工头不露面").amount.value == 6000
    assert extract("我们五个人在工地干 一人欠一万二 找不到人").amount.value == 12000
    assert extract("我们三个人 每个月说好四千五 干了两个月没给").amount is None  # a monthly rate
    assert extract("保洁一次一百 做了二十次 老板说下个月结").amount is None  # a rate per visit


def test_a_total_with_a_part_paid_and_no_remainder_owes_the_rest():
    assert extract("我们四个人干了三个月 一共八万六 老板就给了一万").amount.value == 76000
    assert extract("说好的一人三万 现在一人只给了八千 剩下的拖着").amount.value == 22000
    # the remainder the writer states is taken as it is
    assert extract("工钱一共五万 给了两万 还差三万").amount.value == 30000


def test_bosses_called_by_nicknames_and_their_full_names():
    assert extract("带我们的是老憨 大名叫韩德福 欠了我们三个月").employer == "带班老憨（韩德福）"
    assert "王大个子" in extract("工头大家都喊王大个子 欠我们十万").employer
    assert extract("是村里的孙老二叫我去的 干了四个月一分没拿").employer == "孙老二"
    assert extract("我要告老黑 欠俺六千块").employer == "老黑"


def test_a_person_introduced_as_one_called_x_and_the_one_the_money_is_owed_by():
    assert extract("活是跟一个叫邱建明的干的，他自己没有资质").employer == "邱建明"
    assert extract("大家都骂总包华建集团，其实钱是老乡汪春来欠的").employer == "汪春来"


def test_household_employers_by_the_name_the_writer_uses():
    assert extract("我在一户姓钟的人家当保姆 钟太太三个月没给工资").employer == "钟太太"
    assert extract("照顾老人的活是严女士请的我 两个月工资没给").employer == "严女士"
    assert extract("替我先生问一下 他的工资没发").employer is None  # 我先生 is the husband


def test_a_manager_named_by_surname_and_the_writer_who_is_himself_the_crew_boss():
    assert extract("项目经理姓潘的欠了我们二十多个人的钱").employer == "潘经理"
    assert extract("我是班组长吴海涛，劳务公司叫华兴劳务，欠我们班三十万").employer == "华兴劳务"


def test_a_companys_own_staff_hire_for_the_company_but_a_crew_boss_hires_for_himself():
    assert extract("我是通过一个叫安达人力的中介进去的，中介的负责人叫洪斌，欠我一个月工资").employer == "安达人力"
    result = extract("总包是城建集团，下面的劳务是宏图劳务，带我们的是包工头滕飞，滕飞欠我们八万")
    assert result.employer == "包工头滕飞"


def test_spans_dated_by_festivals_and_parts_of_a_month():
    assert extract("我们从五一干到国庆 一分没拿").months.value == 5
    assert extract("从国庆干到元旦 老板跑了").months.value == 3
    months = extract("去年十月中干到今年二月 工钱没结").months
    assert months.value == 4.5 and months.approximate
    assert extract("从过完年做到八月份 一直没发").months.approximate
    # "…干到现在八月底": the closing month said as now
    assert extract("我们十来个人从三月干到现在九月底 一分钱没结").months.value == 7


def test_months_listed_owed_and_paid():
    assert extract("四月五月六月的工资一直压着").months.value == 3
    assert extract("干了半年 前面发了 剩下三个月的工资没给").months.value == 3
    assert extract("在饭店干了五个月 老板只给了两个月").months.value == 3
    assert extract("英文写的 not paid since April, it's now July").months.value == 3
    assert extract("She has not been paid for about three and a half months").months.value == 3.5
    assert extract("wages for May and June are unpaid").months.value == 2


def test_head_counts_said_in_other_ways():
    assert extract("我们一共十几个婆姨们在果园干活").workers_count.value == 12
    assert extract("同村去的还有六个 都没拿到钱").workers_count.value == 7
    assert extract("在一个煤化工项目干活 欠了我们三万").workers_count is None
    assert extract("My brother and 7 other workers are owed 40000 yuan").workers_count.value == 8


def test_sites_named_after_their_kind_houses_workshops_and_lines():
    assert extract("在长沙给人盖安置楼，项目叫星沙安居工程，欠我们钱").project == "星沙安居工程"
    assert extract("我们在合肥给一个姓程的老板家的别墅贴瓷砖").project == "程老板家的别墅"
    assert extract("在电机厂的新喷涂车间做管道 欠了两万").project == "新喷涂车间"
    assert extract("我们在成都地铁6号线南延段干钢筋").project == "地铁6号线南延段"
    assert extract("在市中心人民广场旁边那个写字楼做保洁").project is None  # a landmark, not the site


def test_the_factory_of_a_workshop_or_the_hotel_served_in_employs_when_no_one_else_is_named():
    result = extract("我在「华阳电器厂三车间」做装配，欠了两个月")
    assert (result.employer, result.project) == ("华阳电器厂", "华阳电器厂三车间")
    result = extract("我在洛阳的牡丹大酒店当服务员，两个月没发工资")
    assert (result.employer, result.project) == ("牡丹大酒店", None)


def test_where_the_boss_or_writer_comes_from_and_zones_named_as_districts():
    assert extract("老板是温州人，我们在杭州余杭区干装修").location.label == "浙江省杭州市余杭区"
    assert extract("俺叫马德胜，周口人，在新乡红旗区干活").location.label == "河南省新乡市红旗区"
    assert extract("我们在县城扫大街 工资没发").location is None  # a bare 县 names no place
    assert extract("在许昌建安区的工地干了三个月").location.district == "建安区"
    assert extract("在郑州经开区的厂房干活").location.district == "经开区"
    assert extract("在绵阳北川县修路").location.district == "北川羌族自治县"


def test_english_employers_hired_through_an_agency_or_named_as_the_foreman_who_hired():
    text = "My sister cleans rooms at Lotus Bay Hotel. She was hired through an agency called Bright Home Services."
    assert extract(text).employer == "Bright Home Services"
    assert extract("The foreman who hired us is called Li Qiang, he owes 9 of us").employer == "foreman Li Qiang"
    text = "We were hired by a subcontractor called Hengda Bridge and Tunnel Works, whose boss is Chen Gang."
    assert extract(text).employer == "Hengda Bridge and Tunnel Works"
    assert extract("Workers at Wenzhou Jiali Footwear are owed wages. The owner, a Mr. Hu, is gone.").employer == \
        "Wenzhou Jiali Footwear"


def test_the_writers_own_number_after_the_boss_is_mentioned_a_deposit_and_the_words_before_a_site():
    result = extract("老周说公司扣了他的钱。我的电话13912340001，请帮忙")
    assert (result.phone.number, result.employer_phone) == ("13912340001", None)
    assert extract("我是班组长江涛，电话13912340002，我们九个人").phone.number == "13912340002"
    assert extract("上个月工资四千二没发，还有押金五百也不退").amount.value == 4200
    assert extract("About 30 workers are owed wages").amount is None  # 30 w… is no 30万
    assert extract("在闵行一栋写字楼做保洁，叫启航大厦，欠了两个月").project == "启航大厦"


# --- round 5 (issue 11 item 4, dev6 kinds): own messages, one per behaviour ---------------------------------------


def test_where_the_writer_or_the_crew_comes_from_said_in_passing_is_not_the_site():
    assert extract("我姓任 陕西汉中人 去年在宝鸡渭滨区做防水").location.label == "陕西省宝鸡市渭滨区"
    assert extract("我老家湖北孝感云梦的 在武汉江夏区扎钢筋").location.label == "湖北省武汉市江夏区"
    assert extract("带着一帮贵州毕节的小工在昆明官渡区搭架子").location.label == "云南省昆明市官渡区"
    assert extract("我和我堂哥都是河南信阳的 在苏州吴中区干装修").location.label == "江苏省苏州市吴中区"
    assert extract("俺们是山东菏泽单县的 在天津滨海新区干活").location.city == "天津市"


def test_words_cpca_takes_for_places_and_zones_workers_name():
    assert extract("一家种桃的合作社 在河北保定顺平县 欠我们摘桃的钱").location.label == "河北省保定市顺平县"
    assert extract("在城南安置房小区干了两个月 工钱没给").location is None
    assert extract("在大同平城区的饭店洗碗 欠了三千").location.district == "平城区"
    assert extract("在苏州工业园区的一个仓库分拣").location.district == "苏州工业园区"


def test_the_crew_boss_who_writes_counts_himself_and_counts_said_without_a_noun():
    assert extract("我是木工班组长 这次带了八个人去干 人工费没结").workers_count.value == 9
    assert extract("我是带班的 手下二十个钢筋工 欠了四个月").workers_count.value == 21
    assert extract("我们油漆工一共十四个 在工地干了两个月").workers_count.value == 14
    assert extract("公司派过去的有二十多个 都没拿到钱").workers_count.value == 20
    assert extract("我们就认一个人 他叫周全，我们九个人的钱都在他那").workers_count.value == 9


def test_the_writer_and_one_other_and_a_boss_couple():
    assert extract("我跟我媳妇在饭店干了三个月 我一个人六千 她五千").workers_count.value == 2
    assert extract("理发店老板是两口子 欠我两个月工资七千").workers_count is None
    assert extract("工地欠我俩月工资九千").workers_count is None
    assert extract("我同另外三个姊妹在制衣厂车衫 欠咗两个月").workers_count.value == 4


def test_english_head_counts_in_words_and_with_the_writer():
    assert extract("Twelve workers including my brother have not been paid").workers_count.value == 12
    assert extract("me and 4 coworkers painted a school, he owes us 20000 total").workers_count.value == 5
    assert extract("my cousin and the other seven workers in his crew are owed").workers_count.value == 8
    assert extract("me and 4 coworkers painted a school, he owes us 20000 total").amount.value == 20000


def test_a_boss_full_name_given_at_a_later_mention():
    assert extract("跟着刘老板干了三个月 刘老板叫刘光明 欠我们五万").employer == "刘老板（刘光明）"
    assert extract("带我们干活的喊他强哥 大名汤志强 欠了八万").employer.endswith("（汤志强）")
    assert extract("工头是个叫老蒙的，本名蒙国栋，欠我一万").employer.endswith("（蒙国栋）")
    text = "The boss is a guy we call Big Li, his real name is Li Dawei. He owes us 30,000."
    assert extract(text).employer.endswith("（Li Dawei）")


def test_a_surname_only_boss_named_afterwards_and_rarer_surnames():
    assert extract("我们是一个姓覃的包工头招来的 覃老板现在不接电话 欠三万").employer == "覃老板"
    assert extract("外包队老板叫鞠德才，欠我们三个月工钱").employer == "老板鞠德才"
    assert extract("我是给一个土方老板开车的 老板叫石永福 欠我两万").employer == "老板石永福"


def test_a_person_introduced_as_a_fellow_villager_called_x():
    assert extract("我们是跟着一个湖南老乡叫彭大军的干 他欠我们七万").employer == "彭大军"
    assert extract("活是一个同村老乡叫龙长江的接的，欠我们十万").employer == "龙长江"


def test_company_kinds_that_are_not_names_sites_and_roles_said_after():
    assert extract("我是从劳务派遣公司过去的 派遣公司叫安康人力资源 欠我一个月").employer == "安康人力资源"
    assert "厂" not in (extract("工地叫新材料产业园二号厂房 包工头叫黄建明 欠了十万").employer or "")
    text = "工地叫锦苑小区 是华城集团总包的 我们跟着一个劳务公司干 叫江城建筑劳务有限公司 欠我们二十万"
    assert extract(text).employer == "江城建筑劳务有限公司"
    assert extract("我们是空调管道安装 老板叫孔德华 欠我们三万").employer == "老板孔德华"
    assert extract("木工分给了一家叫恒森木业的 恒森的老板叫谷长顺 欠我们九万").employer == "恒森木业（老板谷长顺）"


def test_a_workplace_named_after_its_kind_is_the_employer():
    assert extract("我在一家洗浴中心搓澡 洗浴中心叫金泉阁 老板姓宋 欠我三个月").employer == "金泉阁（宋老板）"
    assert extract("我在一家玩具厂上班 厂名叫「新宝玩具」 两个月没发工资").employer == "新宝玩具"
    result = extract("在一家养猪场 叫兴旺养殖 我们干了半年没发钱")
    assert (result.employer, result.project) == ("兴旺养殖", None)


def test_a_site_named_after_its_kind_with_words_between():
    assert extract("有个商业广场在建 叫万福汇广场 我们做外墙").project == "万福汇广场"
    assert extract("给一个办公楼做吊顶 叫海联科技大厦 欠我们六万").project == "海联科技大厦"
    assert extract("我在一个物流园的仓库分拣 仓叫鸿运三号仓 欠两个月").project == "鸿运三号仓"
    assert extract("我在步行街那边 一家奶茶店干的 欠我四千").project is None
    assert extract("装修老板叫冉德明 欠我们一万二").project is None


def test_amounts_after_a_period_or_one_months_money():
    assert extract("物流公司欠我俩月工资九千").amount.value == 9000
    assert extract("在饭店洗碗 干了二十多天 一千八").amount.value == 1800
    assert extract("站长欠我一个月的钱三千六").amount.value == 3600
    assert extract("每天一百五 干了二十天").amount is None  # a day rate alone is no amount


def test_months_in_and_out_notice_and_cantonese_and_english_days():
    assert extract("我们四月进场八月出来 一个人一天两百五 工钱没结").months.value == 5
    assert extract("在超市做了三个月 店长说没提前一个月讲就不给").months.value == 3
    assert extract("我喺酒楼做咗三个月，已经拖咗一个月").months.value == 3
    assert extract("我哋做咗个零月装修 仲差八千").months.value == 1
    assert extract("30 days work, he owes me 6,000").months.value == 1


def test_the_one_companys_project_manager_stands_for_it():
    text = "外墙是一家叫瑞丰幕墙工程有限公司做的，带我们干活的项目经理叫韩立军，欠我们四万"
    assert extract(text).employer == "瑞丰幕墙工程有限公司"
    assert extract("包工头叫韩立军，项目经理说没钱，欠我们四万").employer == "包工头韩立军"


def test_the_writer_who_names_his_home_town_before_his_title_is_not_the_employer():
    result = extract("我是河南周口的班组长刘大柱，我们十个人给郑州鼎盛劳务公司干的，还欠我们二十万")
    assert result.employer == "郑州鼎盛劳务公司"


def test_a_company_named_after_the_kind_of_factory_or_after_a_few_words_is_read_whole():
    assert find_employer("我在长沙一个服装加工厂，长沙锦绣制衣有限公司，欠我两个月工资") == "长沙锦绣制衣有限公司"
    assert find_employer("我们是由广州优聘人力外包派去仓库的，欠了三十个人的工资") == "广州优聘人力"
    assert find_employer("他从四川蜀建集团包了主体结构的活 欠我们八万") == "四川蜀建集团"
    assert find_employer("干活的是一个叫宏兴的装饰公司全名叫成都宏兴装饰工程有限公司 欠我一万") == "成都宏兴装饰工程有限公司"


def test_the_boss_named_by_surname_then_full_name_keeps_both():
    assert find_employer("在家具厂干了半年 工资一直拖 老板姓罗叫罗建平 欠我一万二") == "罗老板（罗建平）"


def test_a_place_named_only_by_its_kind_is_not_a_project():
    assert extract("我在那边工地干活 老板欠我五千").project is None
    assert extract("在一所学校当保安 保安公司欠我们四个月工资").project is None
    assert extract("商场叫星河购物中心 保洁公司欠我们三个月工资").project == "星河购物中心"


def test_days_worked_in_english_read_as_a_part_of_a_month():
    assert extract("I worked for 45 days on the site and the boss paid nothing").months.value == 1.5


def test_where_the_writer_comes_from_said_in_dialect_or_before_his_crew_is_not_the_site():
    assert extract("俺是河南周口嘞，在北京大兴一个饭店干了三个月，老板欠俺一万二").location.label == "北京市大兴区"
    assert extract("我们是云南昭通的彝族兄弟，在贵阳花溪区干活，欠了八个人五万").location.label == "贵州省贵阳市花溪区"


def test_time_since_leaving_or_since_a_complaint_is_not_the_months_owed():
    assert extract("厂里欠我工资六千 已经离职一个月了 一直不给结").months is None
    assert extract("劳务公司欠我们三十个人工资 区里协调了一个多月也没动静").months is None
    assert extract("站点老细拖咗我哋上个月嘅派费 三千蚊").months.value == 1


def test_twenty_written_as_nian_counts_and_a_place_named_with_it_stays():
    assert extract("老细拖咗我哋廿几个人三个月人工").workers_count.value == 22
    assert extract("衢州廿八都镇的工地欠我五千").location.city == "衢州市"


def test_a_household_named_by_its_surname_and_a_boss_by_a_nickname_are_the_employer():
    assert find_employer("我在杭州给一户姓葛的人家做保姆，他们欠我两个月工资") == "葛姓雇主"
    assert find_employer("装修是给业主干的 业主姓柴 还差我六千") == "柴姓业主"
    assert find_employer("我喺佛山帮人湊仔，个雇主系谭生，佢拖咗我人工") == "雇主谭生"
    assert find_employer("在烧烤摊帮工 老板叫二虎 三个月没给钱") == "老板二虎"
    assert find_employer("老板叫我们等着 欠了三个月") is None


def test_a_boss_named_a_clause_after_his_title_is_the_employer():
    # the name comes after a pause or 他叫 / 姓: not right after the title
    assert find_employer("工头是我姑父找来的，叫邓光辉，欠了我们一万多") == "工头邓光辉"
    assert find_employer("包工投拖了我们半年工资 他叫罗永贵 电话关机了") == "包工头罗永贵"
    assert find_employer("老板拖着不给钱 在郑州金水区 姓焦 差我九千") == "焦老板"
    # the boss speaking is not his name
    assert find_employer("老板说等一等，叫我们先回家，欠了三个月") is None


def test_the_man_or_woman_of_an_employing_couple_or_the_person_complained_about_is_the_employer():
    assert find_employer("雇主是一对夫妻，女的叫戴丽娟，欠我保姆费三个月") == "雇主戴丽娟"
    assert find_employer("在一户人家做护工 那家男的叫邱建军 欠我八千") == "雇主邱建军"
    assert find_employer("我要投诉一个人，叫鲁大海，欠我们五个人的工钱") == "鲁大海"


def test_a_workplace_named_after_its_kind_is_read_whole_up_to_the_next_clause():
    assert find_employer("我在超市做收银超市叫惠万家生活超市欠我两个月工资") == "惠万家生活超市"
    assert find_employer("厂叫江门新会葵艺手工坊 我在里面做了半年 欠我一万") == "江门新会葵艺手工坊"
    assert find_employer("店叫ABC童装 我做了三个月店员 欠六千") == "ABC童装"
    assert find_employer("一家叫丰收果蔬的合作社雇我们摘桃 欠了十个人") == "丰收果蔬合作社"
    # a project named after the kind stays a project, and a two-word English name is not cut to its first word
    assert find_employer("酒店 叫滨江国际大酒店二期项目 欠我们钱") is None
    assert find_employer("老板叫Tony，开了一家面包店叫Happy Bread，欠我五千") == "老板Tony"


def test_a_crew_counted_with_no_noun_after_the_number_is_the_head_count():
    assert extract("俺们这一伙人一共十一个，在工地干了半年，欠八万").workers_count.value == 11


def test_time_since_an_award_or_judgment_is_not_the_months_owed():
    assert extract("裁决书生效快两个月了，厂里还是不给我一万二").months is None
    assert extract("判决下来三个月了 老板还是不给我们四万").months is None
    # the months an award is for are the months owed
    assert extract("仲裁裁决四个月工资两万 老板不给").months.value == 4


def test_an_age_or_a_pregnancy_is_not_the_months_owed():
    assert extract("厂里把我辞了 工资还欠三千 孩子才五个月").months is None
    assert extract("怀孕四个月被公司劝退 欠的工资也不结").months is None
    # the months worked are still read beside them
    assert extract("干了三个月没发工资 孩子刚满六个月").months.value == 3


def test_employers_named_in_more_ways():
    # the developer the boss blames is cut whole (not "发商…"), and the boss called 喊做 is the party
    assert "胡二" in find_employer("跟一个喊做胡二的包工头干 他讲等开发商华茂置业给钱 欠我六千")
    # 跟着劳务公司: the kind of company; its name follows
    assert find_employer("我们是跟着劳务公司进的场，劳务公司叫恒达劳务服务有限公司，欠我们五个人三万") == "恒达劳务服务有限公司"
    assert find_employer("他讲要等开发商华茂置业给钱，欠我们六千") is None  # the developer, not "发商华茂置业"
    # a run of words is no name; a name the writer runs on after is cut where he goes on
    assert find_employer("老乡自己接的活，这种没有公司，欠我们三个人两万") is None
    assert find_employer("厂名叫红利达我是车间的干了半年了主任说让等着厂里发") == "红利达"
    # 是个姓马的老板开的，…: no company follows, the boss is the party
    assert find_employer("在一个面馆干 是个姓马的老板开的，欠我三千") == "马老板"
    assert find_employer("站长姓郑 扣了我一个月工资四千") == "郑站长"
    assert find_employer("老孙的作坊 欠我两个月工钱") == "老孙"
    assert find_employer("老板叫大头强，欠我五千") == "老板大头强"
    assert find_employer("我们的老板是个女的 欠我五千") is None


def test_english_employers_with_an_honorific_or_a_chinese_name():
    assert find_employer("A foreman called Mr. Zhang owes us 20,000 yuan.") == "foreman Zhang"
    assert find_employer("I worked at a restaurant called Happy Noodle House (快乐面馆) and they owe me 5,000 yuan.") \
        == "快乐面馆（Happy Noodle House）"


def test_days_owed_are_a_period_when_said_after_owes_me():
    assert round(extract("劳务公司欠我二十天的钱，三千块").months.value, 2) == 0.67


def test_the_place_worked_beats_the_home_town_named_before_it():
    location = extract("我姓高，陕西汉中的，在西安雁塔区一个小区做外墙，包工头欠我九千").location
    assert location.city == "西安市" and location.district == "雁塔区"


def test_a_district_named_without_its_ethnic_word():
    # 管城回族区 is 管城区 to everyone who works there
    location = extract("在郑州管城区一个物流园装卸 老板欠我们五个人两万").location
    assert location.district == "管城回族区"


def test_a_wage_after_probation_is_a_rate_and_this_month_and_last_are_two():
    assert extract("在汽修厂当学徒 转正后一个月五千 已经四个月没发了").months.value == 4
    assert extract("我们车间八个人上个月和这个月的工资都没发").months.value == 2


def test_the_months_owed_then_what_they_come_to():
    # after 欠 / 拖 / 扣 the month is the period owed, and the figure after it what is owed, even with no 元
    owed = extract("搬家公司老板欠了我一个月工资3900")
    assert (owed.amount.value, owed.months.value) == (3900, 1)
    spaced = extract("快递站 站长姓苗 拖了两个月 7400")
    assert (spaced.amount.value, spaced.months.value) == (7400, 2)
    docked = extract("超市扣了我一个月工资两千八")
    assert (docked.amount.value, docked.months.value) == (2800, 1)
    # said alone, 一个月 and a figure are a wage rate, neither the period nor the amount
    rate = extract("在仓库打包 一个月4200 老板欠了三个月")
    assert rate.amount is None and rate.months.value == 3


def test_one_named_month_owed_is_one_month():
    assert extract("配送公司欠我们司机九月份的工资").months.value == 1
    assert extract("老板欠我十二月的工钱两千").months.value == 1


def test_a_boss_named_in_a_voice_run_on_or_known_by_surname_alone():
    # no break after the name: the run-on goes straight on with 我们
    assert find_employer("我在工地干活的包工头是个姓符的叫符老四我们都管他叫四哥") == "包工头符老四"
    assert find_employer("工头叫罗大贵我们六个人跟他干了半年 欠钱不给") == "工头罗大贵"
    # the name unknown, the surname known
    assert find_employer("搞装修的老板欠俺三个月钱 老板叫啥不知道 就知道姓贺") == "贺老板"
