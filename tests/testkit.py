"""Helpers shared by test modules (on sys.path through ``pythonpath`` in pyproject.toml).

Qt-free, so tests/core and tests/interaction may use it too.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

__all__ = ["load_helper_module", "saved_synthetic_project", "plain"]


def load_helper_module(path: Path) -> ModuleType:
    """Import a helper file that sits beside the tests (not a package) under its file name.

    The module is registered in ``sys.modules`` before it runs because its dataclasses look their
    module up while they are made; a second test module loading it gets the first one's copy.
    """
    name = path.stem
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def saved_synthetic_project(folder: Path, zones: int, seed: int, name: str = "Tech Town",
                            file_name: str = "town.gpkg") -> Path:
    """A synthetic project of ``zones`` zones saved as ``folder / file_name``."""
    from parkplanner.core.io.project_file import save_project
    from parkplanner.core.synthetic import synthetic_project

    project = synthetic_project(zones, seed=seed)
    project.name = name
    path = folder / file_name
    save_project(project, path)
    return path


def plain(text: str) -> str:
    """A menu or button text without its mnemonic ampersands ("&&" is a literal "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")
