"""Issue 14, minimum wages: every figure says its effective date, source and whether it was checked, replies add
"以当地人社部门公布为准", and admins correct figures from the CLI and the console (with an audit entry)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import yaml

from claims import minimum_wage, questions
from claims.__main__ import main
from claims.calculator import calculate
from claims.explain import format_estimate
from claims.minimum_wage import AUTHORITY_NOTE, InvalidMinimumWage
from console import audit
from tests.console_helpers import ADMIN_PASSWORD, csrf_token, login


@pytest.fixture
def live_table(tmp_path, monkeypatch):
    path = tmp_path / "minimum_wage.yml"
    monkeypatch.setenv("HUXIN_MINIMUM_WAGE_TABLE", str(path))
    return path


def test_shipped_rows_carry_date_source_and_unverified_mark(live_table):
    assert not live_table.exists()  # nothing set yet: the shipped table is read
    for _, figure in minimum_wage.load_table():
        text = figure.describe()
        assert figure.source and not figure.verified
        assert f"自{figure.effective_from.isoformat()}起执行" in text
        assert f"整理于{figure.compiled_on.isoformat()}，未经核实" in text
        assert AUTHORITY_NOTE in text and figure.source in text
    shenzhen = minimum_wage.lookup("深圳宝安")
    assert shenzhen.monthly == Decimal("2360")  # the figure itself is kept as compiled


def test_calculator_reply_says_the_date_and_defers_to_the_local_bureau(live_table):
    answers = {"calc_kind": "unpaid_wages", "calc_wage": "2000", "calc_wage_basis": "monthly", "calc_worked": "3",
               "calc_paid": "0", "calc_city": "深圳"}
    estimate = calculate(questions.build_input(answers), notes=[questions.minimum_wage_note(answers)])
    reply = format_estimate(estimate)
    assert "自2022-12-01起执行" in reply and "以当地人社部门公布为准" in reply and "未经核实" in reply


def test_set_replaces_a_figure_keeps_the_rest_and_logs_it(live_table):
    figure = minimum_wage.set_figure("深圳", "2520", "2025-03-01", "广东省人民政府 调整最低工资标准的通知",
                                     verified=True, by="tester", today=dt.date(2025, 4, 1))
    assert figure.monthly == Decimal("2520") and figure.verified
    assert "核实于2025-04-01" in figure.describe() and AUTHORITY_NOTE in figure.describe()
    assert minimum_wage.lookup("深圳市南山区").monthly == Decimal("2520")  # the next reply uses it
    assert minimum_wage.lookup("上海").monthly == Decimal("2690")
    data = yaml.safe_load(live_table.read_text(encoding="utf-8"))
    assert data["history"] == [
        "2025-04-01 tester: 深圳 2360元/自2022-12-01 -> 2520元/自2025-03-01（已核实；广东省人民政府 调整最低工资标准的通知）"]
    minimum_wage.set_figure("拉萨", "2100", "2024-01-01", "西藏自治区人民政府", verified=False, by="tester")
    assert minimum_wage.lookup("拉萨市").place == "拉萨"
    assert "未经核实" in minimum_wage.lookup("拉萨").describe()


@pytest.mark.parametrize(
    "place, monthly, effective, source, message",
    [("深圳", "25200", "2025-03-01", "某通知", "多写了一个0"), ("深圳", "两千", "2025-03-01", "某通知", "不是数字"),
     ("深圳", "2520", "3/1/2025", "某通知", "2025-10-01"), ("深圳", "2520", "2025-03-01", " ", "来源"),
     ("", "2520", "2025-03-01", "某通知", "地名")],
)
def test_bad_updates_are_refused_and_nothing_is_written(live_table, place, monthly, effective, source, message):
    with pytest.raises(InvalidMinimumWage, match=message):
        minimum_wage.set_figure(place, monthly, effective, source, verified=False, by="tester")
    assert not live_table.exists()


def test_cli_sets_and_lists(live_table, capsys):
    assert main(["minimum-wage", "set", "--place", "杭州", "--monthly", "2590", "--effective", "2025-01-01",
                 "--source", "浙江省人民政府通知", "--by", "ops"]) == 0
    assert "杭州月最低工资2590元（自2025-01-01起执行" in capsys.readouterr().out
    assert main(["minimum-wage", "list"]) == 0
    listed = capsys.readouterr().out
    assert "杭州月最低工资2590元" in listed and "北京月最低工资2420元" in listed
    assert "cli:ops: 杭州 2490元/自2024-03-01 -> 2590元/自2025-01-01" in live_table.read_text(encoding="utf-8")
    assert main(["minimum-wage", "set", "--place", "杭州", "--monthly", "259", "--effective", "2025-01-01",
                 "--source", "x"]) == 2
    assert "不在500–10000元之间" in capsys.readouterr().err


def test_console_admin_updates_a_figure_with_an_audit_entry(console, live_table):
    login(console, "admin", ADMIN_PASSWORD)
    page = console.get("/console/minimum-wage").text
    assert "深圳" in page and "未经核实" in page and "2022-12-01" in page
    response = console.post("/console/minimum-wage", data={
        "csrf_token": csrf_token(console), "place": "深圳", "monthly": "2520", "effective_from": "2025-03-01",
        "source": "广东省人民政府通知", "verified": "1"}, follow_redirects=False)
    assert response.status_code == 303
    page = console.get("/console/minimum-wage").text
    assert '<tr data-place="深圳"><td>深圳</td><td>2520 元</td><td>2025-03-01</td>' in page
    entry = audit.recent(console.app.state.console_db, action="minimum_wage.set")[0]
    assert entry["username"] == "admin" and entry["target"] == "深圳" and "2520元" in entry["detail"]
    bad = console.post("/console/minimum-wage", data={
        "csrf_token": csrf_token(console), "place": "深圳", "monthly": "25", "effective_from": "2025-03-01",
        "source": "x"})
    assert bad.status_code == 400 and "多写了一个0" in bad.text
    assert minimum_wage.lookup("深圳").monthly == Decimal("2520")  # the accepted figure is not lost
