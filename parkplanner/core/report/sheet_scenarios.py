"""Scenarios: every scenario of the project side by side, one column each."""
from __future__ import annotations

from openpyxl.utils import get_column_letter

from parkplanner.core.metrics.balance import class_areas
from parkplanner.core.metrics.contributions import M2_PER_HA
from parkplanner.core.metrics.registry import DIMENSIONS, INDICATORS
from parkplanner.core.model.catalogue import GENERIC_CLASSES, GENERIC_NAMES
from parkplanner.core.report.charts import radar_chart
from parkplanner.core.report.common import ReportContext, open_sheet
from parkplanner.core.report.sheet import RowFormat, StreamSheet
from parkplanner.core.report.sheet_indicators import TOTAL_ROWS, VALUE_ROLE_BY_UNIT

__all__ = ["write_sheet"]


def _block(ctx: ReportContext, sheet: StreamSheet, title: str, rows: list[tuple[str, str, list]]) -> tuple[int, int]:
    """A header row (block title, scenario names) and rows of (label, number format, values)."""
    header = sheet.header([title, *(c.scenario.name for c in ctx.every)])
    width = len(ctx.every)
    formats: dict[str, RowFormat] = {}
    for label, role, values in rows:
        if role not in formats:
            # Text (a scenario's description) wraps in its column: a long line would run off the page.
            formats[role] = RowFormat(sheet, [None, *([role] * width)], wrap=[False, *([role == "text"] * width)])
        sheet.write([sheet.styled(label, "pp_label"), *values], formats[role])
    return header, sheet.rows_written


def write_sheet(ctx: ReportContext) -> None:
    every = [c.metrics for c in ctx.every]
    names = ", ".join(c.scenario.name for c in ctx.every)
    sheet = open_sheet(ctx, "Scenarios", "scenarios.title", [44, *([20] * len(every))], freeze_column="B",
                       one_table=True, subtitle=f"{ctx.project.name} · {names}")
    ctx.check_cancel()
    _block(ctx, sheet, ctx.t("scen.totals"),
           [(ctx.t("scen.description"), "text", [c.scenario.description for c in ctx.every])]
           + [(ctx.t(f"total.{key}"), role, [m["totals"][key] for m in every]) for key, role in TOTAL_ROWS])
    sheet.blank()
    balance = [class_areas(m["landuse_balance"]) for m in every]
    _block(ctx, sheet, ctx.t("scen.balance"),
           [(f"{g} {GENERIC_NAMES[g][1] if ctx.lang == 'zh' else GENERIC_NAMES[g][0]}", "ha",
             [b.get(g, 0.0) / M2_PER_HA for b in balance]) for g in GENERIC_CLASSES])
    sheet.blank()
    _block(ctx, sheet, ctx.t("scen.indicators"),
           [(f"{ind.id} {ind.display_name(ctx.lang)} ({ind.unit})", VALUE_ROLE_BY_UNIT.get(ind.unit, "decimal"),
             [m["indicators"][ind.id]["value"] for m in every]) for ind in INDICATORS])
    sheet.blank()
    start = sheet.rows_written + 1
    header, last = _block(ctx, sheet, ctx.t("scen.dimensions"),
                          [(f"{d.zh} {d.name_zh if ctx.lang == 'zh' else d.name_en}", "index",
                            [m["dimensions"][d.id] for m in every]) for d in DIMENSIONS])
    sheet.blank()
    _block(ctx, sheet, ctx.t("scen.coupling"),
           [(ctx.t(f"ind.{key}"), "index", [m["coupling"][key] for m in every]) for key in ("C", "T", "D")]
           + [(ctx.t("ind.grade"), "text",
               [m["coupling"]["grade"] if ctx.lang == "zh" else m["coupling"]["grade_en"] for m in every]),
              (ctx.t("scen.violations"), "int", [len(m["violations"]) for m in every])])
    # Beside the dimension block while the page stays readable, below it for many scenarios.
    anchor = f"{get_column_letter(len(every) + 3)}{start}" if len(every) <= 6 else f"A{sheet.rows_written + 2}"
    radar_chart(sheet, title=ctx.t("ind.radar"), categories=(1, header + 1, last),
                values=[(2 + n, header, last) for n in range(len(every))], anchor=anchor)
