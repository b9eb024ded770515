"""Write place_pinyin.tsv: the pinyin of every province, city and district short name in cpca's table.

English messages name places in pinyin ("Changsha, Hunan", "Shenzhen Bao'an"); cases.english_places reads them
through this table. The pinyin comes from jionlp (a well-kept parser that knows the readings of place names, 重庆 →
chong qing), which is not a dependency of 护薪: install it into a directory and point --jionlp-path at it.

    pip install --target /tmp/jionlp jionlp==1.5.31
    .venv/bin/python cases/data/make_place_pinyin.py --jionlp-path /tmp/jionlp
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path

OUT = Path(__file__).with_name("place_pinyin.tsv")
_SUFFIX = re.compile(r"(?:壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区|自治州|自治县|新区|地区|省|市|区|县|盟|旗)$")


# Readings jionlp gets wrong for place names, and names English uses instead of the pinyin.
_READINGS = {"朝阳": "chaoyang", "陕西": "shaanxi", "内蒙古": "innermongolia", "西藏": "tibet", "蚌埠": "bengbu"}


def short(name: str) -> str:
    stripped = _SUFFIX.sub("", name)
    return stripped if len(stripped) >= 2 else name


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jionlp-path", required=True)
    args = parser.parse_args()
    sys.path.append(args.jionlp_path)
    import jionlp

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca
    rows = set()
    for info in cpca.ad_2_addr_dict.values():
        name = short(info.name)
        if not re.fullmatch(r"[\u4e00-\u9fa5]{2,6}", name):
            continue
        key = _READINGS.get(name) or "".join(
            re.sub(r"[0-9]", "", syllable) for syllable in jionlp.pinyin(name, formater="simple")
        )
        if re.fullmatch(r"[a-z]+", key):
            rows.add((key, info.rank, info.adcode[:6], info.name))
    lines = ["# pinyin\trank (0 province, 1 city, 2 district)\tadcode\tname — made by make_place_pinyin.py"]
    lines += [f"{key}\t{rank}\t{code}\t{name}" for key, rank, code, name in sorted(rows)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} places → {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
