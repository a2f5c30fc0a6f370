"""Excel appendix benchmark: ``report_xlsx``, with openpyxl's own write-only floor for comparison.

Each round times three things on the same project, interleaved so the machine's drift hits all
alike: the whole appendix (``build_appendix``: metrics, forecast and topology of the reported
scenario, metrics of the others, eight sheets, charts, save); the computing part alone (what
``build_appendix`` asks of the metrics engine, the projection and the topology check); and the
floor: a write-only workbook receiving the very cells of the appendix as bare values, no styles,
no charts. The returned samples are the whole appendix; the floor and the ratios are printed on
stderr (run.py's stdout stays one table or one JSON object per line).
"""
from __future__ import annotations

import statistics
import sys
import time

from _harness import benchmark


def _appendix_cells(path) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}
    finally:
        book.close()


def _write_floor(cells: dict[str, list[tuple]], path) -> None:
    """openpyxl's fastest path for these values: write-only sheets, plain rows."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, rows in cells.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)


def _compute(project) -> None:
    from parkplanner.core.report.content import scenario_content

    for scenario in project.scenarios:
        scenario_content(project, scenario, "en", full=scenario.id == project.active_scenario_id)


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000.0


@benchmark("report_xlsx", sizes=(2_000, 20_000))
def report_xlsx(ctx):
    """Excel appendix of the active scenario (all sheets, charts, print set-up), as `parkplanner report`."""
    from parkplanner.core.report import build_appendix

    project = ctx.project()
    path, floor_path = ctx.tmp_dir / "appendix.xlsx", ctx.tmp_dir / "floor.xlsx"
    build_appendix(project, path)  # warm-up; also gives the cells the floor writes
    cells = _appendix_cells(path)
    n_cells = sum(sum(v is not None for v in row) for rows in cells.values() for row in rows)
    _write_floor(cells, floor_path)
    whole, compute, floor = [], [], []
    for _ in range(max(1, ctx.repeat)):
        whole.append(_ms(lambda: build_appendix(project, path)))
        compute.append(_ms(lambda: _compute(project)))
        floor.append(_ms(lambda: _write_floor(cells, floor_path)))
    m_whole, m_compute, m_floor = (statistics.median(v) for v in (whole, compute, floor))
    writing = m_whole - m_compute
    print(f"report_xlsx {ctx.zones:,} zones: appendix {m_whole:,.0f} ms = computing {m_compute:,.0f} ms "
          f"+ writing {writing:,.0f} ms; openpyxl write-only floor for the same {n_cells:,} cells "
          f"{m_floor:,.0f} ms; writing / floor = {writing / m_floor:.2f}, appendix / floor = "
          f"{m_whole / m_floor:.2f}", file=sys.stderr)
    return whole
