"""Print set-up shared by every sheet: A4 landscape, fit to width, repeated headers, page numbers."""
from __future__ import annotations

from openpyxl.worksheet.properties import PageSetupProperties

from parkplanner.core.report.labels import text

__all__ = ["prepare_page", "header_footer_text", "A4"]

#: Paper size code of A4 in SpreadsheetML.
A4 = 9


#: Excel refuses a header or footer longer than 255 characters (all three parts and their codes).
_MAX_PART = 80


def header_footer_text(value: str) -> str:
    """User text for a header or footer: cut to fit Excel's limit, "&" (a control code there) doubled."""
    if len(value) > _MAX_PART:
        value = value[:_MAX_PART - 1] + "…"
    return value.replace("&", "&&")


def prepare_page(sheet, *, project_name: str, title: str, lang: str, freeze: str | None = None,
                 title_rows: str | None = None, portrait: bool = False) -> None:
    """Page layout of ``sheet``; call before its first row (frozen panes live in the sheet head).

    ``freeze`` is the top-left unfrozen cell (e.g. "C5"); ``title_rows`` the rows printed on
    every page (e.g. "4:4").
    """
    setup = sheet.page_setup
    setup.paperSize = A4
    setup.orientation = "portrait" if portrait else "landscape"
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages tall as needed
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.5
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    if freeze:
        sheet.freeze_panes = freeze
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddHeader.left.text = header_footer_text(project_name)
    sheet.oddHeader.left.size = 9
    sheet.oddHeader.right.text = header_footer_text(title)
    sheet.oddHeader.right.size = 9
    sheet.oddFooter.left.text = "&D"
    sheet.oddFooter.left.size = 9
    sheet.oddFooter.center.text = text("footer.page", lang)
    sheet.oddFooter.center.size = 9
    sheet.oddFooter.right.text = "ParkPlanner"
    sheet.oddFooter.right.size = 9
