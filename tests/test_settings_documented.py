"""Every setting the product reads from the environment is documented in .env.example, where an admin looks.

Settings are found as string constants naming an environment variable (HUXIN_*, RASA_*, ACTION_*, TELEGRAM_*,
DATABASE_*, REDIS_*, LOG_LEVEL) in the shipped packages, so a new setting cannot be added without its line."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.project import PACKAGES, ROOT

SETTING = re.compile(r"^(HUXIN|RASA|ACTION|TELEGRAM|DATABASE|REDIS)_[A-Z0-9_]+$|^LOG_LEVEL$")


def settings_read_by_code() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and SETTING.match(node.value):
                    found.setdefault(node.value, path.relative_to(ROOT))
    return found


def test_every_setting_is_in_env_example() -> None:
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    read = settings_read_by_code()
    assert len(read) > 20  # the scan found the settings (HUXIN_DATA_DIR, RASA_URL, ...)
    missing = sorted(f"{name} (read in {where})" for name, where in read.items() if name not in documented)
    assert not missing, "add these to .env.example with a comment saying what they do: " + ", ".join(missing)
