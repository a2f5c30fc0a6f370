"""The options of importing zones from a CAD drawing: the CRS it is drawn in, the land-use scheme
of its codes, its units and the snapping tolerance for parcels drawn as loose lines.

A DXF file says neither its CRS nor, reliably, its units, so the planner is asked before the
(possibly long) import starts; the values the drawing itself records are the defaults.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit, QWidget,
)

from parkplanner.core.io.dxf_import import UNITS, DrawingOptions
from parkplanner.core.model.catalogue import SCHEMES

__all__ = ["DrawingImportDialog", "DrawingChoice"]


@dataclass
class DrawingChoice:
    crs: str
    options: DrawingOptions
    scheme: str | None = None  # None: the scheme of the open project


class DrawingImportDialog(QDialog):
    def __init__(self, file_name: str, crs: str, scheme: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import zones from a CAD drawing"))
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        intro = QLabel(self.tr("{0}: parcels take their land use from block attributes, labels inside them "
                               "or their layer names.").format(file_name), self)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.crs = QLineEdit(crs, self)
        self.crs.setToolTip(self.tr("The coordinate system the drawing is drawn in (projected, metres), "
                                    "e.g. EPSG:4548"))
        form.addRow(self.tr("Drawn in CRS:"), self.crs)
        self.scheme = QComboBox(self)
        for name in SCHEMES:  # 控规 drawings of older plans use GB 50137 codes (R2, B1, M1)
            self.scheme.addItem(name, name)
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(scheme)))
        form.addRow(self.tr("Land-use codes:"), self.scheme)
        self.units = QComboBox(self)
        self.units.addItem(self.tr("As the drawing says ($INSUNITS)"), None)
        names = {"mm": self.tr("Millimetres"), "cm": self.tr("Centimetres"), "dm": self.tr("Decimetres"),
                 "m": self.tr("Metres"), "km": self.tr("Kilometres"), "in": self.tr("Inches"),
                 "ft": self.tr("Feet")}
        for key in UNITS:
            self.units.addItem(names.get(key, key), key)
        form.addRow(self.tr("Drawing units:"), self.units)
        self.snap = QDoubleSpinBox(self)
        self.snap.setRange(0.0, 10.0)
        self.snap.setDecimals(3)
        self.snap.setSingleStep(0.01)
        self.snap.setSuffix(" m")
        self.snap.setValue(DrawingOptions().snap_m)
        self.snap.setToolTip(self.tr("Loose line ends closer than this are joined into parcel outlines"))
        form.addRow(self.tr("Snapping tolerance:"), self.snap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> DrawingChoice:
        return DrawingChoice(self.crs.text().strip(),
                             DrawingOptions(units=self.units.currentData(), snap_m=self.snap.value()),
                             self.scheme.currentData())
