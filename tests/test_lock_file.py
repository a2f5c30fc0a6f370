"""The lock (requirements/lock.txt, written by `make lock`) covers every dependency pyproject.toml
declares and keeps its rules: a dependency added without refreshing the lock fails here, not on
the next machine."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pins() -> dict[str, list[tuple[str, str]]]:
    """name -> [(version, marker)] of the lock's pinned lines."""
    pins: dict[str, list[tuple[str, str]]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if not line or line[0] in "# -":
            continue
        spec, _, marker = line.partition(";")
        name, _, version = spec.strip().partition("==")
        pins.setdefault(name.lower().replace("_", "-"), []).append((version, marker.strip()))
    return pins


def test_every_declared_dependency_is_locked():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    missing = declared - _pins().keys()
    assert not missing, f"run `make lock`: {sorted(missing)} are not in {LOCK.name}"


def test_pyside_below_6_12_on_cpython_3_11():
    # PySide6 6.12.0 aborts CPython 3.11 (tests/ui/test_pyside_refcount.py): the lock must keep the rule.
    pins = _pins()["pyside6-essentials"]
    for_311 = [version for version, marker in pins if not marker or "< '3.12'" in marker]
    assert for_311, pins
    for version in for_311:
        assert tuple(int(p) for p in version.split(".")[:2]) < (6, 12), version
