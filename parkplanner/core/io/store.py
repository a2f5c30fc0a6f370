"""Where a project lives: one interface over a project file and a PostGIS database.

Everything above this module (history, metrics, CLI commands, the window) opens and saves a
project through a ProjectStore and never asks which kind it is. A file is one person's: saving
writes it whole and never conflicts. A database is shared: saving writes only the zones that
changed since they were read and returns the conflicts it refused to overwrite
(postgis_store). ``open_store`` picks the store from the location: a ``postgresql://`` URI or a path.
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

from parkplanner.core.io.postgis_schema import is_database_uri
from parkplanner.core.io.postgis_store import Conflict, SaveResult, StoreError
from parkplanner.core.model.project import Project

__all__ = ["ProjectStore", "FileStore", "open_store", "is_database_uri", "Conflict", "SaveResult", "StoreError",
           "STORE_ERRORS"]


class ProjectStore(Protocol):
    #: What to show the user: a file path, or the database URI without password.
    display: str
    #: Whether several people edit it (conflicts possible, others' changes arrive).
    shared: bool

    def load(self) -> Project: ...

    def save(self, project: Project) -> SaveResult: ...


class FileStore:
    """A project file (.gpkg): read whole, written whole and atomically."""

    shared = False

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.display = str(path)

    def load(self) -> Project:
        from parkplanner.core.io.project_file import load_project

        return load_project(self.path)

    def save(self, project: Project) -> SaveResult:
        from parkplanner.core.io.project_file import save_project

        save_project(project, self.path)
        return SaveResult(sum(len(s.zones) for s in project.scenarios), ())


def _database_store(uri: str):
    from parkplanner.core.io.postgis_store import PostgisStore

    try:
        return PostgisStore(uri)
    except StoreError:
        raise
    except ValueError as exc:  # a malformed URI or schema name
        raise StoreError(str(exc)) from None


def open_store(location: str | Path) -> ProjectStore:
    """The store of ``location``: a postgresql:// URI or a project file path (not opened yet)."""
    if is_database_uri(str(location)):
        return _database_store(str(location))
    return FileStore(location)


def _errors() -> tuple[type[Exception], ...]:
    from parkplanner.core.io.project_file import ProjectFileError

    return (ProjectFileError, StoreError)


#: What opening or saving through any store raises for bad input: one planner-readable line.
STORE_ERRORS = _errors()
