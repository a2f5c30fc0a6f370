"""The project speaks of itself only: no reference to specification or design documents that are
not in the repository (the specification is docs/specification.md, the design docs/architecture.md)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = ("METRICS" + ".md", "DESIGN" + ".md", "../" + "shared/")


def test_no_reference_to_documents_outside_the_repository():
    try:
        listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files cannot be listed")
    offending = []
    for name in listed.splitlines():
        path = ROOT / name
        if path.suffix not in (".py", ".md", ".toml", ".csv", ".ts", ".txt", "") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offending += [f"{name}: {word}" for word in OUTSIDE if word in text]
    assert not offending, offending


def test_the_documents_referred_to_exist():
    for name in ("specification.md", "architecture.md", "indicators.md"):
        assert (ROOT / "docs" / name).is_file()
