"""Work location: province / city / district normalised with cpca (China's administrative codes).

cpca recognises full names and city short names (格尔木 → 格尔木市). Workers also drop the 区/县 of a district
("北京大兴"), so when cpca found the city but no district we look for a district short name inside that city.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

with warnings.catch_warnings():  # cpca imports the deprecated pkg_resources
    warnings.simplefilter("ignore")
    import cpca

__all__ = ["Location", "parse_location"]

_MUNICIPALITIES = {"北京市", "上海市", "天津市", "重庆市"}
_DISTRICT_SUFFIX = re.compile(r"(新区|自治县|自治旗|林区|特区|区|县|市|旗)$")


@dataclass(frozen=True)
class Location:
    province: str | None = None
    city: str | None = None
    district: str | None = None
    adcode: str | None = None
    detail: str = ""  # what was left after the administrative names (street, site)

    @property
    def label(self) -> str:
        """"北京市大兴区", "广东省中山市", "青海省格尔木市" — what a worker and staff read."""
        parts: list[str] = []
        for part in (self.province, self.city, self.district):
            if part and part not in parts:
                parts.append(part)
        return "".join(parts)

    @property
    def key(self) -> str:
        """Stable key for duplicate detection: the most precise adcode known, else the label."""
        return self.adcode or self.label

    def as_dict(self) -> dict[str, str | None]:
        return {
            "province": self.province,
            "city": self.city,
            "district": self.district,
            "adcode": self.adcode,
            "label": self.label,
        }


def _clean(value: object) -> str | None:
    if value is None or (isinstance(value, float)) or value == "" or value == "市辖区":
        return None
    return str(value)


@lru_cache(maxsize=1)
def _districts_by_city() -> dict[str, list[tuple[str, str, str]]]:
    """city adcode prefix (4 digits) → [(short name, full name, adcode6)] for districts and counties."""
    index: dict[str, list[tuple[str, str, str]]] = {}
    for code, info in cpca.ad_2_addr_dict.items():
        if info.rank != 2:
            continue
        short = _DISTRICT_SUFFIX.sub("", info.name)
        if len(short) < 2:
            continue
        index.setdefault(info.adcode[:4], []).append((short, info.name, info.adcode))
    return index


def _name_of(adcode6: str) -> str | None:
    info = cpca.ad_2_addr_dict.get(adcode6 + "000000")
    return info.name if info else None


# Districts made or renamed after cpca's table was drawn (State Council approvals 2016–2021): city adcode prefix,
# full name, adcode. Without them "深圳龙华区" stops at 深圳市 and "南通海门区" comes back as the old 海门市.
_NEWER_DISTRICTS = [
    ("4403", "龙华区", "440309"), ("4403", "坪山区", "440310"), ("4403", "光明区", "440311"),
    ("5101", "郫都区", "510117"), ("5101", "新津区", "510118"),
    ("3206", "海门区", "320614"),
    ("3701", "章丘区", "370114"), ("3701", "济阳区", "370115"), ("3701", "莱芜区", "370116"), ("3701", "钢城区", "370117"),
    ("3301", "临安区", "330112"), ("3301", "临平区", "330113"), ("3301", "钱塘区", "330114"),
    ("6101", "鄠邑区", "610118"),
    ("3501", "长乐区", "350112"),
    ("5301", "晋宁区", "530115"),
    ("3702", "即墨区", "370215"),
    ("3601", "红谷滩区", "360113"),
    ("3302", "奉化区", "330213"),
    ("500", "梁平区", "500155"), ("500", "武隆区", "500156"),
]


def _newer_district(text: str, adcode: str | None) -> tuple[str, str] | None:
    if not adcode:
        return None
    for prefix, name, code in _NEWER_DISTRICTS:
        if adcode.startswith(prefix) and name[:-1] in text:
            return name, code
    return None


def parse_location(text: str) -> Location | None:
    """The location a message names, or None if it names no province, city or district."""
    if not text or not text.strip():
        return None
    row = cpca.transform([text]).iloc[0]
    province, city, district = _clean(row["省"]), _clean(row["市"]), _clean(row["区"])
    adcode = _clean(row["adcode"])
    detail = _clean(row["地址"]) or ""
    if not (province or city or district):
        return None
    if province in _MUNICIPALITIES:
        city = province
    if district is None and adcode:
        prefix = adcode[:4] if not adcode.endswith("0000") else adcode[:2]
        for short, full, code in sorted(
            (d for key, ds in _districts_by_city().items() if key.startswith(prefix) for d in ds),
            key=lambda d: -len(d[0]),
        ):
            # cpca reads the last mention of a city ("大连金州…大连鑫海劳务"), so the district may stand before it
            if short in detail or (short in text and short not in (city or "") + (province or "")):
                district, adcode = full, code
                if city is None:
                    city = province if province in _MUNICIPALITIES else _name_of(code[:4] + "00")
                detail = detail.replace(short, "", 1)
                break
    newer = _newer_district(text, adcode)
    if newer and (district is None or district[:2] == newer[0][:2]):
        district, adcode = newer
        if city is None:
            city = _name_of(adcode[:4] + "00")
    return Location(province, city, district, adcode, detail.strip())
