"""Dev-set labels: "劳动合同法第十九条" or an alias ("条例第三十条") → (document short title, article)."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

HERE = Path(__file__).parent
ALIASES = {
    "条例": "保障农民工工资支付条例",
    "仲裁法": "劳动争议调解仲裁法",
    "实施条例": "劳动合同法实施条例",
    "监察条例": "劳动保障监察条例",
    "暂行规定": "工资支付暂行规定",
    "解释一": "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）",
    "解释二": "最高人民法院关于审理劳动争议案件适用法律问题的解释（二）",
    "刑事解释": "最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释",
    # dev3.yml's short names
    "劳动争议解释一": "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）",
    "劳动争议解释二": "最高人民法院关于审理劳动争议案件适用法律问题的解释（二）",
    "拒不支付劳动报酬刑事解释": "最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释",
}
LABEL = re.compile(r"^(.+?)(第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)$")


def parse_label(label: str) -> tuple[str, str]:
    m = LABEL.match(label.strip())
    if not m:
        raise ValueError(f"label {label!r} is not like 劳动合同法第十九条")
    return ALIASES.get(m.group(1), m.group(1)), m.group(2)


def load_dev2(path: Path | None = None) -> list[tuple[str, set[tuple[str, str]]]]:
    data = yaml.safe_load((path or HERE / "dev2.yml").read_text(encoding="utf-8"))
    return [(item["q"], {parse_label(a) for a in item["a"]}) for item in data]


def load_dev3(path: Path | None = None) -> list[tuple[str, set[tuple[str, str]]]]:
    """dev3.yml: items with `text` and `articles` like "劳动合同法#第十九条" (empty: nothing should answer)."""
    data = yaml.safe_load((path or HERE / "dev3.yml").read_text(encoding="utf-8"))
    return [(item["text"], {parse_label(a.replace("#", "")) for a in item["articles"]}) for item in data]


def cites(entry: dict, articles: set[tuple[str, str]]) -> bool:
    """The entry (card or chunk) cites one of the expected articles."""
    return any((c["document"], c.get("article")) in articles for c in entry["citations"])


def load_blind(directory: Path | None = None) -> list[tuple[str, frozenset[str]]]:
    """bench/blind's rights questions (frozen: measured here, never tuned on) with their labels as that bench writes
    them, "劳动合同法#第十九条"; judged with ``cites_labelled``."""
    directory = directory or HERE.parent / "blind"
    items = [item for name in ("rights_a.yml", "rights_b.yml")
             for item in yaml.safe_load((directory / name).read_text(encoding="utf-8"))]
    return [(item["text"], frozenset(item.get("articles") or [])) for item in items]


def cites_labelled(entry: dict, labels: frozenset[str]) -> bool:
    """The entry cites one of the labelled articles, naming documents as bench/blind does (short names, each article
    of a citation such as 第三十八条、第四十六条 on its own): the same judge as the blind bench's replies."""
    from bench.blind.run import ARTICLE, short_law

    return any(f"{short_law(c['document'])}#{article}" in labels
               for c in entry["citations"] if short_law(c["document"])
               for article in ARTICLE.findall(c.get("article") or ""))
