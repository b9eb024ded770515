"""`python -m claims`: the calculator and the documents from the command line, as a separate process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claims", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_calculate_prints_steps_total_and_disclaimer():
    result = run("calculate", "severance", "--wage", "2000", "--months", "27", "--city", "深圳")
    assert result.returncode == 0, result.stderr
    assert "2360.00元 × 2.5个月 = 5900.00元" in result.stdout
    assert "演示数据" in result.stdout
    assert "这是估算，不构成法律意见" in result.stdout


def test_calculate_json_matches_the_library():
    result = run("calculate", "no-contract", "--wage", "5000", "--months", "14", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == "55000.00"


def test_bad_input_exits_2_with_the_reason():
    result = run("calculate", "unpaid", "--wage", "-300", "--per", "day", "--worked", "20")
    assert result.returncode == 2
    assert "不能是负数" in result.stderr


def test_documents_from_a_case_file(tmp_path):
    facts = tmp_path / "case.json"
    facts.write_text(json.dumps({"worker_name": "张三", "employer": "某某公司", "amount": 5000}), encoding="utf-8")
    result = run("documents", "--facts", str(facts), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "arbitration.docx", "arbitration.pdf", "complaint.docx", "complaint.pdf"]
