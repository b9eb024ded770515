"""The wording catalogue: every sentence the bot sends a worker, kept in YAML a hotline's legal staff can read and
change without reading Python.

One file per area, next to the code that uses it (``cases/wording.yml``, ``actions/wording.yml`` …). A key is the
area and the entry's name, ``"cases.case_opened"``; the text is Simplified Chinese with ``{named}`` variables, and
``say(key, **variables)`` renders it. Replies stay Simplified here: the gateway converts them once for a worker who
writes Traditional (``bot/normalize.py``).

An entry is either the text itself or a mapping with ``text`` and, optionally, ``variables`` (the names it takes,
or name → example value, which the catalogue test renders it with) and ``note`` (why it says what it says — for the
reviewer, never sent). Mappings without ``text`` group entries: ``status: {opened: …}`` is ``"cases.status.opened"``.

Files are read once per process. A wrong key, a missing or an unexpected variable, or a malformed file raises
``WordingError`` naming the key and the file, so a slip in an edited file fails loudly instead of sending a worker
half a sentence.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "Entry", "Group", "WordingError", "areas", "catalogue", "entries", "group", "module_texts", "say", "template", "using",
]

FILE_NAME = "wording.yml"
# Where the areas' folders are: the repository (or installed site-packages) root that holds cases/, claims/ …
_root: Path = Path(__file__).resolve().parent.parent


class WordingError(LookupError):
    """A key that is not in the catalogue, a variable missing or left over, or a catalogue file that is not valid."""


@dataclass(frozen=True)
class Entry:
    key: str
    text: str
    file: Path
    variables: frozenset[str]  # the {fields} the text uses
    examples: dict[str, Any] = field(default_factory=dict)  # declared example values (for the catalogue test)
    note: str = ""


def _fields(text: str, key: str, file: Path) -> frozenset[str]:
    names = set()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:  # an unmatched "{" or "}": write "{{" / "}}" for a literal brace
        raise WordingError(f"{key} in {file}: {error}") from None
    for _, name, _, _ in parsed:
        if name is None:
            continue
        if not name.isidentifier():
            raise WordingError(f"{key} in {file}: variable {{{name}}} must be a plain name, e.g. {{number}}")
        names.add(name)
    return frozenset(names)


def _entry(key: str, value: Any, file: Path) -> Entry:
    if isinstance(value, str):
        return Entry(key, value, file, _fields(value, key, file))
    text, declared, note = value["text"], value.get("variables"), value.get("note", "")
    if not isinstance(text, str):
        raise WordingError(f"{key} in {file}: text must be a string")
    found = _fields(text, key, file)
    examples = dict(declared) if isinstance(declared, dict) else {}
    if declared is not None and set(declared) != found:
        raise WordingError(f"{key} in {file}: declares variables {sorted(declared)} but the text uses {sorted(found)}")
    return Entry(key, text, file, found, examples, note)


def _flatten(prefix: str, mapping: Any, file: Path) -> Iterator[Entry]:
    if not isinstance(mapping, dict):
        raise WordingError(f"{prefix} in {file}: expected a mapping of names to texts")
    for name, value in mapping.items():
        key = f"{prefix}.{name}"
        if isinstance(value, dict) and "text" not in value:
            yield from _flatten(key, value, file)
        elif isinstance(value, (str, dict)):
            yield _entry(key, value, file)
        else:
            raise WordingError(f"{key} in {file}: expected a text, got {type(value).__name__}")


@functools.cache
def _area(area: str) -> dict[str, Entry]:
    file = _root / area / FILE_NAME
    if not file.is_file():
        raise WordingError(f"no wording file for area {area!r}: {file}")
    try:
        loaded = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise WordingError(f"{file} is not valid YAML: {error}") from None
    return {entry.key: entry for entry in _flatten(area, loaded, file)}


def areas() -> list[str]:
    """Every area that has a catalogue file."""
    return sorted(p.parent.name for p in _root.glob(f"*/{FILE_NAME}"))


def entries(area: str) -> dict[str, Entry]:
    return dict(_area(area))


def catalogue() -> dict[str, Entry]:
    """Every entry of every area, by key."""
    return {key: entry for area in areas() for key, entry in _area(area).items()}


def _lookup(key: str) -> Entry:
    area, _, rest = key.partition(".")
    if not rest:
        raise WordingError(f"{key!r}: a key is the area and the name, e.g. 'cases.case_opened'")
    found = _area(area)
    if key not in found:
        raise WordingError(f"{key!r} is not in {_root / area / FILE_NAME}")
    return found[key]


def template(key: str) -> str:
    """The raw text of ``key``, variables unfilled (for a caller that only needs to show or compare it)."""
    return _lookup(key).text


def say(key: str, /, **variables: Any) -> str:
    """The text of ``key`` with its ``{variables}`` filled in; every variable it uses must be given, and no other."""
    entry = _lookup(key)
    missing, extra = entry.variables - variables.keys(), variables.keys() - entry.variables
    if missing or extra:
        problems = [f"missing {sorted(missing)}"] * bool(missing) + [f"unexpected {sorted(extra)}"] * bool(extra)
        raise WordingError(f"{key!r} in {entry.file}: {', '.join(problems)}")
    return entry.text.format_map(variables)


@contextmanager
def using(root: Path) -> Iterator[None]:
    """Read the catalogue from ``root`` (holding ``<area>/wording.yml``) for the duration: a hotline's edited copy in
    a test, or a trial of new wording."""
    global _root
    previous = _root
    _root = Path(root)
    _area.cache_clear()
    try:
        yield
    finally:
        _root = previous
        _area.cache_clear()


class Group(Mapping[str, str]):
    """The texts under one key prefix as a read-only mapping, name → text (no variables), in the file's order: for
    code that picks a sentence by a field's name (``QUESTIONS["phone"]``). Read from the catalogue at each use, so
    an edited or swapped catalogue (``using``) shows at once."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def _names(self) -> list[str]:
        area = self.prefix.partition(".")[0]
        start = self.prefix + "."
        return [key[len(start):] for key in _area(area) if key.startswith(start) and "." not in key[len(start):]]

    def __getitem__(self, name: str) -> str:
        if name not in self._names():
            raise KeyError(name)
        return say(f"{self.prefix}.{name}")

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def __repr__(self) -> str:
        return f"wording.Group({self.prefix!r})"


def group(prefix: str) -> Group:
    """``Group(prefix)``: e.g. ``group("cases.questions")["phone"]`` is ``say("cases.questions.phone")``."""
    return Group(prefix)


def module_texts(module: str, names: dict[str, str]) -> Callable[[str], str]:
    """A module ``__getattr__`` that keeps old constant names (``PLEASE_RESEND``) as the catalogue's current texts,
    for the tests and benches that compare replies with them: ``__getattr__ = wording.module_texts(__name__, {...})``.
    """

    def __getattr__(name: str) -> str:
        if name in names:
            return say(names[name])
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
