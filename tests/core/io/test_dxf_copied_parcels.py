"""A parcel copied in CAD carries its zone's id in XDATA and block attributes: the import makes it
a zone of its own with a new id and reports it, while the parts of a multi-part zone stay one zone."""
from __future__ import annotations

import ezdxf
import shapely
from shapely.geometry import MultiPolygon, box

from parkplanner.core.io.dxf_export import export_drawing
from parkplanner.core.io.dxf_import import import_drawing
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

X0, Y0 = 525_000.0, 4_396_000.0
INDUSTRY_LAYER = "100101"  # the start of the layer name our export gives code 100101


def _project() -> Project:
    zones = {7: Zone(7, box(X0, Y0, X0 + 120, Y0 + 90), "100101", "一区", "next_gen_it", 1.35),
             9: Zone(9, MultiPolygon([box(X0 + 200, Y0, X0 + 260, Y0 + 40), box(X0 + 300, Y0, X0 + 330, Y0 + 40)]),
                     "1401"),
             12: Zone(12, box(X0 + 120, Y0, X0 + 180, Y0 + 90), "070102", far=2.5)}
    return Project(name="p", scenarios=[Scenario("base", "Base plan", zones)])


def _copy(path, keep, dx: float, dy: float) -> None:
    """Copy in CAD: every entity ``keep`` accepts, moved by (dx, dy), XDATA and attributes with it."""
    doc = ezdxf.readfile(path)
    msp = doc.modelspace()
    for entity in [e for e in msp if keep(e)]:
        twin = entity.copy()
        twin.translate(dx, dy, 0)
        msp.add_entity(twin)
    doc.saveas(path)


def test_a_copied_parcel_becomes_a_new_zone_and_is_reported(tmp_path):
    path = export_drawing(_project(), tmp_path / "plan.dxf")
    _copy(path, lambda e: e.dxf.layer.startswith(INDUSTRY_LAYER), 0.0, 500.0)
    back = import_drawing(path, "MNR-2023")
    zones = {z.id: z for z in back.project.active_scenario}
    assert sorted(zones) == [7, 9, 12, 13]  # the copy takes the next free id
    original, copy = zones[7], zones[13]
    assert shapely.hausdorff_distance(original.geometry, box(X0, Y0, X0 + 120, Y0 + 90)) <= 0.001
    assert shapely.hausdorff_distance(copy.geometry, box(X0, Y0 + 500, X0 + 120, Y0 + 590)) <= 0.001
    assert {k: v for k, v in copy.attributes().items() if k != "id"} == \
        {k: v for k, v in original.attributes().items() if k != "id"}
    assert back.report.copies == [(7, 13)]
    assert any(line.startswith("copied in CAD: 1 parcels carried the zone id of another (7 → 13)")
               for line in back.report.lines())
    # The two parts of zone 9 are still one zone.
    assert zones[9].geometry.geom_type == "MultiPolygon" and len(zones[9].geometry.geoms) == 2


def test_a_copied_part_of_a_multi_part_zone_leaves_the_zone_whole(tmp_path):
    path = export_drawing(_project(), tmp_path / "plan.dxf")
    second_part = box(X0 + 300, Y0, X0 + 330, Y0 + 40)

    def in_second_part(entity) -> bool:  # the hatch and outline of zone 9's smaller part
        if entity.dxftype() == "LWPOLYLINE":
            points = entity.get_points("xy")
        elif entity.dxftype() == "HATCH":
            points = entity.paths[0].vertices
        else:
            return False
        return shapely.Polygon([(p[0], p[1]) for p in points]).normalize().equals_exact(second_part.normalize(), 1e-6)

    _copy(path, in_second_part, 0.0, 300.0)
    back = import_drawing(path, "MNR-2023")
    zones = {z.id: z for z in back.project.active_scenario}
    assert sorted(zones) == [7, 9, 12, 13]
    assert len(zones[9].geometry.geoms) == 2 and abs(zones[9].geometry.area - (60 * 40 + 30 * 40)) <= 0.01
    assert shapely.hausdorff_distance(zones[13].geometry, box(X0 + 300, Y0 + 300, X0 + 330, Y0 + 340)) <= 0.001
    assert zones[13].code == "1401" and back.report.copies == [(9, 13)]
