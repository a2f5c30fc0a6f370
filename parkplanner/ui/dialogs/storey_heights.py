"""The "3D massing" tab of the project settings: the storey height of each building class.

When a zone has no height limit, its massing height is GFA ÷ footprint (the number of storeys)
× its class's storey height (docs/massing_3d.md). Each change is one undoable step, like every
other project setting.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QWidget

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import SetProjectField
from parkplanner.core.model.catalogue import GENERIC_NAMES
from parkplanner.core.model.parameters import BUILT_CLASSES, Parameters

__all__ = ["StoreyHeightsTab"]

STOREY_RANGE_M = (1.0, 50.0)


class StoreyHeightsTab(QWidget):
    def __init__(self, history: History, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        form = QFormLayout(self)
        note = QLabel(self.tr("Floor-to-floor height of each class. A zone without a height limit is drawn "
                              "in 3D as tall as its GFA ÷ footprint (storeys) × this height."), self)
        note.setWordWrap(True)
        form.addRow(note)
        self.boxes: dict[str, QDoubleSpinBox] = {}
        for generic in BUILT_CLASSES:
            box = QDoubleSpinBox(self)
            box.setRange(*STOREY_RANGE_M)
            box.setDecimals(2)
            box.setSingleStep(0.1)
            box.setSuffix(" m")
            box.setKeyboardTracking(False)  # one step per finished value, not per keystroke
            box.setAlignment(Qt.AlignmentFlag.AlignRight)
            box.valueChanged.connect(lambda value, generic=generic: self._commit(generic, value))
            self.boxes[generic] = box
            en, zh = GENERIC_NAMES[generic]
            form.addRow(f"{generic}  {zh if lang.startswith('zh') else en}", box)
        self.reload()

    def reload(self) -> None:
        heights = self.history.project.parameters.storey_height_m
        for generic, box in self.boxes.items():
            box.blockSignals(True)
            box.setValue(heights[generic])
            box.blockSignals(False)

    def _commit(self, generic: str, value: float) -> None:
        project = self.history.project
        if project.parameters.storey_height_m[generic] == value:
            return
        heights = {**project.parameters.storey_height_m, generic: float(value)}
        parameters = Parameters.from_dict({**project.parameters.to_dict(), "storey_height_m": heights})
        self.history.push(SetProjectField.of(project, "parameters", parameters,
                                             f"Set storey height of {generic} to {value:g} m"))
