"""Parcels (地块控制指标表): one row per zone with its control indicators, jobs and residents."""
from __future__ import annotations

from openpyxl.utils import get_column_letter

from parkplanner.core.metrics.contributions import M2_PER_HA, M2_PER_MU
from parkplanner.core.report.common import CANCEL_EVERY_ROWS, ReportContext, open_sheet
from parkplanner.core.report.content import ZoneColumns
from parkplanner.core.report.sheet import RowFormat, StreamSheet

__all__ = ["write_sheet", "PARCEL_COLUMNS"]

#: (label key, number format role, width) of each column, in order. Names, classes and sectors
#: wrap and headers wrap, so the columns stay narrow and the table prints at ~80 % of full size
#: on a landscape A4 page rather than shrunk to illegibility.
PARCEL_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("parcels.id", "id", 6), ("parcels.parcel_code", "text", 13), ("parcels.name", "text", 20),
    ("parcels.code", "text", 8), ("parcels.class", "text", 20), ("parcels.area_m2", "m2", 11),
    ("parcels.area_ha", "ha", 8), ("parcels.area_mu", "mu", 8), ("parcels.far", "far", 6),
    ("parcels.gfa", "m2", 11), ("parcels.coverage", "fraction_pct", 8), ("parcels.green", "fraction_pct", 8),
    ("parcels.height", "decimal", 7), ("parcels.phase", "id", 6), ("parcels.start_year", "year", 7),
    ("parcels.sector", "text", 14), ("parcels.jobs", "people", 8), ("parcels.residents", "people", 10),
)
_SCENARIO_COLUMN = ("parcels.scenario", "text", 16)
_WRAPPED = {"parcels.name", "parcels.class", "parcels.sector"}


def _rows(zones: ZoneColumns):
    """The table's rows as plain Python values (numpy converted once per column, not per cell)."""
    area = zones.area_m2
    return zip(
        zones.zone_id.tolist(), zones.parcel_code, zones.name, zones.code, zones.class_name, area.tolist(),
        (area / M2_PER_HA).tolist(), (area / M2_PER_MU).tolist(), zones.far.tolist(), zones.gfa_m2.tolist(),
        zones.coverage, zones.green_ratio, zones.height_m, zones.phase.tolist(), zones.start_year,
        zones.sector_name, zones.jobs.tolist(), zones.residents.tolist(),
    )


def _write_zones(ctx: ReportContext, sheet: StreamSheet, zones: ZoneColumns, body: RowFormat,
                 prefix: tuple, done: int, total: int) -> int:
    write = sheet.write
    for n, row in enumerate(_rows(zones), 1):
        write(prefix + row, body)
        if n % CANCEL_EVERY_ROWS == 0:
            ctx.check_cancel()
            ctx.advance((done + n) / total)
    return done + len(zones)


def write_sheet(ctx: ReportContext) -> None:
    columns = ((_SCENARIO_COLUMN,) if ctx.many else ()) + PARCEL_COLUMNS
    frozen = 4 if ctx.many else 3  # keep the zone id, parcel code and name (and scenario) in view
    sheet = open_sheet(ctx, "Parcels", "parcels.title", [c[2] for c in columns],
                       freeze_column=get_column_letter(frozen + 1), one_table=True)
    header_row = sheet.header([ctx.t(c[0]) for c in columns])
    # Names and land-use classes wrap inside their column: cut at the cell edge they would not print whole.
    body = RowFormat(sheet, [c[1] for c in columns], wrap=[c[0] in _WRAPPED for c in columns])
    total_fmt = RowFormat(sheet, [c[1] for c in columns], total=True)
    total = sum(len(c.zones) for c in ctx.reported) or 1
    done = 0
    for content in ctx.reported:
        prefix = (content.scenario.name,) if ctx.many else ()
        done = _write_zones(ctx, sheet, content.zones, body, prefix, done, total)
    last_row = sheet.rows_written
    for content in ctx.reported:
        totals = content.metrics["totals"]
        area = totals["total_area_m2"]
        label = f"{ctx.t('balance.total')} · {content.scenario.name}" if ctx.many else ctx.t("balance.total")
        prefix = (content.scenario.name,) if ctx.many else ()
        sheet.write(prefix + (None, None, label, None, None, area, area / M2_PER_HA, area / M2_PER_MU, None,
                              totals["gfa_m2"], None, None, None, None, None, None, totals["jobs"],
                              totals["residents"]), total_fmt)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{max(last_row, header_row)}"
