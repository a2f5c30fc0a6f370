"""A small two-scenario project shared by the scenario and workshop UI tests."""
from __future__ import annotations

from shapely.geometry import box

from parkplanner.core.model.project import Observation, Phase, Project, Target
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone


def two_scenario_project() -> Project:
    cells = [
        (1, "100101", "next_gen_it", 1.5, 1), (2, "100101", "biomed_devices", 1.2, 1),
        (3, "070102", None, 2.5, 1), (4, "0802", "next_gen_it", 2.0, 2), (5, "1401", None, 0.0, 2),
        (6, "080403", None, 0.8, 2), (7, "0901", "modern_services", 2.0, 2), (8, "070102", None, 1.8, 2),
    ]
    zones = {i: Zone(i, box(200 * (i % 4), 200 * (i // 4), 200 * (i % 4) + 190, 200 * (i // 4) + 190), code,
                     name=f"Z{i}", sector=sector, far=far, phase=phase)
             for i, code, sector, far, phase in cells}
    base = Scenario("base", "Base plan", zones)
    variant = base.copy("alt", "Alternative")
    variant.zones[3] = variant.zones[3].with_changes(code="0901", sector="modern_services")  # re-classed
    variant.zones[4] = variant.zones[4].with_changes(geometry=box(0, 200, 150, 390))  # reshaped
    del variant.zones[8]  # removed
    variant.zones[9] = Zone(9, box(0, 600, 190, 790), "070102", name="Z9", far=2.0, phase=2)  # added
    variant.zones[6] = variant.zones[6].with_changes(far=1.1)  # attribute only
    return Project(
        scenarios=[base, variant], phases=(Phase(1, "Phase 1", 2018), Phase(2, "Phase 2", 2022)),
        targets=(Target("jobs", 5_000.0, 2035), Target("residents", 4_000.0, None)),
        observed=(Observation(2018, "output_yi", 0.0), Observation(2022, "output_yi", 0.5),
                  Observation(2026, "output_yi", 1.5)),
    )
