"""Checks: standards violations (docs/specification.md section 5) and topology problems in one filterable table."""
from __future__ import annotations

from openpyxl.utils import get_column_letter

from parkplanner.core.report.common import CANCEL_EVERY_ROWS, ReportContext, open_sheet, range_text
from parkplanner.core.report.content import ScenarioContent
from parkplanner.core.report.sheet import RowFormat
from parkplanner.core.rule_texts import rule_description

__all__ = ["write_sheet", "limit_text"]

_COLUMNS = (  # (label key, number format, width)
    ("checks.type", "text", 12), ("checks.zone", "id", 10), ("checks.zone_name", "text", 22),
    ("checks.rule", "text", 20), ("checks.message", "text", 40), ("checks.value", "decimal", 11),
    ("checks.limit", "text", 11), ("checks.area", "decimal", 12), ("checks.source", "text", 40),
)
_SCENARIO_COLUMN = ("parcels.scenario", "text", 16)
_OPERATORS = {">=": "≥", "<=": "≤"}


def limit_text(violation: dict) -> str:
    limit = violation["limit"]
    if isinstance(limit, (int, float)):
        return f"{_OPERATORS.get(violation.get('operator', ''), '')} {limit:g}".strip()
    return range_text(limit)


def _zone_name(content: ScenarioContent, zone_id) -> str:
    zone = content.scenario.zones.get(zone_id) if zone_id is not None else None
    return zone.name if zone is not None else ""


def _rows(ctx: ReportContext, content: ScenarioContent):
    for v in content.metrics["violations"]:
        plan_wide = v["zone_id"] is None  # a land-use balance range: no zone to name
        yield (ctx.t("checks.standard"), "" if plan_wide else v["zone_id"],
               ctx.t("checks.whole_plan") if plan_wide else _zone_name(content, v["zone_id"]), v["rule"],
               rule_description(v, ctx.lang), v["value"], limit_text(v), None, v["source"])
    for p in content.topology:
        zone_ids = p.zone_ids[0] if len(p.zone_ids) == 1 else ", ".join(str(i) for i in p.zone_ids)
        name = _zone_name(content, p.zone_ids[0]) if len(p.zone_ids) == 1 else ""
        yield (ctx.t("checks.topology_type"), zone_ids, name, ctx.t(f"topo.{p.kind}"),
               p.text(ctx.lang), None, "", p.area_m2, "")


def write_sheet(ctx: ReportContext) -> None:
    columns = ((_SCENARIO_COLUMN,) if ctx.many else ()) + _COLUMNS
    sheet = open_sheet(ctx, "Checks", "checks.title", [c[2] for c in columns], one_table=True,
                       freeze_column=get_column_letter(3 if ctx.many else 2))
    header = sheet.header([ctx.t(c[0]) for c in columns])
    wrapped = ("checks.message", "checks.source")
    body = RowFormat(sheet, [c[1] for c in columns], wrap=[c[0] in wrapped for c in columns])
    for content in ctx.reported:
        prefix = (content.scenario.name,) if ctx.many else ()
        for n, row in enumerate(_rows(ctx, content), 1):
            sheet.write(prefix + row, body)
            if n % CANCEL_EVERY_ROWS == 0:
                ctx.check_cancel()
    last = sheet.rows_written
    sheet.auto_filter.ref = f"A{header}:{get_column_letter(len(columns))}{max(last, header)}"
    sheet.blank()
    for content in ctx.reported:
        counts = ctx.t("checks.counts", standards=len(content.metrics["violations"]),
                       topology=len(content.topology))
        sheet.line(f"{content.scenario.name}: {counts}" if ctx.many else counts, "pp_note")
