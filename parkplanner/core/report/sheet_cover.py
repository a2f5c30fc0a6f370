"""Cover: what the appendix is about, the specification note, every parameter used, the contents."""
from __future__ import annotations

from parkplanner.core.model.catalogue import GENERIC_NAMES
from parkplanner.core.report.common import SHEETS, ReportContext, open_sheet
from parkplanner.core.report.sheet import RowFormat, StreamSheet

__all__ = ["write_sheet"]

#: Project metadata that documents how a file was made, not the plan: left off the cover.
_DEVELOPER_KEYS = frozenset({"generator", "geometry_note"})
#: Metadata shown first, in this order, under planner labels; other keys follow in name order.
_KNOWN_KEYS = ("description", "planning_unit", "author", "targets_note", "land_budget", "source", "note")

#: Scalar parameters in display order with the label key of their unit and their number format.
_SCALARS = (
    ("m2_gfa_per_resident", "unit.m2_per_person", "decimal"),
    ("household_size", "unit.person_per_household", "decimal"),
    ("employed_share", "unit.share", "index"),
    ("mxd_residential_share", "unit.share", "index"),
    ("horizon_year", "unit.year", "year"),
)


def _facts(ctx: ReportContext, sheet: StreamSheet, last_column: int) -> None:
    """Project facts, then the project's free notes (long text, wrapped across the value columns)."""
    project = ctx.project
    text_fmt = RowFormat(sheet, [None, "text"])
    for label, value in ((ctx.t("cover.project"), project.name),
                         (ctx.t("cover.scenarios" if ctx.many else "cover.scenario"), ctx.scenario_names()),
                         (ctx.t("cover.crs"), project.crs), (ctx.t("cover.scheme"), project.scheme)):
        sheet.write([sheet.styled(label, "pp_label"), value], text_fmt)
    sheet.write([sheet.styled(ctx.t("cover.date"), "pp_label"), ctx.created], RowFormat(sheet, [None, "date"]))
    notes_fmt = RowFormat(sheet, [None, *(["text"] * (last_column - 1))], wrap=[False] + [True] * (last_column - 1))
    for key, value in _metadata(project.metadata):
        label = ctx.t(f"meta.{key}") if key in _KNOWN_KEYS else key.replace("_", " ").capitalize()
        sheet.merge_next(2, last_column, str(value))
        sheet.write([sheet.styled(label, "pp_label"), str(value), *([""] * (last_column - 2))], notes_fmt)


def _metadata(metadata: dict[str, str]) -> list[tuple[str, str]]:
    """The notes a planner reads on the cover: known keys first, no developer fields, no empty ones."""
    shown = {k: v for k, v in metadata.items() if k not in _DEVELOPER_KEYS and str(v).strip()}
    known = [(k, shown[k]) for k in _KNOWN_KEYS if k in shown]
    return known + sorted((k, v) for k, v in shown.items() if k not in _KNOWN_KEYS)


def _parameters(ctx: ReportContext, sheet: StreamSheet) -> None:
    n_values = len(ctx.reported)
    sheet.line(ctx.t("cover.parameters"), "pp_section")
    sheet.header([ctx.t("cover.parameter"), ctx.t("cover.unit"), *(c.scenario.name for c in ctx.reported)])
    parameters = [c.metrics["parameters"] for c in ctx.reported]
    for key, unit_key, role in _SCALARS:
        fmt = RowFormat(sheet, ["text", "text", *([role] * n_values)])
        sheet.write([ctx.t(f"param.{key}"), ctx.t(unit_key), *(p[key] for p in parameters)], fmt)
    fmt = RowFormat(sheet, ["text", "text", *(["decimal"] * n_values)])
    for cls in parameters[0]["class_m2_gfa_per_job"]:
        name = GENERIC_NAMES[cls][1 if ctx.lang == "zh" else 0] if cls in GENERIC_NAMES else cls
        sheet.write([f"{ctx.t('param.class_m2_gfa_per_job')} – {name}", ctx.t("unit.m2_per_job"),
                     *(p["class_m2_gfa_per_job"][cls] for p in parameters)], fmt)
    for cls in parameters[0]["storey_height_m"]:  # the 3D massing's (docs/massing_3d.md)
        name = GENERIC_NAMES[cls][1 if ctx.lang == "zh" else 0] if cls in GENERIC_NAMES else cls
        sheet.write([f"{ctx.t('param.storey_height_m')} – {name}", ctx.t("unit.metre"),
                     *(p["storey_height_m"][cls] for p in parameters)], fmt)
    sheet.line(ctx.t("cover.more_parameters"), "pp_note")


def _contents(ctx: ReportContext, sheet: StreamSheet) -> None:
    sheet.line(ctx.t("cover.contents"), "pp_section")
    fmt = RowFormat(sheet, [None, "text"])
    for name, key in SHEETS:
        sheet.write([sheet.styled(name, "pp_label"), ctx.t(key)], fmt)
        if name == "Land use balance" and ctx.map_image is not None:
            sheet.write([sheet.styled("Land-use map", "pp_label"), ctx.t("map.title")], fmt)


def write_sheet(ctx: ReportContext) -> None:
    widths = [44, 22, *([18] * max(3, len(ctx.reported)))]
    sheet = open_sheet(ctx, "Cover", "cover.title", widths, header_row=None)
    _facts(ctx, sheet, len(widths))
    sheet.blank()
    sheet.line(ctx.t("cover.note"), "pp_note")
    sheet.blank()
    _parameters(ctx, sheet)
    sheet.blank()
    _contents(ctx, sheet)
