"""Sectors: the parameters each sector uses and what the plan gives each sector."""
from __future__ import annotations

from parkplanner.core.metrics.contributions import M2_PER_HA, WAN_PER_YI
from parkplanner.core.report.common import ReportContext, open_sheet
from parkplanner.core.report.content import ScenarioContent, sector_results
from parkplanner.core.report.sheet import RowFormat, StreamSheet

__all__ = ["write_sheet", "PARAMETER_COLUMNS"]

#: Sector fields shown, with their number format (fractions are shown as percentages).
PARAMETER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("m2_gfa_per_job", "decimal"), ("output_wan_per_mu", "decimal"), ("tax_wan_per_mu", "decimal"),
    ("enterprises_per_ha", "decimal"), ("high_tech_share", "fraction_pct"), ("far_min", "far"),
    ("coverage_min", "fraction_pct"), ("green_max", "fraction_pct"), ("ramp_half_years", "decimal"),
    ("ramp_width_years", "decimal"),
)
_RESULT_KEYS = ("sectors.zones", "sectors.area_ha", "sectors.gfa", "sectors.jobs", "sectors.output_yi",
                "sectors.tax_yi")
_RESULT_ROLES = ("int", "ha", "m2", "people", "money", "money")
_NAME_WRAPS = [True, *([False] * len(PARAMETER_COLUMNS))]


def _sector_name(ctx: ReportContext, sector: dict) -> str:
    return sector["name_zh"] if ctx.lang == "zh" else sector["name_en"]


def _parameters(ctx: ReportContext, sheet: StreamSheet, sectors: list[dict], with_header: bool) -> None:
    sheet.line(ctx.t("sectors.parameters"), "pp_section")
    if with_header:
        sheet.header([ctx.t("sectors.name"), *(ctx.t(f"sectors.{key}") for key, _ in PARAMETER_COLUMNS)])
    fmt = RowFormat(sheet, ["text", *(role for _, role in PARAMETER_COLUMNS)], wrap=_NAME_WRAPS)
    for sector in sectors:
        sheet.write([_sector_name(ctx, sector), *(sector[key] for key, _ in PARAMETER_COLUMNS)], fmt)


def _results(ctx: ReportContext, sheet: StreamSheet, content: ScenarioContent) -> None:
    sectors = content.metrics["sectors"]
    results = sector_results(content.zones, [s["id"] for s in sectors])
    names = {s["id"]: _sector_name(ctx, s) for s in sectors}
    sheet.line(ctx.t("sectors.results"), "pp_section")
    sheet.header([ctx.t("sectors.name"), *(ctx.t(k) for k in _RESULT_KEYS)])
    fmt = RowFormat(sheet, ["text", *_RESULT_ROLES], wrap=_NAME_WRAPS)
    for r in results:
        sheet.write([names.get(r.sector_id, ctx.t("sectors.none")), r.zone_count,
                     r.area_m2 / M2_PER_HA, r.gfa_m2, r.jobs, r.output_wan / WAN_PER_YI,
                     r.tax_wan / WAN_PER_YI], fmt)
    totals = content.metrics["totals"]
    total_fmt = RowFormat(sheet, ["text", *_RESULT_ROLES], total=True)
    sheet.write([ctx.t("balance.total"), totals["zone_count"], totals["total_area_m2"] / M2_PER_HA,
                 totals["gfa_m2"], totals["jobs"], totals["output_yi"], totals["tax_yi"]], total_fmt)


def write_sheet(ctx: ReportContext) -> None:
    # Sectors by name only (their ids are the program's), names wrapped and figures in narrow
    # columns with wrapped headers: the page prints at a readable size, not shrunk to fit.
    sheet = open_sheet(ctx, "Sectors", "sectors.title", [26, *([11] * len(PARAMETER_COLUMNS))], header_row=5)
    for content in ctx.reported:
        ctx.check_cancel()
        if ctx.many:
            sheet.line(ctx.t("section.scenario", name=content.scenario.name), "pp_section")
        _parameters(ctx, sheet, content.metrics["sectors"], with_header=True)
        sheet.blank()
        _results(ctx, sheet, content)
        sheet.blank()
