"""All indicators in one table: value, target, score, obstacle degree and the change of the last edit.

Rows follow the registry (grouped by dimension); the score cell is tinted from red (0) to green (1)
and the largest obstacle degrees are bold, so the planner sees at once what holds D back.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from parkplanner.core.metrics.registry import INDICATORS, dimension

__all__ = ["IndicatorTable", "format_value", "obstacle_of"]

_HEADERS = {
    "en": ("Indicator", "Value", "Target", "Score", "Obstacle", "Change"),
    "zh": ("指标", "数值", "目标", "得分", "障碍度", "变化"),
}
_COLUMNS = len(_HEADERS["en"])
_GREY = QColor("#707070")


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    digits = 2 if unit in ("0–1", "–") else 1
    unit_text = "" if unit in ("0–1", "–") else f" {unit}"
    return f"{value:,.{digits}f}{unit_text}"


def obstacle_of(metrics: dict[str, Any] | None, indicator_id: str) -> float | None:
    """Obstacle degree O_j in [0, 1] of one indicator from the metrics dictionary (None: undefined)."""
    if not metrics:
        return None
    entry = metrics.get("indicators", {}).get(indicator_id, {})
    if "obstacle" in entry:
        return entry["obstacle"]
    return metrics.get("obstacles", {}).get(indicator_id)


def _set(item: QTableWidgetItem, text: str) -> None:
    # Setting an unchanged text still notifies the view; most edits change only a few cells.
    if item.text() != text:
        item.setText(text)


def _score_colour(score: float) -> QColor:
    """Pale red at 0 through pale yellow to pale green at 1: readable under black text."""
    score = min(1.0, max(0.0, score))
    if score < 0.5:
        t = score / 0.5
        return QColor(255, int(205 + 35 * t), int(205 - 5 * t))
    t = (score - 0.5) / 0.5
    return QColor(int(255 - 55 * t), 240, int(200 + 10 * t))


class IndicatorTable(QTableWidget):
    def __init__(self, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(len(INDICATORS), _COLUMNS, parent)
        self.lang = lang
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(22)
        self.setAlternatingRowColors(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, _COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self._items = [[QTableWidgetItem() for _ in range(_COLUMNS)] for _ in INDICATORS]
        for row, cells in enumerate(self._items):
            for column, item in enumerate(cells):
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, column, item)
            cells[5].setForeground(QBrush(_GREY))
        #: What each row shows (texts, tint, bold): a row whose numbers did not change is left alone.
        self._shown: list[tuple | None] = [None] * len(INDICATORS)
        self._bold = QFont()
        self._bold.setBold(True)
        self._plain = QFont()
        self.set_lang(lang)

    def natural_height(self) -> int:
        """Height that shows every row without scrolling."""
        return self.horizontalHeader().sizeHint().height() + self.rowCount() * self.verticalHeader().defaultSectionSize() + 4

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.setHorizontalHeaderLabels(_HEADERS["zh" if lang.startswith("zh") else "en"])
        for cells, ind in zip(self._items, INDICATORS):
            dim = dimension(ind.dimension)
            cells[0].setText(f"{dim.zh} {ind.id} {ind.display_name(lang)}")
            cells[0].setToolTip(f"{ind.formula}\nsource: {ind.source} ({ind.evidence})")
            cells[2].setText(ind.target.text().replace(">=", "≥").replace("<=", "≤"))

    def update_metrics(self, current: dict[str, Any], previous: dict[str, Any] | None) -> None:
        indicators = current.get("indicators", {})
        before = (previous or {}).get("indicators", {})
        obstacles = [obstacle_of(current, ind.id) for ind in INDICATORS]
        ranked = sorted((o for o in obstacles if o), reverse=True)
        top = ranked[2] if len(ranked) >= 3 else (ranked[-1] if ranked else None)
        rows = []
        for row, (cells, ind, obstacle) in enumerate(zip(self._items, INDICATORS, obstacles)):
            entry = indicators.get(ind.id, {})
            value, score = entry.get("value"), entry.get("score") or 0.0
            old = before.get(ind.id, {}).get("value") if before else value
            shown = (format_value(value, ind.unit), f"{score:.2f}", _score_colour(score).rgb(),
                     "–" if obstacle is None else f"{100 * obstacle:.1f} %",
                     top is not None and bool(obstacle) and obstacle >= top, _change_text(old, value))
            if shown != self._shown[row]:
                self._shown[row] = shown
                rows.append((cells, shown))
        if not rows:
            return
        # Each changed cell of a ResizeToContents column re-measures the whole column: a switch
        # changing most rows measured it once per cell (~10 ms). The columns are measured once,
        # after all cells are set.
        header = self.horizontalHeader()
        for column in range(1, _COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        for cells, (value_text, score_text, tint, obstacle_text, bold, change) in rows:
            _set(cells[1], value_text)
            _set(cells[3], score_text)
            cells[3].setBackground(QBrush(QColor.fromRgb(tint)))
            _set(cells[4], obstacle_text)
            cells[4].setFont(self._bold if bold else self._plain)
            _set(cells[5], change)
        for column in range(1, _COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def _change_text(old: float | None, new: float | None) -> str:
    if old is None and new is None or old == new:
        return ""
    if old is None or new is None:
        return "new" if old is None else "undefined"
    delta = new - old
    if abs(delta) < 5e-4 * max(1.0, abs(old)):
        return ""
    return f"{'+' if delta > 0 else '−'}{abs(delta):,.2f}"
