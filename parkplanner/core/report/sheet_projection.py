"""Projection: the yearly series of docs/specification.md section 6 beside the observed values, the fit of
each observation and the calibration multipliers, with line charts."""
from __future__ import annotations

from dataclasses import dataclass

from openpyxl.worksheet.pagebreak import Break

from parkplanner.core.report.charts import line_chart
from parkplanner.core.report.common import ReportContext, open_sheet
from parkplanner.core.report.content import ScenarioContent
from parkplanner.core.report.sheet import RowFormat, StreamSheet

__all__ = ["write_sheet", "SERIES_ROLES"]

#: The forecast's series in column order, with their number format.
SERIES_ROLES: tuple[tuple[str, str], ...] = (
    ("output_yi", "money"), ("tax_yi", "money"), ("jobs", "people"), ("residents", "people"),
    ("registered_entities", "people"), ("high_tech_enterprises", "people"),
)
#: Charts: (title key, series drawn as lines); observed values of those series become markers.
_CHARTS = (("proj.chart_money", ("output_yi", "tax_yi")), ("proj.chart_people", ("jobs", "residents")),
           ("proj.chart_entities", ("registered_entities", "high_tech_enterprises")))
_CHART_ROWS = 19
#: Column G: the calibration table starts one empty column after the fit table (A–E).
_CALIBRATION_COLUMN = 7
_SERIES_WIDTH = 20


def _observed_by_series(forecast: dict) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {}
    for row in forecast["observed"]:
        out.setdefault(row["indicator"], {})[int(row["year"])] = row["value"]
    return out


def _yearly(ctx: ReportContext, sheet: StreamSheet, forecast: dict) -> tuple[int, int, dict[str, int]]:
    """The yearly table; returns its header row, last row and the column of every drawn series."""
    observed = _observed_by_series(forecast)
    shown_observed = [key for key, _ in SERIES_ROLES if key in observed]
    header = sheet.header([ctx.t("proj.year"), *(ctx.t(f"proj.{key}") for key, _ in SERIES_ROLES),
                           *(f"{ctx.t('proj.observed_value')}: {ctx.t(f'proj.{key}')}" for key in shown_observed)])
    roles = dict(SERIES_ROLES)
    fmt = RowFormat(sheet, ["year", *(role for _, role in SERIES_ROLES), *(roles[k] for k in shown_observed)])
    series = forecast["series"]
    for n, year in enumerate(forecast["years"]):
        sheet.write([year, *(series[key][n] for key, _ in SERIES_ROLES),
                     *(observed[key].get(int(year)) for key in shown_observed)], fmt)
    columns = {key: 2 + n for n, (key, _) in enumerate(SERIES_ROLES)}
    columns.update({f"observed:{key}": 2 + len(SERIES_ROLES) + n for n, key in enumerate(shown_observed)})
    return header, sheet.rows_written, columns


@dataclass(frozen=True)
class _Table:
    """A small table placed beside another: its section title, header, column roles and rows."""
    first_column: int
    title: str
    header: tuple[str, ...]
    roles: tuple[str, ...]
    rows: list[list[object]]
    wrap: tuple[bool, ...] = ()


def _fit_tables(ctx: ReportContext, forecast: dict) -> list[_Table]:
    """The fit of each observation (columns A–E) and the calibration multipliers (G–J)."""
    tables = []
    if forecast["fit"]:
        tables.append(_Table(
            1, ctx.t("proj.observed"),
            (ctx.t("proj.year"), ctx.t("proj.indicator"), ctx.t("proj.observed_value"), ctx.t("proj.modelled"),
             ctx.t("proj.rel_error")),
            ("year", "text", "decimal", "decimal", "fraction_pct"),
            [[r["year"], ctx.t(f"proj.{r['indicator']}"), r["observed"], r["modelled"], r["rel_error"]]
             for r in forecast["fit"]], wrap=(False, True)))
    if forecast["calibration"]:
        tables.append(_Table(
            _CALIBRATION_COLUMN, ctx.t("proj.calibration"),
            (ctx.t("proj.indicator"), ctx.t("proj.scale"), ctx.t("proj.h_mult"), ctx.t("proj.w_mult")),
            ("text", "index", "index", "index"),
            [[ctx.t(f"proj.{r['indicator']}"), r["scale"], r["h_mult"], r["w_mult"]] for r in forecast["calibration"]],
            wrap=(True,)))
    return tables


def _side_by_side(sheet: StreamSheet, tables: list[_Table]) -> None:
    """``tables`` next to each other on the same rows, so none starts at a page's foot with its
    rows on the next page (the fit and calibration tables are short)."""
    if not tables:
        return
    width = max(t.first_column + len(t.roles) - 1 for t in tables)

    def row(parts: list[tuple[_Table, list[object]]]) -> list[object]:
        values: list[object] = [None] * width
        for table, cells in parts:
            values[table.first_column - 1:table.first_column - 1 + len(cells)] = cells
        return values

    sheet.write(row([(t, [sheet.styled(t.title, "pp_section")]) for t in tables]))
    sheet.headers([(t.first_column, t.header) for t in tables])
    formats: dict[tuple[int, ...], RowFormat] = {}
    for n in range(max(len(t.rows) for t in tables)):
        present = tuple(i for i, t in enumerate(tables) if n < len(t.rows))
        if present not in formats:  # one template row per combination of tables still going
            roles, wrap = row([(tables[i], list(tables[i].roles)) for i in present]), \
                row([(tables[i], list(tables[i].wrap)) for i in present])
            formats[present] = RowFormat(sheet, roles, wrap=[bool(w) for w in wrap])
        sheet.write(row([(tables[i], tables[i].rows[n]) for i in present]), formats[present])
    sheet.blank()


def _fit(ctx: ReportContext, sheet: StreamSheet, forecast: dict) -> None:
    _side_by_side(sheet, _fit_tables(ctx, forecast))
    if forecast["unscheduled_zone_ids"]:
        sheet.write([sheet.styled(ctx.t("proj.unscheduled"), "pp_label"),
                     ", ".join(str(i) for i in forecast["unscheduled_zone_ids"])])
        sheet.blank()


def _charts(ctx: ReportContext, sheet: StreamSheet, header: int, last: int, columns: dict[str, int]) -> None:
    """Two charts side by side, the third below, starting on a new printed page."""
    top = sheet.rows_written + 1
    sheet.row_breaks.append(Break(id=top - 1))
    every = max(1, (last - header) // 10)  # at most ~10 year labels: they must not overlap
    for n, (title_key, keys) in enumerate(_CHARTS):
        anchor = f"{'A' if n % 2 == 0 else 'F'}{top + (n // 2) * _CHART_ROWS}"
        line_chart(sheet, title=ctx.t(title_key), categories=(1, header + 1, last),
                   lines=[(columns[k], header, last) for k in keys],
                   markers=[((columns[f"observed:{k}"], header, last), n) for n, k in enumerate(keys)
                            if f"observed:{k}" in columns],
                   anchor=anchor, width=13.5, height=8.5, label_every=every)
    for _ in range(_CHART_ROWS * ((len(_CHARTS) + 1) // 2)):
        sheet.blank()


def _section(ctx: ReportContext, sheet: StreamSheet, content: ScenarioContent) -> None:
    if ctx.many:
        sheet.line(ctx.t("section.scenario", name=content.scenario.name), "pp_section")
    forecast = content.forecast
    if not forecast["years"]:
        sheet.line(ctx.t("proj.none"), "pp_note")
        sheet.blank()
        return
    header, last, columns = _yearly(ctx, sheet, forecast)
    sheet.blank()
    _fit(ctx, sheet, forecast)
    _charts(ctx, sheet, header, last, columns)


def write_sheet(ctx: ReportContext) -> None:
    widths = [8, *([14] * (len(SERIES_ROLES) + 3))]
    # Columns B and G hold the series names of the fit and calibration tables ("High-tech enterprises").
    widths[1] = widths[_CALIBRATION_COLUMN - 1] = _SERIES_WIDTH
    sheet = open_sheet(ctx, "Projection", "projection.title", widths)
    for content in ctx.reported:
        ctx.check_cancel()
        _section(ctx, sheet, content)
