"""How the non-zone layers look, in plain colours: the planning boundary (规划红线), phase outlines
and context layers. The map canvas (ui/canvas/styles.py) and the QGIS styles written into the
project file (core/io/qgis_style.py) both read these, so QGIS shows the project as ParkPlanner does.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LineLook", "ContextLook", "BOUNDARY", "PHASE", "context_look"]


@dataclass(frozen=True, slots=True)
class LineLook:
    colour: str  # "#RRGGBB" or "#RRGGBBAA"
    width_px: float  # on screen (cosmetic pixels)
    dash: str = "solid"  # "solid", "dash" or "dashdot"


@dataclass(frozen=True, slots=True)
class ContextLook:
    line: LineLook
    fill: str | None  # polygons only


#: The planning red line is drawn red and dashed by convention.
BOUNDARY = LineLook("#C0282D", 2.2, "dash")
PHASE = LineLook("#28285AC8", 1.6, "dashdot")

_WATER_WORDS = ("water", "river", "lake", "canal", "pond", "水", "河", "湖", "渠")
_ROAD_WORDS = ("road", "street", "highway", "rail", "路", "道", "街", "铁")
_BUILDING_WORDS = ("building", "建筑", "house")


def context_look(name: str, kind: str) -> ContextLook:
    """Style by what the layer's name says it is; unnamed reference layers stay light grey."""
    lowered = name.lower()
    if any(w in lowered for w in _WATER_WORDS):
        return ContextLook(LineLook("#7FA9C9", 1.4 if kind == "line" else 0.8), "#BCD7EA" if kind == "polygon" else None)
    if any(w in lowered for w in _ROAD_WORDS):
        return ContextLook(LineLook("#A6A29A", 2.0 if kind == "line" else 0.8), "#E2DFD8" if kind == "polygon" else None)
    if any(w in lowered for w in _BUILDING_WORDS):
        return ContextLook(LineLook("#9A968F", 0.6), "#D6D2CA")
    return ContextLook(LineLook("#B5B1A8", 1.0), "#E6E3DC" if kind == "polygon" else None)
