"""``python -m cases``: the library from a terminal (list / show / status / offices / extract).
Phone numbers are printed masked."""

from __future__ import annotations

import argparse
import json
import sys

from . import store
from .db import open_db
from .errors import CasesError
from .extract import extract
from .phone import mask
from .routing import SHIPPED_OFFICES, load_offices
from .workflow import STATUSES


def _line(case: dict) -> str:
    flags = " 超期" if case["overdue"] else ""
    dup = f" 重复→#{case['duplicate_of']}" if case["duplicate_of"] else ""
    return (
        f"{case['case_number']}  {case['colour']}  {case['status']}{flags}{dup}  {case['employer'] or ''}  "
        f"{case['location'] or ''}  {case['amount'] or ''}元  {case['workers_count'] or ''}人  {case['created_at'][:10]}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cases", description="护薪 cases")
    parser.add_argument("--db", help="database file (default $HUXIN_DB or data/huxin.db)")
    commands = parser.add_subparsers(dest="command", required=True)
    list_cmd = commands.add_parser("list", help="list cases, newest first")
    list_cmd.add_argument("--status", choices=STATUSES)
    list_cmd.add_argument("--colour", choices=["红", "橙", "蓝"])
    list_cmd.add_argument("--overdue", action="store_true")
    list_cmd.add_argument("--limit", type=int, default=50)
    show_cmd = commands.add_parser("show", help="one case with its events")
    show_cmd.add_argument("case_number")
    status_cmd = commands.add_parser("status", help="change a case's status (notifies the worker)")
    status_cmd.add_argument("case_number")
    status_cmd.add_argument("status", choices=STATUSES)
    status_cmd.add_argument("--actor", required=True, help="who, e.g. staff:li")
    status_cmd.add_argument("--note")
    offices_cmd = commands.add_parser("offices", help="list the routing table, or load a CSV into it")
    offices_cmd.add_argument("--load", nargs="?", const=str(SHIPPED_OFFICES), help="CSV file (default: shipped)")
    extract_cmd = commands.add_parser("extract", help="show the fields read from one message")
    extract_cmd.add_argument("text")
    args = parser.parse_args(argv)

    if args.command == "extract":
        result = extract(args.text)
        slots = result.as_slots()
        if "phone" in slots:
            slots["phone"] = mask(slots["phone"])
        print(json.dumps(slots, ensure_ascii=False, indent=2))
        return 0
    db = open_db(args.db)
    try:
        if args.command == "list":
            for case in store.list_cases(db, status=args.status, colour=args.colour,
                                         overdue=True if args.overdue else None, limit=args.limit):
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
                print(f"{event['created_at'][:19]}  {event['status_from'] or '-'} → {event['status_to']}  "
                      f"{event['actor']}  {event['note'] or ''}")
        elif args.command == "status":
            case = store.change_status(db, args.case_number, args.status, actor=args.actor, note=args.note)
            print(_line(case))
        elif args.command == "offices":
            if args.load:
                print(f"loaded {load_offices(db, args.load)} offices")
            for row in db["offices"].rows_where(order_by="id"):
                print(f"{row['code']}  {row['level']}  {row['name']}  {row['phone']}  {'' if row['verified'] else '(demo)'}")
    except CasesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
