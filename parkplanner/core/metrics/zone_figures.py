"""One zone's figures as the metrics engine's columns hold them (the Excel Parcels sheet, the
inspector, the GIS export): the record, and the read-only view of every zone's."""
from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from parkplanner.core.metrics.engine import MetricsEngine

__all__ = ["ZoneFigures", "FiguresView", "COLUMN_OF", "FIGURE_COLUMNS", "new_figures"]


class ZoneFigures(NamedTuple):
    """One zone's contribution (Excel Parcels sheet, inspector), read from the engine's columns."""

    zone_id: int
    generic_class: str
    level1: str
    facility: str  # catalogue facility tag ("", "EDU", "CULTURE_SPORTS", "HEALTH")
    area_m2: float
    construction_area_m2: float  # area_m2 when the zone's code counts as construction land, else 0
    gfa_m2: float
    job_gfa_m2: float
    jobs: float
    residents: float
    output_wan: float
    tax_wan: float
    culture_area_m2: float


new_figures = partial(tuple.__new__, ZoneFigures)
#: ZoneFigures field of a number -> Contributions column.
COLUMN_OF = {"area_m2": "area", "construction_area_m2": "construction_area", "gfa_m2": "gfa",
              "job_gfa_m2": "job_gfa", "jobs": "jobs", "residents": "residents", "output_wan": "output_wan",
              "tax_wan": "tax_wan", "culture_area_m2": "culture_area"}
#: Contributions columns in ZoneFigures order, after the four codes.
FIGURE_COLUMNS = tuple(COLUMN_OF.values())


class FiguresView(Mapping):
    """Read-only zone id → ZoneFigures over the engine's columns (records made on access)."""

    def __init__(self, engine: "MetricsEngine") -> None:
        self._engine = engine

    def __getitem__(self, zone_id: int) -> ZoneFigures:
        return self._engine.zone_figures(zone_id)

    def __iter__(self):
        return iter(self._engine._columns.position)

    def __len__(self) -> int:
        return len(self._engine._columns)

    def __contains__(self, zone_id) -> bool:
        return zone_id in self._engine._columns.position
