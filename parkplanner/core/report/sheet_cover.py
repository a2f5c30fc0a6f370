"""Cover: what the appendix is about, the contents, every parameter used, the specification note."""
from __future__ import annotations

from itertools import zip_longest

from parkplanner.core.model.catalogue import GENERIC_NAMES
from parkplanner.core.report.common import SHEETS, ReportContext, open_sheet
from parkplanner.core.report.sheet import RowFormat

__all__ = ["write_cover"]

#: Scalar parameters in display order with the label key of their unit and their number format.
_SCALARS = (
    ("m2_gfa_per_resident", "unit.m2_per_person", "decimal"),
    ("household_size", "unit.person_per_household", "decimal"),
    ("employed_share", "unit.share", "index"),
    ("mxd_residential_share", "unit.share", "index"),
    ("horizon_year", "unit.year", "year"),
)


def _facts(ctx: ReportContext) -> list[tuple[str, object]]:
    project = ctx.project
    return [
        (ctx.t("cover.project"), project.name),
        (ctx.t("cover.scenarios" if ctx.many else "cover.scenario"), ctx.scenario_names()),
        (ctx.t("cover.date"), ctx.created),
        (ctx.t("cover.crs"), project.crs),
        (ctx.t("cover.scheme"), project.scheme),
        *((key, value) for key, value in sorted(project.metadata.items())),
    ]


def _facts_and_contents(ctx: ReportContext, sheet) -> None:
    """The project facts (columns A-B) beside the table of contents (columns D-E)."""
    text_fmt = RowFormat(sheet, [None, "text"])
    date_fmt = RowFormat(sheet, [None, "date"])
    contents = [(sheet.styled(ctx.t("cover.contents"), "pp_section"), None)]
    contents += [(sheet.styled(name, "pp_label"), ctx.t(key)) for name, key in SHEETS]
    for fact, entry in zip_longest(_facts(ctx), contents):
        row: list[object] = [None, None, None]
        fmt = None
        if fact is not None:
            label, value = fact
            row[:2] = [sheet.styled(label, "pp_label"), value]
            fmt = text_fmt if isinstance(value, str) else date_fmt
        if entry is not None:
            row += list(entry)
        sheet.write(row, fmt)


def _parameters(ctx: ReportContext, sheet) -> None:
    n_values = len(ctx.reported)
    sheet.line(ctx.t("cover.parameters"), "pp_section")
    sheet.header([ctx.t("cover.parameter"), ctx.t("cover.key"), ctx.t("cover.unit"),
                  *(c.scenario.name for c in ctx.reported)])
    parameters = [c.metrics["parameters"] for c in ctx.reported]
    for key, unit_key, role in _SCALARS:
        fmt = RowFormat(sheet, ["text", "text", "text", *([role] * n_values)])
        sheet.write([ctx.t(f"param.{key}"), key, ctx.t(unit_key), *(p[key] for p in parameters)], fmt)
    fmt = RowFormat(sheet, ["text", "text", "text", *(["decimal"] * n_values)])
    for cls in parameters[0]["class_m2_gfa_per_job"]:
        name = GENERIC_NAMES[cls][1 if ctx.lang == "zh" else 0] if cls in GENERIC_NAMES else cls
        sheet.write([f"{ctx.t('param.class_m2_gfa_per_job')} – {name}", f"class_m2_gfa_per_job.{cls}",
                     ctx.t("unit.m2_per_job"), *(p["class_m2_gfa_per_job"][cls] for p in parameters)], fmt)
    sheet.line(ctx.t("cover.more_parameters"), "pp_note")


def write_cover(ctx: ReportContext) -> None:
    widths = [40, 30, 18, *([18] * max(2, len(ctx.reported)))]
    sheet = open_sheet(ctx, "Cover", "cover.title", widths, header_row=None)
    _facts_and_contents(ctx, sheet)
    sheet.blank()
    sheet.line(ctx.t("cover.note"), "pp_note")
    sheet.blank()
    _parameters(ctx, sheet)
