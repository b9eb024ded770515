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


# `make test-fast` runs `pytest -m "not slow"`: the unit tier, with no Rasa server and no embedding model. A test is
# slow when its module starts the stack or a browser (found from its source, so a new stack test is never missed) or
# builds an embedding index (listed here: `make test-fast` runs with an embedding model that does not exist, so a
# test missing from this list fails loudly instead of making the fast tier slow).
NEEDS_EMBEDDING_MODEL = {
    "test_backup.py",
    "test_console_admin.py",
    "test_knowledge_answer.py",
    "test_knowledge_cards_coverage.py",
    "test_knowledge_fast_query.py",
    "test_knowledge_fit.py",
    "test_knowledge_index.py",
    "test_knowledge_model.py",
    "test_knowledge_upload_kind.py",
    "test_knowledge_voices.py",
}
_STARTS_PROCESSES = ("tests.stack import", "Stack(", "chromium", "tests.browser")


def _is_slow(path: Path) -> bool:
    if path.name in NEEDS_EMBEDDING_MODEL:
        return True
    source = path.read_text(encoding="utf-8")
    return any(marker in source for marker in _STARTS_PROCESSES)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    slow_modules: dict[Path, bool] = {}
    for item in items:
        path = Path(str(item.fspath))
        if path not in slow_modules:
            slow_modules[path] = _is_slow(path)
        if slow_modules[path] or "stack" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
