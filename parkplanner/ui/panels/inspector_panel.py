"""Zone inspector: the attributes of the selected zones, editable one field at a time.

Every accepted edit is one history step (``set_zone_attributes``) applied to all selected zones.
When the selected zones disagree on a field, the field shows that it is mixed and is left alone
until the planner types a value. Values are checked by the model's ``validate_attribute``; a
refused value is reported under the form and never reaches the project.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from parkplanner.core.editing import ChangeKind, History
from parkplanner.core.editing.zone_commands import set_zone_attributes
from parkplanner.core.model.number_text import normalise_number_text
from parkplanner.core.model.zone import ATTRIBUTE_RANGES, Zone, validate_attribute
from parkplanner.interaction.selection import Selection
from parkplanner.ui.panels.landuse_picker import LandUseField, mixed_text
from parkplanner.ui.qt_history import qt_history_of

__all__ = ["InspectorPanel", "NumberField"]


@dataclass(frozen=True)
class NumberField:
    """How one numeric attribute is shown: label, unit and display scale (fractions shown as %)."""

    attribute: str
    label: str
    unit: str = ""
    scale: float = 1.0
    decimals: int = 2
    hint: str = ""

    def display(self, value: float | None) -> str:
        if value is None:
            return ""
        shown = value * self.scale
        return f"{shown:.{self.decimals}f}".rstrip("0").rstrip(".") if self.decimals else f"{shown:.0f}"

    def parse(self, text: str) -> float | None:
        """The model value for ``text``; ValueError phrased in the displayed unit when out of range."""
        text = normalise_number_text(text).rstrip("%")
        if not text:
            return validate_attribute(self.attribute, None)
        try:
            number = float(text) / self.scale
        except ValueError:
            raise ValueError(f"{self.label} must be a number, not {text!r}") from None
        try:
            return validate_attribute(self.attribute, number)
        except ValueError as exc:
            low, high = ATTRIBUTE_RANGES.get(self.attribute, (None, None))
            if self.scale == 1.0 or low is None:
                raise ValueError(f"{self.label}: {exc}") from None
            if high is None:
                raise ValueError(f"{self.label} must be at least {low * self.scale:g} {self.unit}") from None
            raise ValueError(
                f"{self.label} must be between {low * self.scale:g} and {high * self.scale:g} {self.unit}"
            ) from None

    def range_text(self) -> str:
        low, high = ATTRIBUTE_RANGES.get(self.attribute, (None, None))
        if low is None:
            return ""
        if high is None:
            return f"≥ {low * self.scale:g} {self.unit}".strip()
        return f"{low * self.scale:g}–{high * self.scale:g} {self.unit}".strip()


#: The numeric fields in form order; coverage and green ratio are fractions shown as percent.
NUMBER_FIELDS: tuple[NumberField, ...] = (
    # Labels and hints are translated where shown (InspectorPanel); the marks let lupdate find them.
    NumberField("far", QT_TRANSLATE_NOOP("InspectorPanel", "Plot ratio (FAR)"), "", 1.0, 2),
    NumberField("coverage", QT_TRANSLATE_NOOP("InspectorPanel", "Building coverage"), "%", 100.0, 1,
                QT_TRANSLATE_NOOP("InspectorPanel", "empty: not set")),
    NumberField("green_ratio", QT_TRANSLATE_NOOP("InspectorPanel", "Green ratio"), "%", 100.0, 1,
                QT_TRANSLATE_NOOP("InspectorPanel", "empty: not set")),
    NumberField("height_m", QT_TRANSLATE_NOOP("InspectorPanel", "Height limit"), "m", 1.0, 1,
                QT_TRANSLATE_NOOP("InspectorPanel", "empty: not set")),
    NumberField("phase", QT_TRANSLATE_NOOP("InspectorPanel", "Phase"), "", 1.0, 0),
    NumberField("start_year", QT_TRANSLATE_NOOP("InspectorPanel", "Start year"), "", 1.0, 0,
                QT_TRANSLATE_NOOP("InspectorPanel", "empty: the phase's start year")),
    NumberField("gfa_override_m2", QT_TRANSLATE_NOOP("InspectorPanel", "GFA override"), "m²", 1.0, 0,
                QT_TRANSLATE_NOOP("InspectorPanel", "empty: area × FAR")),
)


class InspectorPanel(QWidget):
    """Inspector over ``selection`` in ``project`` (mutations only through ``history``)."""

    def __init__(self, history: History, selection: Selection, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.project = history.project
        self.selection = selection
        self.lang = lang
        self._zone_ids: list[int] = []
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-weight: 600;")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)  # "Area … · GFA …" must not widen the dock
        self.summary.setStyleSheet("color: #555;")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #B00020;")
        self.message.hide()

        self.name_edit = QLineEdit(self)
        self.parcel_code_edit = QLineEdit(self)
        self.parcel_code_edit.setObjectName("parcel_code")
        self.parcel_code_edit.setToolTip(self.tr("Unit-block-parcel, e.g. BD01-03-12; unique in the scenario"))
        self.landuse = LandUseField(self.project.scheme, parent=self)
        self.landuse.setMinimumWidth(160)  # may shrink below its class name's width (a narrow dock)
        self.sector = QComboBox(self)
        # The longest sector name would set the dock's minimum width (and narrow the map).
        self.sector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sector.setMinimumContentsLength(12)
        self.number_edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Parcel code"), self.parcel_code_edit)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Land use"), self.landuse)
        form.addRow(self.tr("Sector"), self.sector)
        for spec in NUMBER_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(spec.attribute)
            edit.setToolTip(" · ".join(t for t in (self.tr("range {0}").format(spec.range_text()),
                                                   self.tr(spec.hint) if spec.hint else "") if t))
            edit.editingFinished.connect(lambda spec=spec, edit=edit: self._commit_number(spec, edit))
            self.number_edits[spec.attribute] = edit
            label = self.tr(spec.label)
            label = f"{label} ({spec.unit})" if spec.unit else label
            form.addRow(label, edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.name_edit.editingFinished.connect(self._commit_name)
        self.parcel_code_edit.editingFinished.connect(self._commit_parcel_code)
        self.landuse.code_chosen.connect(lambda code: self._commit({"code": code}))
        self.sector.activated.connect(self._commit_sector)
        qt_history_of(history).changed.connect(self._on_history_changed)
        selection.changed.connect(self._on_selection_changed)
        # The selection can outlive the panel (a document switch): stop listening on delete.
        self.destroyed.connect(lambda *_: selection.changed.disconnect(self._on_selection_changed))
        self.refresh()

    # -- reading the project -----------------------------------------------------------------
    def zones(self) -> list[Zone]:
        zones = self.project.active_scenario.zones
        return [zones[i] for i in self._zone_ids if i in zones]

    def refresh(self) -> None:
        """Show the current selection's values (called on selection and relevant history changes)."""
        zones_by_id = self.project.active_scenario.zones
        self._zone_ids = [i for i in sorted(self.selection.ids) if i in zones_by_id]
        zones = self.zones()
        self.setEnabled(bool(zones))
        self.landuse.set_scheme(self.project.scheme)
        self._fill_sectors()
        if not zones:
            self.header.setText(self.tr("No zone selected — click a zone on the map"))
            self.summary.setText("")
        elif len(zones) == 1:
            zone = zones[0]
            self.header.setText(self.tr("Zone {0}").format(zone.id)
                                + (f" · {zone.parcel_code}" if zone.parcel_code else "")
                                + (f" — {zone.name}" if zone.name else ""))
        else:
            self.header.setText(self.tr("{0} zones selected — edits apply to all of them").format(len(zones)))
        if zones:
            area = sum(z.area_m2 for z in zones)
            gfa = sum(z.gfa_m2 for z in zones)
            self.summary.setText(self.tr("Area {0:,.2f} ha ({1:,.1f} mu) · GFA {2:,.0f} m²").format(
                area / 10_000, area / (10_000 / 15), gfa))
        self._show_text(self.name_edit, self._common(zones, "name"), lambda v: v)
        self._show_text(self.parcel_code_edit, self._common(zones, "parcel_code"), lambda v: v)
        code = self._common(zones, "code")
        self.landuse.set_code(None if code is _Mixed else code, mixed=code is _Mixed)
        self._show_sector(self._common(zones, "sector"))
        for spec in NUMBER_FIELDS:
            self._show_text(self.number_edits[spec.attribute], self._common(zones, spec.attribute), spec.display)
        self._placeholder_for_start_year(zones)

    @staticmethod
    def _common(zones: list[Zone], attribute: str):
        values = {getattr(z, attribute) for z in zones}
        if len(values) > 1:
            return _Mixed
        return next(iter(values)) if values else None

    def _show_text(self, edit: QLineEdit, value, render) -> None:
        edit.blockSignals(True)
        if value is _Mixed:
            edit.setText("")
            edit.setPlaceholderText(mixed_text())
        else:
            edit.setText("" if value is None else render(value))
            edit.setPlaceholderText("")
        edit.setProperty("shown", edit.text())
        edit.setStyleSheet("")
        edit.blockSignals(False)

    def _placeholder_for_start_year(self, zones: list[Zone]) -> None:
        edit = self.number_edits["start_year"]
        if edit.text() or edit.placeholderText() == mixed_text() or not zones:
            return
        years = {self.project.phase_start_year(z.phase) for z in zones}
        if len(years) == 1 and None not in years:
            edit.setPlaceholderText(self.tr("from phase: {0}").format(years.pop()))

    def _fill_sectors(self) -> None:
        self.sector.blockSignals(True)
        self.sector.clear()
        self.sector.addItem(self.tr("(no sector)"), None)
        for sector in self.project.sectors.values():
            self.sector.addItem(sector.name(self.lang), sector.id)
        self.sector.blockSignals(False)

    def _show_sector(self, value) -> None:
        self.sector.blockSignals(True)
        if value is _Mixed:
            self.sector.insertItem(0, mixed_text(), _Mixed)
            self.sector.setCurrentIndex(0)
        else:
            index = self.sector.findData(value)
            self.sector.setCurrentIndex(max(index, 0))
        self.sector.blockSignals(False)

    # -- writing through the history ------------------------------------------------------------
    def _commit(self, values: dict) -> bool:
        """Push one undo step setting ``values`` on every selected zone; report a refusal instead."""
        if not self._zone_ids:
            return False
        try:
            command = set_zone_attributes(self.project, self._zone_ids, values)
        except (ValueError, KeyError) as exc:
            self.show_error(str(exc).strip("'\""))
            return False
        self.message.hide()
        self.history.push(command)
        return True

    def _commit_name(self) -> None:
        text = self.name_edit.text()
        if text != self.name_edit.property("shown"):
            self._commit({"name": text})

    def _commit_parcel_code(self) -> None:
        text = self.parcel_code_edit.text()
        if text != self.parcel_code_edit.property("shown"):
            if not self._commit({"parcel_code": text}):
                self.parcel_code_edit.setStyleSheet("border: 1px solid #B00020;")

    def _commit_sector(self, index: int) -> None:
        value = self.sector.itemData(index)
        if value is not _Mixed:
            self._commit({"sector": value})

    def _commit_number(self, spec: NumberField, edit: QLineEdit) -> None:
        text = edit.text()
        if text == edit.property("shown"):
            self._clear_error(edit)  # back to the value it has: the complaint about the typo is over
            return
        try:
            value = spec.parse(text)
        except ValueError as exc:
            edit.setStyleSheet("border: 1px solid #B00020;")
            self.show_error(str(exc))
            return
        if self._commit({spec.attribute: value}):
            self._clear_error(edit)

    def _clear_error(self, edit: QLineEdit) -> None:
        edit.setStyleSheet("")
        self.message.hide()

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    # -- listening ------------------------------------------------------------------------------
    def _on_selection_changed(self, *args) -> None:
        self.message.hide()
        self.refresh()

    def _on_history_changed(self, changes) -> None:
        active = self.project.active_scenario_id
        watched = set(self._zone_ids)
        for change in changes:
            if change.kind in (ChangeKind.PROJECT, ChangeKind.ACTIVE_SCENARIO):
                self.refresh()
                return
            if change.touches_zones and change.scenario_id == active and watched & change.zone_ids:
                self.refresh()
                return


class _MixedMarker:
    """Sentinel for "the selected zones disagree on this field"."""

    def __repr__(self) -> str:
        return "<mixed>"


_Mixed = _MixedMarker()
