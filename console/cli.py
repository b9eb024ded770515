"""`python -m console …`: staff accounts, the audit log and front-end assets (mirrors the library)."""

from __future__ import annotations

import argparse
import sys

from . import audit, users
from .assets import install_htmx
from .db import open_db
from .errors import ConsoleError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m console", description="护薪 staff console")
    sub = parser.add_subparsers(dest="command", required=True)
    user_cmd = sub.add_parser("users", help="staff accounts").add_subparsers(dest="action", required=True)
    add = user_cmd.add_parser("add", help="create an account; prints a one-time password unless --password-stdin")
    add.add_argument("username")
    add.add_argument("--role", choices=users.ROLES, default="agent")
    add.add_argument("--display-name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    user_cmd.add_parser("list", help="list accounts")
    for name, text in (("disable", "disable an account and end its sessions"), ("enable", "enable an account")):
        user_cmd.add_parser(name, help=text).add_argument("username")
    log = sub.add_parser("audit", help="recent audit log entries")
    log.add_argument("--limit", type=int, default=50)
    log.add_argument("--user")
    sub.add_parser("assets", help="install front-end files (htmx) from the npm registry")
    args = parser.parse_args(argv)

    if args.command == "assets":
        print(install_htmx())
        return 0
    db = open_db()
    try:
        if args.command == "users" and args.action == "add":
            password = sys.stdin.readline().rstrip("\n") if args.password_stdin else users.generate_password()
            user = users.create_user(db, args.username, password, role=args.role, display_name=args.display_name)
            print(f"created {user.username} ({user.role})")
            if not args.password_stdin:
                print(f"one-time password: {password}  (shown once; change it under 我的账号)")
        elif args.command == "users" and args.action == "list":
            for row in users.list_users(db):
                state = "" if row["active"] else "  [disabled]"
                print(f"{row['username']:<20} {row['role']:<11} {row['display_name'] or ''}{state}")
        elif args.command == "users":
            users.set_active(db, args.username, args.action == "enable")
            print(f"{args.username} {args.action}d")
        elif args.command == "audit":
            for row in audit.recent(db, limit=args.limit, username=args.user):
                print(f"{row['at']}  {row['username'] or '-':<12} {row['action']:<18} {row['target'] or ''}")
    except ConsoleError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
