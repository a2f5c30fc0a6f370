"""What every sheet module shares: the report context, opening a sheet, small cell helpers."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Callable, Sequence

from parkplanner.core.model.project import Project
from parkplanner.core.report.content import ScenarioContent
from parkplanner.core.report.labels import SHEETS, text
from parkplanner.core.report.page import prepare_page
from parkplanner.core.report.sheet import StreamSheet, add_stream_sheet

__all__ = ["ReportContext", "open_sheet", "range_text", "flag_cell", "CANCEL_EVERY_ROWS", "SHEETS"]

#: How often long tables look at the cancel flag (rows).
CANCEL_EVERY_ROWS = 1000


@dataclass
class ReportContext:
    project: Project
    lang: str
    #: Scenarios of the per-scenario sheets (one, or every scenario with ``scenario="all"``).
    reported: list[ScenarioContent]
    #: Every scenario of the project (the Scenarios sheet compares them all).
    every: list[ScenarioContent]
    workbook: object
    created: _dt.date = field(default_factory=_dt.date.today)
    #: Raises AppendixCancelled when the user cancelled; called between parts and every few rows.
    check_cancel: Callable[[], None] = lambda: None
    #: Reports how much of the current part (a sheet) is done, 0..1.
    advance: Callable[[float], None] = lambda fraction: None
    #: Sheet name -> title in the chosen language, in workbook order (the cover's contents).
    titles: dict[str, str] = field(default_factory=dict)
    #: PNG of the land-use map for its own sheet (drawn by the caller), or None for no map sheet.
    map_image: bytes | None = None

    @property
    def many(self) -> bool:
        """True when the per-scenario sheets hold several scenarios, one section each."""
        return len(self.reported) > 1

    def t(self, key: str, **fields: object) -> str:
        return text(key, self.lang, **fields)

    def scenario_names(self) -> str:
        return ", ".join(c.scenario.name for c in self.reported)


def open_sheet(ctx: ReportContext, name: str, title_key: str, widths: Sequence[float], *,
               header_row: int | None = 4, freeze_column: str = "A", one_table: bool = False,
               subtitle: str | None = None) -> StreamSheet:
    """A new sheet with its page set-up, widths and the title block (rows 1-3).

    ``header_row`` is the row of the table header frozen below. A sheet with one section per
    scenario has several headers, so nothing is frozen when it holds several scenarios, unless
    ``one_table`` says all scenarios share one table. Only such one-table sheets repeat their
    header on every printed page: on the others a later page holds other tables.
    """
    sheet = add_stream_sheet(ctx.workbook, name, ctx.lang)
    title = ctx.t(title_key)
    ctx.titles[name] = title
    sheet.set_widths(widths)
    fixed_header = bool(header_row) and (one_table or not ctx.many)
    prepare_page(sheet, project_name=ctx.project.name, title=title, lang=ctx.lang,
                 freeze=f"{freeze_column}{header_row + 1}" if fixed_header else None,
                 title_rows=f"{header_row}:{header_row}" if header_row and one_table else None)
    sheet.line(title, "pp_title")
    sheet.line(subtitle or f"{ctx.project.name} · {ctx.scenario_names()}", "pp_subtitle")
    sheet.blank()
    return sheet


def range_text(limits: Sequence[float | None] | float | None) -> str:
    """A standard's range as planners write it: "25–40", "≥ 5.5", "≤ 20"."""
    if limits is None:
        return ""
    if isinstance(limits, (int, float)):
        return f"{limits:g}"
    low, high = (list(limits) + [None, None])[:2]
    if low is not None and high is not None:
        return f"{low:g}–{high:g}"
    if low is not None:
        return f"≥ {low:g}"
    if high is not None:
        return f"≤ {high:g}"
    return ""


def flag_cell(ctx: ReportContext, sheet: StreamSheet, within: bool | None):
    """The check column of a standards comparison: outside the range stands out in red."""
    if within is None:
        return sheet.styled(ctx.t("flag.none"), "pp_cell")
    if within:
        return sheet.styled(ctx.t("flag.within"), "pp_cell")
    return sheet.styled(ctx.t("flag.outside"), "pp_warn")
