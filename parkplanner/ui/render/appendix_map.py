"""The land-use map of the Excel appendix: the map figure as PNG bytes for core's sheet_map.

Core writes the workbook but cannot draw (no Qt there), so the CLI and the GUI draw the map with
the figure painter and hand the bytes over. A4 landscape at 150 dpi: sharp when printed on the
appendix's A4 pages, and small enough (a few hundred kB) to keep the workbook light.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario

__all__ = ["appendix_map_png", "MAP_SIZE_PX", "MAP_DPI"]

MAP_SIZE_PX, MAP_DPI = (1754, 1240), 150.0


def appendix_map_png(project: Project, scenario: Scenario | None = None, lang: str = "en") -> bytes:
    """PNG of ``scenario``'s land-use map (default: the active scenario). Needs a QGuiApplication."""
    from parkplanner.ui.render.map_figure import FigureOptions, render_figure

    options = FigureOptions(*MAP_SIZE_PX, MAP_DPI, lang if lang == "zh" else "en")
    with tempfile.TemporaryDirectory(prefix="parkplanner-map-") as folder:
        path = render_figure(project, Path(folder) / "map.png", scenario, options)
        return path.read_bytes()
