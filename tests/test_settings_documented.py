"""Every setting the product reads from the environment has one home, core/settings.py, and is documented in
.env.example, where an admin looks (and in docs/architecture.md's table where that names it).

Settings are found three ways: the fields of ``core.settings.Settings``; string constants naming an environment
variable (HUXIN_*, RASA_*, ACTION_*, TELEGRAM_*, DATABASE_*, REDIS_*, LOG_LEVEL) in the shipped packages, so a new
setting cannot be added without its line; and an AST scan that no module outside core/settings.py reads the
environment itself (``os.environ.get``, ``os.getenv``, ``os.environ[...]``, ``in os.environ``)."""
from __future__ import annotations

import ast
import re
from dataclasses import fields, replace
from pathlib import Path

import pytest

from core import settings as settings_module
from core.settings import OTHER_PROGRAMS, Settings, SettingsError, reload, settings, variables
from tests.project import PACKAGES, ROOT

SETTING = re.compile(r"^(HUXIN|RASA|ACTION|TELEGRAM|DATABASE|REDIS)_[A-Z0-9_]+$|^LOG_LEVEL$")
# Product code run by Rasa's process (not a shipped package of the app, but it reads settings the same way).
SCANNED = (*PACKAGES, "nlu")
HOME = Path("core/settings.py")


def settings_read_by_code() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and SETTING.match(node.value):
                    found.setdefault(node.value, path.relative_to(ROOT))
    return found


def documented_in_env_example() -> set[str]:
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))


def test_every_setting_is_in_env_example() -> None:
    documented = documented_in_env_example()
    read = settings_read_by_code()
    assert len(read) > 20  # the scan found the settings (HUXIN_DATA_DIR, RASA_URL, ...)
    missing = sorted(f"{name} (read in {where})" for name, where in read.items() if name not in documented)
    assert not missing, "add these to .env.example with a comment saying what they do: " + ", ".join(missing)


def test_settings_fields_and_env_example_name_the_same_variables() -> None:
    documented = documented_in_env_example()
    fields_read = set(variables())
    assert len(fields_read) > 40
    missing = sorted(fields_read - documented)
    assert not missing, f"Settings fields missing from .env.example: {missing}"
    unknown = documented - fields_read - OTHER_PROGRAMS
    assert not unknown, (f".env.example names variables no Settings field reads: {sorted(unknown)} (add a field to "
                         "core/settings.py, or to OTHER_PROGRAMS if only Rasa, the Makefile or a library reads it)")
    assert not OTHER_PROGRAMS & fields_read, "a variable is both ours and another program's"
    for f in fields(Settings):
        assert f.metadata["doc"].strip(), f"{f.name} has no one-line doc"


def environment_reads(path: Path) -> list[str]:
    """Where ``path`` reads an environment variable itself (setting one for a child process is not a read)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def is_environ(node: ast.AST) -> bool:  # os.environ
        return (isinstance(node, ast.Attribute) and node.attr == "environ" and isinstance(node.value, ast.Name)
                and node.value.id == "os")

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):  # called or handed on (map(os.environ.get, names))
            is_os = isinstance(node.value, ast.Name) and node.value.id == "os"
            if (node.attr == "get" and is_environ(node.value)) or (node.attr == "getenv" and is_os):
                found.append(f"{path}:{node.lineno} {ast.unparse(node)}")
        elif isinstance(node, ast.Subscript) and is_environ(node.value) and isinstance(node.ctx, ast.Load):
            found.append(f"{path}:{node.lineno} {ast.unparse(node)}")
        elif isinstance(node, ast.Compare) and any(is_environ(c) for c in node.comparators):
            found.append(f"{path}:{node.lineno} {ast.unparse(node)}")
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and {a.name for a in node.names} & {
                "environ", "getenv"}:
            found.append(f"{path}:{node.lineno} from os import {', '.join(a.name for a in node.names)}")
    return found


def test_only_core_settings_reads_the_environment() -> None:
    scanned, reads = 0, []
    for package in SCANNED:
        for path in sorted((ROOT / package).rglob("*.py")):
            scanned += 1
            if path.relative_to(ROOT) != HOME:
                reads += environment_reads(path.relative_to(ROOT))
    assert scanned > 100  # the scan read the packages
    assert environment_reads(HOME), "the scan does not see core/settings.py's own reads: it checks nothing"
    assert not reads, "read settings from core.settings.settings() instead:\n" + "\n".join(reads)


def test_the_scan_finds_each_way_of_reading(tmp_path: Path) -> None:
    path = tmp_path / "reader.py"
    path.write_text("import os\nfrom os import getenv\na = os.environ.get('A')\nb = os.getenv('B')\n"
                    "c = os.environ['C']\nd = 'D' in os.environ\nos.environ.setdefault('E', '1')\n"
                    "env = {**os.environ, 'F': '1'}\nos.environ['G'] = '1'\nh = list(map(os.environ.get, ['H']))\n")
    lines = [line.split()[0].rsplit(":", 1)[1] for line in environment_reads(path)]
    assert sorted(lines, key=int) == ["2", "3", "4", "5", "6", "10"]


def test_a_bad_value_names_its_variable() -> None:
    with pytest.raises(SettingsError, match=r"^HUXIN_FLOOD_BURST must be a whole number, got 'x'$"):
        Settings.from_env({"HUXIN_FLOOD_BURST": "x"})
    with pytest.raises(SettingsError, match="HUXIN_QUERY_CACHE_SIZE must not be less than 0, got -1"):
        Settings.from_env({"HUXIN_QUERY_CACHE_SIZE": "-1"})
    with pytest.raises(SettingsError, match="RASA_TIMEOUT_SECONDS must be a number, got 'soon'"):
        Settings.from_env({"RASA_TIMEOUT_SECONDS": "soon"})
    with pytest.raises(SettingsError, match="HUXIN_ACTIONS_WARMUP must be 1 or 0, got 'maybe'"):
        Settings.from_env({"HUXIN_ACTIONS_WARMUP": "maybe"})


def test_a_bad_value_in_the_environment_fails_where_settings_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.ratelimit import FloodGuard

    monkeypatch.setenv("HUXIN_FLOOD_BURST", "eight")
    with pytest.raises(SettingsError, match="HUXIN_FLOOD_BURST"):
        FloodGuard.from_env()


def test_defaults_and_derived_paths() -> None:
    empty = Settings.from_env({})
    assert empty == Settings()
    assert (empty.db_path, empty.index_dir, empty.documents_dir) == (
        Path("data/huxin.db"), Path("data/index"), Path("data/documents"))
    moved = Settings.from_env({"HUXIN_DATA_DIR": " /srv/huxin ", "HUXIN_DB": "", "HUXIN_FLOOD_BURST": "0",
                               "HUXIN_FAST_QUERY_EMBED": "0", "RASA_URL": "http://a:1"})
    assert (moved.db_path, moved.index_dir, moved.minimum_wage_table) == (
        Path("/srv/huxin/huxin.db"), Path("/srv/huxin/index"), Path("/srv/huxin/minimum_wage.yml"))
    assert (moved.flood_burst, moved.fast_query_embed, moved.rasa_url) == (0, False, "http://a:1")
    assert replace(moved, db_override=Path("/tmp/x.db")).db_path == Path("/tmp/x.db")
    # Several replicas take the single Rasa's place.
    assert Settings.from_env({"RASA_URL": "http://a:1", "RASA_URLS": "http://b:1,http://c:1"}).rasa_url == \
        "http://b:1,http://c:1"


def test_settings_are_read_once_per_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUXIN_WEB_PORT", "8100")
    first = settings()
    assert first.web_port == 8100
    assert settings() is first  # parsed once, not per call
    monkeypatch.setenv("HUXIN_WEB_PORT", "8200")  # a test (or a benchmark's A/B) changes the environment
    assert settings().web_port == 8200
    monkeypatch.setenv("HUXIN_WEB_PORT", "8100")
    assert reload() is not first and reload().web_port == 8100
    settings.cache_clear()  # the documented way to forget, as functools' caches spell it
    assert settings().web_port == 8100


def architecture_table() -> list[tuple[list[str], str]]:
    """The rows of docs/architecture.md's "Settings" table: (variables named in the first cell, default cell)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and not set(cells[0]) <= set("- ") and cells[0] != "variable":
            rows.append((re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[0]), cells[1]))
    return rows


def test_architecture_settings_table_agrees_with_settings() -> None:
    rows = architecture_table()
    assert len(rows) > 10
    known = set(variables()) | OTHER_PROGRAMS
    named = {name for names, _ in rows for name in names}
    assert not named - known, f"docs/architecture.md names settings that do not exist: {sorted(named - known)}"
    by_variable = {name: f for f in fields(Settings) for name in f.metadata["env"]}
    checked = 0
    for names, default_cell in rows:
        literal = re.match(r"`([^`$]+)`|(\d+(?:\.\d+)?)(?:\s|$)", default_cell)
        if len(names) != 1 or not literal or names[0] not in by_variable:
            continue  # several variables in one row, or a default in words ("generated per run")
        default = by_variable[names[0]].default
        if default is None:
            continue
        written = literal.group(1) or literal.group(2)
        same = float(written) == default if isinstance(default, (int, float)) else written == str(default)
        assert same, f"docs/architecture.md gives {names[0]} the default {written!r}, core/settings.py {default!r}"
        checked += 1
    assert checked >= 4  # HUXIN_DATA_DIR, RASA_URL, HUXIN_BIND_HOST, HUXIN_WEB_PORT, ...


def test_core_settings_is_standard_library_only() -> None:
    """It is imported by Rasa's process (Python 3.10, its own venv) as well as by the app."""
    tree = ast.parse((ROOT / HOME).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module and not node.level}
    import sys

    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported
    assert settings_module.__file__.endswith("core/settings.py")


def test_code_that_takes_a_setting_as_a_parameter_defaults_to_the_settings_own_default() -> None:
    from bot.admission import Admission
    from console.login_throttle import DEFAULT_PER_ADDRESS
    from core.settings import Settings, default

    assert Admission().max_waiting == Settings().rasa_max_waiting == default("HUXIN_RASA_MAX_WAITING")
    assert DEFAULT_PER_ADDRESS == Settings().console_login_failures_per_address
    with pytest.raises(KeyError, match="HUXIN_NO_SUCH"):
        default("HUXIN_NO_SUCH")
