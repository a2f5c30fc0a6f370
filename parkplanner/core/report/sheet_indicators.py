"""Indicators: every indicator with its score and obstacle degree, the five dimension indices, the
coupling coordination degree and grade, and the totals they are computed from."""
from __future__ import annotations

from parkplanner.core.metrics.registry import DIMENSIONS, INDICATORS
from parkplanner.core.report.charts import radar_chart
from parkplanner.core.report.common import ReportContext, open_sheet
from parkplanner.core.report.content import ScenarioContent
from parkplanner.core.report.sheet import RowFormat, StreamSheet

__all__ = ["write_sheet", "target_text", "TOTAL_ROWS", "VALUE_ROLE_BY_UNIT"]

#: Number format of an indicator value by its unit.
VALUE_ROLE_BY_UNIT = {"%": "pct", "0–1": "index"}
#: Totals shown, in order, with their number format.
TOTAL_ROWS: tuple[tuple[str, str], ...] = (
    ("zone_count", "int"), ("total_area_m2", "m2"), ("construction_area_m2", "m2"), ("gfa_m2", "m2"),
    ("residents", "people"), ("dwellings", "people"), ("employed_residents", "people"), ("jobs", "people"),
    ("output_wan", "decimal"), ("tax_wan", "decimal"), ("output_yi", "money"), ("tax_yi", "money"),
)
_HEADER_KEYS = ("ind.id", "ind.name", "ind.dimension", "ind.value", "ind.unit", "ind.target", "ind.score",
                "ind.weight", "ind.obstacle", "ind.source")
#: Rows the radar needs beside the dimension and coupling tables (10 cm).
_RADAR_ROWS = 21


def target_text(target: dict) -> str:
    kind, low, high = target["kind"], target["low"], target["high"]
    if kind == "band":
        return f"{low:g}–{high:g}"
    return f"≥ {low:g}" if kind == ">=" else f"≤ {high:g}"


def _dimension_name(ctx: ReportContext, dim) -> str:
    return f"{dim.zh} {dim.name_zh}" if ctx.lang == "zh" else f"{dim.zh} {dim.name_en}"


def _normalised(weights: dict[str, float], keys) -> dict[str, float]:
    total = sum(weights[k] for k in keys)
    return {k: weights[k] / total if total > 0 else 0.0 for k in keys}


def _indicator_table(ctx: ReportContext, sheet: StreamSheet, metrics: dict) -> None:
    sheet.header([ctx.t(k) for k in _HEADER_KEYS])
    weights = metrics["weights"]["indicators"]
    formats: dict[str, RowFormat] = {}
    dims = {d.id: d for d in DIMENSIONS}
    for ind in INDICATORS:
        row = metrics["indicators"][ind.id]
        role = VALUE_ROLE_BY_UNIT.get(ind.unit, "decimal")
        if role not in formats:
            formats[role] = RowFormat(sheet, ["text", "text", "text", role, "text", "text", "index", "index",
                                              "fraction_pct", "text"], wrap=[False] * 9 + [True])
        within = _normalised(weights, [i.id for i in INDICATORS if i.dimension == ind.dimension])
        value = row["value"] if row["value"] is not None else ctx.t("ind.null")
        sheet.write([ind.id, ind.display_name(ctx.lang), _dimension_name(ctx, dims[ind.dimension]), value,
                     ind.unit, target_text(row["target"]), row["score"], within[ind.id],
                     row["obstacle_degree"], ind.source], formats[role])


def _dimensions_and_coupling(ctx: ReportContext, sheet: StreamSheet, metrics: dict) -> tuple[int, int]:
    sheet.line(ctx.t("ind.dimensions"), "pp_section")
    header = sheet.header([ctx.t("ind.dimension"), ctx.t("ind.weight"), ctx.t("ind.index")], first_column=2)
    alpha = _normalised(metrics["weights"]["dimensions"], [d.id for d in DIMENSIONS])
    fmt = RowFormat(sheet, [None, "text", "index", "index"])
    for dim in DIMENSIONS:
        sheet.write([None, _dimension_name(ctx, dim), alpha[dim.id], metrics["dimensions"][dim.id]], fmt)
    last = sheet.rows_written
    sheet.blank()
    sheet.line(ctx.t("ind.coupling"), "pp_section")
    coupling = metrics["coupling"]
    label_fmt = RowFormat(sheet, [None, None, "index"])
    for key in ("C", "T", "D"):
        sheet.write([None, sheet.styled(ctx.t(f"ind.{key}"), "pp_label"), coupling[key]], label_fmt)
    grade = coupling["grade"] if ctx.lang == "zh" else f"{coupling['grade']} ({coupling['grade_en']})"
    sheet.write([None, sheet.styled(ctx.t("ind.grade"), "pp_label"), grade], RowFormat(sheet, [None, None, "text"]))
    return header, last


def _totals(ctx: ReportContext, sheet: StreamSheet, totals: dict) -> None:
    sheet.line(ctx.t("ind.totals"), "pp_section")
    sheet.header([ctx.t("ind.quantity"), ctx.t("ind.value")], first_column=2)
    formats: dict[str, RowFormat] = {}
    for key, role in TOTAL_ROWS:
        fmt = formats.setdefault(role, RowFormat(sheet, [None, None, role]))
        sheet.write([None, sheet.styled(ctx.t(f"total.{key}"), "pp_label"), totals[key]], fmt)


def _section(ctx: ReportContext, sheet: StreamSheet, content: ScenarioContent) -> None:
    if ctx.many:
        sheet.line(ctx.t("section.scenario", name=content.scenario.name), "pp_section")
    _indicator_table(ctx, sheet, content.metrics)
    sheet.blank()
    start = sheet.rows_written + 1
    header, last = _dimensions_and_coupling(ctx, sheet, content.metrics)
    radar_chart(sheet, title=ctx.t("ind.radar"), categories=(2, header + 1, last), values=[(4, header, last)],
                anchor=f"F{start}")
    sheet.blank()
    _totals(ctx, sheet, content.metrics["totals"])
    for _ in range(max(0, start + _RADAR_ROWS - sheet.rows_written)):
        sheet.blank()
    sheet.blank()


def write_sheet(ctx: ReportContext) -> None:
    sheet = open_sheet(ctx, "Indicators", "indicators.title", [6, 34, 22, 12, 11, 12, 11, 10, 11, 50])
    for content in ctx.reported:
        ctx.check_cancel()
        _section(ctx, sheet, content)
