"""Storage: a real SQLite file (WAL), sequential case numbers per year, all-or-nothing writes."""

from datetime import datetime, timezone

import pytest

from cases import IncompleteComplaint, InvalidPhone, add_attachment, case_events, get_case, open_case, open_db
from cases.numbers import MonthsOwed, Period, Quantity
from tests.cases_helpers import complaint



def test_database_is_a_wal_file_with_the_cases_tables(db, tmp_path):
    assert db.journal_mode == "wal"
    assert {"cases", "case_events", "case_links", "attachments", "offices", "case_notifications"} <= set(db.table_names())
    reopened = open_db(tmp_path / "huxin.db")  # migrations are applied once, not twice
    assert [m["name"] for m in reopened["_sqlite_migrations"].rows_where("migration_set = 'cases'")] == [
        "m001_cases_tables", "m002_load_shipped_offices", "m003_staff_work", "m004_access_codes", "m005_period_months",
    ]


def test_case_numbers_are_sequential_per_year(db):
    june = datetime(2026, 6, 1, tzinfo=timezone.utc)
    numbers = [open_case(db, complaint(f"web:{i}", employer=f"公司{i}"), now=june).case_number for i in range(3)]
    assert numbers == ["HX-2026-000001", "HX-2026-000002", "HX-2026-000003"]
    next_year = open_case(db, complaint("web:9", employer="别的公司"), now=datetime(2027, 1, 2, tzinfo=timezone.utc))
    assert next_year.case_number == "HX-2027-000001"


def test_new_year_in_china_starts_a_new_sequence_before_utc_does(db):
    # 2026-12-31 17:00 UTC is already 2027-01-01 01:00 in Beijing
    opened = open_case(db, complaint(), now=datetime(2026, 12, 31, 17, 0, tzinfo=timezone.utc))
    assert opened.case_number.startswith("HX-2027-")


def test_opened_case_keeps_values_approximate_flags_and_first_event(db):
    owed = MonthsOwed(Quantity(4), Period("3月到6月", "2026-03", "2026-06"))
    opened = open_case(db, complaint(amount=Quantity(80000, True), workers_count="15个左右", months=owed))
    case = get_case(db, opened.case_number)
    assert (case["amount"], case["amount_approximate"]) == (80000, 1)
    assert (case["workers_count"], case["workers_approximate"]) == (15, 1)  # text goes through the number parser
    assert (case["months"], case["period"], case["period_start"], case["period_end"]) == (4, "3月到6月", "2026-03", "2026-06")
    assert case["status"] == "待受理" and case["phone_last4"] == "5678"
    assert [(e["status_from"], e["status_to"], e["actor"]) for e in case_events(db, case["id"])] == [(None, "待受理", "worker")]


def test_anonymous_clue_has_no_name_and_is_flagged(db):
    case = open_case(db, complaint(worker_name="匿名")).case
    assert case["anonymous"] == 1 and case["worker_name"] is None


def test_failed_open_leaves_nothing_behind(db):
    with pytest.raises(InvalidPhone):
        open_case(db, complaint(phone="12345"))
    with pytest.raises(IncompleteComplaint, match="amount"):
        open_case(db, complaint(amount=None))
    assert db["cases"].count == 0 and db["case_events"].count == 0
    assert open_case(db, complaint()).case_number.endswith("-000001")  # no number was burnt


def test_photos_sent_before_confirming_join_the_case(db):
    add_attachment(db, chat_key="telegram:100", kind="photo", file_ref="tg-file-1", caption="欠条")
    add_attachment(db, chat_key="telegram:999", kind="photo", file_ref="tg-file-2")
    case = open_case(db, complaint("telegram:100")).case
    assert [a["file_ref"] for a in db["attachments"].rows_where("case_id = ?", [case["id"]])] == ["tg-file-1"]


def _open_many(args):
    path, worker = args
    database = open_db(path)
    numbers = [open_case(database, complaint(f"web:{worker}-{i}", employer=f"公司{worker}-{i}")).case_number for i in range(10)]
    database.close()
    return numbers


def test_two_processes_opening_cases_at_once_get_distinct_sequential_numbers(tmp_path):
    import multiprocessing

    path = tmp_path / "huxin.db"
    open_db(path).close()
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_open_many, [(path, "a"), (path, "b")])
    numbers = sorted(n for batch in results for n in batch)
    assert len(set(numbers)) == 20
    assert [int(n.rsplit("-", 1)[1]) for n in numbers] == list(range(1, 21))
