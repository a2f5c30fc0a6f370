"""Edit one scenario's overrides of project parameters and sector values.

Two tables, one row per setting: the project's value, and the scenario's own value (empty = the
project's value applies). Typing a value and pressing Enter pushes one ``SetScenarioFields`` step;
clearing the cell removes the override. Values are checked by building the effective
``Parameters`` / ``Sector`` first, so an invalid value is refused with the reason and nothing is
pushed.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox, QHeaderView, QLabel, QMessageBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from parkplanner.core.editing import History
from parkplanner.core.editing.change import ChangeKind
from parkplanner.core.editing.project_commands import SetScenarioFields
from parkplanner.core.model.catalogue import GENERIC_NAMES
from parkplanner.core.model.number_text import normalise_number_text
from parkplanner.core.model.parameters import JOB_CLASSES
from parkplanner.core.model.sectors import SECTOR_NUMERIC_FIELDS
from parkplanner.ui.qt_history import qt_history_of
from parkplanner.ui.dialogs.sector_editor import SECTOR_COLUMNS
from parkplanner.ui.i18n import lang as interface_lang

__all__ = ["OverridesEditor", "PARAMETER_ROWS", "parameter_overrides_with", "sector_overrides_with"]

#: (key, sub-key) of every overridable parameter: scalars, then class_m2_gfa_per_job per class.
PARAMETER_ROWS: tuple[tuple[str, str | None], ...] = (
    ("m2_gfa_per_resident", None), ("household_size", None), ("employed_share", None),
    ("mxd_residential_share", None), ("horizon_year", None),
) + tuple(("class_m2_gfa_per_job", cls) for cls in JOB_CLASSES)
_OVERRIDDEN = QBrush(QColor("#FFF3C4"))
#: What the planner calls each parameter (translated where shown; marked for lupdate).
PARAMETER_LABELS: dict[str, str] = {
    "m2_gfa_per_resident": QT_TRANSLATE_NOOP("OverridesEditor", "Floor area per resident (m²)"),
    "household_size": QT_TRANSLATE_NOOP("OverridesEditor", "Household size (persons)"),
    "employed_share": QT_TRANSLATE_NOOP("OverridesEditor", "Employed share of residents"),
    "mxd_residential_share": QT_TRANSLATE_NOOP("OverridesEditor", "Housing share of mixed use"),
    "horizon_year": QT_TRANSLATE_NOOP("OverridesEditor", "Horizon year"),
    "class_m2_gfa_per_job": QT_TRANSLATE_NOOP("OverridesEditor", "Floor area per job, {0} (m²)"),
}


def parameter_overrides_with(overrides: dict, key: str, sub: str | None, value: float | None) -> dict:
    """A copy of ``overrides`` with one parameter set (``value``) or removed (None)."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in overrides.items()}
    if sub is None:
        if value is None:
            out.pop(key, None)
        else:
            out[key] = int(value) if key == "horizon_year" else float(value)
        return out
    per_class = dict(out.get(key, {}))
    if value is None:
        per_class.pop(sub, None)
    else:
        per_class[sub] = float(value)
    if per_class:
        out[key] = per_class
    else:
        out.pop(key, None)
    return out


def sector_overrides_with(overrides: dict, sector_id: str, field: str, value: float | None) -> dict:
    """A copy of ``overrides`` with one sector value set (``value``) or removed (None)."""
    out = {k: dict(v) for k, v in overrides.items()}
    fields = out.setdefault(sector_id, {})
    if value is None:
        fields.pop(field, None)
    else:
        fields[field] = float(value)
    if not fields:
        out.pop(sector_id)
    return out


def _generic_name(generic: str) -> str:
    en, zh = GENERIC_NAMES.get(generic, (generic, generic))
    return zh if interface_lang().startswith("zh") else en


def _cell(text: str, editable: bool) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    item.setFlags(flags | Qt.ItemFlag.ItemIsEditable if editable else flags)
    if not editable:
        item.setForeground(QBrush(QColor("#606060")))
    return item


def _format(value: Any) -> str:
    return "" if value is None else f"{value:g}"


class OverridesEditor(QWidget):
    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.project = history.project
        self.scenario_id = self.project.active_scenario_id
        self._filling = False
        self.title = QLabel(self)
        # A long scenario name or sector name would otherwise set the dock's minimum width.
        self.title.setWordWrap(True)
        self.parameters = self._table([self.tr("Parameter"), self.tr("Project"), self.tr("Scenario")])
        self.sector = QComboBox(self)
        self.sector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sector.setMinimumContentsLength(12)
        self.sectors = self._table([self.tr("Sector value"), self.tr("Project"), self.tr("Scenario")])
        self.parameters.itemChanged.connect(self._parameter_edited)
        self.sectors.itemChanged.connect(self._sector_edited)
        self.sector.currentIndexChanged.connect(lambda *_: self.refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.parameters, 3)
        layout.addWidget(self.sector)
        layout.addWidget(self.sectors, 3)
        qt_history_of(history).changed.connect(self._on_changes)
        self._fill_sectors()
        self.refresh()

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return table

    def set_scenario(self, scenario_id: str) -> None:
        if scenario_id != self.scenario_id:
            self.scenario_id = scenario_id
            self.refresh()

    def _on_changes(self, changes) -> None:
        if any(c.kind in (ChangeKind.SCENARIOS, ChangeKind.PROJECT, ChangeKind.ACTIVE_SCENARIO) for c in changes):
            if self.scenario_id not in {s.id for s in self.project.scenarios}:
                self.scenario_id = self.project.active_scenario_id
            self._fill_sectors()
            self.refresh()

    def _fill_sectors(self) -> None:
        current = self.sector.currentData()
        self.sector.blockSignals(True)
        self.sector.clear()
        for sector in self.project.sectors.values():
            self.sector.addItem(sector.name(interface_lang()), sector.id)
        index = self.sector.findData(current)
        self.sector.setCurrentIndex(max(0, index))
        self.sector.blockSignals(False)

    # -- showing ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        scenario = self.project.scenario(self.scenario_id)
        self.title.setText(self.tr("Overrides of “{name}” (empty: project value)").format(name=scenario.name))
        self._filling = True
        try:
            params = self.project.parameters.to_dict()
            own = scenario.parameter_overrides
            self.parameters.setRowCount(len(PARAMETER_ROWS))
            for row, (key, sub) in enumerate(PARAMETER_ROWS):
                label = (self.tr(PARAMETER_LABELS[key]) if sub is None
                         else self.tr(PARAMETER_LABELS[key]).format(_generic_name(sub)))
                base = params[key] if sub is None else params[key].get(sub)
                mine = own.get(key) if sub is None else own.get(key, {}).get(sub)
                self._fill_row(self.parameters, row, label, base, mine)
            sector_id = self.sector.currentData()
            sector = self.project.sectors.get(sector_id)
            fields = SECTOR_NUMERIC_FIELDS if sector is not None else ()
            own_sector = scenario.sector_overrides.get(sector_id, {})
            self.sectors.setRowCount(len(fields))
            for row, field in enumerate(fields):
                label = QCoreApplication.translate("SectorTable", dict(SECTOR_COLUMNS).get(field, field))
                self._fill_row(self.sectors, row, label, getattr(sector, field), own_sector.get(field))
        finally:
            self._filling = False

    def _fill_row(self, table: QTableWidget, row: int, label: str, base, mine) -> None:
        # The cells made once are updated in place: every scenario switch refreshes both tables,
        # and making their few dozen items anew was a few milliseconds of the switch's turn.
        for column, (text, editable) in enumerate(((label, False), (_format(base), False), (_format(mine), True))):
            item = table.item(row, column)
            if item is None:
                table.setItem(row, column, _cell(text, editable))
            elif item.text() != text:
                item.setText(text)
        # Cleared with an empty value: the role unset, the table's own background shows.
        table.item(row, 2).setData(Qt.ItemDataRole.BackgroundRole, _OVERRIDDEN if mine is not None else None)

    # -- editing ----------------------------------------------------------------------------------
    def _value(self, item: QTableWidgetItem) -> tuple[bool, float | None]:
        text = normalise_number_text(item.text())
        if not text:
            return True, None
        try:
            return True, float(text)
        except ValueError:
            QMessageBox.warning(self, self.tr("Override"), self.tr("“{text}” is not a number.").format(text=text))
            return False, None

    def _parameter_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 2:
            return
        ok, value = self._value(item)
        if not ok:
            self.refresh()
            return
        key, sub = PARAMETER_ROWS[item.row()]
        scenario = self.project.scenario(self.scenario_id)
        new = parameter_overrides_with(scenario.parameter_overrides, key, sub, value)
        try:
            self.project.parameters.with_overrides(new)  # refuses invalid values, with the reason
        except (ValueError, TypeError) as exc:
            QMessageBox.warning(self, self.tr("Override"), str(exc))
            self.refresh()
            return
        label = self.tr("Override {key} in {name}").format(key=sub or key, name=scenario.name)
        self.history.push(SetScenarioFields.of(self.project, scenario.id, label, parameter_overrides=new))

    def _sector_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 2:
            return
        ok, value = self._value(item)
        sector_id = self.sector.currentData()
        if not ok or sector_id is None:
            self.refresh()
            return
        field = SECTOR_NUMERIC_FIELDS[item.row()]
        scenario = self.project.scenario(self.scenario_id)
        new = sector_overrides_with(scenario.sector_overrides, sector_id, field, value)
        label = self.tr("Override {field} of {sector} in {name}").format(field=field, sector=sector_id,
                                                                          name=scenario.name)
        self.history.push(SetScenarioFields.of(self.project, scenario.id, label, sector_overrides=new))
