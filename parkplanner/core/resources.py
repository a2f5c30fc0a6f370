"""Locate files shipped in ``resources/`` and ``sample_projects/``.

Installed, they are the data packages ``parkplanner.resources`` and
``parkplanner.sample_projects`` (see setup.py); in a source checkout they are the
top-level folders beside the package.
"""
from __future__ import annotations

from importlib import resources as _ilr
from pathlib import Path

__all__ = ["resource_path", "sample_project_path"]

_REPO_ROOT = Path(__file__).resolve().parents[2]


def _locate(package: str, folder: str, name: str) -> Path:
    try:
        candidate = Path(str(_ilr.files(package).joinpath(name)))
        if candidate.exists():
            return candidate
    except (ModuleNotFoundError, TypeError):
        pass
    return _REPO_ROOT / folder / name


def resource_path(name: str) -> Path:
    """Path of a shipped resource file, e.g. ``resource_path("landuse_catalogue.csv")``."""
    return _locate("parkplanner.resources", "resources", name)


def sample_project_path(name: str = "zgc_tech_town.gpkg") -> Path:
    return _locate("parkplanner.sample_projects", "sample_projects", name)
