"""The change ledger of a comparison of scenarios A and B: every difference, grouped by kind.

A comparison of two big plans differs in thousands of zones (a FAR raised over a district), so
the ledger is a lazy model, not a tree of items: the five groups are the top rows; a group's rows
are handed to the view in batches of ``BATCH`` as it scrolls (``canFetchMore``/``fetchMore``), and
a row's texts are made when the view asks for them. Showing a new comparison costs the GUI thread
a model reset, whatever the number of changed zones. A click emits ``zoneActivated``.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeView, QWidget

from parkplanner.core.scenarios.compare import ScenarioComparison
from parkplanner.ui.scenarios.change_map import CHANGE_STYLES, change_legend

__all__ = ["ChangeLedger", "ChangeLedgerModel", "ZONE_ID_ROLE", "BATCH", "GROUPS"]

ZONE_ID_ROLE = Qt.ItemDataRole.UserRole
#: Rows a group hands to the view at a time.
BATCH = 200
#: The groups, in the order shown.
GROUPS = ("added", "removed", "reshaped", "reclassed", "attributes")
#: Groups of at most this many rows are shown expanded.
EXPANDED_UP_TO = 50
_TOP = 0  # internal id of a group row; a zone row's internal id is its group's number + 1


def _named(entry) -> str:
    """The parcel code first: it is how a planner refers to the zone."""
    return f"{entry.parcel_code} {entry.name}" if entry.parcel_code else entry.name


def _text(value) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _row_texts(kind: str, entry) -> tuple[str, str, str]:
    """(zone, A, B) column texts of one ledger entry."""
    zone = f"{entry.zone_id} {_named(entry)}".strip()
    if kind == "added":
        return zone, "", entry.code
    if kind == "removed":
        return zone, entry.code, ""
    if kind == "reshaped":
        return zone, f"{entry.area_a_m2:,.0f} m²", f"{entry.area_b_m2:,.0f} m²"
    if kind == "reclassed":
        return zone, str(entry.old), str(entry.new)
    return f"{zone} · {entry.field}", _text(entry.old), _text(entry.new)


class ChangeLedgerModel(QAbstractItemModel):
    """Groups (top rows) of ledger entries (their children), fetched in batches; see the module note."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[tuple] = [() for _ in GROUPS]
        self._fetched = [0 for _ in GROUPS]
        translate = QCoreApplication.translate  # the words of the ledger view, in its context
        self._headers = (translate("ChangeLedger", "Change"), translate("ChangeLedger", "Zone"),
                         translate("ChangeLedger", "A"), translate("ChangeLedger", "B"))

    def set_comparison(self, comparison: ScenarioComparison | None) -> None:
        self.beginResetModel()
        if comparison is None:
            self._entries = [() for _ in GROUPS]
        else:
            ledger = comparison.ledger
            self._entries = [tuple(getattr(ledger, kind)) for kind in GROUPS]
        self._fetched = [min(BATCH, len(entries)) for entries in self._entries]
        self.endResetModel()

    def group_size(self, group: int) -> int:
        return len(self._entries[group])

    # -- structure --------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index=QModelIndex()):  # noqa: D401 - Qt's name, two meanings
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(GROUPS)
        if parent.internalId() == _TOP and parent.column() == 0:
            return self._fetched[parent.row()]
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return len(self._headers)

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802
        if not parent.isValid():
            return True
        return parent.internalId() == _TOP and parent.column() == 0 and bool(self._entries[parent.row()])

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if not parent.isValid() or parent.internalId() != _TOP:
            return False
        group = parent.row()
        return self._fetched[group] < len(self._entries[group])

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        group = parent.row()
        first = self._fetched[group]
        last = min(first + BATCH, len(self._entries[group])) - 1
        self.beginInsertRows(self.index(group, 0), first, last)
        self._fetched[group] = last + 1
        self.endInsertRows()

    # -- content ----------------------------------------------------------------------------------
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = index.column()
        if index.internalId() == _TOP:
            kind = GROUPS[index.row()]
            if column == 0 and role == Qt.ItemDataRole.DisplayRole:
                return f"{change_legend(kind)} ({len(self._entries[index.row()])})"
            if column == 0 and role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(CHANGE_STYLES[kind][2]))
            return None
        group = index.internalId() - 1
        entry = self._entries[group][index.row()]
        if role == ZONE_ID_ROLE:
            return entry.zone_id
        if role == Qt.ItemDataRole.DisplayRole and column > 0:
            return _row_texts(GROUPS[group], entry)[column - 1]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


class ChangeLedger(QTreeView):
    """Every difference between A and B, grouped by kind; a click on a zone emits its id."""

    zoneActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger_model = ChangeLedgerModel(self)
        self.setModel(self.ledger_model)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)  # no row measured to lay out thousands
        # Fitting columns looks at this many rows, not at every one of thousands of changed zones.
        self.header().setResizeContentsPrecision(300)
        self._unfitted = False  # columns not yet fitted to the comparison shown
        self.clicked.connect(self._clicked)

    def set_comparison(self, comparison: ScenarioComparison | None) -> None:
        model = self.ledger_model
        model.set_comparison(comparison)
        for group in range(len(GROUPS)):
            self.setExpanded(model.index(group, 0), 0 < model.group_size(group) <= EXPANDED_UP_TO)
        # Fitting the columns reads hundreds of rows' texts: on a tab not in front, once it is.
        self._unfitted = True
        if self.isVisible():
            self._fit_columns()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._unfitted:
            self._fit_columns()

    def _fit_columns(self) -> None:
        self._unfitted = False
        for column in range(self.ledger_model.columnCount()):
            self.resizeColumnToContents(column)

    def zone_indexes(self) -> list[QModelIndex]:
        """The zone rows the model has handed to the view so far."""
        model = self.ledger_model
        return [model.index(row, 0, model.index(group, 0)) for group in range(len(GROUPS))
                for row in range(model.rowCount(model.index(group, 0)))]

    def _clicked(self, index: QModelIndex) -> None:
        zone_id = index.data(ZONE_ID_ROLE)
        if zone_id is not None:
            self.zoneActivated.emit(int(zone_id))
