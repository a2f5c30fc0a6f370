"""Status-bar read-out of the map: pointer coordinates and the area of the hovered or selected zones.

Areas show in the unit the planner picks (m², ha, km² or mu; 1 mu = 10000/15 m²), remembered
between sessions in QSettings.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from parkplanner.core.model.zone import Zone

__all__ = ["AREA_UNITS", "convert_area", "format_area", "StatusReadout"]

#: Unit -> square metres per unit.
AREA_UNITS: dict[str, float] = {"m²": 1.0, "ha": 10_000.0, "km²": 1_000_000.0, "mu": 10_000.0 / 15.0}
_DECIMALS = {"m²": 0, "ha": 2, "km²": 3, "mu": 1}
_SETTINGS_KEY = "map/area_unit"


def convert_area(m2: float, unit: str) -> float:
    return m2 / AREA_UNITS[unit]


def format_area(m2: float, unit: str) -> str:
    return f"{convert_area(m2, unit):,.{_DECIMALS[unit]}f} {unit}"


class StatusReadout(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.coordinates = QLabel("")
        self.coordinates.setMinimumWidth(230)
        self.area = QLabel("")
        self.area.setMinimumWidth(200)
        self.unit_box = QComboBox()
        self.unit_box.addItems(list(AREA_UNITS))
        self.unit_box.setToolTip(self.tr("Unit of areas (1 mu = 666.67 m²)"))
        saved = QSettings().value(_SETTINGS_KEY, "ha")
        self.unit_box.setCurrentText(saved if saved in AREA_UNITS else "ha")
        self.unit_box.currentTextChanged.connect(self._unit_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.area)
        layout.addWidget(self.coordinates)
        layout.addWidget(self.unit_box)
        self._selected: list[Zone] = []
        self._hovered: Zone | None = None

    @property
    def unit(self) -> str:
        return self.unit_box.currentText()

    def set_unit(self, unit: str) -> None:
        self.unit_box.setCurrentText(unit)

    def show_coordinates(self, x: float, y: float) -> None:
        self.coordinates.setText(f"X {x:,.1f}  Y {y:,.1f} m")

    def show_hovered(self, zone: Zone | None) -> None:
        self._hovered = zone
        self._refresh()

    def show_selected(self, zones: Iterable[Zone]) -> None:
        self._selected = list(zones)
        self._refresh()

    def refresh_zones(self, zones: Mapping[int, Zone]) -> None:
        """Replace the shown zones by their current versions in ``zones`` (after an edit)."""
        if self._hovered is None and not self._selected:
            return
        self._selected = [zones[z.id] for z in self._selected if z.id in zones]
        self._hovered = zones.get(self._hovered.id) if self._hovered is not None else None
        self._refresh()

    def _unit_changed(self, unit: str) -> None:
        QSettings().setValue(_SETTINGS_KEY, unit)
        self._refresh()

    def _refresh(self) -> None:
        """The hovered zone wins over the selection: it is what the pointer asks about."""
        if self._hovered is not None:
            zone = self._hovered
            name = zone.name or self.tr("zone {0}").format(zone.id)
            self.area.setText(f"{name} ({zone.code}): {format_area(zone.area_m2, self.unit)}")
        elif self._selected:
            total = sum(z.area_m2 for z in self._selected)
            count = len(self._selected)
            text = self.tr("1 zone selected: {1}") if count == 1 else self.tr("{0:,} zones selected: {1}")
            self.area.setText(text.format(count, format_area(total, self.unit)))
        else:
            self.area.setText("")
