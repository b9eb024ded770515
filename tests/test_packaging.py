"""`pip install .` must give a working product: every third-party module our packages import is declared in
pyproject.toml (requirements/app.txt stays the pinned lock that `make setup` installs)."""
from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Our own packages, as pyproject ships them (tests/test_layers.py checks that list against the layers).
PACKAGES = tuple(pattern.rstrip("*") for pattern in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"]["find"]["include"])


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path.name.startswith("make_"):  # offline generators of shipped data files, run by hand
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], path.relative_to(ROOT))
    return {m: p for m, p in found.items() if m not in sys.stdlib_module_names and m not in PACKAGES}


def test_every_imported_distribution_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_canonical(re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0]) for d in project["dependencies"]}
    distributions = metadata.packages_distributions()
    missing = []
    for module, where in sorted(_imported_modules().items()):
        names = {_canonical(d) for d in distributions.get(module, [])}
        assert names, f"{module} (imported in {where}) is not installed in this environment"
        if not names & declared:
            missing.append(f"{sorted(names)[0]} (module {module}, imported in {where})")
    assert not missing, "pyproject.toml [project] dependencies lack: " + ", ".join(missing)

