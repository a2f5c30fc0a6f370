"""The import dialog: which source column feeds which zone attribute, a look at the first rows,
and a recode table for land-use codes the catalogue does not know, all before anything is read
into a project.

The mapping starts from the same guesses as ``parkplanner import`` (core/io/column_mapping.py):
YDDM, DLBM, 用地代码 or 用地性质 for the land use, RJL/容积率 for FAR, and so on. Import stays
disabled while the land use has no column or some code has no catalogue code, so the planner
never meets "unknown land-use code in row 212" after pressing it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from parkplanner.core.io.column_mapping import (
    TARGET_FIELDS, RecodeError, SourcePreview, guess_mapping, read_recode_csv, unknown_codes,
)
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.ui.i18n import lang as interface_lang

__all__ = ["ImportChoice", "ImportDialog", "FIELD_LABELS", "PREVIEW_ROWS"]

PREVIEW_ROWS = 5
#: What each attribute is called in the dialog (translated where shown; marked for lupdate).
FIELD_LABELS: dict[str, str] = {
    "name": QT_TRANSLATE_NOOP("ImportDialog", "Name"),
    "landuse": QT_TRANSLATE_NOOP("ImportDialog", "Land use"),
    "far": QT_TRANSLATE_NOOP("ImportDialog", "FAR"),
    "coverage": QT_TRANSLATE_NOOP("ImportDialog", "Site coverage"),
    "green_ratio": QT_TRANSLATE_NOOP("ImportDialog", "Green ratio"),
    "height_m": QT_TRANSLATE_NOOP("ImportDialog", "Height limit (m)"),
    "sector": QT_TRANSLATE_NOOP("ImportDialog", "Industry sector"),
    "phase": QT_TRANSLATE_NOOP("ImportDialog", "Phase"),
    "start_year": QT_TRANSLATE_NOOP("ImportDialog", "Start year"),
    "gfa_override_m2": QT_TRANSLATE_NOOP("ImportDialog", "Floor area (m²)"),
}


@dataclass(frozen=True)
class ImportChoice:
    """What the planner confirmed: attribute key -> column, source code -> catalogue code, and
    whether rows whose codes are left unknown are skipped (listed in the import notes)."""

    field_map: dict[str, str]
    recode: dict[str, str]
    skip_invalid: bool = False


class ImportDialog(QDialog):
    """Map columns, look at the data, recode unknown codes; ``choice()`` once accepted."""

    def __init__(self, preview: SourcePreview, scheme: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.preview = preview
        self.scheme = scheme
        self._lang = interface_lang()
        self._classes = default_catalogue().classes(scheme)
        self._recode: dict[str, str] = {}
        self.setWindowTitle(self.tr("Import zones from {0}").format(preview.label))
        guesses = guess_mapping(preview.columns)

        summary = QLabel(self.tr("{0} features, {1} columns. Each attribute below is read from the column chosen "
                                 "for it (guessed from the usual names).").format(preview.rows, len(preview.columns)))
        summary.setWordWrap(True)
        self.boxes: dict[str, QComboBox] = {}
        form = QFormLayout()
        for key in TARGET_FIELDS:
            box = QComboBox(self)
            box.setObjectName(f"column_{key}")
            box.addItem(self.tr("(none)"), "")
            for column in preview.columns:
                box.addItem(column, column)
            box.setCurrentIndex(max(0, box.findData(guesses.get(key, ""))))
            box.currentIndexChanged.connect(self._mapping_changed)
            self.boxes[key] = box
            label = self.tr("Land use (required)") if key == "landuse" else self.tr(FIELD_LABELS[key])
            form.addRow(label, box)
        mapping_group = QGroupBox(self.tr("Columns"), self)
        mapping_group.setLayout(form)

        self.rows_table = QTableWidget(self)
        self.rows_table.setObjectName("preview_table")
        self.rows_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._fill_preview()
        preview_group = QGroupBox(self.tr("First rows"), self)
        QVBoxLayout(preview_group).addWidget(self.rows_table)

        self.codes_table = QTableWidget(0, 3, self)
        self.codes_table.setObjectName("recode_table")
        self.codes_table.setHorizontalHeaderLabels([self.tr("Source code"), self.tr("Zones"),
                                                    self.tr("Catalogue code ({0})").format(scheme)])
        self.codes_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.codes_table.verticalHeader().hide()
        self.codes_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.codes_status = QLabel(self)
        self.codes_status.setWordWrap(True)
        self.load_button = QPushButton(self.tr("Load Recode Table…"), self)
        self.load_button.setToolTip(self.tr("A CSV file of two columns: source code, catalogue code"))
        self.load_button.clicked.connect(self._load_table)
        codes_row = QHBoxLayout()
        codes_row.addWidget(self.codes_status, 1)
        codes_row.addWidget(self.load_button)
        codes_group = QGroupBox(self.tr("Unknown land-use codes"), self)
        codes_layout = QVBoxLayout(codes_group)
        codes_layout.addLayout(codes_row)
        codes_layout.addWidget(self.codes_table)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("Import"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        upper = QHBoxLayout()
        upper.addWidget(mapping_group)
        upper.addWidget(codes_group, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(upper, 1)
        layout.addWidget(preview_group, 1)
        layout.addWidget(self.buttons)
        self._mapping_changed()
        self.resize(980, 640)

    # -- the planner's choices ---------------------------------------------------------------------
    def field_map(self) -> dict[str, str]:
        return {key: box.currentData() for key, box in self.boxes.items() if box.currentData()}

    def recode(self) -> dict[str, str]:
        """Only the codes of the current land-use column (a table loaded for another stays out)."""
        listed = {self.codes_table.item(r, 0).text() for r in range(self.codes_table.rowCount())}
        return {source: code for source, code in self._recode.items() if source in listed and code}

    def choice(self) -> ImportChoice:
        return ImportChoice(self.field_map(), self.recode(), skip_invalid=bool(self._open_codes()))

    def set_recode(self, source: str, code: str) -> None:
        """Recode ``source`` to catalogue ``code`` (what picking in the table does)."""
        for row in range(self.codes_table.rowCount()):
            if self.codes_table.item(row, 0).text() == source:
                box: QComboBox = self.codes_table.cellWidget(row, 2)
                box.setCurrentIndex(max(0, box.findData(code)))
                return
        raise KeyError(source)

    # -- building ----------------------------------------------------------------------------------
    def _fill_preview(self) -> None:
        rows = self.preview.first_rows(PREVIEW_ROWS)
        self.rows_table.setColumnCount(len(self.preview.columns))
        self.rows_table.setRowCount(len(rows))
        self.rows_table.setHorizontalHeaderLabels(self.preview.columns)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.rows_table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
        self.rows_table.resizeColumnsToContents()

    def _mapping_changed(self, *_: object) -> None:
        mapped = self.field_map()
        # The headers say which attribute each column feeds.
        feeds = {column: key for key, column in mapped.items()}
        for c, column in enumerate(self.preview.columns):
            key = feeds.get(column)
            text = f"{column}\n→ {self.tr(FIELD_LABELS[key])}" if key else column
            self.rows_table.setHorizontalHeaderItem(c, QTableWidgetItem(text))
        self.rows_table.resizeColumnsToContents()
        self._fill_codes(mapped.get("landuse"))

    def _fill_codes(self, column: str | None) -> None:
        values = self.preview.values.get(column, []) if column else []
        unknown = unknown_codes(values, self.scheme)  # before recoding: each row is one decision
        self.codes_table.setRowCount(len(unknown))
        for row, (source, count) in enumerate(unknown):
            self.codes_table.setItem(row, 0, QTableWidgetItem(source))
            item = QTableWidgetItem(f"{count:,}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.codes_table.setItem(row, 1, item)
            box = QComboBox(self.codes_table)
            box.addItem(self.tr("(choose)"), "")
            for cls in self._classes:
                box.addItem(cls.label(self._lang), cls.code)
            box.setCurrentIndex(max(0, box.findData(self._recode.get(source, ""))))
            box.currentIndexChanged.connect(lambda _i, s=source, b=box: self._code_picked(s, b))
            self.codes_table.setCellWidget(row, 2, box)
        self.codes_table.resizeColumnToContents(0)
        self._update_state()

    def _code_picked(self, source: str, box: QComboBox) -> None:
        self._recode[source] = box.currentData()
        self._update_state()

    def _load_table(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load recode table"), "", self.tr("CSV table (*.csv)"))
        if path:
            self.load_recode_table(path)

    def load_recode_table(self, path: str | Path) -> bool:
        """Fill the recode column from a CSV (source code, catalogue code); False with the reason shown."""
        try:
            table = read_recode_csv(path, self.scheme)
        except RecodeError as exc:
            self.codes_status.setText(str(exc))
            return False
        self._recode.update(table)
        self._fill_codes(self.field_map().get("landuse"))
        return True

    def _update_state(self) -> None:
        mapped = self.field_map()
        total = self.codes_table.rowCount()
        open_codes = self._open_codes()
        if "landuse" not in mapped:
            text = self.tr("Choose the column that holds the land-use codes.")
        elif not total:
            text = self.tr("Every land-use code is in the {0} catalogue.").format(self.scheme)
        elif open_codes:
            text = self.tr("{0} of {1} codes are not in the {2} catalogue: choose a catalogue code for each, "
                           "or import without their rows.").format(len(open_codes), total, self.scheme)
        else:
            text = self.tr("All {0} unknown codes are recoded.").format(total)
        self.codes_status.setText(text)
        self.import_button.setEnabled("landuse" in mapped)
        self.import_button.setText(self.tr("Import Without Their Rows") if open_codes else self.tr("Import"))

    def _open_codes(self) -> list[str]:
        """Unknown codes not recoded yet: their rows are skipped if the planner imports now."""
        rows = range(self.codes_table.rowCount())
        return [self.codes_table.item(r, 0).text() for r in rows if not self._recode.get(self.codes_table.item(r, 0).text())]

