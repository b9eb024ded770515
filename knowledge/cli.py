"""Command line: python -m knowledge setup|ingest|list|remove|build|rollback|versions|search.

Every command is a thin wrapper over the library functions of the same name.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import index, ingest, store


def _rebuild(db, quiet: bool = False) -> dict:
    manifest = index.build(db, progress=not quiet)
    c = manifest["counts"]
    print(f"index {manifest['version']}: {c['cards']} cards, {c['chunks']} chunks, {c['keys']} keys "
          f"({c['embedded']} embedded, {c['reused']} reused) in {manifest['build_seconds']}s")
    return manifest


def cmd_setup(args) -> int:
    from .model import ensure_model

    started = time.perf_counter()
    name = ensure_model()
    db = store.open_db()
    if index.needs_build(db):
        _rebuild(db, args.quiet)
    else:
        print(f"index {index.current_version()} is up to date")
    print(f"model: {name}\nready in {time.perf_counter() - started:.1f}s")
    return 0


def cmd_ingest(args) -> int:
    from tqdm import tqdm

    db = store.open_db()
    changed = 0
    paths = [Path(p) for p in args.paths]
    if (args.key or args.title or args.edition or args.effective_date or args.kind != "auto") and len(paths) != 1:
        print("--key/--title/--edition/--effective-date/--kind need exactly one file", file=sys.stderr)
        return 2
    for path in tqdm(paths, desc="ingest", unit="file", disable=args.quiet):
        try:
            result = ingest.ingest_file(db, path, doc_key=args.key, title=args.title, source=args.source,
                                        effective_date=args.effective_date, edition=args.edition,
                                        kind=args.kind)
        except Exception as exc:  # report every file, fail at the end
            tqdm.write(f"error  {path}: {exc}")
            changed = -1 if changed == 0 else changed
            continue
        tqdm.write(f"{result.status:9} {result.doc_key or path.name} v{result.version or '-'} "
                   f"({result.chunks} chunks) {result.message}".rstrip())
        if result.status in ("added", "updated"):
            changed += 1
    if args.no_build:
        return 0
    if changed or index.needs_build(db):
        _rebuild(db, args.quiet)
    else:
        print(f"nothing changed; index {index.current_version()} still served")
    return 0


def cmd_list(args) -> int:
    db = store.open_db()
    rows = store.history(db) if args.all else store.active_documents(db)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for d in rows:
        print(f"{d['doc_key']}\tv{d['version']}\t{d.get('edition') or '-'}\t{d['status']}\t{d['kind']}\t{d['chunk_count']} chunks\t"
              f"effective {d['effective_date'] or '-'}\t{d['sha256'][:12]}\t{d['source']}")
    print(f"served index: {index.current_version() or 'none'}")
    return 0


def cmd_remove(args) -> int:
    db = store.open_db()
    doc = ingest.remove_document(db, args.key)
    print(f"removed {doc['doc_key']} v{doc['version']}")
    if not args.no_build:
        _rebuild(db, args.quiet)
    return 0


def cmd_build(args) -> int:
    _rebuild(store.open_db(), args.quiet)
    return 0


def cmd_rollback(args) -> int:
    old, new = index.rollback()
    manifest = index.read_manifest(index.current_dir())
    print(f"served index: {old} -> {new} (built {manifest['created_at']})")
    print("note: the document registry is unchanged; `remove` a document to keep it out of the next build")
    return 0


def cmd_versions(args) -> int:
    current = index.current_version()
    for name in index.versions():
        m = index.read_manifest(index.root() / "versions" / name)
        mark = "*" if name == current else " "
        print(f"{mark} {name}\t{m['created_at']}\t{m['counts']['keys']} keys\t"
              f"{len(m['documents'])} documents\t{m['model']}")
    return 0


def cmd_search(args) -> int:
    if args.answer:
        from .answer import build_reply

        reply = build_reply(args.question)
        print(reply.text)
        step = reply.next_step
        print("next step:", step.title, f"({step.step}{' ' + step.card if step.card else ''})")
        return 0
    from .retrieve import get_retriever

    for hit in get_retriever().search(args.question, k=args.k, mode=args.mode):
        cites = "、".join(f"《{c['document']}》{c.get('article') or ''}" for c in hit.citations)
        dense = f"{hit.dense:.3f}" if hit.dense is not None else "-"
        bm25 = f"{hit.bm25:.2f}" if hit.bm25 is not None else "-"
        print(f"{hit.score:.4f}  dense={dense} bm25={bm25}  [{hit.kind}] {hit.id}  {hit.entry['title']}  {cites}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="convert the model and build the index if missing (idempotent)")
    p = sub.add_parser("ingest", help="add or update documents (.md .txt .html .pdf .docx), then rebuild")
    p.add_argument("paths", nargs="+")
    p.add_argument("--key", help="document key (default: its short title); same key = new version")
    p.add_argument("--title", help="override the title read from the file")
    p.add_argument("--edition", help="the document's own version label, e.g. 2020年修订")
    p.add_argument("--effective-date", help="YYYY-MM-DD; overrides the date read from the file")
    p.add_argument("--source", help="where the text comes from (default: the file's path)")
    p.add_argument("--kind", choices=("auto", "statute", "text"), default="auto",
                   help="statute: split by article (第X条); text: by paragraph; auto (default): recognise it")
    p.add_argument("--no-build", action="store_true", help="only register; build later")
    p = sub.add_parser("list", help="documents in the registry")
    p.add_argument("--all", action="store_true", help="include replaced and removed versions")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("remove", help="remove a document by key, then rebuild")
    p.add_argument("key")
    p.add_argument("--no-build", action="store_true")
    sub.add_parser("build", help="build a new index version now")
    sub.add_parser("rollback", help="serve the previous index version")
    sub.add_parser("versions", help="index versions kept on disk")
    p = sub.add_parser("search", help="search the served index")
    p.add_argument("question")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--mode", choices=("hybrid", "dense", "bm25"), default="hybrid")
    p.add_argument("--answer", action="store_true", help="print the reply the bot would send")
    args = parser.parse_args(argv)
    handler = globals()["cmd_" + args.command]
    try:
        return handler(args)
    except (ingest.IngestError, index.KnowledgeIndexError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
