"""`python -m backup create DIR` / `python -m backup restore DIR [--force]` / `python -m backup verify DIR`.

Paths default to the settings every service uses (HUXIN_DATA_DIR, HUXIN_DB, HUXIN_INDEX_DIR; see .env.example).
"""

from __future__ import annotations

import argparse
import sys

from backup.archive import BackupError, BackupManifest, create_backup, restore_backup, verify_backup


def _summary(manifest: BackupManifest) -> str:
    rows = ", ".join(f"{name} {manifest.tables[name]}" for name in ("chats", "messages", "cases") if name in manifest.tables)
    return (
        f"taken {manifest.created_at}; index version {manifest.index_version or '(none)'}; "
        f"{len(manifest.checksums)} files; rows: {rows}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backup", description="Back up or restore 护薪's data.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("create", "back up the live database, the served index version and workers' files into a new DIR"),
        ("restore", "restore DIR (stop the services first)"),
        ("verify", "check DIR's checksums and database integrity"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("dir")
        if name != "verify":
            command.add_argument("--db", help="the SQLite file (default: $HUXIN_DB)")
            command.add_argument("--index-dir", help="the knowledge index directory (default: $HUXIN_INDEX_DIR)")
            command.add_argument("--data-dir", help="where attachments/ and documents/ live (default: $HUXIN_DATA_DIR)")
        if name == "restore":
            command.add_argument("--force", action="store_true", help="replace an existing database (kept aside)")
    args = parser.parse_args(argv)
    try:
        if args.command == "create":
            manifest = create_backup(args.dir, db_path=args.db, index_dir=args.index_dir, data_dir=args.data_dir)
            print(f"backup written to {args.dir}: {_summary(manifest)}")
        elif args.command == "restore":
            manifest = restore_backup(
                args.dir, db_path=args.db, index_dir=args.index_dir, data_dir=args.data_dir, force=args.force
            )
            print(f"restored {args.dir}: {_summary(manifest)}")
        else:
            manifest = verify_backup(args.dir)
            print(f"{args.dir} is intact: {_summary(manifest)}")
    except BackupError as error:
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
