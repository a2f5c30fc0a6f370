"""Helpers shared by subcommands: their common arguments, opening projects, picking scenarios,
printing JSON or a text table."""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from parkplanner.cli import CliError

__all__ = ["output_path", "open_project", "open_store", "pick_scenario", "print_json", "print_report", "existing_file",
           "add_project_arguments", "text_table", "text_width"]

SCENARIO_HELP = "scenario name or id (default: the active scenario)"
PROJECT_HELP = "project file (.gpkg) or database (postgresql://user@host:port/db?schema=name)"


def add_project_arguments(parser, *, scenario: bool = True, json_help: str | None = None) -> None:
    """The PROJECT argument, then ``--scenario`` and ``--json`` when the command takes them."""
    parser.add_argument("project", help=PROJECT_HELP)
    if scenario:
        parser.add_argument("--scenario", help=SCENARIO_HELP)
    if json_help:
        parser.add_argument("--json", action="store_true", help=json_help)


def existing_file(path: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise CliError(f"no such file: {path}")
    if p.is_dir():
        raise CliError(f"{path} is a folder, not a file")
    return p


def output_path(path: str, suffixes, what: str, inputs: Iterable[str | Path] = ()) -> Path:
    """Check an output file before any work is done: its suffix, that it is not a folder, that
    its folder exists and that it is none of the command's ``inputs`` (writing it would destroy
    them), so a long command never fails only at the end."""
    from parkplanner.core.io.same_file import SameFileError, refuse_same_file

    out = Path(path)
    suffixes = tuple(suffixes)
    if out.suffix.lower() not in suffixes:
        listed = suffixes[0] if len(suffixes) == 1 else ", ".join(suffixes[:-1]) + " or " + suffixes[-1]
        raise CliError(f"cannot write {what} to {out.name}: the output must end in {listed}")
    if out.is_dir():
        raise CliError(f"{path} is a folder, not a file")
    if not out.resolve().parent.is_dir():
        raise CliError(f"folder does not exist: {out.parent}")
    try:
        refuse_same_file(out, inputs, what)
    except SameFileError as exc:
        raise CliError(str(exc)) from None
    return out


def open_store(location: str):
    """The store of a project argument (a file, or a postgresql:// URI) and the project read from it."""
    from parkplanner.core.io.store import STORE_ERRORS, is_database_uri
    from parkplanner.core.io.store import open_store as store_of

    try:
        store = store_of(location if is_database_uri(location) else existing_file(location))
        return store, store.load()
    except STORE_ERRORS as exc:
        raise CliError(str(exc)) from None


def open_project(location: str):
    return open_store(location)[1]


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


def print_report(data: Any, as_json: bool, format_text: Callable[[Any], str]) -> None:
    """``--json`` prints ``data`` as JSON, otherwise the text ``format_text`` makes of it."""
    if as_json:
        print_json(data)
    else:
        print(format_text(data))


def text_width(text: str) -> int:
    """Terminal columns of ``text``: Chinese characters (wide or full-width) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_table(rows: Iterable[Sequence[str]], text_columns: Iterable[int] = (0,), header: bool = True) -> str:
    """Aligned columns: numbers right-aligned, ``text_columns`` left-aligned; with ``header``, the first
    row is underlined by a rule."""
    rows = [list(row) for row in rows]
    left = set(text_columns)
    widths = [max(text_width(cell) for cell in column) for column in zip(*rows)]

    def pad(cell: str, width: int, n: int) -> str:
        fill = " " * (width - text_width(cell))
        return cell + fill if n in left else fill + cell

    lines = ["  ".join(pad(cell, w, n) for n, (cell, w) in enumerate(zip(row, widths))) for row in rows]
    if header:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
