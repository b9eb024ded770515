"""The import graph keeps its layers: domain packages (cases, claims, knowledge, sites) know nothing of the processes
that use them, nothing reaches up to the console, only the action server speaks Rasa's SDK, the domain never uses
the dialogue contract (``core.dialogue``: payloads, buttons, custom replies), no product module imports tests or
benchmarks, and no two top-level packages import each other (directly or round a longer loop).

Read from the source with ``ast`` (every import statement, also inside functions), so a violation fails here with the
module and line, before it can make an import cycle at run time.

Left out on purpose:
- ``__main__.py`` files: composition roots (``python -m bot.web`` puts the chat and the console in one process);
  nothing can import them, so they cannot close a loop.
- ``tests`` and ``bench`` in the cycle check: tooling, allowed to import any layer. They still import each other
  (bench starts stacks with ``tests.stack``; tests drive load with ``bench.load.workers``) until the shared stack
  helpers leave ``tests/`` (issue 16).
"""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first: a package may import its own layer and the layers below it, never one above.
LAYERS: list[tuple[str, frozenset[str]]] = [
    ("core", frozenset({"core"})),
    ("domain", frozenset({"cases", "claims", "knowledge", "sites"})),
    ("process", frozenset({"actions", "bot", "backup", "cluster"})),
    ("console", frozenset({"console"})),
]
TOOLING = frozenset({"tests", "bench"})
RASA = frozenset({"rasa", "rasa_sdk"})
SPEAKS_RASA = frozenset({"actions"})  # the action server; bot/ talks to Rasa over HTTP only
# The dialogue contract lives in core (actions/ and bot/ both use it) but is theirs alone: the domain returns a next
# step, a rating request, "hand over", and the actions turn them into payloads and buttons.
CONTRACT = "core.dialogue"
DOMAIN = dict(LAYERS)["domain"]


@dataclass(frozen=True)
class Import:
    module: str  # importing module, dotted
    path: Path
    line: int
    target: str  # imported module, dotted and absolute
    names: tuple[str, ...] = ()  # what `from target import ...` takes (a name may be a submodule)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def package(self) -> str:
        return self.module.split(".")[0]

    @property
    def target_package(self) -> str:
        return self.target.split(".")[0]

    def reaches(self, module: str) -> bool:
        """The import takes ``module`` or something in it: ``import core.dialogue``, ``from core.dialogue import
        payload``, ``from core import dialogue``."""
        named = [self.target, *(f"{self.target}.{name}" for name in self.names)]
        return any(n == module or n.startswith(module + ".") for n in named)


def layer_of(package: str) -> int | None:
    return next((rank for rank, (_, members) in enumerate(LAYERS) if package in members), None)


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(root: Path, path: Path) -> list[Import]:
    module = module_name(root, path)
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names: tuple[str, ...] = ()
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            if node.level:  # relative: resolved against the importing module's package
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                prefix = ".".join(base)
                targets = [f"{prefix}.{node.module}" if node.module else prefix]
            else:
                targets = [node.module or ""]
        else:
            continue
        found += [Import(module, path.relative_to(root), node.lineno, target, names) for target in targets if target]
    return found


def top_level_packages(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if (p / "__init__.py").is_file())


def all_imports(root: Path, packages: list[str]) -> list[Import]:
    found = []
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if path.name == "__main__.py" or "blind" in path.relative_to(root).parts:
                continue  # composition roots (see the docstring); bench/blind is never read
            found += imports_of(root, path)
    return found


def layer_violations(found: list[Import]) -> list[str]:
    problems = []
    for imp in found:
        source, target = imp.package, imp.target_package
        if source == target or source in TOOLING:
            continue
        if target in TOOLING:
            problems.append(f"{imp.where}: {imp.module} imports {imp.target} (product code never imports {target}/)")
        elif target in RASA and source not in SPEAKS_RASA:
            problems.append(f"{imp.where}: {imp.module} imports {imp.target} (only {', '.join(sorted(SPEAKS_RASA))}/"
                            f" speaks Rasa; the domain returns plain results)")
        elif source in DOMAIN and imp.reaches(CONTRACT):
            problems.append(f"{imp.where}: {imp.module} imports {CONTRACT} (the domain returns plain results: a next "
                            f"step, a rating request, a hand-over; actions/ and bot/ turn them into payloads and "
                            f"buttons)")
        elif (low := layer_of(source)) is not None and (high := layer_of(target)) is not None and high > low:
            problems.append(f"{imp.where}: {imp.module} imports {imp.target} ({LAYERS[low][0]} package {source} "
                            f"must not depend on {LAYERS[high][0]} package {target})")
    return problems


def package_cycles(found: list[Import], packages: set[str]) -> list[str]:
    """Every loop of imports between top-level packages, each edge named by the first import that makes it."""
    edges: dict[str, dict[str, Import]] = {package: {} for package in packages}
    for imp in found:
        if imp.package in packages and imp.target_package in packages and imp.package != imp.target_package:
            edges[imp.package].setdefault(imp.target_package, imp)
    problems, reported = [], set()

    def walk(path: list[str]) -> None:
        for nxt in sorted(edges[path[-1]]):
            if nxt == path[0]:
                loop = path + [nxt]
                key = frozenset(loop)
                if key not in reported:
                    reported.add(key)
                    steps = [edges[a][b] for a, b in zip(loop, loop[1:])]
                    problems.append("import cycle " + " → ".join(loop) + ": "
                                    + "; ".join(f"{s.where} {s.module} imports {s.target}" for s in steps))
            elif nxt not in path and nxt > path[0]:  # each loop is found once, from its smallest package
                walk(path + [nxt])

    for start in sorted(packages):
        walk([start])
    return problems


def product_packages() -> set[str]:
    return set().union(*(members for _, members in LAYERS))


def test_no_import_reaches_up_a_layer() -> None:
    found = all_imports(ROOT, sorted(product_packages()))
    assert found, "no imports read: the check reads the wrong files"
    problems = layer_violations(found)
    assert not problems, "\n".join(problems)


def test_no_import_cycle_between_packages() -> None:
    packages = product_packages()
    problems = package_cycles(all_imports(ROOT, sorted(packages)), packages)
    assert not problems, "\n".join(problems)


def test_every_package_has_a_layer_and_is_packaged() -> None:
    """A new top-level package must be placed in a layer here, and shipped (pyproject's package list)."""
    unplaced = set(top_level_packages(ROOT)) - product_packages() - TOOLING
    assert not unplaced, f"top-level packages in no layer: {sorted(unplaced)} (add them to LAYERS in {__file__})"
    includes = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    assert {pattern.rstrip("*") for pattern in includes} == product_packages()


def test_the_check_finds_a_violation_and_a_cycle(tmp_path: Path) -> None:
    """The checker itself, on a made-up tree: a domain module importing the gateway and Rasa's SDK, domain modules
    taking the dialogue contract in each way an import can name it (core's other modules and the action server's use
    of it are let through), a loop between two process packages made by a relative import, and a composition root
    that is let through."""
    files = {
        "cases/__init__.py": "",
        "cases/store.py": "import json\n\ndef f():\n    from bot.conversations import get_chat\n",
        "cases/payloads.py": "from rasa_sdk.events import SlotSet\n",
        "bot/__init__.py": "",
        "bot/web/__init__.py": "",
        "bot/web/app.py": "from ..gateway import Gateway\nimport actions.answer\n",
        "bot/web/__main__.py": "import console.web\n",
        "bot/gateway.py": "from cases import store\n",
        "actions/__init__.py": "",
        "actions/answer.py": "from bot import gateway\nfrom rasa_sdk import Action\nfrom core.dialogue import payload\n",
        "core/__init__.py": "",
        "core/dialogue.py": "import json\n",
        "knowledge/__init__.py": "",
        "knowledge/answer.py": "from core import db, dialogue\nimport core.dialogue as contract\n",
        "knowledge/store.py": "from core import db\nfrom core.clock import now\n",
        "knowledge/cli.py": "def f():\n    from core.dialogue import payload\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = all_imports(tmp_path, ["actions", "bot", "cases", "core", "knowledge"])
    assert ("bot.web.app", "bot.gateway") in {(i.module, i.target) for i in found}  # relative import resolved
    assert not [i for i in found if i.target.startswith("console")]  # __main__ is a composition root
    problems = layer_violations(found)
    assert problems == [
        "cases/payloads.py:1: cases.payloads imports rasa_sdk.events (only actions/ speaks Rasa; the domain returns "
        "plain results)",
        "cases/store.py:4: cases.store imports bot.conversations (domain package cases must not depend on process "
        "package bot)",
        *(f"{where}: knowledge.{module} imports core.dialogue (the domain returns plain results: a next step, a "
          "rating request, a hand-over; actions/ and bot/ turn them into payloads and buttons)"
          for where, module in [("knowledge/answer.py:1", "answer"), ("knowledge/answer.py:2", "answer"),
                                ("knowledge/cli.py:2", "cli")]),
    ]
    cycles = package_cycles(found, {"actions", "bot", "cases"})
    assert cycles == [
        "import cycle actions → bot → actions: actions/answer.py:1 actions.answer imports bot; "
        "bot/web/app.py:2 bot.web.app imports actions.answer",
        "import cycle bot → cases → bot: bot/gateway.py:1 bot.gateway imports cases; "
        "cases/store.py:4 cases.store imports bot.conversations",
    ]

