"""`python -m cases` mirrors the library: list, show (phone masked), status (notifies), extract."""

import json
import subprocess
import sys

import pytest

from cases import notifications, open_case, open_db
from tests.cases_helpers import complaint


def cli(db_path, *args):
    done = subprocess.run(
        [sys.executable, "-m", "cases", "--db", str(db_path), *args], capture_output=True, text=True, timeout=60
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "huxin.db"
    db = open_db(path)
    open_case(db, complaint("telegram:5", employer="甲公司", workers_count="12"))
    open_case(db, complaint("telegram:6", employer="乙公司"))
    db.close()
    return path


def test_list_filters_by_colour(db_path):
    code, out, _ = cli(db_path, "list", "--colour", "红")
    assert code == 0 and "HX-" in out and "甲公司" in out and "乙公司" not in out


def test_show_masks_the_phone(db_path):
    number = next(open_db(db_path)["cases"].rows)["case_number"]
    code, out, _ = cli(db_path, "show", number)
    assert code == 0 and "138****5678" in out and "13812345678" not in out


def test_status_change_from_the_cli_notifies_the_worker(db_path):
    number = next(open_db(db_path)["cases"].rows_where("employer = '乙公司'"))["case_number"]
    code, out, _ = cli(db_path, "status", number, "已受理", "--actor", "staff:cli")
    assert code == 0 and "已受理" in out
    assert [n.chat_key for n in notifications.pending(open_db(db_path))] == ["telegram:6"]


def test_invalid_transition_is_a_readable_error(db_path):
    number = next(open_db(db_path)["cases"].rows)["case_number"]
    code, _, err = cli(db_path, "status", number, "已回访", "--actor", "staff:cli")
    assert code == 1 and "allowed next" in err


def test_extract_prints_the_fields_of_a_message(tmp_path):
    code, out, _ = cli(tmp_path / "x.db", "extract", "俺们一共9个人在北京大兴给人装修别墅 欠了七万三 电话13812345678")
    fields = json.loads(out)
    assert code == 0 and fields["amount"]["value"] == 73000 and fields["phone"] == "138****5678"
