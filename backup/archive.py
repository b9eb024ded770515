"""Create, verify and restore a backup directory.

Layout of a backup (written into a temporary sibling directory and renamed at the end, so a backup directory is
either complete or absent)::

    backup.json                 manifest: when, what, row counts, the sha256 of every file below
    huxin.db                    the SQLite file, copied with SQLite's online backup API (one consistent snapshot
                                while the services keep writing), integrity-checked, in rollback-journal mode
    index/CURRENT               the served knowledge index version ...
    index/versions/vNNNN/       ... and that version's files, copied under the index lock
    files/attachments/ ...      photos and files workers sent (evidence) and generated documents, when present
    files/documents/ ...
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core import clock
from core.settings import settings

FORMAT = 1
MANIFEST = "backup.json"
DB_FILE = "huxin.db"
INDEX_DIR = "index"
FILES_DIR = "files"
FILE_FOLDERS = ("attachments", "documents")  # under HUXIN_DATA_DIR


class BackupError(Exception):
    """Base class of backup and restore problems; the message says what to do."""


class BackupExists(BackupError):
    """The backup directory already exists and is not empty."""


class NotABackup(BackupError):
    """The directory has no backup manifest."""


class BackupCorrupt(BackupError):
    """A file of the backup is missing or differs from its checksum, or the database fails its integrity check."""


class RestoreTargetExists(BackupError):
    """Restoring would replace an existing database or index version; needs --force (with the services stopped)."""


@dataclass
class BackupManifest:
    format: int
    created_at: str
    source_db: str
    index_version: str | None
    tables: dict[str, int]
    checksums: dict[str, str] = field(default_factory=dict)

    def save(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n")

    @classmethod
    def load(cls, folder: Path) -> "BackupManifest":
        path = Path(folder) / MANIFEST
        if not path.is_file():
            raise NotABackup(f"{folder} is not a backup: it has no {MANIFEST}")
        try:
            data = json.loads(path.read_text())
            return cls(**data)
        except (ValueError, TypeError) as error:
            raise BackupCorrupt(f"{path} cannot be read: {error}") from error


# -- helpers ---------------------------------------------------------------------------------------------------------
def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            yield path


@contextmanager
def _index_lock(index_root: Path, exclusive: bool) -> Iterator[None]:
    """The knowledge index's own lock (knowledge/index.py holds it while building, switching and pruning)."""
    index_root.mkdir(parents=True, exist_ok=True)
    with open(index_root / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _integrity(db_file: Path) -> str:
    with closing(sqlite3.connect(str(db_file))) as conn:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check").fetchall())


def _table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    ]
    return {name: conn.execute(f'select count(*) from "{name}"').fetchone()[0] for name in sorted(names)}


def _write_pointer(index_root: Path, version: str) -> None:
    tmp = index_root / f".CURRENT.restore.{os.getpid()}"
    tmp.write_text(version + "\n")
    os.replace(tmp, index_root / "CURRENT")


# -- create ----------------------------------------------------------------------------------------------------------
def create_backup(
    dest: Path | str,
    *,
    db_path: Path | str | None = None,
    index_dir: Path | str | None = None,
    data_dir: Path | str | None = None,
) -> BackupManifest:
    """Back up the live database, the served index version and the workers' files into `dest` (must not exist or be
    empty). Safe while the services run: SQLite's backup API copies one consistent snapshot (WAL readers never block
    writers), the index version is copied under the index lock (a version directory never changes once built)."""
    dest = Path(dest)
    db_path = Path(db_path or settings().db_path)
    index_root = Path(index_dir or settings().index_dir)
    data_root = Path(data_dir or settings().data_dir)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupExists(f"{dest} already exists and is not empty: choose a new directory for each backup")
    if not db_path.is_file():
        raise BackupError(f"no database at {db_path}: set HUXIN_DB (or HUXIN_DATA_DIR) or pass --db")
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.partial-", dir=dest.parent))
    try:
        with closing(sqlite3.connect(str(db_path), timeout=30)) as source, closing(
            sqlite3.connect(str(work / DB_FILE))
        ) as copy:
            source.execute("PRAGMA busy_timeout=30000")
            source.backup(copy)  # all pages in one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            tables = _table_counts(copy)
        result = _integrity(work / DB_FILE)
        if result != "ok":
            raise BackupCorrupt(f"the copy of {db_path} fails PRAGMA integrity_check: {result[:500]}")

        version = None
        if (index_root / "CURRENT").is_file():
            with _index_lock(index_root, exclusive=False):
                version = (index_root / "CURRENT").read_text().strip() or None
                if version:
                    shutil.copytree(index_root / "versions" / version, work / INDEX_DIR / "versions" / version)
                    (work / INDEX_DIR / "CURRENT").write_text(version + "\n")

        for folder in FILE_FOLDERS:
            if (data_root / folder).is_dir():
                shutil.copytree(data_root / folder, work / FILES_DIR / folder)

        manifest = BackupManifest(
            format=FORMAT,
            created_at=clock.iso(),
            source_db=str(db_path.resolve()),
            index_version=version,
            tables=tables,
            checksums={str(p.relative_to(work)): _sha256(p) for p in _files_under(work)},
        )
        manifest.save(work)
        if dest.exists():
            dest.rmdir()  # the empty directory the caller made
        work.rename(dest)
        return manifest
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


# -- verify ----------------------------------------------------------------------------------------------------------
def verify_backup(src: Path | str) -> BackupManifest:
    """Check every file against the manifest and the database's integrity. Raises NotABackup / BackupCorrupt."""
    src = Path(src)
    manifest = BackupManifest.load(src)
    if manifest.format != FORMAT:
        raise BackupCorrupt(f"{src} has backup format {manifest.format}; this version reads format {FORMAT}")
    present = {str(p.relative_to(src)) for p in _files_under(src)}
    missing = sorted(set(manifest.checksums) - present)
    if missing:
        raise BackupCorrupt(f"{src} is missing {len(missing)} file(s), e.g. {missing[0]}")
    for name, checksum in manifest.checksums.items():
        if _sha256(src / name) != checksum:
            raise BackupCorrupt(f"{src / name} differs from the checksum in {MANIFEST}: the backup is damaged")
    result = _integrity(src / DB_FILE)
    if result != "ok":
        raise BackupCorrupt(f"{src / DB_FILE} fails PRAGMA integrity_check: {result[:500]}")
    return manifest


# -- restore ---------------------------------------------------------------------------------------------------------
def restore_backup(
    src: Path | str,
    *,
    db_path: Path | str | None = None,
    index_dir: Path | str | None = None,
    data_dir: Path | str | None = None,
    force: bool = False,
) -> BackupManifest:
    """Restore a verified backup: the database to `db_path`, the index version into `index_dir` (made current), the
    files into `data_dir`. Stop the services first. An existing database is only replaced with force=True, and is
    then kept next to it as `<name>.before-restore-<time>`."""
    src = Path(src)
    manifest = verify_backup(src)
    db_path = Path(db_path or settings().db_path)
    index_root = Path(index_dir or settings().index_dir)
    data_root = Path(data_dir or settings().data_dir)
    version = manifest.index_version

    if db_path.exists() and not force:
        raise RestoreTargetExists(
            f"{db_path} already exists: stop the services and run restore with --force to replace it "
            "(the current file is kept next to it)"
        )
    if version and (index_root / "versions" / version).exists() and not force:
        same = _sha256(index_root / "versions" / version / "manifest.json") == manifest.checksums.get(
            f"{INDEX_DIR}/versions/{version}/manifest.json"
        )
        if not same:
            raise RestoreTargetExists(
                f"{index_root / 'versions' / version} exists and differs from the backup's: use --force to replace it"
            )

    db_path.parent.mkdir(parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    if db_path.exists():
        for suffix in ("", "-wal", "-shm"):
            old = Path(f"{db_path}{suffix}")
            if old.exists():
                os.replace(old, Path(f"{db_path}.before-restore-{stamp}{suffix}"))
    tmp = db_path.with_name(f".{db_path.name}.restore-{os.getpid()}")
    shutil.copyfile(src / DB_FILE, tmp)
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, db_path)

    if version:
        with _index_lock(index_root, exclusive=True):
            target = index_root / "versions" / version
            if target.exists():
                same = _sha256(target / "manifest.json") == manifest.checksums.get(
                    f"{INDEX_DIR}/versions/{version}/manifest.json"
                )
                if not same:
                    shutil.rmtree(target)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.parent / f".{version}.restore-{os.getpid()}"
                shutil.rmtree(partial, ignore_errors=True)
                shutil.copytree(src / INDEX_DIR / "versions" / version, partial)
                partial.rename(target)
            _write_pointer(index_root, version)

    if (src / FILES_DIR).is_dir():
        for folder in sorted((src / FILES_DIR).iterdir()):
            shutil.copytree(folder, data_root / folder.name, dirs_exist_ok=True)
    return manifest
