"""Land use balance (用地平衡表): the statutory table by level-1 class of the scheme; then, on a page
of its own and labelled as such, the generic-class view; land per resident.

Each class table lists construction land, the 城市建设用地 subtotal, then the land that does not
count as construction land (share of the total only), then the total.
"""
from __future__ import annotations

from openpyxl.worksheet.pagebreak import Break

from parkplanner.core.metrics.contributions import M2_PER_HA
from parkplanner.core.report.charts import bar_chart
from parkplanner.core.report.common import ReportContext, flag_cell, open_sheet, range_text
from parkplanner.core.report.content import ScenarioContent
from parkplanner.core.report.sheet import RowFormat, StreamSheet

__all__ = ["write_sheet", "BALANCE_COLUMNS", "shown_rows"]

#: Column roles of the two class tables (code, class, m², ha, % construction, % total, range, flag).
BALANCE_COLUMNS = ("text", "text", "m2", "ha", "pct", "pct", None, None)
_HEADER_KEYS = ("balance.code", "balance.class", "balance.area_m2", "balance.area_ha",
                "balance.share_construction", "balance.share_total", "balance.range", "balance.flag")
#: Height of a default row in cm (15 points).
_ROW_CM = 0.53


def _name(ctx: ReportContext, row: dict) -> str:
    return row["name_zh"] if ctx.lang == "zh" else row["name_en"]


def shown_rows(rows: list[dict]) -> list[dict]:
    """Classes with land, and classes a standard asks for (so a missing one shows up as a zero)."""
    return [row for row in rows if row["area_m2"] > 0 or row["standard_range_pct"] is not None]


def _class_rows(ctx: ReportContext, sheet: StreamSheet, rows: list[dict], key: str, body: RowFormat) -> tuple[int, int]:
    first = sheet.rows_written + 1
    for row in shown_rows(rows):
        sheet.write([row[key], _name(ctx, row), row["area_m2"], row["area_ha"],
                     row["share_of_construction_pct"], row["share_of_total_pct"],
                     sheet.styled(range_text(row["standard_range_pct"]), "pp_cell"),
                     flag_cell(ctx, sheet, row["within_standard"])], body)
    return first, sheet.rows_written


def _table(ctx: ReportContext, sheet: StreamSheet, rows: list[dict], key: str, totals: dict, body: RowFormat,
           total_fmt: RowFormat) -> tuple[int, int]:
    """Construction rows, subtotal, the other rows, total; returns the first and last construction row."""
    construction, total = totals["construction_area_m2"], totals["total_area_m2"]
    first, last = _class_rows(ctx, sheet, [r for r in rows if r.get("construction_land", True)], key, body)
    share = 100.0 if construction > 0 else None
    sheet.write(["", ctx.t("balance.construction_total"), construction, construction / M2_PER_HA, share,
                 construction / total * 100.0 if total > 0 else None, "", ""], total_fmt)
    _class_rows(ctx, sheet, [r for r in rows if not r.get("construction_land", True)], key, body)
    sheet.write(["", ctx.t("balance.total"), total, total / M2_PER_HA, None, 100.0 if total > 0 else None,
                 "", ""], total_fmt)
    return first, last


def _per_capita(ctx: ReportContext, sheet: StreamSheet, rows: list[dict]) -> None:
    sheet.line(ctx.t("balance.per_capita"), "pp_section")
    sheet.header([ctx.t("balance.per_capita_item"), ctx.t("balance.per_capita_value"),
                  ctx.t("balance.per_capita_range"), ctx.t("balance.flag")], first_column=2)
    fmt = RowFormat(sheet, [None, "text", "decimal", None, None])
    for row in rows:
        sheet.write([None, _name(ctx, row), row["value"], sheet.styled(range_text(row["standard"]), "pp_cell"),
                     flag_cell(ctx, sheet, row["within_standard"])], fmt)


def _section(ctx: ReportContext, sheet: StreamSheet, content: ScenarioContent, body: RowFormat,
             total_fmt: RowFormat) -> None:
    metrics = content.metrics
    headers = [ctx.t(k) for k in _HEADER_KEYS]
    if ctx.many or sheet.rows_written > 3:
        sheet.line(ctx.t("section.scenario", name=content.scenario.name), "pp_section")
    sheet.header(headers)
    sheet.line(ctx.t("balance.level1", scheme=ctx.project.scheme), "pp_note")
    _table(ctx, sheet, metrics["level1_balance"], "code", metrics["totals"], body, total_fmt)
    # The generic-class view groups classes differently (e.g. R&D land is office, not industry), so
    # its shares differ from the statutory table's: it gets a page of its own and says why.
    sheet.blank()
    sheet.row_breaks.append(Break(id=sheet.rows_written))
    sheet.line(ctx.t("balance.generic"), "pp_section")
    note = ctx.t("balance.generic_note", scheme=ctx.project.scheme)
    sheet.merge_next(1, len(BALANCE_COLUMNS), note)
    sheet.write([note, *([""] * (len(BALANCE_COLUMNS) - 1))],
                RowFormat(sheet, ["text"] * len(BALANCE_COLUMNS), wrap=[True] * len(BALANCE_COLUMNS)))
    sheet.header([ctx.t("balance.generic_class"), *headers[1:]])
    first, last = _table(ctx, sheet, metrics["landuse_balance"], "generic_class", metrics["totals"], body, total_fmt)
    sheet.blank()
    _per_capita(ctx, sheet, metrics["per_capita"])
    sheet.blank()
    height = 2.5 + 0.6 * (last - first + 1)  # cm: room for every class label
    sheet.row_breaks.append(Break(id=sheet.rows_written))  # the chart prints on a page of its own
    bar_chart(sheet, title=ctx.t("balance.chart"), categories=(2, first, last), values=[(4, first - 1, last)],
              anchor=f"B{sheet.rows_written + 1}", axis_title="ha", width=20.0, height=height)
    for _ in range(int(height / _ROW_CM) + 2):
        sheet.blank()


def write_sheet(ctx: ReportContext) -> None:
    sheet = open_sheet(ctx, "Land use balance", "balance.title", [10, 34, 16, 12, 16, 14, 16, 12])
    body = RowFormat(sheet, BALANCE_COLUMNS)
    total_fmt = RowFormat(sheet, BALANCE_COLUMNS[:6] + ("text", "text"), total=True)
    for content in ctx.reported:
        ctx.check_cancel()
        _section(ctx, sheet, content, body, total_fmt)
