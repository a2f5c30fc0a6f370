"""Helpers shared by subcommands: opening projects, picking scenarios, printing JSON."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from parkplanner.cli import CliError

__all__ = ["open_project", "pick_scenario", "print_json", "existing_file"]


def existing_file(path: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise CliError(f"no such file: {path}")
    if p.is_dir():
        raise CliError(f"{path} is a folder, not a file")
    return p


def open_project(path: str):
    from parkplanner.core.io.project_file import ProjectFileError, load_project

    try:
        return load_project(existing_file(path))
    except ProjectFileError as exc:
        raise CliError(str(exc)) from None


def pick_scenario(project, key: str | None):
    if not key:
        return project.active_scenario
    try:
        return project.scenario_by_name_or_id(key)
    except KeyError as exc:
        raise CliError(str(exc).strip("'\"")) from None


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write("\n")
