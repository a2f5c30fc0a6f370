"""Searchable land-use class list: code, Chinese and English name and the class colour.

``LandUsePicker`` is the list itself (a search field over a filtered list); ``LandUseField`` is the
compact form control the inspector shows: a button with the current class that opens the picker
as a popup. Both only report the chosen code; the caller turns it into a history command.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QFrame, QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget

from parkplanner.core.model.catalogue import Catalogue, LandUseClass, default_catalogue

__all__ = ["LandUsePicker", "LandUseField", "swatch_icon", "MIXED_TEXT", "mixed_text"]

#: Shown in place of a value when the selected zones disagree (``mixed_text`` in the interface language).
MIXED_TEXT = QT_TRANSLATE_NOOP("LandUsePicker", "— mixed —")
_CODE_ROLE = Qt.ItemDataRole.UserRole + 1
_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


def mixed_text() -> str:
    """The mixed marker in the interface language."""
    return QCoreApplication.translate("LandUsePicker", MIXED_TEXT)


_swatches: dict[str, QIcon] = {}


def swatch_icon(rgb_hex: str, size: int = 14) -> QIcon:
    """A small filled square in the class colour, with a thin outline so pale yellows stay visible."""
    key = f"{rgb_hex}/{size}"
    icon = _swatches.get(key)
    if icon is None:
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor("#606060"))
        inner = QPixmap(size - 2, size - 2)
        inner.fill(QColor(rgb_hex))
        painter = QPainter(pixmap)
        painter.drawPixmap(1, 1, inner)
        painter.end()
        icon = _swatches[key] = QIcon(pixmap)
    return icon


def class_text(cls: LandUseClass) -> str:
    """One line a planner can scan: code, Chinese name, English name."""
    return f"{cls.code}  {cls.name_zh}  ·  {cls.name_en}"


class LandUsePicker(QWidget):
    """A search field over every assignable class of one scheme. Emits ``code_chosen(code)``."""

    code_chosen = Signal(str)

    def __init__(self, scheme: str, catalogue: Catalogue | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue or default_catalogue()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search code or name (e.g. 1001, 工业, industrial)"))
        self.search.setClearButtonEnabled(True)
        self._model = QStandardItemModel(self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setFilterRole(_SEARCH_ROLE)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list = QListView(self)
        self.list.setModel(self._proxy)
        self.list.setUniformItemSizes(True)  # 100+ rows: skip per-row size hints
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.search.textChanged.connect(self._proxy.setFilterFixedString)
        self.search.returnPressed.connect(self._choose_first_match)
        self.list.activated.connect(self._choose_index)
        self.list.clicked.connect(self._choose_index)
        self.set_scheme(scheme)

    def set_scheme(self, scheme: str) -> None:
        self.scheme = scheme
        self._model.clear()
        for cls in self._catalogue.classes(scheme):
            item = QStandardItem(swatch_icon(cls.rgb_hex), class_text(cls))
            item.setData(cls.code, _CODE_ROLE)
            item.setData(f"{cls.code} {cls.name_zh} {cls.name_en} {cls.generic_class}", _SEARCH_ROLE)
            item.setToolTip(self.tr("{0} {1} / {2}\ngeneric class {3}").format(
                cls.code, cls.name_zh, cls.name_en, cls.generic_class))
            self._model.appendRow(item)

    def visible_codes(self) -> list[str]:
        """Codes of the rows the current search leaves visible, in list order."""
        return [self._proxy.index(r, 0).data(_CODE_ROLE) for r in range(self._proxy.rowCount())]

    def set_current(self, code: str | None) -> None:
        """Highlight ``code`` (None: no highlight, e.g. mixed selection) and scroll to it."""
        self.list.clearSelection()
        if code is None:
            return
        for row in range(self._proxy.rowCount()):
            index = self._proxy.index(row, 0)
            if index.data(_CODE_ROLE) == code:
                self.list.setCurrentIndex(index)
                self.list.scrollTo(index, QListView.ScrollHint.PositionAtCenter)
                return

    def _choose_index(self, index) -> None:
        if index.isValid():
            self.code_chosen.emit(index.data(_CODE_ROLE))

    def _choose_first_match(self) -> None:
        current = self.list.currentIndex()
        self._choose_index(current if current.isValid() else self._proxy.index(0, 0))


class LandUseField(QPushButton):
    """The inspector's land-use control: shows the class, opens a searchable popup on click."""

    code_chosen = Signal(str)

    def __init__(self, scheme: str, catalogue: Catalogue | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue or default_catalogue()
        self._scheme = scheme
        self._code: str | None = None
        self.setStyleSheet("text-align: left; padding: 3px 6px;")
        self._popup = QFrame(self, Qt.WindowType.Popup)
        self._popup.setFrameShape(QFrame.Shape.StyledPanel)
        self.picker = LandUsePicker(scheme, self._catalogue, self._popup)
        layout = QVBoxLayout(self._popup)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.picker)
        self._popup.resize(460, 360)
        self.picker.code_chosen.connect(self._on_chosen)
        self.clicked.connect(self.open_popup)
        self.set_code(None, mixed=False)

    def set_scheme(self, scheme: str) -> None:
        if scheme != self._scheme:
            self._scheme = scheme
            self.picker.set_scheme(scheme)

    def set_code(self, code: str | None, mixed: bool = False) -> None:
        """Show ``code``; ``mixed`` shows the mixed marker instead (several zones disagree)."""
        self._code = None if mixed else code
        cls = self._catalogue.find(self._scheme, code) if code and not mixed else None
        if mixed:
            self.setIcon(QIcon())
            self.setText(mixed_text())
        elif cls is None:
            self.setIcon(QIcon())
            self.setText(code or "")
        else:
            self.setIcon(swatch_icon(cls.rgb_hex))
            self.setText(class_text(cls))
            self.setToolTip(self.tr("{0} {1} / {2} (generic class {3})").format(
                cls.code, cls.name_zh, cls.name_en, cls.generic_class))

    def code(self) -> str | None:
        return self._code

    def open_popup(self) -> None:
        self.picker.search.clear()
        self.picker.set_current(self._code)
        self._popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        self._popup.show()
        self.picker.search.setFocus()

    def _on_chosen(self, code: str) -> None:
        self._popup.hide()
        if code != self._code:
            self.code_chosen.emit(code)
