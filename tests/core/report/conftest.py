"""Small projects for the appendix: every class the sheets treat differently, hostile zone names."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook
from shapely.geometry import box

from parkplanner.core.model.project import Observation, Phase, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

#: Names a spreadsheet would turn into formulas if they were written naively.
HOSTILE_NAMES = ("=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "=1+1")


def _zones() -> list[Zone]:
    """A 7 x 200 m strip of zones; widths differ so areas are not round numbers."""
    specs = [  # code, name, sector, far, coverage, green ratio, height, width
        ("100101", HOSTILE_NAMES[0], "next_gen_it", 1.6, 0.42, 0.15, 24.0, 173.3),
        ("100101", HOSTILE_NAMES[1], "advanced_equipment", 0.5, 0.25, 0.25, None, 151.7),  # FAR too low
        ("070101", HOSTILE_NAMES[2], None, 2.2, 0.22, 0.35, 54.0, 121.1),
        ("0802", HOSTILE_NAMES[3], "modern_services", 2.8, 0.35, 0.30, 80.0, 97.9),
        ("1401", HOSTILE_NAMES[4], None, 0.0, None, None, None, 88.8),
        ("080401", "School", None, 0.8, 0.30, 0.35, 18.0, 64.2),
        ("1207", "Road", None, 0.0, None, None, None, 40.4),
    ]
    zones, x = [], 0.0
    for n, (code, name, sector, far, cov, green, height, width) in enumerate(specs, 1):
        zones.append(Zone(n, box(x, 0.0, x + width, 203.7), code, name, sector, far, cov, green, height,
                          phase=1 if n <= 4 else 2))
        x += width
    return zones


def make_project() -> Project:
    zones = _zones()
    base = Scenario("base", "Base plan", {z.id: z for z in zones}, description="=as planned")
    denser = Scenario("dense", "@Denser", {z.id: z.with_changes(far=z.far * 1.5) for z in zones},
                      parameter_overrides={"employed_share": 0.55})
    return Project(
        name="Test & Park", phases=(Phase(1, "First", 2018), Phase(2, "Second", 2022)),
        scenarios=[base, denser], active_scenario_id="base",
        observed=(Observation(2020, "output_yi", 1.2), Observation(2024, "output_yi", 3.5),
                  Observation(2024, "registered_entities", 12.0)),
        metadata={"author": "-planner"},
    )


@pytest.fixture
def project() -> Project:
    return make_project()


@pytest.fixture
def read_book():
    """Open a written appendix with openpyxl (values as stored, not as shown)."""
    return lambda path: load_workbook(path)
