"""``build_appendix``: the Excel planning appendix of a project, written atomically.

The GUI calls it from a worker with a progress callback and a cancel flag; the CLI calls it
directly. Either the finished workbook replaces ``path`` or ``path`` is left as it was.
"""
from __future__ import annotations

import datetime as _dt
import importlib
import os
from pathlib import Path
from typing import Callable

from parkplanner.core.io.atomic import atomic_output
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.report.content import scenario_content
from parkplanner.core.report.labels import SHEETS, check_language

__all__ = ["build_appendix", "AppendixCancelled", "ProgressCallback", "reported_scenarios"]

#: progress(fraction 0..1, what is being done)
ProgressCallback = Callable[[float, str], None]

# Share of the total time each part takes (measured at 20,000 zones: metrics and the parcel rows
# dominate); only used to make the progress bar move evenly.
_COMPUTE_SHARE = 0.35
#: Sheet name -> (module writing it, share of the time).
_PARTS = {"Cover": ("sheet_cover", 0.01), "Land use balance": ("sheet_balance", 0.02),
          "Parcels": ("sheet_parcels", 0.42), "Sectors": ("sheet_sectors", 0.01),
          "Indicators": ("sheet_indicators", 0.01), "Scenarios": ("sheet_scenarios", 0.01),
          "Projection": ("sheet_projection", 0.01), "Checks": ("sheet_checks", 0.02)}


class AppendixCancelled(Exception):
    """The user cancelled; the output file was not touched."""


def _cancel_check(cancel) -> Callable[[], None]:
    """Accept a threading.Event-like flag (``is_set``) or a callable returning True to cancel."""
    if cancel is None:
        return lambda: None
    test = cancel.is_set if hasattr(cancel, "is_set") else cancel

    def check() -> None:
        if test():
            raise AppendixCancelled("appendix export cancelled")
    return check


def reported_scenarios(project: Project, scenario: Scenario | str | None) -> list[Scenario]:
    """The scenarios of the per-scenario sheets: the active one, a named one, or all ("all")."""
    if scenario is None:
        return [project.active_scenario]
    if isinstance(scenario, Scenario):
        return [project.scenario(scenario.id)]  # KeyError for a scenario of another project
    if scenario == "all":
        return list(project.scenarios)
    return [project.scenario_by_name_or_id(scenario)]


def _sheet_writers(with_map: bool):
    """(name, share of the time, writer) in workbook order, the land-use map after the balance
    when there is one. The sheet modules (and openpyxl) are imported here, so they load only
    when an appendix is built."""
    out = []
    for name, _ in SHEETS:
        module, share = _PARTS[name]
        out.append((name, share, importlib.import_module(f"parkplanner.core.report.{module}").write_sheet))
        if with_map and name == "Land use balance":
            from parkplanner.core.report import sheet_map

            out.append((sheet_map.SHEET_NAME, 0.0, sheet_map.write_sheet))
    return out


def build_appendix(project: Project, path: str | os.PathLike, scenario: Scenario | str | None = None,
                   lang: str = "en", progress: ProgressCallback | None = None, cancel=None,
                   created: _dt.date | None = None, map_image: bytes | None = None) -> Path:
    """Write the planning appendix of ``project`` to ``path`` (.xlsx) and return the path.

    ``scenario``: None (the active scenario), a scenario, its name or id, or "all" (one section per
    scenario). ``lang``: "en" or "zh" for titles and headers. ``progress(fraction, message)`` is
    called as the work advances; ``cancel`` (a callable returning True, or an Event) stops the
    export with AppendixCancelled and leaves ``path`` untouched. ``created`` is the cover's date.
    ``map_image``: PNG bytes of the land-use map, put on a sheet of its own (sheet_map).
    """
    from openpyxl import Workbook

    from parkplanner.core.report.common import ReportContext
    from parkplanner.core.report.styles import register_styles

    lang = check_language(lang)
    report = progress or (lambda fraction, message: None)
    check_cancel = _cancel_check(cancel)
    reported = reported_scenarios(project, scenario)
    reported_ids = {s.id for s in reported}

    every = []
    for n, item in enumerate(project.scenarios):
        check_cancel()
        base = _COMPUTE_SHARE * n / len(project.scenarios)
        report(base, f"{item.name}: metrics")
        every.append(scenario_content(
            project, item, lang, full=item.id in reported_ids,
            step=lambda part, item=item, base=base: (check_cancel(), report(base, f"{item.name}: {part}"))))
    by_id = {c.scenario.id: c for c in every}
    contents = [by_id[s.id] for s in reported]

    workbook = Workbook(write_only=True)
    register_styles(workbook, lang)
    ctx = ReportContext(project=project, lang=lang, reported=contents, every=every, workbook=workbook,
                        created=created or _dt.date.today(), check_cancel=check_cancel, map_image=map_image)
    done = _COMPUTE_SHARE
    with atomic_output(path) as temp:
        try:
            for name, share, write in _sheet_writers(map_image is not None):
                check_cancel()
                ctx.advance = lambda fraction, start=done, share=share, name=name: report(
                    start + share * fraction, name)
                report(done, name)
                write(ctx)
                done += share
            check_cancel()
        except BaseException:
            for sheet in workbook.worksheets:
                sheet.discard()
            raise
        report(done, "saving")
        workbook.save(temp)
    report(1.0, "done")
    return Path(path)
