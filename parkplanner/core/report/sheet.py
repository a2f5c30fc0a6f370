"""A streaming worksheet that writes typed, styled rows about as fast as openpyxl writes bare values.

openpyxl's write-only sheet creates and styles a new cell object for every styled value, which
doubles the time of a 20,000-row parcel table. Here each column of a row format owns one styled
template cell that is refilled for every row (the writer serialises a cell before the next one is
produced, so reuse is safe); styling then costs nothing per row.

Values are typed here, never guessed by openpyxl:
- text is always a string cell (``t="inlineStr"``), even when it starts with "=", "+", "-" or
  "@": a zone named "=HYPERLINK(...)" must never become a formula;
- floats are written with ``repr`` (17 significant digits, exact round trip) instead of openpyxl's
  ``"%.16g"``, so a number read back equals the number computed;
- NaN and infinities become empty cells (docs/specification.md reports undefined values as null).
"""
from __future__ import annotations

import datetime as _dt
import math
from numbers import Integral, Real
from typing import Sequence

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from parkplanner.core.report.styles import body_style

__all__ = ["StreamSheet", "RowFormat", "put_value", "clean_text", "add_stream_sheet", "MAX_CELL_TEXT",
           "text_lines"]

#: Excel refuses longer cell text.
MAX_CELL_TEXT = 32767
#: Points per line of 10-point text, and the padding of a row.
_LINE_HEIGHT, _ROW_PADDING = 12.6, 3.0
_DEFAULT_WIDTH = 8.43


def text_lines(value: str, width: float) -> int:
    """Lines ``value`` wraps to in a column ``width`` characters wide (CJK characters count twice).

    Neither LibreOffice nor Excel grows a streamed row to fit wrapped text when it opens the file,
    so wrapped rows get their height from this estimate.
    """
    lines = 0
    usable = max(1.0, width - 1.0)
    for part in value.split("\n"):
        size = sum(2 if ord(ch) > 0x2E80 else 1 for ch in part)
        lines += max(1, -(-int(size * 0.9) // int(usable)))
    return lines


def clean_text(value: str) -> str:
    """Text Excel accepts: control characters removed, cut to Excel's cell limit."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]


def put_value(cell: Cell, value: object) -> None:
    """Store ``value`` in ``cell`` with an explicit data type (see the module notes)."""
    kind = type(value)
    if kind is float:  # the common case first: this runs once per cell of a 20,000-row table
        if math.isfinite(value):
            cell._value, cell.data_type = repr(value), "n"
        else:
            cell._value, cell.data_type = None, "n"
    elif kind is str:
        # "" is an empty cell (not an inline string with no text)
        cell._value, cell.data_type = (clean_text(value), "s") if value else (None, "n")
    elif value is None:
        cell._value, cell.data_type = None, "n"
    elif isinstance(value, str):
        cell._value, cell.data_type = clean_text(str(value)), "s"
    elif isinstance(value, bool):
        cell._value, cell.data_type = value, "b"
    elif isinstance(value, Integral):
        cell._value, cell.data_type = repr(int(value)), "n"
    elif isinstance(value, Real):
        put_value(cell, float(value))
    elif isinstance(value, (_dt.date, _dt.datetime)):
        cell.value = value
    else:
        raise TypeError(f"cannot write a {type(value).__name__} to the appendix")


class _TemplateCell(Cell):
    """A cell whose style is final once built: its style id is looked up once, not once per row
    (openpyxl searches the workbook's style list on every write, ~1 s for 340,000 cells)."""

    __slots__ = ("_fixed_style_id", "_fixed_has_style")

    def freeze(self) -> "_TemplateCell":
        self._fixed_style_id = Cell.style_id.fget(self)
        self._fixed_has_style = Cell.has_style.fget(self)
        return self

    @property
    def style_id(self) -> int:
        return self._fixed_style_id

    @property
    def has_style(self) -> bool:
        return self._fixed_has_style


class RowFormat:
    """One styled template cell per column: the look of a kind of row (body, total, ...)."""

    def __init__(self, sheet: "StreamSheet", roles: Sequence[str | None], *, total: bool = False,
                 bold: bool = False, wrap: Sequence[bool] | None = None) -> None:
        self.cells: list[Cell | None] = []
        #: 0-based columns whose text wraps (their rows get a fitting height).
        self.wrapped = tuple(n for n, flag in enumerate(wrap or ()) if flag)
        for column, role in enumerate(roles, 1):
            if role is None:
                self.cells.append(None)
                continue
            cell = _TemplateCell(sheet, row=1, column=column)
            body_style(cell, sheet.lang, role, total=total, bold=bold,
                       wrap=bool(wrap and wrap[column - 1]))
            self.cells.append(cell.freeze())


class StreamSheet(WriteOnlyWorksheet):
    """A write-only worksheet with fast formatted rows and a few layout helpers."""

    def __init__(self, parent, title: str, lang: str) -> None:
        super().__init__(parent, title)
        self.lang = lang
        self.rows_written = 0
        self._format: RowFormat | None = None
        self._plain = WriteOnlyCell(self)
        self._widths: list[float] = []

    # -- writing -----------------------------------------------------------------------------
    def write(self, values: Sequence[object], fmt: RowFormat | None = None) -> int:
        """Append one row; plain values take the style of ``fmt``'s column. Returns the row number."""
        if fmt is not None and fmt.wrapped:
            self._fit_height([(n, values[n]) for n in fmt.wrapped if n < len(values)])
        self._format = fmt
        try:
            self.append(values)
        finally:
            self._format = None
        self.rows_written += 1
        return self.rows_written

    def styled(self, value: object, style: str) -> Cell:
        """A cell with a named style, to place among the values of :meth:`write`."""
        cell = WriteOnlyCell(self)
        put_value(cell, value)
        cell.style = style
        return cell

    def line(self, value: object, style: str) -> int:
        """A row holding one styled cell (titles, section headings, notes)."""
        return self.write([self.styled(value, style)])

    def header(self, texts: Sequence[str], first_column: int = 1) -> int:
        """A row of header cells (bold, wrapped, shaded) starting at ``first_column``."""
        return self.headers([(first_column, texts)])

    def headers(self, groups: Sequence[tuple[int, Sequence[str]]]) -> int:
        """One row holding the header cells of tables side by side: (first column, texts) each,
        left to right."""
        cells: list[object] = []
        placed: list[tuple[int, str]] = []
        for first_column, texts in groups:
            cells.extend([None] * (first_column - 1 - len(cells)))
            placed.extend((len(cells) + n, t) for n, t in enumerate(texts))
            cells.extend(self.styled(t, "pp_header") for t in texts)
        self._fit_height(placed, bold=True)
        return self.write(cells)

    def merge_next(self, first_column: int, last_column: int, text: str | None = None) -> None:
        """Merge columns ``first_column``..``last_column`` of the next row; with ``text``, give the
        row the height that text needs when it wraps over the merged width."""
        row = self.rows_written + 1
        self.merged_cells.add(CellRange(min_col=first_column, min_row=row, max_col=last_column, max_row=row))
        if text:
            width = sum(self._widths[c - 1] if c - 1 < len(self._widths) else _DEFAULT_WIDTH
                        for c in range(first_column, last_column + 1))
            lines = text_lines(text, width)
            if lines > 1:
                self.row_dimensions[row].height = _LINE_HEIGHT * lines + _ROW_PADDING

    def _fit_height(self, texts: Sequence[tuple[int, object]], bold: bool = False) -> None:
        """Give the next row the height its longest wrapped text needs (only if over one line and
        no height was set for it, e.g. by :meth:`merge_next`)."""
        row = self.rows_written + 1
        if row in self.row_dimensions and self.row_dimensions[row].height:
            return
        lines = 1
        for column, value in texts:
            if isinstance(value, str) and value:
                width = self._widths[column] if column < len(self._widths) else _DEFAULT_WIDTH
                lines = max(lines, text_lines(value, width * (0.9 if bold else 1.0)))
        if lines > 1:
            self.row_dimensions[row].height = _LINE_HEIGHT * lines + _ROW_PADDING

    def blank(self) -> int:
        return self.write([])

    def set_widths(self, widths: Sequence[float]) -> None:
        """Column widths in characters; only effective before the first row is written."""
        self._widths = list(widths)
        for column, width in enumerate(widths, 1):
            self.column_dimensions[get_column_letter(column)].width = width

    def discard(self) -> None:
        """Drop what was streamed so far (an export that failed or was cancelled): closes the
        row stream before its file and removes openpyxl's temporary file."""
        if self._rows is not None:
            self._rows.close()
            self._rows = None
        if self._writer is not None:
            self._writer.close()
            self._writer.cleanup()
            self._writer = None

    # -- openpyxl hook ----------------------------------------------------------------------
    def _values_to_row(self, values, row_idx):
        templates = self._format.cells if self._format is not None else ()
        for column, value in enumerate(values, 1):
            if isinstance(value, Cell):
                value.column, value.row = column, row_idx
                yield value
                continue
            template = templates[column - 1] if column <= len(templates) else None
            if template is None:
                if value is None:
                    continue
                cell = self._plain
                cell.column = column
            else:
                cell = template
            put_value(cell, value)
            cell.row = row_idx
            yield cell


def add_stream_sheet(workbook, title: str, lang: str) -> StreamSheet:
    """Create a :class:`StreamSheet` at the end of a write-only ``workbook``."""
    sheet = StreamSheet(workbook, title, lang)
    workbook._add_sheet(sheet)
    return sheet
