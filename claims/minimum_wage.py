"""Local monthly minimum wages from a small, dated table of DEMO figures (claims/data/minimum_wage_demo.yml).

The figures are for demonstration: every reply that uses one says so and gives its date, and the worker can
give the real figure instead. The table is looked up by place name inside free text ("深圳宝安区" -> 深圳).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

DEMO_TABLE = Path(__file__).parent / "data" / "minimum_wage_demo.yml"


class MinimumWageTableError(ValueError):
    """The minimum-wage table file is missing a field or has a bad figure."""


@dataclass(frozen=True)
class MinimumWage:
    place: str
    monthly: Decimal
    effective_from: dt.date
    announced_by: str
    demo: bool
    compiled_on: dt.date

    def describe(self) -> str:
        """How a reply names the figure, e.g. "深圳月最低工资2360元（自2022-12-01起；演示数据，...）"."""
        label = f"演示数据，整理于{self.compiled_on.isoformat()}，请向当地人社局核实" if self.demo else self.announced_by
        return f"{self.place}月最低工资{self.monthly}元（自{self.effective_from.isoformat()}起；{label}）"


@lru_cache(maxsize=4)
def load_table(path: Path = DEMO_TABLE) -> tuple[tuple[tuple[str, ...], MinimumWage], ...]:
    """(names, figure) pairs from the YAML table; names are the place and its aliases."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    try:
        demo = bool(data["demo"])
        compiled_on = _date(data["compiled_on"])
        rows = []
        for entry in data["entries"]:
            figure = MinimumWage(
                place=entry["place"],
                monthly=Decimal(str(entry["monthly"])),
                effective_from=_date(entry["effective_from"]),
                announced_by=entry["announced_by"],
                demo=demo,
                compiled_on=compiled_on,
            )
            if figure.monthly <= 0:
                raise MinimumWageTableError(f"{path}: {figure.place} has a non-positive minimum wage")
            rows.append(((entry["place"], *entry.get("aliases", ())), figure))
    except (KeyError, TypeError) as error:
        raise MinimumWageTableError(f"{path}: missing or malformed field {error}") from None
    return tuple(rows)


def lookup(text: str | None, path: Path = DEMO_TABLE) -> MinimumWage | None:
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


def places(path: Path = DEMO_TABLE) -> list[str]:
    return [figure.place for _, figure in load_table(path)]


def _date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
