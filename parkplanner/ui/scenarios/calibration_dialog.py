"""Calibrate the projection against the observed values, see the fit, apply it as one undo step.

The dialog runs ``calibrate`` (core/projection/calibration.py) on the active scenario as it
opens and shows the multipliers per series and, per observation, the value observed, the value
modelled before (stored calibration) and after the fit, and the relative errors. "Apply" pushes
``calibration_command`` on the history ("Calibrate projection"); closing changes nothing.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from parkplanner.core.editing import History
from parkplanner.core.projection.calibration import CalibrationResult, calibrate, calibration_command, fit_rows
from parkplanner.core.projection.forecast import Projection

__all__ = ["CalibrationDialog"]


def _item(text: str, numeric: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if numeric:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _rel(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1%}"


def series_name(series: str) -> str:
    """A projected series as the planner calls it ("Output value (亿元)", not "output_yi")."""
    from parkplanner.ui.scenarios.projection_panel import SERIES_LABELS

    if series not in SERIES_LABELS:
        return series
    title, unit, _ = SERIES_LABELS[series]
    name = QCoreApplication.translate("ProjectionPanel", title)
    return f"{name} ({unit})" if unit else name


class CalibrationDialog(QDialog):
    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.project = history.project
        self.setWindowTitle(self.tr("Calibrate projection"))
        self.resize(760, 560)
        self.result: CalibrationResult | None = None
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.multipliers = QTableWidget(0, 4, self)
        self.multipliers.setHorizontalHeaderLabels([self.tr("Series"), self.tr("Scale"),
                                                    self.tr("Ramp half-time ×"), self.tr("Ramp width ×")])
        self.fit = QTableWidget(0, 7, self)
        self.fit.setHorizontalHeaderLabels([
            self.tr("Year"), self.tr("Series"), self.tr("Observed"), self.tr("Modelled now"),
            self.tr("Error now"), self.tr("Modelled after fit"), self.tr("Error after fit")])
        for table in (self.multipliers, self.fit):
            table.verticalHeader().hide()
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Close,
                                        self)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(self.tr("Fitted multipliers per series")))
        layout.addWidget(self.multipliers, 1)
        layout.addWidget(QLabel(self.tr("Fit per observation")))
        layout.addWidget(self.fit, 3)
        layout.addWidget(self.buttons)
        self.run()

    def run(self) -> CalibrationResult | None:
        scenario = self.project.active_scenario
        if not self.project.observed:
            self.message.setText(self.tr("The project stores no observed values: nothing to calibrate."))
            self.apply_button.setEnabled(False)
            return None
        self.result = calibrate(self.project)
        before = fit_rows(Projection.of(self.project, scenario), self.project.observed, self.project.calibration)
        text = self.tr("Scenario “{name}”: {n} series fitted on {m} observations.").format(
            name=scenario.name, n=len(self.result.calibrations), m=len(self.project.observed))
        if self.result.skipped:
            text += " " + self.tr("Not fitted: {list}.").format(
                list="; ".join(f"{k} ({v})" for k, v in self.result.skipped.items()))
        self.message.setText(text)
        self.apply_button.setEnabled(bool(self.result.calibrations))
        self.multipliers.setRowCount(len(self.result.calibrations))
        for r, c in enumerate(self.result.calibrations):
            for col, text in enumerate((series_name(c.indicator), f"{c.scale:.3f}", f"{c.h_mult:.3f}",
                                        f"{c.w_mult:.3f}")):
                self.multipliers.setItem(r, col, _item(text, col > 0))
        old = {(row.year, row.indicator): row for row in before}
        self.fit.setRowCount(len(self.result.rows))
        for r, row in enumerate(self.result.rows):
            was = old.get((row.year, row.indicator))
            cells = (str(row.year), series_name(row.indicator), f"{row.observed:,.2f}",
                     f"{was.modelled:,.2f}" if was else "–", _rel(was.rel_error) if was else "–",
                     f"{row.modelled:,.2f}", _rel(row.rel_error))
            for col, text in enumerate(cells):
                self.fit.setItem(r, col, _item(text, col != 1))
        self.multipliers.resizeColumnsToContents()
        self.fit.resizeColumnsToContents()
        return self.result

    def apply(self) -> None:
        """Store the fitted multipliers (one undo step) and close."""
        if self.result is not None and self.result.calibrations:
            self.history.push(calibration_command(self.project, self.result))
        self.accept()
