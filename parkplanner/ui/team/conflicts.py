"""Conflicts of a database project: a dock listing them and a map overlay showing both versions.

A conflict is a zone changed here and, since it was read, by someone else too. The map shows
this session's zone with a thick orange outline and theirs as a dashed purple outline (nothing
where a side deleted it); the dock resolves each one: keep mine (the next save writes it over
theirs), take theirs, or show it to edit it first.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from parkplanner.core.io.postgis_store import Conflict
from parkplanner.ui.canvas.qpaths import polygons_path
from parkplanner.ui.canvas.styles import cosmetic_pen
from parkplanner.ui.canvas.viewport import Viewport

__all__ = ["ConflictOverlay", "ConflictPanel", "conflict_text"]

_MINE = QColor(235, 120, 0)
_THEIRS = QColor(120, 40, 160)


class ConflictOverlay:
    """MapCanvas overlay (``extra_overlays``): both versions of each conflicting zone."""

    def __init__(self) -> None:
        self.conflicts: list[Conflict] = []
        self._mine = cosmetic_pen(_MINE, 3.0)
        self._theirs = cosmetic_pen(_THEIRS, 2.5, Qt.PenStyle.DashLine)

    def set_conflicts(self, conflicts: list[Conflict]) -> None:
        self.conflicts = [c for c in conflicts if c.zone_id]

    def touched(self, zone_ids) -> None:
        """Edits change mine: painted from the conflicts each frame, nothing cached."""

    def paint(self, painter: QPainter, layer, view: Viewport) -> None:
        if not self.conflicts or layer is None:
            return
        origin = layer.origin
        mine = polygons_path([c.mine.geometry for c in self.conflicts if c.mine is not None], origin)
        theirs = polygons_path([c.theirs.geometry for c in self.conflicts if c.theirs is not None], origin)
        painter.save()
        painter.setTransform(view.local_transform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(self._mine)
        painter.drawPath(mine)
        painter.setPen(self._theirs)
        painter.drawPath(theirs)
        painter.restore()


def conflict_text(conflict: Conflict) -> str:
    """One line per conflict in the dock: which zone, who, what happened on each side, what differs."""
    translate = QCoreApplication.translate
    who = conflict.their_editor
    if not conflict.zone_id:
        return translate("ConflictPanel", "Project settings: changed by {0}").format(who)
    if conflict.theirs is None:
        return translate("ConflictPanel", "Zone {0}: deleted by {1}, changed here").format(conflict.zone_id, who)
    if conflict.mine is None:
        return translate("ConflictPanel", "Zone {0}: changed by {1}, deleted here").format(conflict.zone_id, who)
    text = translate("ConflictPanel", "Zone {0}: changed by {1} and here").format(conflict.zone_id, who)
    differences = _differences(conflict)
    return f"{text} ({differences})" if differences else text


def _differences(conflict: Conflict) -> str:
    """What differs between the two versions: attribute names (as the file names them) and shape."""
    mine, theirs = conflict.mine.attributes(), conflict.theirs.attributes()  # type: ignore[union-attr]
    names = ["landuse" if name == "code" else name for name in mine if mine[name] != theirs[name]]
    if not conflict.mine.geometry.equals_exact(conflict.theirs.geometry, 0.0):  # type: ignore[union-attr]
        names.append("shape")
    return ", ".join(names)


class ConflictPanel(QWidget):
    """The list of conflicts with Keep Mine, Take Theirs and Show."""

    keepMine = Signal(object)  # Conflict
    takeTheirs = Signal(object)
    show = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self.tr("No conflicts."))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = QListWidget(self)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.keep_button = QPushButton(self.tr("Keep Mine"))
        self.keep_button.setToolTip(self.tr("Save this session's version over theirs"))
        self.take_button = QPushButton(self.tr("Take Theirs"))
        self.take_button.setToolTip(self.tr("Replace this session's version with theirs"))
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.setToolTip(self.tr("Select the zone on the map to compare or edit it"))
        for button, signal in ((self.keep_button, self.keepMine), (self.take_button, self.takeTheirs),
                               (self.show_button, self.show)):
            button.clicked.connect(lambda checked=False, s=signal: self._emit(s))
            row.addWidget(button)
        layout.addLayout(row)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda item: self._emit(self.show))
        self.set_conflicts([])

    def set_conflicts(self, conflicts: list[Conflict]) -> None:
        self.list.clear()
        for conflict in conflicts:
            item = QListWidgetItem(conflict_text(conflict))
            item.setData(Qt.ItemDataRole.UserRole, conflict)
            self.list.addItem(item)
        if conflicts:
            self.summary.setText(self.tr("{0} zones were changed by someone else since you opened them. Nothing "
                                         "was overwritten: choose for each. On the map: yours in orange, theirs "
                                         "dashed purple.").format(len(conflicts)))
            self.list.setCurrentRow(0)
        else:
            self.summary.setText(self.tr("No conflicts."))
        self._update_buttons()

    def current(self) -> Conflict | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _emit(self, signal) -> None:
        conflict = self.current()
        if conflict is not None:
            signal.emit(conflict)

    def _update_buttons(self, *_: object) -> None:
        has = self.current() is not None
        for button in (self.keep_button, self.take_button):
            button.setEnabled(has)
        self.show_button.setEnabled(has and bool(self.current().zone_id))
