"""Backup and restore of 护薪's state: the SQLite file, the served knowledge index version and the workers' files.

    python -m backup create DIR     # online: services keep running while the copy is taken
    python -m backup restore DIR    # into HUXIN_DB / HUXIN_INDEX_DIR / HUXIN_DATA_DIR; stop the services first

See docs/operations.md.
"""

from backup.archive import (
    BackupError,
    BackupExists,
    BackupManifest,
    BackupCorrupt,
    NotABackup,
    RestoreTargetExists,
    create_backup,
    restore_backup,
    verify_backup,
)

__all__ = [
    "BackupError",
    "BackupExists",
    "BackupManifest",
    "BackupCorrupt",
    "NotABackup",
    "RestoreTargetExists",
    "create_backup",
    "restore_backup",
    "verify_backup",
]
