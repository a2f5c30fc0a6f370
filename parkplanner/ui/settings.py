"""The planner's preferences between sessions, stored with QSettings under ParkPlanner/ParkPlanner.

One place names every key so that the window, the status bar and the menus read and write the
same values: interface language, recent project files, window geometry and dock layout, the area
unit of the status bar, and the folders last used by the file dialogs.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

__all__ = ["Settings", "LANGUAGES", "AREA_UNIT_CHOICES", "MAX_RECENT"]

#: Interface languages: "" follows the system locale.
LANGUAGES = ("", "en", "zh_CN")
#: Same units (and same key) as the status-bar read-out.
AREA_UNIT_CHOICES = ("m²", "ha", "km²", "mu")
MAX_RECENT = 10

_LANGUAGE = "ui/language"
_RECENT = "files/recent"
_LAST_FOLDER = "files/last_folder"
_EXPORT_FOLDER = "files/export_folder"
_GEOMETRY = "window/geometry"
_STATE = "window/state"
_AREA_UNIT = "map/area_unit"


class Settings:
    """Typed access to the QSettings of the application (a fresh QSettings per call is cheap)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store

    @property
    def store(self) -> QSettings:
        return self._store if self._store is not None else QSettings()

    # -- language -------------------------------------------------------------------------------
    def language(self) -> str:
        """"" (follow the system), "en" or "zh_CN"; unknown stored values read as ""."""
        value = str(self.store.value(_LANGUAGE, "") or "")
        return value if value in LANGUAGES else ""

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown interface language {language!r} (known: en, zh_CN)")
        self.store.setValue(_LANGUAGE, language)

    # -- recent files ---------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.store.value(_RECENT, [])
        if isinstance(value, str):  # QSettings returns a lone string for a one-element list
            value = [value]
        return [str(v) for v in (value or []) if v][:MAX_RECENT]

    def set_recent_files(self, paths: list[str]) -> None:
        self.store.setValue(_RECENT, list(paths[:MAX_RECENT]))

    # -- folders --------------------------------------------------------------------------------
    def last_folder(self) -> str:
        return str(self.store.value(_LAST_FOLDER, "") or "")

    def remember_folder(self, path: str | Path) -> None:
        """Remember the folder of ``path`` (a file) for the next open or save dialog."""
        self.store.setValue(_LAST_FOLDER, str(Path(path).resolve().parent))

    def export_folder(self) -> str:
        return str(self.store.value(_EXPORT_FOLDER, "") or "") or self.last_folder()

    def remember_export_folder(self, path: str | Path) -> None:
        self.store.setValue(_EXPORT_FOLDER, str(Path(path).resolve().parent))

    # -- window layout --------------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        return self.store.value(_GEOMETRY)

    def window_state(self) -> QByteArray | None:
        return self.store.value(_STATE)

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        store = self.store
        store.setValue(_GEOMETRY, geometry)
        store.setValue(_STATE, state)

    # -- units ----------------------------------------------------------------------------------
    def area_unit(self) -> str:
        value = str(self.store.value(_AREA_UNIT, "ha") or "ha")
        return value if value in AREA_UNIT_CHOICES else "ha"

    def set_area_unit(self, unit: str) -> None:
        if unit not in AREA_UNIT_CHOICES:
            raise ValueError(f"unknown area unit {unit!r}")
        self.store.setValue(_AREA_UNIT, unit)
