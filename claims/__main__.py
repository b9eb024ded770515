"""Command line, symmetric with the library.

    python -m claims calculate unpaid --wage 300 --per day --worked 20
    python -m claims calculate no-contract --wage 6000 --months 8
    python -m claims calculate overtime --wage 5000 --weekday-hours 10 --rest-day-hours 16
    python -m claims calculate severance --wage 6000 --months 27 --city 深圳
    python -m claims calculate severance --wage 6000 --months 27 --json      # Estimate.to_dict()
    python -m claims documents --facts case.json --out data/documents/demo   # a dict of case fields
    python -m claims minimum-wage list
    python -m claims minimum-wage set --place 深圳 --monthly 2520 --effective 2025-03-01 \
        --source "广东省人民政府 关于调整全省最低工资标准的通知" --verified --by admin

Exit status 2 with a message on bad input (InvalidClaimInput / DocumentError).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from decimal import Decimal
from pathlib import Path

from claims import minimum_wage
from claims.calculator import (
    EconomicCompensation,
    InvalidClaimInput,
    NoWrittenContract,
    Overtime,
    UnpaidWages,
    Wage,
    WageBasis,
    calculate,
)
from claims.documents import DocumentError, generate
from claims.explain import format_estimate
from claims.from_case import claim_facts_from_case


def _wage(args: argparse.Namespace) -> Wage:
    return Wage(Decimal(args.wage), WageBasis.DAILY if args.per == "day" else WageBasis.MONTHLY)


def _minimum(args: argparse.Namespace, notes: list[str]) -> tuple[Decimal | None, str | None]:
    if getattr(args, "minimum", None):
        return Decimal(args.minimum), args.city
    figure = minimum_wage.lookup(getattr(args, "city", None))
    if figure is None:
        return None, None
    notes.append(f"对照的是{figure.describe()}。")
    return figure.monthly, figure.place


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m claims", description="Owed-wage calculator and documents")
    commands = parser.add_subparsers(dest="command", required=True)

    calc = commands.add_parser("calculate", help="estimate what can be claimed, step by step")
    kinds = calc.add_subparsers(dest="kind", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--wage", required=True, help="yuan per day or per month")
        sub.add_argument("--per", choices=["day", "month"], default="month")
        sub.add_argument("--json", action="store_true", help="print Estimate.to_dict() as JSON")

    unpaid = kinds.add_parser("unpaid", help="wages not paid")
    common(unpaid)
    unpaid.add_argument("--worked", required=True, help="days (daily wage) or months (monthly wage)")
    unpaid.add_argument("--paid", default="0", help="already paid, yuan")
    unpaid.add_argument("--city", help="look the minimum wage up in the demo table")
    unpaid.add_argument("--minimum", help="local monthly minimum wage, yuan (overrides --city)")

    contract = kinds.add_parser("no-contract", help="double wages without a written contract")
    common(contract)
    contract.add_argument("--months", required=True, help="months worked without a written contract")

    overtime = kinds.add_parser("overtime", help="overtime pay")
    common(overtime)
    overtime.add_argument("--weekday-hours", default="0")
    overtime.add_argument("--rest-day-hours", default="0")
    overtime.add_argument("--holiday-hours", default="0")
    overtime.add_argument("--paid", default="0")

    severance = kinds.add_parser("severance", help="economic compensation")
    common(severance)
    severance.add_argument("--months", required=True, help="months of service")
    severance.add_argument("--average", help="local average monthly wage last year, for the cap")
    severance.add_argument("--city", help="look the minimum wage up in the demo table")
    severance.add_argument("--minimum", help="local monthly minimum wage (overrides --city)")

    documents = commands.add_parser("documents", help="write the complaint and arbitration documents")
    documents.add_argument("--facts", required=True, type=Path, help="JSON file: a dict of case fields")
    documents.add_argument("--out", required=True, type=Path, help="output folder")
    wages = commands.add_parser("minimum-wage", help="the local minimum-wage table")
    wage_commands = wages.add_subparsers(dest="wage_command", required=True)
    wage_commands.add_parser("list", help="every figure with its date, source and whether it was checked")
    setter = wage_commands.add_parser("set", help="add or replace one place's figure (logged in the table)")
    setter.add_argument("--place", required=True, help="e.g. 深圳")
    setter.add_argument("--monthly", required=True, help="monthly minimum, yuan")
    setter.add_argument("--effective", required=True, help="date it took effect, YYYY-MM-DD")
    setter.add_argument("--source", required=True, help="the announcement: issuer and title or address")
    setter.add_argument("--verified", action="store_true", help="checked against the source today")
    setter.add_argument("--alias", action="append", default=[], help="another name, e.g. 深圳市 (repeatable)")
    setter.add_argument("--by", default=None, help="who makes the change (default: the login name)")
    return parser


def _minimum_wage_command(args: argparse.Namespace) -> int:
    if args.wage_command == "list":
        print(f"# {minimum_wage.table_path()}")
        for _, figure in minimum_wage.load_table():
            print(figure.describe())
        return 0
    figure = minimum_wage.set_figure(
        args.place, args.monthly, args.effective, args.source, verified=args.verified,
        by=f"cli:{args.by or getpass.getuser()}", aliases=tuple(args.alias),
    )
    print(f"{minimum_wage.writable_path()}\t{figure.describe()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "minimum-wage":
            return _minimum_wage_command(args)
        if args.command == "documents":
            facts = claim_facts_from_case(json.loads(args.facts.read_text(encoding="utf-8")))
            for document in generate(facts, args.out):
                print(f"{document.path}\t{document.filename}")
            return 0
        wage = _wage(args)
        notes: list[str] = []
        if args.kind == "unpaid":
            minimum, place = _minimum(args, notes)
            claim = UnpaidWages(wage, args.worked, args.paid, minimum_monthly_wage=minimum, place=place)
        elif args.kind == "no-contract":
            claim = NoWrittenContract(wage, args.months)
        elif args.kind == "overtime":
            claim = Overtime(wage, args.weekday_hours, args.rest_day_hours, args.holiday_hours, args.paid)
        else:
            minimum, _ = _minimum(args, notes)
            claim = EconomicCompensation(wage, args.months, args.average, minimum)
        estimate = calculate(claim, notes=notes)
    except (InvalidClaimInput, DocumentError, ArithmeticError, ValueError) as error:
        # ValueError covers minimum_wage.InvalidMinimumWage and MinimumWageTableError.
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(estimate.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_estimate(estimate))
    return 0


if __name__ == "__main__":
    sys.exit(main())
