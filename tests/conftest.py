from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from cases import open_db
from tests.stack import Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real Rasa server, action server and web process, started once for the session."""
    running = Stack(data_dir=tmp_path_factory.mktemp("stack")).start()
    yield running
    running.stop()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    """A fresh SQLite file with the cases tables (the cases tests' database)."""
    database = open_db(tmp_path / "huxin.db")
    yield database
    database.close()


@pytest.fixture
def artifacts_dir() -> Path:
    path = Path(__file__).resolve().parent.parent / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture()
def console(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The web process (chat + staff console) in-process on a temp database; the first admin is `admin`."""
    from tests.console_helpers import console_app

    with console_app(tmp_path, monkeypatch) as client:
        yield client
