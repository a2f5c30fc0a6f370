"""Native Excel charts of the appendix; they read the cells the sheets wrote, so they stay live.

Each function takes cell ranges as (column, first row, last row) tuples, 1-based, whose first row
is the series title, and anchors the chart at a cell. Sizes are in centimetres (openpyxl's unit).
Colours are set per series: chart styles render differently in Excel and LibreOffice.
"""
from __future__ import annotations

from typing import Sequence

from openpyxl.chart import BarChart, LineChart, RadarChart, Reference

__all__ = ["bar_chart", "radar_chart", "line_chart", "Span", "PALETTE"]

#: (column, first row, last row), 1-based; for data series the first row is the series title.
Span = tuple[int, int, int]
#: Series colours (colour-blind safe, Okabe-Ito order).
PALETTE = ("0072B2", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00", "F0E442", "000000")


def _ref(sheet, span: Span) -> Reference:
    column, first, last = span
    return Reference(sheet, min_col=column, min_row=first, max_row=last)


def _common(chart, title: str, width: float, height: float, single: bool) -> None:
    chart.title = title
    chart.width, chart.height = width, height
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if single:
        chart.legend = None
    else:
        chart.legend.position = "b"


def bar_chart(sheet, *, title: str, categories: Span, values: Sequence[Span], anchor: str,
              axis_title: str = "", width: float = 24.0, height: float = 9.0) -> BarChart:
    """Horizontal bars, one group per category (land-use balance)."""
    chart = BarChart()
    chart.type = "bar"
    for n, span in enumerate(values):
        chart.add_data(_ref(sheet, span), titles_from_data=True)
        chart.series[-1].graphicalProperties.solidFill = PALETTE[n % len(PALETTE)]
        chart.series[-1].graphicalProperties.line.noFill = True
    chart.set_categories(_ref(sheet, categories))
    chart.y_axis.title = axis_title
    chart.x_axis.scaling.orientation = "maxMin"  # first category on top, as in the table
    chart.x_axis.tickLblSkip = 1  # every class named, never every other one
    chart.gapWidth = 40
    _common(chart, title, width, height, len(values) == 1)
    sheet.add_chart(chart, anchor)
    return chart


def radar_chart(sheet, *, title: str, categories: Span, values: Sequence[Span], anchor: str,
                width: float = 14.0, height: float = 10.0) -> RadarChart:
    """The five dimension indices (0-1) as a radar, one series per scenario."""
    chart = RadarChart()
    chart.type = "marker"
    for n, span in enumerate(values):
        chart.add_data(_ref(sheet, span), titles_from_data=True)
        series = chart.series[-1]
        colour = PALETTE[n % len(PALETTE)]
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 28575  # 2.25 pt in EMU
        series.marker.symbol = "circle"
        series.marker.graphicalProperties.solidFill = colour
        series.marker.graphicalProperties.line.solidFill = colour
    chart.set_categories(_ref(sheet, categories))
    chart.y_axis.scaling.min = 0.0
    chart.y_axis.scaling.max = 1.0
    chart.y_axis.majorUnit = 0.2
    _common(chart, title, width, height, len(values) == 1)
    sheet.add_chart(chart, anchor)
    return chart


def line_chart(sheet, *, title: str, categories: Span, lines: Sequence[Span], anchor: str,
               markers: Sequence[tuple[Span, int]] = (), axis_title: str = "", width: float = 24.0,
               height: float = 9.0, label_every: int = 1) -> LineChart:
    """Yearly series as lines; ``markers`` (observed values) as points, each given with the index
    of the line it belongs to, whose colour it takes."""
    chart = LineChart()
    for n, span in enumerate(lines):
        chart.add_data(_ref(sheet, span), titles_from_data=True)
        series = chart.series[-1]
        series.smooth = False
        series.marker.symbol = "none"
        series.graphicalProperties.line.solidFill = PALETTE[n % len(PALETTE)]
        series.graphicalProperties.line.width = 28575
    for span, line in markers:
        chart.add_data(_ref(sheet, span), titles_from_data=True)
        series = chart.series[-1]
        colour = PALETTE[line % len(PALETTE)]
        series.marker.symbol = "diamond"
        series.marker.size = 9
        series.marker.graphicalProperties.solidFill = colour
        series.marker.graphicalProperties.line.solidFill = "000000"
        series.graphicalProperties.line.noFill = True
    chart.set_categories(_ref(sheet, categories))
    chart.y_axis.title = axis_title
    chart.x_axis.tickLblSkip = label_every
    chart.x_axis.tickMarkSkip = label_every
    _common(chart, title, width, height, False)
    sheet.add_chart(chart, anchor)
    return chart
