"""Help ▸ About ParkPlanner: what the program is and the versions of the libraries it runs on.

A bug report needs the versions of the geometry stack (shapely/GEOS, GDAL via pyogrio, PROJ via
pyproj) as much as ParkPlanner's own: the same file can read differently across GDAL releases.
The versions are read from the modules already loaded (or package metadata), so opening the box
does not import the heavy ones.
"""
from __future__ import annotations

import platform
import sys
from importlib import metadata

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from parkplanner import __version__

__all__ = ["AboutDialog", "component_versions"]


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "—"


def component_versions() -> list[tuple[str, str]]:
    """(component, version) pairs shown in the box and copied with "Copy"."""
    import PySide6
    import shapely

    rows = [("ParkPlanner", __version__),
            ("Python", f"{platform.python_version()} ({platform.python_implementation()}, {sys.platform})"),
            ("Qt", qVersion()),
            ("PySide6", PySide6.__version__),
            ("pyqtgraph", _package_version("pyqtgraph")),
            ("shapely", shapely.__version__),
            ("GEOS", shapely.geos_version_string)]
    try:
        import pyogrio

        rows.append(("GDAL", f"{pyogrio.__gdal_version_string__} (pyogrio {pyogrio.__version__})"))
    except ImportError:
        rows.append(("GDAL", "—"))
    try:
        import pyproj

        rows.append(("PROJ", f"{pyproj.proj_version_str} (pyproj {pyproj.__version__})"))
    except ImportError:
        rows.append(("PROJ", "—"))
    return rows


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About ParkPlanner"))
        self.versions = component_versions()
        intro = QLabel(self.tr(
            "<h2>ParkPlanner {0}</h2>"
            "<p>Zoning, land-use balance and industry–city integration indicators for science and "
            "technology parks: scenarios, projections and the planning appendix, fully offline.</p>"
            "<p>Licensed under the MIT licence.</p>").format(__version__))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        table = QTableWidget(len(self.versions), 2, self)
        table.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Version")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (name, version) in enumerate(self.versions):
            table.setItem(row, 0, QTableWidgetItem(name))
            table.setItem(row, 1, QTableWidgetItem(version))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton(self.tr("&Copy Versions"), self)
        copy.setToolTip(self.tr("Copy the versions to paste them into a bug report"))
        copy.clicked.connect(self.copy_versions)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(560, 460)

    def versions_text(self) -> str:
        return "\n".join(f"{name}: {version}" for name, version in self.versions)

    def copy_versions(self) -> None:
        QGuiApplication.clipboard().setText(self.versions_text())

