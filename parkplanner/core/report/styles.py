"""Cell styles of the appendix, registered once per workbook as named styles.

Named styles show up in Excel's style gallery, so a planner who restyles the appendix changes
one style instead of every cell. Values are stored unrounded; the number formats below only
decide how they are shown.
"""
from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

__all__ = ["FORMATS", "STYLE_NAMES", "register_styles", "body_style", "FONT_EN", "FONT_ZH"]

FONT_EN = "Calibri"
#: Office installs this CJK font everywhere; LibreOffice substitutes a Noto CJK face.
FONT_ZH = "Microsoft YaHei"

#: Number formats by role. Shares already in percent (docs/specification.md) get a plain "0.0"; fractions
#: stored as 0..1 (zone coverage, green ratio) get Excel's percent format, which multiplies by 100.
FORMATS: dict[str, str] = {
    "text": "@",
    "int": "#,##0",
    "id": "0",
    "year": "0",
    "m2": "#,##0",
    "ha": "#,##0.00",
    "mu": "#,##0.0",
    "far": "0.00",
    "pct": "0.0",
    "fraction_pct": "0.0%",
    "people": "#,##0",
    "money": "#,##0.00",
    "index": "0.000",
    "decimal": "#,##0.00",
    "general": "General",
    "date": "yyyy-mm-dd",
}

_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_WARN_FILL = PatternFill("solid", fgColor="FCE4D6")
_THIN = Side(style="thin", color="A6A6A6")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

STYLE_NAMES = ("pp_title", "pp_subtitle", "pp_section", "pp_header", "pp_note", "pp_label", "pp_cell", "pp_warn")


def _font(lang: str, **kwargs) -> Font:
    return Font(name=FONT_ZH if lang == "zh" else FONT_EN, **kwargs)


def register_styles(workbook, lang: str) -> None:
    """Add the appendix's named styles (titles, headers, notes) to ``workbook``."""
    styles = [
        NamedStyle("pp_title", font=_font(lang, size=16, bold=True, color="1F3864")),
        NamedStyle("pp_subtitle", font=_font(lang, size=11, italic=True, color="595959")),
        NamedStyle("pp_section", font=_font(lang, size=12, bold=True, color="1F3864")),
        NamedStyle("pp_header", font=_font(lang, size=10, bold=True), fill=_HEADER_FILL, border=_GRID,
                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        NamedStyle("pp_note", font=_font(lang, size=9, italic=True, color="595959"),
                   alignment=Alignment(wrap_text=False, vertical="top")),
        NamedStyle("pp_label", font=_font(lang, size=10, bold=True), border=_GRID, fill=_TOTAL_FILL,
                   alignment=Alignment(vertical="center")),
        NamedStyle("pp_cell", font=_font(lang, size=10), border=_GRID, alignment=Alignment(horizontal="center")),
        NamedStyle("pp_warn", font=_font(lang, size=10, bold=True, color="9C0006"), fill=_WARN_FILL,
                   border=_GRID, alignment=Alignment(horizontal="center")),
    ]
    for style in styles:
        workbook.add_named_style(style)


def body_style(cell, lang: str, role: str, *, bold: bool = False, total: bool = False,
               wrap: bool = False) -> None:
    """Give a table body cell its font, grid border and the number format of ``role``."""
    cell.font = _font(lang, size=10, bold=bold or total)
    cell.border = _GRID
    cell.number_format = FORMATS[role]
    if total:
        cell.fill = _TOTAL_FILL
    # Centred vertically: a row grown for wrapped text keeps its numbers level with its words.
    cell.alignment = Alignment(wrap_text=wrap, vertical="center", horizontal="left" if role == "date" else None)
