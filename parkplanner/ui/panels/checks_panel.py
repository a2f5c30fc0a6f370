"""Standards checks: every violation of the rules table, per zone, refreshed on every edit.

Rows come from the ``violations`` list of the metrics dictionary (docs/specification.md section 5: zone, rule,
value, limit, source). Clicking a row selects its zone on the map; ``flagged_changed`` carries the
ids of every zone with a violation so the map can outline them.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from parkplanner.core.metrics.plausibility import plan_warnings
from parkplanner.core.model.project import Project
from parkplanner.core.rule_texts import rule_description
from parkplanner.interaction.selection import Selection
from parkplanner.ui.i18n import lang as interface_lang

__all__ = ["ChecksPanel", "flagged_zone_ids", "problem_table"]

_HEADERS = (QT_TRANSLATE_NOOP("ChecksPanel", "Zone"), QT_TRANSLATE_NOOP("ChecksPanel", "Rule"),
            QT_TRANSLATE_NOOP("ChecksPanel", "Value"), QT_TRANSLATE_NOOP("ChecksPanel", "Limit"),
            QT_TRANSLATE_NOOP("ChecksPanel", "Source"))


def flagged_zone_ids(violations: list[dict[str, Any]]) -> frozenset[int]:
    """Ids of the zones named by violations (project-wide ones, such as balance ranges, name none)."""
    return frozenset(v["zone_id"] for v in violations if v.get("zone_id") is not None)


def limit_text(violation: dict[str, Any]) -> str:
    """The limit as a planner writes it: "≥ 0.7", "≤ 0.2" or "25–40"."""
    limit = violation.get("limit")
    if isinstance(limit, (list, tuple)):
        low, high = limit
        if low is not None and high is not None:
            return f"{_number(low)}–{_number(high)}"
        return f"≥ {_number(low)}" if low is not None else f"≤ {_number(high)}"
    operator = {">=": "≥ ", "<=": "≤ "}.get(violation.get("operator", ""), "")
    return f"{operator}{_number(limit)}"


def _number(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return "–" if value is None else str(value)


def summary_text(violations: list[dict[str, Any]], flagged: frozenset[int]) -> str:
    if not violations:
        return QCoreApplication.translate("ChecksPanel",
                                          "No violations: every zone and the land-use balance meet the rules")
    plan_wide = sum(1 for v in violations if v.get("zone_id") is None)
    per_zone = len(violations) - plan_wide
    # English plurals are chosen here; each variant is its own translatable sentence.
    translate = QCoreApplication.translate
    parts = []
    if per_zone:
        found = (translate("ChecksPanel", "1 zone violation") if per_zone == 1
                 else translate("ChecksPanel", "{0} zone violations").format(per_zone))
        where = (translate("ChecksPanel", "1 zone") if len(flagged) == 1
                 else translate("ChecksPanel", "{0} zones").format(len(flagged)))
        parts.append(translate("ChecksPanel", "{0} in {1} (click a row to select the zone)").format(found, where))
    if plan_wide:
        parts.append(translate("ChecksPanel", "1 land-use balance range missed by the whole plan") if plan_wide == 1
                     else translate("ChecksPanel", "{0} land-use balance ranges missed by the whole plan")
                     .format(plan_wide))
    return translate("ChecksPanel", "; ").join(parts)


def problem_table(model: QAbstractTableModel, parent: QWidget, stretch_column: int = 1) -> QTableView:
    """A read-only, row-selecting, compact table over ``model``: the checks and validation docks."""
    table = QTableView(parent)
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(22)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return table


class ViolationsModel(QAbstractTableModel):
    """The violations list as a table model: the view asks only for visible rows, so a plan with
    thousands of violations costs nothing extra per edit."""

    def __init__(self, project: Project, parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("ChecksPanel", _HEADERS[section])
        return None

    def zone_id(self, row: int) -> int | None:
        return self.rows[row].get("zone_id")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        v = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                zone_id = v.get("zone_id")
                if zone_id is None:
                    return QCoreApplication.translate("ChecksPanel", "whole plan")
                zone = self.project.active_scenario.zones.get(zone_id)
                if zone is None:
                    return f"{zone_id}"
                # The id, then the parcel code the planner knows the parcel by, then its name.
                return " ".join(t for t in (f"{zone_id}", zone.parcel_code or "", zone.name) if t)
            if column == 1:
                text = rule_description(v, interface_lang())
                return text if role == Qt.ItemDataRole.DisplayRole else f"{text} ({v.get('rule', '')})"
            if column == 2:
                return _number(v.get("value"))
            if column == 3:
                return limit_text(v)
            return str(v.get("source", ""))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ChecksPanel(QWidget):
    #: Emitted (frozenset[int]) when the set of zones with a violation changes.
    flagged_changed = Signal(object)

    def __init__(self, project: Project, selection: Selection, parent: QWidget | None = None,
                 zones_larger_than: Callable[[float], list[tuple[int, float]]] | None = None) -> None:
        super().__init__(parent)
        self.project = project
        #: The shown scenario's zones above an area (the metrics engine's column; see plan_warnings).
        self.zones_larger_than = zones_larger_than
        self.selection = selection
        self.flagged: frozenset[int] = frozenset()
        self._metrics: dict[str, Any] = {}
        #: Rows of edits that changed a zone's area beyond belief (AreaJumpWatch), listed first.
        self.edit_warnings: list[dict[str, Any]] = []
        self.summary = QLabel(self.tr("No checks run yet"), self)
        self.summary.setWordWrap(True)
        self.model = ViolationsModel(project, self)
        self.table = problem_table(self.model, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.table.clicked.connect(self._select_zone_of)
        self.table.activated.connect(self._select_zone_of)

    def set_edit_warnings(self, rows: list[dict[str, Any]]) -> None:
        """The zones one edit made more than three times larger or smaller (never blocking)."""
        self.edit_warnings = list(rows)
        self.update_metrics(self._metrics)

    def update_metrics(self, current: dict[str, Any], previous: dict[str, Any] | None = None) -> None:
        # Plausibility warnings (an edit that multiplied a zone's area, a zone larger than the
        # boundary, totals no park has) are listed with the rule checks, first: they usually
        # explain the violations below them.
        self._metrics = current or {}
        warnings = self.edit_warnings + (plan_warnings(self.project, self.project.active_scenario, current,
                                                       self.zones_larger_than) if current else [])
        violations = warnings + list(self._metrics.get("violations", []))
        if violations == self.model.rows:
            return  # most edits change no verdict: keep the view (and its scroll position) as it is
        self.model.set_rows(violations)
        flagged = flagged_zone_ids(violations)
        text = summary_text(violations[len(warnings):], flagged_zone_ids(violations[len(warnings):]))
        if warnings:
            text = (self.tr("1 plausibility warning") if len(warnings) == 1
                    else self.tr("{0} plausibility warnings").format(len(warnings))) + self.tr("; ") + text
        self.summary.setText(text)
        if flagged != self.flagged:
            self.flagged = flagged
            self.flagged_changed.emit(flagged)

    def _select_zone_of(self, index) -> None:
        zone_id = self.model.zone_id(index.row())
        if zone_id is not None:
            self.selection.set([zone_id])
