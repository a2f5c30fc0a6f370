"""Sector table editor: every parameter of every industrial sector, one undoable step per cell.

A cell edit replaces the project's ``sectors`` field through ``SetProjectField`` (so undo restores
the whole table) and the dashboard updates live. Values outside plausible limits are refused with
the reason; a sector still used by zones cannot be removed.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from parkplanner.core.editing import ChangeKind, History
from parkplanner.core.editing.project_commands import SetProjectField
from parkplanner.core.model.sectors import Sector
from parkplanner.core.model.number_text import parse_number
from parkplanner.ui.i18n import lang as interface_lang
from parkplanner.ui.qt_history import qt_history_of

__all__ = ["SectorTable", "SectorEditorDialog", "SECTOR_COLUMNS", "FIELD_LIMITS", "check_sector_value"]

_TEXT_FIELDS = ("name_en", "name_zh", "colour")
#: Every editable field in column order, with its header.
SECTOR_COLUMNS: tuple[tuple[str, str], ...] = (
    # Headers are translated where shown (SectorTable); the marks let lupdate collect them.
    ("name_en", QT_TRANSLATE_NOOP("SectorTable", "Name")), ("name_zh", QT_TRANSLATE_NOOP("SectorTable", "中文名")),
    ("colour", QT_TRANSLATE_NOOP("SectorTable", "Colour")),
    ("m2_gfa_per_job", QT_TRANSLATE_NOOP("SectorTable", "m² GFA / job")),
    ("output_wan_per_mu", QT_TRANSLATE_NOOP("SectorTable", "Output 万元/亩")),
    ("tax_wan_per_mu", QT_TRANSLATE_NOOP("SectorTable", "Tax 万元/亩")),
    ("enterprises_per_ha", QT_TRANSLATE_NOOP("SectorTable", "Firms / ha")),
    ("high_tech_share", QT_TRANSLATE_NOOP("SectorTable", "High-tech share")),
    ("far_min", QT_TRANSLATE_NOOP("SectorTable", "FAR min")),
    ("coverage_min", QT_TRANSLATE_NOOP("SectorTable", "Coverage min")),
    ("green_max", QT_TRANSLATE_NOOP("SectorTable", "Green max")),
    ("ramp_half_years", QT_TRANSLATE_NOOP("SectorTable", "Ramp half-time (yr)")),
    ("ramp_width_years", QT_TRANSLATE_NOOP("SectorTable", "Ramp width (yr)")),
)
#: Plausible inclusive limits; None is open-ended. Shares are fractions.
FIELD_LIMITS: dict[str, tuple[float | None, float | None]] = {
    "m2_gfa_per_job": (1.0, 10_000.0), "output_wan_per_mu": (0.0, None), "tax_wan_per_mu": (0.0, None),
    "enterprises_per_ha": (0.0, 1_000.0), "high_tech_share": (0.0, 1.0), "far_min": (0.0, 20.0),
    "coverage_min": (0.0, 1.0), "green_max": (0.0, 1.0), "ramp_half_years": (0.1, 100.0),
    "ramp_width_years": (0.1, 100.0),
}
_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def check_sector_value(field: str, text: str):
    """The typed value of ``text`` for sector ``field``; ValueError with a readable reason otherwise."""
    header = dict(SECTOR_COLUMNS)[field]
    text = text.strip()
    if field == "colour":
        if not _HEX.match(text):
            raise ValueError(f"{header} must look like #1F77B4")
        return text.upper()
    if field in _TEXT_FIELDS:
        if not text:
            raise ValueError(f"{header} must not be empty")
        return text
    try:
        value = parse_number(text)
    except ValueError:
        raise ValueError(f"{header} must be a number, not {text!r}") from None
    low, high = FIELD_LIMITS[field]
    if low is not None and value < low or high is not None and value > high:
        span = f"at least {low:g}" if high is None else f"between {low:g} and {high:g}"
        raise ValueError(f"{header} must be {span}")
    return value


def _display(sector: Sector, field: str) -> str:
    value = getattr(sector, field)
    return value if isinstance(value, str) else f"{value:g}"


class SectorTable(QWidget):
    """The editable table; usable alone (tests) or inside the project settings dialog."""

    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.project = history.project
        self.table = QTableWidget(0, len(SECTOR_COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(h) for _, h in SECTOR_COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #B00020;")
        self.message.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add sector"), self)
        self.remove_button = QPushButton(self.tr("Remove sector"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.table.itemChanged.connect(self._on_item_changed)
        self.add_button.clicked.connect(self.add_sector)
        self.remove_button.clicked.connect(self.remove_selected)
        qt_history_of(history).changed.connect(self._on_history_changed)
        self.reload()

    def reload(self) -> None:
        """Show the project's sectors (after undo/redo or another window's edit)."""
        sectors = list(self.project.sectors.values())
        self.table.blockSignals(True)
        self.table.setRowCount(len(sectors))
        for row, sector in enumerate(sectors):
            for column, (field, _) in enumerate(SECTOR_COLUMNS):
                item = QTableWidgetItem(_display(sector, field))
                item.setData(_ID_ROLE, sector.id)
                if field not in _TEXT_FIELDS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if field == "colour":
                    item.setBackground(QColor(sector.colour))
                    item.setForeground(QColor("white" if QColor(sector.colour).lightness() < 140 else "black"))
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)

    def _on_history_changed(self, changes) -> None:
        if any(c.kind is ChangeKind.PROJECT and c.field == "sectors" for c in changes):
            self.reload()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        sector_id = item.data(_ID_ROLE)
        field = SECTOR_COLUMNS[item.column()][0]
        sector = self.project.sectors[sector_id]
        try:
            value = check_sector_value(field, item.text())
        except ValueError as exc:
            self.message.setText(f"{sector.name_en}: {exc}")
            self.table.blockSignals(True)
            item.setText(_display(sector, field))
            self.table.blockSignals(False)
            return
        self.message.setText("")
        if value == getattr(sector, field):
            return
        sectors = dict(self.project.sectors)
        sectors[sector_id] = sector.with_values(**{field: value})
        header = dict(SECTOR_COLUMNS)[field]
        self.history.push(SetProjectField.of(self.project, "sectors", sectors,
                                             f"Set {header} of {sector.name_en}"))

    def add_sector(self) -> None:
        """Append a sector copied from the selected one (or the first), with a fresh id."""
        sectors = dict(self.project.sectors)
        template = self._selected_sector() or next(iter(sectors.values()))
        n = 1
        while f"sector_{n}" in sectors:
            n += 1
        new = template.with_values(id=f"sector_{n}", name_en=f"New sector {n}", name_zh=f"新产业 {n}")
        sectors[new.id] = new
        self.history.push(SetProjectField.of(self.project, "sectors", sectors, f"Add sector {new.name_en}"))

    def remove_selected(self) -> None:
        sector = self._selected_sector()
        if sector is None:
            self.message.setText(self.tr("Select a sector row first"))
            return
        users = sum(1 for s in self.project.scenarios for z in s if z.sector == sector.id)
        if users:
            self.message.setText(self.tr("{0} is used by {1} zone(s); give those zones another sector first")
                                 .format(sector.name(interface_lang()), users))
            return
        sectors = {k: v for k, v in self.project.sectors.items() if k != sector.id}
        self.message.setText("")
        self.history.push(SetProjectField.of(self.project, "sectors", sectors, f"Remove sector {sector.name_en}"))

    def _selected_sector(self) -> Sector | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.project.sectors.get(self.table.item(rows[0].row(), 0).data(_ID_ROLE))


class SectorEditorDialog(QDialog):
    """The sector table in its own non-modal window."""

    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sectors"))
        self.sectors = SectorTable(history, self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Edits apply at once and can be undone (Ctrl+Z)."), self))
        layout.addWidget(self.sectors)
        layout.addWidget(close)
        self.resize(1100, 320)

