"""File ▸ Open Recent: the last projects opened or saved, newest first, kept in the settings.

Entries whose file has gone are shown disabled rather than silently dropped, so the planner
sees that a project moved; "Clear Menu" empties the list.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from parkplanner.ui.settings import MAX_RECENT, Settings

__all__ = ["RecentFiles", "add_recent"]


def _key(path: str) -> str:
    """Paths compare case-insensitively on Windows and macOS file systems."""
    return os.path.normcase(os.path.abspath(path))


def add_recent(paths: list[str], path: str | Path, limit: int = MAX_RECENT) -> list[str]:
    """``paths`` with ``path`` (absolute) moved to the front, duplicates dropped, at most ``limit``."""
    new = str(Path(path).resolve())
    return [new] + [p for p in paths if _key(p) != _key(new)][: limit - 1]


class RecentFiles(QObject):
    """Keeps the recent list in :class:`Settings` and a QMenu showing it in step."""

    def __init__(self, menu: QMenu, open_path: Callable[[str], object], settings: Settings | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent or menu)
        self.menu = menu
        self.settings = settings or Settings()
        self._open_path = open_path
        # Build the entries when the menu opens: files may have appeared or gone since.
        menu.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def paths(self) -> list[str]:
        return self.settings.recent_files()

    def add(self, path: str | Path) -> None:
        self.settings.set_recent_files(add_recent(self.paths(), path))
        self.rebuild()

    def remove(self, path: str | Path) -> None:
        self.settings.set_recent_files([p for p in self.paths() if _key(p) != _key(str(path))])
        self.rebuild()

    def clear(self) -> None:
        self.settings.set_recent_files([])
        self.rebuild()

    def rebuild(self) -> None:
        self.menu.clear()
        paths = self.paths()
        for n, path in enumerate(paths, start=1):
            # The number is the mnemonic; "&" in a file name must not become one.
            label = f"&{n % 10} {Path(path).name.replace('&', '&&')}"
            action = self.menu.addAction(label)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setEnabled(Path(path).exists())
            action.triggered.connect(lambda checked=False, path=path: self._open_path(path))
        if paths:
            self.menu.addSeparator()
        clear = self.menu.addAction(self.tr("&Clear Menu"))
        clear.setEnabled(bool(paths))
        clear.triggered.connect(self.clear)
        self.menu.setEnabled(True)
