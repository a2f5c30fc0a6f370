"""Small projects whose projected numbers can be worked out by hand."""
from __future__ import annotations

import pytest
from shapely.geometry import box

from parkplanner.core.model.project import Phase, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone


def make_project(zones, phases=((1, 2020),), **kwargs) -> Project:
    scenario = Scenario("base", "Base plan", {z.id: z for z in zones})
    return Project(phases=tuple(Phase(n, f"Phase {n}", y) for n, y in phases), scenarios=[scenario], **kwargs)


def it_zone(zone_id=1, x=0.0, **changes) -> Zone:
    """15,000 m² (22.5 mu, 1.5 ha) of class-1 industry in the next_gen_it sector, FAR 2."""
    zone = Zone(zone_id, box(x, 0, x + 100, 150), "100101", f"IT {zone_id}", "next_gen_it", 2.0)
    return zone.with_changes(**changes) if changes else zone


@pytest.fixture
def one_it_zone() -> Project:
    return make_project([it_zone()])
