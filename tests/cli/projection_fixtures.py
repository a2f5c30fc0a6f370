"""A two-scenario project file whose projection can be checked by hand (see tests/core/projection)."""
from __future__ import annotations

from pathlib import Path

from shapely.geometry import box

from parkplanner.core.model.project import Phase, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone


def small_project() -> Project:
    """Zone 1: 15,000 m² of next_gen_it (h = w = 6) from 2020; zone 2: 35,000 m² GFA of flats from 2020."""
    zones = {
        1: Zone(1, box(0, 0, 100, 150), "100101", "IT campus", "next_gen_it", 2.0, phase=1),
        2: Zone(2, box(200, 0, 300, 100), "0701", "Talent flats", far=3.5, phase=1),
    }
    base = Scenario("base", "Base plan", zones)
    dense = base.copy("dense", "Dense")
    dense.zones[1] = zones[1].with_changes(far=3.0)
    dense.zones[3] = Zone(3, box(400, 0, 450, 100), "0804", "School", far=1.0, phase=2)
    del dense.zones[2]
    return Project(name="Test park", phases=(Phase(1, "Phase 1", 2020), Phase(2, "Phase 2", 2024)),
                   scenarios=[base, dense])


def write_small_project(folder: Path, name: str = "park.gpkg") -> Path:
    from parkplanner.core.io.project_file import save_project

    path = folder / name
    save_project(small_project(), path)
    return path
