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

__all__ = ["Location", "parse_location", "district_named_alone"]

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
        # 北川羌族自治县 → 北川; 管城回族区 → 管城 (workers say 管城区)
        short = _DISTRICT_SUFFIX.sub("", re.sub(_ETHNIC + r"+(?=(?:自治(?:县|旗)|区)$)", "", info.name))
        if len(short) < 2:
            continue
        index.setdefault(info.adcode[:4], []).append((short, info.name, info.adcode))
    return index


_ETHNIC = (r"(?:羌族|土家族|苗族|侗族|彝族|回族|藏族|壮族|瑶族|畲族|满族|蒙古族|黎族|傣族|哈尼族|白族|纳西族|布依族|水族|仡佬族|"
           r"仫佬族|毛南族|各族|朝鲜族|哈萨克族|锡伯族|达斡尔族|鄂温克族|土族|撒拉族|保安族|东乡族|裕固族|拉祜族|佤族|傈僳族|独龙族|"
           r"怒族|普米族|景颇族|阿昌族|德昂族|基诺族|布朗族|鄂伦春族)")


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
    ("4110", "建安区", "411003"), ("3611", "广信区", "361104"), ("1304", "永年区", "130408"), ("1304", "肥乡区", "130407"),
    ("1402", "平城区", "140213"), ("1402", "云冈区", "140214"), ("3506", "龙海区", "350604"),
    ("6108", "神木市", "610881"), ("1305", "信都区", "130503"), ("1305", "任泽区", "130505"), ("1305", "南和区", "130506"),
    ("5106", "罗江区", "510604"), ("5115", "叙州区", "511504"), ("4305", "邵东市", "430582"), ("4301", "宁乡市", "430182"),
    ("500", "开州区", "500154"),
]
# Zones a worker names as the district though they are not one in the codes (经开区, 航空港区, 两江新区, 仲恺高新区,
# 兰州新区): kept as written, beside the city cpca found.
_ZONE = re.compile(r"([\u4e00-\u9fa5]{2})?(经开区|高新区|航空港区|空港区|新区|工业园区|经济开发区|新站区|伊滨区|净月区)")
_ZONE_KEEPS_CITY = ("工业园区",)  # 苏州工业园区: the zone's own name starts with its city


def _newer_district(text: str, adcode: str | None) -> tuple[str, str] | None:
    if not adcode:
        return None
    for prefix, name, code in _NEWER_DISTRICTS:
        if adcode.startswith(prefix) and name[:-1] in text:
            return name, code
    return None


def _named_in(text: str, *names: str | None) -> bool:
    """Whether the text itself names one of the levels found (by its short name)."""
    for name in names:
        if name:
            short = re.sub(r"(?:维吾尔|回族|壮族|苗族侗族|土家族苗族|藏族|蒙古族|朝鲜族|彝族|白族|傣族|哈尼族彝族)?(?:自治区|自治州|自治县|省|市|区|县|旗|盟|地区)$", "", name)
            if short and short[:2] in text:
                return True
    return False


def _cpca_record(text: str) -> dict:
    """cpca's reading of one text: its 省 / 市 / 区 / 地址 / adcode, the row ``cpca.transform([text])`` returns.

    transform() wraps each call's rows in a pandas DataFrame and reorders its columns: for one short text that was
    two thirds of the time this parser takes, and it runs on every message a worker types (cases.opening sorts
    each one). The record underneath is cpca's own ``_get_one_addr``; tests/test_cases_location.py checks that
    both give the same fields, so a cpca upgrade that changes it fails there, not in a worker's case."""
    return cpca._get_one_addr(text, False, {})


def parse_location(text: str) -> Location | None:
    """The location a message names, or None if it names no province, city or district."""
    if not text or not text.strip():
        return None
    row = _cpca_record(text)
    province, city, district = _clean(row["省"]), _clean(row["市"]), _clean(row["区"])
    adcode = _clean(row["adcode"])
    detail = _clean(row["地址"]) or ""
    if not (province or city or district):
        return None
    if province in _MUNICIPALITIES:
        city = province
    if district and city and _DISTRICT_SUFFIX.sub("", district)[:2] == city[:2] and adcode:
        # cpca reads 昌吉州呼图壁县 as 昌吉市 (the seat shares the prefecture's name): a named county wins
        for short, full, code in _districts_by_city().get(adcode[:4], []):
            if short in text and full != district and short[:2] != city[:2]:
                district, adcode = full, code
                break
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
    if not _named_in(text, province, city, district):
        return None  # cpca reads a bare 县 (县城, 本县) as 重庆's 县: no place is named
    zone = _ZONE.search(text)
    zone_name = None
    if zone and city:
        prefix = zone.group(1) or ""
        if re.search(r"[在的是了那个到去来年月里边我们俺]", prefix) or (
                prefix == city[:2] and zone.group(2) not in ("新区", *_ZONE_KEEPS_CITY)):
            prefix = ""  # 在经开区 / 郑州航空港区 → 航空港区; 兰州新区 and 两江新区 keep their first word
        zone_name = prefix + zone.group(2)
        if zone.group(1) == city[:2] and district and district[:2] not in text[zone.start(): zone.end() + 2]:
            district = None  # 郑州航空港区 … 中原建工: the zone beside the city, not a district read from a company's name
    if district is None and city:
        plain = re.search(re.escape(city[:2]) + r"([\u4e00-\u9fa5]{2}区)", text)
        if plain and city in ("东莞市", "中山市", "儋州市", "嘉峪关市"):
            district = plain.group(1)  # 东莞南城区: cities without districts, whose towns workers call districts
        elif zone_name:
            district = zone_name
    newer = _newer_district(text, adcode)
    if newer and (district is None or district[:2] == newer[0][:2] or district in newer[0]):  # 大同城区 → 平城区
        district, adcode = newer
        if city is None:
            city = _name_of(adcode[:4] + "00")
    return Location(province, city, district, adcode, detail.strip())


@lru_cache(maxsize=1)
def _districts_alone() -> tuple[re.Pattern[str], dict[str, str]]:
    """Districts (区) whose short name no other district shares: short name → adcode6, and a pattern that finds one
    right after 在 / 喺 ("在番禺一个仓库", "在宝安打螺丝"). cpca knows 昆山 and 义乌 without 市 but not 番禺 or 宝安
    without 区."""
    by_short: dict[str, list[str]] = {}
    for districts in _districts_by_city().values():
        for short, full, code in districts:
            if full.endswith("区"):
                by_short.setdefault(short, []).append(code)
    unique = {short: codes[0] for short, codes in by_short.items() if len(codes) == 1}
    names = "|".join(sorted(unique, key=len, reverse=True))
    # a town, village, road or street of the same name is somewhere else (长安镇 is in 东莞, not 西安's 长安区)
    return re.compile(rf"(?:在|喺)({names})(?![镇乡村路街道巷大])"), unique


def district_named_alone(text: str) -> Location | None:
    """The district a worker names without 区 or a city ("在番禺一个仓库打包"), when its short name is one district's
    only; None otherwise."""
    pattern, unique = _districts_alone()
    found = pattern.search(text or "")
    if not found:
        return None
    code = unique[found.group(1)]
    province = _name_of(code[:2] + "0000")
    city = province if province in _MUNICIPALITIES else _name_of(code[:4] + "00")
    return Location(province=province, city=city, district=_name_of(code), adcode=code)
