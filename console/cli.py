"""`python -m console …`: staff accounts, site QR codes, the audit log and front-end assets (mirrors the library)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cases
import sites
from core.settings import settings

from . import audit, sessions, users
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
    for name, text in (("disable", "disable an account and end its sessions"), ("enable", "enable an account"),
                       ("reset-password", "print a new one-time password and end the account's sessions")):
        user_cmd.add_parser(name, help=text).add_argument("username")
    site_cmd = sub.add_parser("sites", help="construction sites and their QR codes").add_subparsers(
        dest="action", required=True)
    site_add = site_cmd.add_parser("add", help="create a site; prints its code and chat link")
    site_add.add_argument("name")
    for field in ("location", "employer", "general-contractor"):
        site_add.add_argument(f"--{field}", default="")
    site_cmd.add_parser("list", help="sites with their number of cases")
    site_qr = site_cmd.add_parser("qr", help="write a site's QR code (.png or .svg by the file name)")
    site_qr.add_argument("code")
    site_qr.add_argument("output")
    log = sub.add_parser("audit", help="recent audit log entries")
    log.add_argument("--limit", type=int, default=50)
    log.add_argument("--user")
    log.add_argument("--action", help="action prefix, e.g. login or knowledge.")
    sub.add_parser("assets", help="install front-end files (htmx) from the npm registry")
    args = parser.parse_args(argv)

    if args.command == "assets":
        print(install_htmx())
        return 0
    db = open_db()
    try:
        if args.command == "users" and args.action == "add":
            password = sys.stdin.readline().rstrip("\n") if args.password_stdin else users.generate_password()
            user = users.create_user(db, args.username, password, role=args.role, display_name=args.display_name,
                                     one_time=not args.password_stdin)
            print(f"created {user.username} ({user.role})")
            if not args.password_stdin:
                print(f"one-time password: {password}  (shown once; it must be changed at the first sign-in)")
        elif args.command == "users" and args.action == "list":
            for row in users.list_users(db):
                state = "" if row["active"] else "  [disabled]"
                print(f"{row['username']:<20} {row['role']:<11} {row['display_name'] or ''}{state}")
        elif args.command == "users" and args.action == "reset-password":
            password = users.generate_password()
            users.set_password(db, args.username, password, one_time=True)
            sessions.end_all(db, args.username)
            audit.record(db, "cli", "user.password_reset", target=args.username)
            print(f"one-time password for {args.username}: {password}  (shown once)")
        elif args.command == "users":
            users.set_active(db, args.username, args.action == "enable")
            print(f"{args.username} {args.action}d")
        elif args.command == "sites":
            return _sites(db, args)
        elif args.command == "audit":
            for row in audit.recent(db, limit=args.limit, username=args.user, action=args.action):
                print(f"{row['at']}  {row['username'] or '-':<12} {row['action']:<18} {row['target'] or ''}")
    except (ConsoleError, sites.SitesError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _sites(db, args: argparse.Namespace) -> int:
    web_url = settings().web_url
    if args.action == "add":
        site = sites.create_site(db, args.name, args.location, args.employer, args.general_contractor,
                                 created_by="cli")
        audit.record(db, "cli", "site.create", target=site["code"], detail=site["name"])
        links = sites.links(site["code"], web_url, sites.telegram_bot_username())
        print(f"{site['code']}  {site['name']}\n  web chat: {links.web}")
        if links.telegram:
            print(f"  telegram: {links.telegram}")
    elif args.action == "list":
        for site in sites.list_sites(db, cases.cases_per_site(db)):
            print(f"{site['code']}  {site['case_count']:>4} cases  {site['name']}  {site['location'] or ''}")
    else:
        site = sites.get_site(db, args.code)
        url = sites.links(site["code"], web_url).web
        output = Path(args.output)
        output.write_bytes(sites.qr_svg(url) if output.suffix.lower() == ".svg" else sites.qr_png(url))
        print(f"wrote {output} ({url})")
    return 0
