"""The project boundary and the phases go out on layers of their own and come back from them:
names (even with characters AutoCAD refuses in layer names), start years and phase areas."""
from __future__ import annotations

import ezdxf
import shapely
from shapely.geometry import box

from parkplanner.core.io.dxf_export import export_drawing
from parkplanner.core.io.dxf_import import import_drawing
from parkplanner.core.model.project import Phase, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

X0, Y0 = 525_000.0, 4_396_000.0


def _project() -> Project:
    zones = {1: Zone(1, box(X0, Y0, X0 + 100, Y0 + 80), "070102", far=2.5, phase=1),
             2: Zone(2, box(X0 + 100, Y0, X0 + 180, Y0 + 80), "100101", far=1.2, phase=1),
             3: Zone(3, box(X0, Y0 + 80, X0 + 180, Y0 + 150), "1401", phase=2)}
    phases = (Phase(1, "Phase 1: 起步区", 2026),  # its area is its zones'; ":" is refused in layer names
              Phase(2, "二期", 2031, geometry=box(X0 - 5, Y0 + 75, X0 + 185, Y0 + 155)))
    return Project(name="p", scenarios=[Scenario("base", "Base plan", zones)], phases=phases,
                   boundary=box(X0 - 20, Y0 - 20, X0 + 200, Y0 + 170))


def test_boundary_and_phases_come_back_with_names_years_and_areas(tmp_path):
    project = _project()
    path = export_drawing(project, tmp_path / "plan.dxf")
    back = import_drawing(path, project.scheme)
    restored = back.project
    # The boundary: a 220 m x 190 m rectangle, back within a millimetre.
    assert restored.boundary is not None
    assert shapely.hausdorff_distance(restored.boundary, project.boundary) <= 0.001
    assert abs(restored.boundary.area - 220 * 190) <= 0.01
    assert [(p.number, p.name, p.start_year) for p in restored.phases] == \
        [(1, "Phase 1: 起步区", 2026), (2, "二期", 2031)]
    assert restored.phases[0].geometry is None  # its zones' union, as the project had it
    assert shapely.hausdorff_distance(restored.phases[1].geometry, project.phases[1].geometry) <= 0.001
    # The outlines made no zones and took no label from a parcel.
    zones = {z.id: z for z in restored.active_scenario}
    assert sorted(zones) == [1, 2, 3]
    assert (zones[1].code, zones[1].far, zones[2].far) == ("070102", 2.5, 1.2)
    assert "restored: the project boundary, 2 phases" in back.report.lines()


def test_phase_layers_drawn_in_cad_without_our_xdata_give_their_outline(tmp_path):
    """A phase layer drawn by hand (the name our export uses, no XDATA) keeps its outline and
    title but has no start year: the phase is made from its zones, as for any import."""
    doc = ezdxf.new("R2013", units=6)
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (100, 0), (100, 80), (0, 80)], close=True, dxfattribs={"layer": "070102 城镇住宅用地"})
    msp.add_lwpolyline([(-5, -5), (105, -5), (105, 85), (-5, 85)], close=True,
                       dxfattribs={"layer": "PP_BOUNDARY 规划范围"})
    msp.add_lwpolyline([(-1, -1), (101, -1), (101, 81), (-1, 81)], close=True,
                       dxfattribs={"layer": "PP_PHASE_1 分期 起步区"})
    path = tmp_path / "hand.dxf"
    doc.saveas(path)
    back = import_drawing(path, "MNR-2023", crs="EPSG:4548")
    assert [z.code for z in back.project.active_scenario] == ["070102"]
    assert abs(back.project.boundary.area - 110 * 90) <= 0.01
    assert back.project.phases == ()  # no start year: nothing to forecast with
