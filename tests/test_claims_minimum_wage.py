"""The demo minimum-wage table: clearly marked demo and dated, looked up by place inside free text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from claims import minimum_wage
from claims.minimum_wage import MinimumWageTableError


def test_table_is_marked_demo_and_dated():
    figures = [figure for _, figure in minimum_wage.load_table()]
    assert len(figures) >= 5
    for figure in figures:
        assert figure.demo is True
        assert figure.effective_from <= figure.compiled_on <= dt.date.today()
        assert figure.monthly > Decimal("1000")
        assert "演示数据" in figure.describe() and figure.compiled_on.isoformat() in figure.describe()
    text = minimum_wage.DEMO_TABLE.read_text(encoding="utf-8")
    assert "DEMO FIGURES" in text and "source:" in text


@pytest.mark.parametrize(
    "text, place", [("深圳宝安区", "深圳"), ("我在上海市浦东干活", "上海"), ("北京大兴", "北京"), ("杭州", "杭州")]
)
def test_lookup_finds_the_place_in_free_text(text, place):
    assert minimum_wage.lookup(text).place == place


@pytest.mark.parametrize("text", ["", None, "拉萨", "老家"])
def test_unknown_places_give_none_not_a_guess(text):
    assert minimum_wage.lookup(text) is None


def test_a_broken_table_raises_a_named_error(tmp_path):
    broken = tmp_path / "table.yml"
    broken.write_text("demo: true\ncompiled_on: 2025-06-01\nentries:\n  - place: 某地\n", encoding="utf-8")
    with pytest.raises(MinimumWageTableError, match="missing or malformed"):
        minimum_wage.load_table(broken)
