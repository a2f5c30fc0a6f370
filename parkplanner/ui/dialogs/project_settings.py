"""Project settings: land-use scheme, the parameters of docs/specification.md section 1, phases, targets, sectors.

The dialog is not modal and has no OK button: every accepted edit is one ``SetProjectField`` step
on the history, so the dashboard updates while the dialog stays open and Ctrl+Z undoes the edit.
When the history changes the project (undo, redo), the dialog re-reads it.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QHBoxLayout,
    QHeaderView, QLabel, QMessageBox, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QTabWidget,
    QVBoxLayout, QWidget,
)

from parkplanner.core.editing import ChangeKind, History
from parkplanner.core.editing.project_commands import SetProjectField
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.number_text import parse_number
from parkplanner.core.model.parameters import JOB_CLASSES, Parameters
from parkplanner.core.model.project import Phase, Target
from parkplanner.core.projection.zone_basis import SERIES
from parkplanner.ui.dialogs.sector_editor import SectorTable
from parkplanner.ui.qt_history import qt_history_of
from parkplanner.ui.i18n import lang as interface_lang

__all__ = ["ProjectSettingsDialog", "PARAMETER_FIELDS", "scheme_conflicts"]

#: (name, label, minimum, maximum, decimals, step) of the scalar parameters.
PARAMETER_FIELDS: tuple[tuple[str, str, float, float, int, float], ...] = (
    # Labels are translated where shown; the marks let lupdate collect them.
    ("m2_gfa_per_resident", QT_TRANSLATE_NOOP("ProjectSettingsDialog", "Residential GFA per resident (m²)"),
     1.0, 500.0, 1, 1.0),
    ("household_size", QT_TRANSLATE_NOOP("ProjectSettingsDialog", "Household size (persons)"), 0.5, 10.0, 2, 0.05),
    ("employed_share", QT_TRANSLATE_NOOP("ProjectSettingsDialog", "Employed share of residents"),
     0.01, 1.0, 2, 0.01),
    ("mxd_residential_share", QT_TRANSLATE_NOOP("ProjectSettingsDialog", "Housing share of mixed-use GFA"),
     0.0, 1.0, 2, 0.05),
    ("horizon_year", QT_TRANSLATE_NOOP("ProjectSettingsDialog", "Projection horizon (year)"), 1900, 2200, 0, 1),
)
_YEAR_MIN, _YEAR_MAX = 1900, 2200


def scheme_conflicts(project, scheme: str) -> int:
    """How many zones (all scenarios) use a code that ``scheme`` does not have."""
    catalogue = default_catalogue()
    return sum(1 for s in project.scenarios for z in s if catalogue.find(scheme, z.code) is None)


def _spin(minimum: float, maximum: float, decimals: int, step: float) -> QDoubleSpinBox | QSpinBox:
    box = QSpinBox() if decimals == 0 else QDoubleSpinBox()
    if decimals:
        box.setDecimals(decimals)
    box.setRange(minimum, maximum)
    box.setSingleStep(step)
    box.setKeyboardTracking(False)  # one edit per finished value, not per keystroke
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


class ProjectSettingsDialog(QDialog):
    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.project = history.project
        #: Asked before a scheme switch recodes zones (scheme, "old → new (zones)" rows); tests replace it.
        self.ask_crosswalk = self._crosswalk_dialog
        self.setWindowTitle(self.tr("Project settings"))
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #B00020;")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._general_tab(), self.tr("Land use and parameters"))
        self.tabs.addTab(self._phases_tab(), self.tr("Phases"))
        self.tabs.addTab(self._targets_tab(), self.tr("Targets"))
        self.sector_table = SectorTable(history, self)
        self.tabs.addTab(self.sector_table, self.tr("Sectors"))
        from parkplanner.ui.dialogs.storey_heights import StoreyHeightsTab
        from parkplanner.ui.i18n import lang

        self.storey_heights = StoreyHeightsTab(history, lang(), self)
        self.tabs.addTab(self.storey_heights, self.tr("3D massing"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Every change applies at once, updates the dashboard and can be undone "
                                        "(Ctrl+Z)."), self))
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(980, 520)
        qt_history_of(history).changed.connect(self._on_history_changed)
        self.reload()

    # -- building -------------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        self.scheme = QComboBox(tab)
        for scheme in default_catalogue().schemes:
            self.scheme.addItem(scheme, scheme)
        self.scheme.activated.connect(self._commit_scheme)
        form.addRow(self.tr("Land-use scheme"), self.scheme)
        self.parameter_boxes: dict[str, QDoubleSpinBox | QSpinBox] = {}
        for name, label, low, high, decimals, step in PARAMETER_FIELDS:
            box = _spin(low, high, decimals, step)
            box.valueChanged.connect(lambda value, name=name: self._commit_parameter(name, value))
            self.parameter_boxes[name] = box
            form.addRow(self.tr(label), box)
        form.addRow(QLabel(self.tr("<b>Floor area per job by class (m² GFA per job)</b> — used when a zone has "
                                   "no sector"), tab))
        self.job_boxes: dict[str, QDoubleSpinBox] = {}
        for generic in JOB_CLASSES:
            box = _spin(1.0, 10_000.0, 1, 5.0)
            box.valueChanged.connect(lambda value, generic=generic: self._commit_job_space(generic, value))
            self.job_boxes[generic] = box
            form.addRow(f"  {generic}", box)
        return tab

    def _table_tab(self, headers: list[str], add_text: str, add, remove) -> tuple[QWidget, QTableWidget]:
        tab = QWidget(self)
        table = QTableWidget(0, len(headers), tab)
        table.setHorizontalHeaderLabels(headers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        add_button, remove_button = QPushButton(add_text, tab), QPushButton(self.tr("Remove selected"), tab)
        add_button.clicked.connect(add)
        remove_button.clicked.connect(remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add_button)
        buttons.addWidget(remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addWidget(table)
        layout.addLayout(buttons)
        return tab, table

    def _phases_tab(self) -> QWidget:
        tab, self.phases_table = self._table_tab([self.tr("Phase"), self.tr("Name"), self.tr("Start year")], self.tr("Add phase"),
                                                 self.add_phase, self.remove_phases)
        self.phases_table.itemChanged.connect(self._commit_phases)
        return tab

    def _targets_tab(self) -> QWidget:
        tab, self.targets_table = self._table_tab(
            [self.tr("Indicator"), self.tr("Target value"), self.tr("Year (empty: build-out)")], self.tr("Add target"), self.add_target, self.remove_targets)
        self.targets_table.itemChanged.connect(self._commit_targets)
        return tab

    # -- reading --------------------------------------------------------------------------------
    def reload(self) -> None:
        """Show the project's current values without pushing anything."""
        project = self.project
        for widget in (self.scheme, *self.parameter_boxes.values(), *self.job_boxes.values()):
            widget.blockSignals(True)
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(project.scheme)))
        for name, box in self.parameter_boxes.items():
            box.setValue(getattr(project.parameters, name))
        for generic, box in self.job_boxes.items():
            box.setValue(project.parameters.class_m2_gfa_per_job[generic])
        for widget in (self.scheme, *self.parameter_boxes.values(), *self.job_boxes.values()):
            widget.blockSignals(False)
        self._fill(self.phases_table, [(str(p.number), p.name, str(p.start_year)) for p in project.phases])
        self._fill(self.targets_table, [(t.indicator, f"{t.value:g}", "" if t.year is None else str(t.year))
                                        for t in project.targets])
        for row in range(self.targets_table.rowCount()):
            self._indicator_combo(row, self.project.targets[row].indicator)

    def _fill(self, table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
        table.blockSignals(True)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.blockSignals(False)

    def _indicator_combo(self, row: int, current: str) -> None:
        combo = QComboBox(self.targets_table)
        for name in SERIES:
            combo.addItem(name, name)
        if combo.findData(current) < 0:
            combo.addItem(current, current)
        combo.setCurrentIndex(combo.findData(current))
        combo.activated.connect(lambda _index: self._commit_targets())
        self.targets_table.setCellWidget(row, 0, combo)

    def _on_history_changed(self, changes) -> None:
        if any(c.kind is ChangeKind.PROJECT and c.field in ("scheme", "parameters", "phases", "targets")
               for c in changes):
            self.reload()
            self.storey_heights.reload()

    # -- writing --------------------------------------------------------------------------------
    def _push(self, name: str, value, label: str) -> bool:
        if value == getattr(self.project, name):
            return False
        self.message.setText("")
        self.history.push(SetProjectField.of(self.project, name, value, label))
        return True

    def _switch_through_crosswalk(self, scheme: str, conflicts: int) -> None:
        """Offer to recode the zones through the generic classes (crosswalk.py), every mapping
        shown; confirmed, the recoding and the switch are one undo step."""
        from parkplanner.core.editing.zone_commands import set_zone_attributes
        from parkplanner.core.model.crosswalk import crosswalk

        old = self.project.scheme
        counts: dict[str, int] = {}
        for scenario in self.project.scenarios:
            for zone in scenario:
                counts[zone.code] = counts.get(zone.code, 0) + 1
        mapping = crosswalk(old, scheme, counts)
        missing = sorted(code for code, target in mapping.items() if target is None)
        if missing:
            self.refuse(f"{conflicts} zone{'s' * (conflicts != 1)} use codes that {scheme} does not have and "
                        f"that have no class there ({', '.join(missing)}); recode them before switching")
            return
        catalogue, lang = default_catalogue(), interface_lang()
        changed = {code: target for code, target in mapping.items() if target != code}
        rows = [f"{catalogue.get(old, code).label(lang)}  →  {catalogue.get(scheme, target).label(lang)}  "
                f"({counts[code]})" for code, target in sorted(changed.items())]
        if not self.ask_crosswalk(scheme, rows):
            self.reload()
            return
        label = f"Switch land-use scheme to {scheme}"
        with self.history.group(label):
            self.history.push(SetProjectField.of(self.project, "scheme", scheme, label))
            for scenario in self.project.scenarios:
                by_target: dict[str, list[int]] = {}
                for zone in scenario:
                    if zone.code in changed:
                        by_target.setdefault(changed[zone.code], []).append(zone.id)
                for target, ids in by_target.items():
                    self.history.push(set_zone_attributes(self.project, ids, {"code": target}, scenario.id))
        self.message.setText("")

    def _crosswalk_dialog(self, scheme: str, rows: list[str]) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Switch land-use scheme"),
                          self.tr("{0} codes are not in {1}. Recode them through their generic classes "
                                  "(one undo step)?").format(len(rows), scheme), parent=self)
        box.setInformativeText("\n".join(rows[:12]) + ("\n…" if len(rows) > 12 else ""))
        box.setDetailedText("\n".join(rows))
        switch = box.addButton(self.tr("Recode and Switch"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is switch

    def refuse(self, text: str) -> None:
        self.message.setText(text)
        self.reload()

    def _commit_scheme(self) -> None:
        scheme = self.scheme.currentData()
        conflicts = scheme_conflicts(self.project, scheme)
        if conflicts:
            self._switch_through_crosswalk(scheme, conflicts)
            return
        self._push("scheme", scheme, f"Switch land-use scheme to {scheme}")

    def _commit_parameter(self, name: str, value: float) -> None:
        value = int(value) if name == "horizon_year" else float(value)
        try:
            parameters = replace(self.project.parameters, **{name: value})
        except ValueError as exc:
            self.refuse(str(exc))
            return
        label = next(f[1] for f in PARAMETER_FIELDS if f[0] == name)
        self._push("parameters", parameters, f"Set {label.split(' (')[0].lower()}")

    def _commit_job_space(self, generic: str, value: float) -> None:
        per_job = dict(self.project.parameters.class_m2_gfa_per_job)
        per_job[generic] = float(value)
        parameters = Parameters.from_dict({**self.project.parameters.to_dict(), "class_m2_gfa_per_job": per_job})
        self._push("parameters", parameters, f"Set m² per job of {generic}")

    def _read_phases(self) -> tuple[Phase, ...]:
        existing = {p.number: p for p in self.project.phases}
        phases = []
        for row in range(self.phases_table.rowCount()):
            number = _whole(self.phases_table.item(row, 0), "Phase number", 1, 99)
            name = (self.phases_table.item(row, 1) or QTableWidgetItem("")).text().strip() or f"Phase {number}"
            year = _whole(self.phases_table.item(row, 2), "Start year", _YEAR_MIN, _YEAR_MAX)
            geometry = existing[number].geometry if number in existing else None
            phases.append(Phase(number, name, year, geometry))
        numbers = [p.number for p in phases]
        if len(set(numbers)) != len(numbers):
            raise ValueError("two phases have the same number")
        return tuple(sorted(phases, key=lambda p: p.number))

    def _commit_phases(self, *args) -> None:
        try:
            phases = self._read_phases()
        except ValueError as exc:
            self.refuse(str(exc))
            return
        self._push("phases", phases, "Edit phases")

    def add_phase(self) -> None:
        phases = self.project.phases
        number = max((p.number for p in phases), default=0) + 1
        year = max((p.start_year for p in phases), default=2020) + (3 if phases else 0)
        self._push("phases", (*phases, Phase(number, f"Phase {number}", year)), f"Add phase {number}")

    def remove_phases(self) -> None:
        rows = {i.row() for i in self.phases_table.selectionModel().selectedRows()}
        if not rows:
            self.message.setText(self.tr("Select a phase row first"))
            return
        keep = tuple(p for r, p in enumerate(self.project.phases) if r not in rows)
        self._push("phases", keep, "Remove phase" if len(rows) == 1 else f"Remove {len(rows)} phases")

    def _read_targets(self) -> tuple[Target, ...]:
        targets = []
        for row in range(self.targets_table.rowCount()):
            combo = self.targets_table.cellWidget(row, 0)
            indicator = combo.currentData() if combo is not None else self.targets_table.item(row, 0).text()
            value_text = (self.targets_table.item(row, 1) or QTableWidgetItem("")).text()
            try:
                value = parse_number(value_text)
            except ValueError:
                raise ValueError(f"target value must be a number, not {value_text!r}") from None
            if not value > 0:
                raise ValueError("target value must be positive")
            year_item = self.targets_table.item(row, 2)
            year = None if year_item is None or not year_item.text().strip() else \
                _whole(year_item, "Target year", _YEAR_MIN, _YEAR_MAX)
            targets.append(Target(indicator, value, year))
        return tuple(targets)

    def _commit_targets(self, *args) -> None:
        try:
            targets = self._read_targets()
        except ValueError as exc:
            self.refuse(str(exc))
            return
        self._push("targets", targets, "Edit targets")

    def add_target(self) -> None:
        used = {t.indicator for t in self.project.targets}
        indicator = next((s for s in SERIES if s not in used), SERIES[0])
        self._push("targets", (*self.project.targets, Target(indicator, 1.0, None)), f"Add target {indicator}")

    def remove_targets(self) -> None:
        rows = {i.row() for i in self.targets_table.selectionModel().selectedRows()}
        if not rows:
            self.message.setText(self.tr("Select a target row first"))
            return
        keep = tuple(t for r, t in enumerate(self.project.targets) if r not in rows)
        self._push("targets", keep, "Remove target" if len(rows) == 1 else f"Remove {len(rows)} targets")


def _whole(item: QTableWidgetItem | None, what: str, low: int, high: int) -> int:
    text = "" if item is None else item.text().strip()
    try:
        number = int(text)
    except ValueError:
        raise ValueError(f"{what} must be a whole number, not {text!r}") from None
    if not low <= number <= high:
        raise ValueError(f"{what} must be between {low} and {high}")
    return number
