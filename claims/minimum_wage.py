"""Local monthly minimum wages from a small, dated table, looked up by place name inside free text
("深圳宝安区" -> 深圳).

The shipped table (claims/data/minimum_wage_demo.yml) holds DEMO figures written down without an online check.
Every row carries the date its figure took effect, its source, the date it was compiled and whether someone has
checked it; every reply that uses a figure says all of that and "以当地人社部门公布为准".

Admins update figures with `python -m claims minimum-wage set …` or the console's 最低工资 page. An update is
written to the live table (`table_path()`: $HUXIN_MINIMUM_WAGE_TABLE, else $HUXIN_DATA_DIR/minimum_wage.yml),
which starts as a copy of the shipped one, and appends a line to the table's own `history`.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from core import clock
from core.settings import settings

DEMO_TABLE = Path(__file__).parent / "data" / "minimum_wage_demo.yml"
AUTHORITY_NOTE = "以当地人社部门公布为准"
# A monthly minimum outside this range is a typo (a daily or hourly figure, an extra zero), not a standard.
PLAUSIBLE = (Decimal("500"), Decimal("10000"))


class MinimumWageTableError(ValueError):
    """The minimum-wage table file is missing a field or has a bad figure."""


class InvalidMinimumWage(ValueError):
    """An update an admin asked for cannot be stored; the message says which field and why."""


@dataclass(frozen=True)
class MinimumWage:
    place: str
    monthly: Decimal
    effective_from: dt.date
    announced_by: str
    demo: bool
    compiled_on: dt.date
    source: str = ""
    verified: bool = False

    def describe(self) -> str:
        """How a reply names the figure: the amount, when it took effect, where it comes from and how sure it is.

        e.g. "深圳月最低工资2360元（自2022-12-01起执行；来源：广东省人民政府；演示数据，整理于2025-06-01，未经核实；
        以当地人社部门公布为准）"
        """
        if self.verified:
            status = f"核实于{self.compiled_on.isoformat()}"
        else:
            status = f"{'演示数据，' if self.demo else ''}整理于{self.compiled_on.isoformat()}，未经核实"
        source = self.source or self.announced_by
        return (
            f"{self.place}月最低工资{self.monthly}元（自{self.effective_from.isoformat()}起执行；来源：{source}；"
            f"{status}；{AUTHORITY_NOTE}）"
        )


def table_path() -> Path:
    """The live table: the admin-maintained copy once there is one, else the shipped demo table."""
    live = writable_path()
    return live if live.exists() else DEMO_TABLE


def writable_path() -> Path:
    """Where an update goes: never the shipped file inside the package."""
    return settings().minimum_wage_table


_CACHE: dict[Path, tuple[tuple[int, int], tuple]] = {}


def load_table(path: Path | None = None) -> tuple[tuple[tuple[str, ...], MinimumWage], ...]:
    """(names, figure) pairs from the YAML table; names are the place and its aliases. Re-read when the file
    changes, so an update from the console or the CLI is used by the next reply."""
    path = Path(path) if path is not None else table_path()
    try:
        stat = path.stat()
        mtime = (stat.st_mtime_ns, stat.st_size)
    except OSError as error:
        raise MinimumWageTableError(f"{path}: cannot read the minimum-wage table: {error}") from None
    cached = _CACHE.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    rows = _parse(yaml.safe_load(path.read_text(encoding="utf-8")), path)
    _CACHE[path] = (mtime, rows)
    return rows


def _parse(data: object, path: Path) -> tuple[tuple[tuple[str, ...], MinimumWage], ...]:
    try:
        demo = bool(data["demo"])  # type: ignore[index]
        compiled_on = _date(data["compiled_on"])  # type: ignore[index]
        table_source = str(data.get("source") or "")  # type: ignore[union-attr]
        rows = []
        for entry in data["entries"]:  # type: ignore[index]
            figure = MinimumWage(
                place=entry["place"],
                monthly=Decimal(str(entry["monthly"])),
                effective_from=_date(entry["effective_from"]),
                announced_by=entry["announced_by"],
                demo=bool(entry.get("demo", demo)),
                compiled_on=_date(entry.get("compiled_on", compiled_on)),
                source=str(entry.get("source") or table_source),
                verified=bool(entry.get("verified", False)),
            )
            if figure.monthly <= 0:
                raise MinimumWageTableError(f"{path}: {figure.place} has a non-positive minimum wage")
            rows.append(((entry["place"], *entry.get("aliases", ())), figure))
    except (KeyError, TypeError, AttributeError, InvalidOperation, ValueError) as error:
        if isinstance(error, MinimumWageTableError):
            raise
        raise MinimumWageTableError(f"{path}: missing or malformed field {error}") from None
    return tuple(rows)


def lookup(text: str | None, path: Path | None = None) -> MinimumWage | None:
    """The figure for the first place named in `text`, or None when the table has no such place."""
    if not text:
        return None
    # Longest name first, so an alias like 上海市 wins over a shorter name it contains.
    candidates = sorted(
        ((name, figure) for names, figure in load_table(path) for name in names), key=lambda p: -len(p[0])
    )
    for name, figure in candidates:
        if name in text:
            return figure
    return None


def places(path: Path | None = None) -> list[str]:
    return [figure.place for _, figure in load_table(path)]


def set_figure(
    place: str,
    monthly: object,
    effective_from: object,
    source: str,
    *,
    verified: bool,
    by: str,
    announced_by: str | None = None,
    aliases: tuple[str, ...] = (),
    today: dt.date | None = None,
    path: Path | None = None,
) -> MinimumWage:
    """Add or replace one place's figure in the live table and log the change in its `history`.

    `source`: where the figure was read (the announcement's title or address); `verified`: the admin checked it
    against that source today. Raises InvalidMinimumWage for a bad field; nothing is written then.
    """
    today = today or clock.china_today()
    place = (place or "").strip()
    source = (source or "").strip()
    by = (by or "").strip()
    if not place or len(place) > 20:
        raise InvalidMinimumWage("地名不能为空，也不能超过20个字，例如：深圳。")
    if not source:
        raise InvalidMinimumWage("请写明来源（发布单位和文件名称或网址），没有来源的数字不能用。")
    if not by:
        raise InvalidMinimumWage("请写明是谁修改的。")
    try:
        amount = Decimal(str(monthly).strip())
    except InvalidOperation:
        raise InvalidMinimumWage(f"月最低工资不是数字：{monthly!r}。") from None
    if not amount.is_finite() or not PLAUSIBLE[0] <= amount <= PLAUSIBLE[1]:
        raise InvalidMinimumWage(
            f"月最低工资{monthly}元不在{PLAUSIBLE[0]}–{PLAUSIBLE[1]}元之间，请检查是不是日、小时标准或多写了一个0。"
        )
    try:
        effective = _date(effective_from)
    except ValueError:
        raise InvalidMinimumWage(f"执行日期要写成 2025-10-01 这样：{effective_from!r}。") from None
    if effective > today + dt.timedelta(days=366):
        raise InvalidMinimumWage(f"执行日期{effective.isoformat()}太远了，请核对。")

    target = Path(path) if path is not None else writable_path()
    current = target if target.exists() else table_path()
    data = yaml.safe_load(current.read_text(encoding="utf-8"))
    _parse(data, current)  # refuse to build on a broken table
    entry = {
        "place": place,
        "aliases": list(aliases) or [f"{place}市"],
        "monthly": int(amount) if amount == amount.to_integral_value() else float(amount),
        "effective_from": effective,
        "announced_by": (announced_by or source).strip(),
        "source": source,
        "compiled_on": today,
        "verified": bool(verified),
        "demo": False,
    }
    entries = data["entries"]
    old = next((e for e in entries if e["place"] == place), None)
    if old is not None:
        entry["aliases"] = list(aliases) or old.get("aliases", entry["aliases"])
        entries[entries.index(old)] = entry
    else:
        entries.append(entry)
    before = f"{old['monthly']}元/自{old['effective_from']}" if old else "（无）"
    data.setdefault("history", []).append(
        f"{today.isoformat()} {by}: {place} {before} -> {entry['monthly']}元/自{effective.isoformat()}"
        f"（{'已核实' if verified else '未核实'}；{source}）"
    )
    _write_atomically(target, data)
    return next(figure for names, figure in load_table(target) if figure.place == place)


def _write_atomically(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Monthly minimum wages (月最低工资标准, yuan). Maintained with `python -m claims minimum-wage set` or the\n"
        "# console's 最低工资 page; rows with verified: false are unchecked (shipped demo figures included).\n"
    )
    text = header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp")
    try:
        with handle:
            handle.write(text)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())
