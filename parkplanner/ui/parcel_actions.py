"""Edit ▸ Number Parcels and Edit ▸ Renumber All Parcels: parcel codes (地块编码) as one undo step each.

Number Parcels gives a code to every zone of the active scenario that has none (drawn, imported
or split since) and keeps the others; Renumber All Parcels re-derives every code from the blocks,
e.g. after the roads changed. Both are ordinary history steps (core/parcels/numbering.py).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from parkplanner.core.parcels.numbering import number_parcels_command

if TYPE_CHECKING:
    from parkplanner.ui.main_window import MainWindow

__all__ = ["ParcelActions", "install_parcel_actions"]


class ParcelActions(QObject):
    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.number = QAction(self.tr("&Number Parcels"), window)
        self.number.setStatusTip(self.tr("Give a parcel code to every zone that has none"))
        self.number.triggered.connect(lambda checked=False: self.run(renumber=False))
        self.renumber = QAction(self.tr("Renumber &All Parcels"), window)
        self.renumber.setStatusTip(self.tr("Number every parcel again by block, north to south, west to east"))
        self.renumber.triggered.connect(lambda checked=False: self.run(renumber=True))
        menu = window.commands.edit_menu
        menu.addSeparator()
        menu.addActions([self.number, self.renumber])

    def run(self, renumber: bool) -> int:
        """Number the active scenario's parcels; returns how many zones got a new code."""
        history = self.window.history
        if history is None:
            return 0
        try:
            command = number_parcels_command(self.window.project, renumber=renumber)
        except ValueError as exc:
            self.window.statusBar().showMessage(str(exc), 8000)
            return 0
        if command is None:
            self.window.statusBar().showMessage(self.tr("Every parcel already has its code"), 5000)
            return 0
        history.push(command)
        count = len(command.after)
        self.window.statusBar().showMessage(self.tr("{0} parcel codes set").format(count), 5000)
        return count


def install_parcel_actions(window: "MainWindow") -> ParcelActions:
    window.parcel_actions = ParcelActions(window)
    return window.parcel_actions
