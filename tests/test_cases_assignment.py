"""Staff work on a case: assignment (internal), 转办 to a department (the worker is told where), and the amount
recovered entered at closing."""

import subprocess
import sys

import pytest

from cases import (
    InvalidTransition,
    MissingDepartment,
    RecoveredAmountNotAllowed,
    assign_case,
    case_events,
    change_status,
    get_case,
    notifications,
    open_case,
    open_db,
    transfer_case,
)
from cases.status_reply import status_reply
from tests.cases_helpers import complaint


def test_assignment_is_recorded_in_the_timeline_but_not_sent_to_the_worker(db):
    number = open_case(db, complaint("telegram:7")).case_number
    case = assign_case(db, number, "li", actor="staff:wang")
    assert case["assignee"] == "li" and case["assigned_at"]
    assign_case(db, number, "li", actor="staff:wang")  # the same person again: nothing new
    events = case_events(db, case["id"])
    assert [(e["kind"], e["assignee"], e["actor"]) for e in events[1:]] == [("assign", "li", "staff:wang")]
    assert notifications.pending(db) == []
    assert "li" not in status_reply(db, "telegram:7", "我的投诉咋样了")
    assert assign_case(db, number, "", actor="staff:wang")["assignee"] is None
    assert case_events(db, case["id"])[-1]["note"] == "取消指派"


def test_transfer_moves_the_case_records_the_department_and_tells_the_worker_politely(db):
    number = open_case(db, complaint("telegram:8")).case_number
    change_status(db, number, "已受理", actor="staff:li", notify=False)
    case = transfer_case(db, number, "住房和城乡建设局", actor="staff:li", note="总包单位拒不配合，请住建约谈")
    assert case["status"] == "已转办" and case["department"] == "住房和城乡建设局"
    event = case_events(db, case["id"])[-1]
    assert (event["kind"], event["status_from"], event["status_to"]) == ("transfer", "已受理", "已转办")
    assert event["department"] == "住房和城乡建设局" and event["note"] == "总包单位拒不配合，请住建约谈"
    [sent] = notifications.pending(db)
    assert sent.chat_key == "telegram:8" and number in sent.text and "住房和城乡建设局" in sent.text
    assert "约谈" not in sent.text  # the note is for the department, not the worker
    reply = status_reply(db, "telegram:8", "我的投诉咋样了")
    assert "已转交住房和城乡建设局办理" in reply and "约谈" not in reply
    # handed on again: still 已转办, the new department recorded
    assert transfer_case(db, number, "劳动保障监察支队", actor="staff:li")["department"] == "劳动保障监察支队"


def test_transfer_follows_the_workflow_and_needs_a_department(db):
    number = open_case(db, complaint()).case_number
    with pytest.raises(InvalidTransition):
        transfer_case(db, number, "住房和城乡建设局", actor="staff:li")  # not accepted yet
    change_status(db, number, "已受理", actor="staff:li")
    with pytest.raises(MissingDepartment):
        transfer_case(db, number, "  ", actor="staff:li")
    assert get_case(db, number)["status"] == "已受理"


def test_amount_recovered_is_kept_when_a_case_is_closed(db):
    number = open_case(db, complaint()).case_number
    with pytest.raises(RecoveredAmountNotAllowed):
        change_status(db, number, "已受理", actor="staff:li", amount_recovered=1000)
    assert get_case(db, number)["status"] == "待受理"  # refused before anything was written
    change_status(db, number, "已受理", actor="staff:li")
    with pytest.raises(RecoveredAmountNotAllowed):
        change_status(db, number, "已办结", actor="staff:li", amount_recovered=-5)
    case = change_status(db, number, "已办结", actor="staff:li", amount_recovered=73000)
    assert case["amount_recovered"] == 73000 and case["status"] == "已办结"


def test_cli_assigns_transfers_and_prints_the_figures(tmp_path):
    path = tmp_path / "huxin.db"
    db = open_db(path)
    number = open_case(db, complaint("telegram:9")).case_number
    change_status(db, number, "已受理", actor="staff:li")
    db.close()

    def cli(*args):
        done = subprocess.run([sys.executable, "-m", "cases", "--db", str(path), *args],
                              capture_output=True, text=True, timeout=60)
        return done.returncode, done.stdout + done.stderr

    code, out = cli("assign", number, "li", "--actor", "staff:wang")
    assert code == 0 and "承办人 li" in out
    assert number in cli("list", "--assignee", "li")[1] and number not in cli("list", "--unassigned")[1]
    code, out = cli("transfer", number, "总工会", "--actor", "staff:li", "--note", "请工会协调")
    assert code == 0 and "已转办" in out
    code, out = cli("show", number)
    assert "转办：总工会" in out
    code, out = cli("transfer", number, "", "--actor", "staff:li")
    assert code == 1 and "department" in out
    code, out = cli("status", number, "已办结", "--actor", "staff:li", "--recovered", "50000")
    assert code == 0
    code, out = cli("stats")
    assert code == 0 and "办结 1" in out and "追回金额 50000 元" in out
