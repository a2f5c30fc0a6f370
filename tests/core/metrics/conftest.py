"""Hand-made projects whose metrics are worked out by hand in the tests."""
from __future__ import annotations

import pytest
from shapely.geometry import box

from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone


def make_project(zones: list[Zone], scheme: str = "GENERIC-INTL", **kwargs) -> Project:
    return Project(scheme=scheme, scenarios=[Scenario("base", "Base plan", {z.id: z for z in zones})], **kwargs)


def town_zones() -> list[Zone]:
    """Eleven boxes (GENERIC-INTL). Row y 0..100 holds the housing, the school and the parks;
    the rest sits 2 km away where no buffer reaches."""
    return [
        Zone(1, box(0, 0, 200, 100), "RES", far=1.75, green_ratio=0.35),  # 20,000 m², GFA 35,000
        Zone(2, box(1000, 0, 1100, 100), "MXD", far=1.4),  # 10,000 m², GFA 14,000
        Zone(3, box(650, 0, 750, 100), "EDU", far=0.8),  # 10,000 m², GFA 8,000
        Zone(4, box(0, 300, 200, 350), "GRN"),  # 10,000 m² park
        Zone(5, box(1000, 200, 1050, 250), "GRN"),  # 2,500 m²: too small to be a park
        Zone(6, box(0, 2000, 200, 2150), "IND_L", sector="biomed_devices", far=1.2, coverage=0.35,
             green_ratio=0.25),  # 30,000 m², GFA 36,000
        Zone(7, box(300, 2000, 400, 2100), "OFF", far=2.5),  # 10,000 m², GFA 25,000
        Zone(8, box(500, 2000, 600, 2100), "COM", far=1.5),  # 10,000 m², GFA 15,000
        Zone(9, box(700, 2000, 740, 2050), "CUL", far=1.0),  # 2,000 m², GFA 2,000
        Zone(10, box(800, 2000, 880, 2100), "TRN"),  # 8,000 m²
        Zone(11, box(900, 2000, 1000, 2100), "WAT"),  # 10,000 m², not construction land
    ]


@pytest.fixture
def town() -> Project:
    return make_project(town_zones())
