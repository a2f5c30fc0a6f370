"""The Excel planning appendix (openpyxl): ``build_appendix(project, path, ...)``.

Sheets: Cover, Land use balance, Parcels, Sectors, Indicators, Scenarios, Projection, Checks.
openpyxl is imported only when an appendix is built, never at start-up.
"""
from parkplanner.core.report.labels import SHEETS
from parkplanner.core.report.workbook import AppendixCancelled, build_appendix, reported_scenarios

__all__ = ["build_appendix", "AppendixCancelled", "reported_scenarios", "SHEET_NAMES"]

#: Sheet names in workbook order; they never change with the language.
SHEET_NAMES: tuple[str, ...] = tuple(name for name, _ in SHEETS)
