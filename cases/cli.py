"""``python -m cases``: the library from a terminal (list / show / status / assign / transfer / due / stats /
offices / extract). Phone numbers are printed masked."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from . import assignment, search, stats, store
from .db import open_db
from .errors import CasesError
from .extract import extract
from .phone import mask
from .routing import SHIPPED_OFFICES, load_offices
from .workflow import STATUSES


def _line(case: dict) -> str:
    flags = " 超期" if case["overdue"] else ""
    dup = f" 重复→#{case['duplicate_of']}" if case["duplicate_of"] else ""
    assignee = f"  承办人 {case['assignee']}" if case.get("assignee") else ""
    return (
        f"{case['case_number']}  {case['colour']}  {case['status']}{flags}{dup}  {case['employer'] or ''}  "
        f"{case['location'] or ''}  {case['amount'] or ''}元  {case['workers_count'] or ''}人  {case['created_at'][:10]}"
        f"{assignee}"
    )


def _print_stats(figures: stats.DashboardStats) -> None:
    rate = f"{figures.closure_rate:.0%}" if figures.closure_rate is not None else "-"
    median = f"{figures.median_days_to_close} 天" if figures.median_days_to_close is not None else "-"
    print(f"案件 {figures.total}  受理 {figures.accepted}  办结 {figures.closed}  办结率 {rate}  "
          f"按期办结 {figures.closed_on_time}  办结用时中位数 {median}")
    print(f"追回金额 {figures.amount_recovered} 元（{figures.cases_with_amount_recovered} 件）  "
          f"帮助工人 {figures.workers_helped} 人  在办 {figures.open}  超期 {figures.overdue}")
    print("在办按颜色：" + "  ".join(f"{c} {n}" for c, n in figures.open_by_colour.items()))
    print("在办按地区：" + "  ".join(f"{a} {n}" for a, n in figures.open_by_district))
    for week in figures.weekly:
        print(f"{week.week_start}  新增 {week.opened}  办结 {week.closed}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cases", description="护薪 cases")
    parser.add_argument("--db", help="database file (default $HUXIN_DB or data/huxin.db)")
    commands = parser.add_subparsers(dest="command", required=True)
    list_cmd = commands.add_parser("list", help="list cases, newest first")
    list_cmd.add_argument("--status", choices=STATUSES)
    list_cmd.add_argument("--colour", choices=["红", "橙", "蓝"])
    list_cmd.add_argument("--overdue", action="store_true")
    list_cmd.add_argument("--district", help="district (or city when no district is known)")
    list_cmd.add_argument("--assignee", help="staff user name")
    list_cmd.add_argument("--unassigned", action="store_true")
    list_cmd.add_argument("--search", help="case number, employer, project, location, worker name, or phone last 4")
    list_cmd.add_argument("--limit", type=int, default=50)
    show_cmd = commands.add_parser("show", help="one case with its events")
    show_cmd.add_argument("case_number")
    status_cmd = commands.add_parser("status", help="change a case's status (notifies the worker)")
    status_cmd.add_argument("case_number")
    status_cmd.add_argument("status", choices=STATUSES)
    status_cmd.add_argument("--actor", required=True, help="who, e.g. staff:li")
    status_cmd.add_argument("--note")
    status_cmd.add_argument("--recovered", type=int, help="amount recovered in yuan (only with 已办结)")
    assign_cmd = commands.add_parser("assign", help="give a case to a staff member (empty name: to nobody)")
    assign_cmd.add_argument("case_number")
    assign_cmd.add_argument("assignee")
    assign_cmd.add_argument("--actor", required=True)
    transfer_cmd = commands.add_parser("transfer", help="转办: hand a case to a department (notifies the worker)")
    transfer_cmd.add_argument("case_number")
    transfer_cmd.add_argument("department")
    transfer_cmd.add_argument("--actor", required=True)
    transfer_cmd.add_argument("--note")
    due_cmd = commands.add_parser("due", help="open cases overdue or due soon, earliest deadline first")
    due_cmd.add_argument("--within", type=int, default=3, help="days ahead (default 3)")
    commands.add_parser("stats", help="the dashboard's figures")
    offices_cmd = commands.add_parser("offices", help="list the routing table, or load a CSV into it")
    offices_cmd.add_argument("--load", nargs="?", const=str(SHIPPED_OFFICES), help="CSV file (default: shipped)")
    extract_cmd = commands.add_parser("extract", help="show the fields read from one message")
    extract_cmd.add_argument("text")
    args = parser.parse_args(argv)

    if args.command == "extract":
        # numbers with what the worker wrote and whether it was approximate; the months owed with their period
        fields = {name: dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value
                  for name, value in extract(args.text).as_fields().items()}
        if "phone" in fields:
            fields["phone"] = mask(fields["phone"])
        print(json.dumps(fields, ensure_ascii=False, indent=2))
        return 0
    db = open_db(args.db)
    try:
        if args.command == "list":
            for case in search.list_cases(
                db, status=args.status, colour=args.colour, overdue=True if args.overdue else None,
                district=args.district, assignee=args.assignee, unassigned=args.unassigned, search=args.search,
                limit=args.limit,
            ):
                print(_line(case))
        elif args.command == "show":
            case = store.get_case(db, args.case_number)
            shown = {k: v for k, v in case.items() if k not in ("employer_key", "project_key")}
            shown["phone"] = mask(case["phone"])
            print(json.dumps(shown, ensure_ascii=False, indent=2))
            office = store.office_of(db, case)
            if office:
                print("承办：" + office.describe().replace("\n", " | "))
            for event in store.case_events(db, case["id"]):
                department = f"  转办：{event['department']}" if event.get("department") else ""
                print(f"{event['created_at'][:19]}  {event['status_from'] or '-'} → {event['status_to']}  "
                      f"{event['actor']}{department}  {event['note'] or ''}")
        elif args.command == "status":
            case = store.change_status(
                db, args.case_number, args.status, actor=args.actor, note=args.note, amount_recovered=args.recovered
            )
            print(_line(case))
        elif args.command == "assign":
            print(_line(assignment.assign_case(db, args.case_number, args.assignee, actor=args.actor)))
        elif args.command == "transfer":
            case = assignment.transfer_case(db, args.case_number, args.department, actor=args.actor, note=args.note)
            print(_line(case))
        elif args.command == "due":
            for case in search.due_cases(db, within_days=args.within):
                print(f"剩 {case['days_left']} 天  {_line(case)}")
        elif args.command == "stats":
            _print_stats(stats.dashboard_stats(db))
        elif args.command == "offices":
            if args.load:
                print(f"loaded {load_offices(db, args.load)} offices")
            for row in db["offices"].rows_where(order_by="id"):
                print(f"{row['code']}  {row['level']}  {row['name']}  {row['phone']}  {'' if row['verified'] else '(demo)'}")
    except CasesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
