"""The fast reader of common drawings gives what ezdxf's reading gives, and leaves every drawing it
does not fully read (arcs, old code pages, blocks with geometry, object coordinate systems) to ezdxf."""
from __future__ import annotations

import ezdxf
import numpy as np
import pytest
import shapely

from parkplanner.core.io.dxf_export import export_drawing
from parkplanner.core.io.dxf_fast_reader import read_common_drawing
from parkplanner.core.io.dxf_entities import drawing_header, read_entities
from parkplanner.core.io.dxf_import import ARC_TOLERANCE_M
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.core.synthetic import synthetic_project

X0, Y0 = 525_000.0, 4_396_000.0


def _both(path):
    fast = read_common_drawing(path)
    assert fast is not None
    slow = read_entities(ezdxf.readfile(path), ARC_TOLERANCE_M)
    return fast, slow, drawing_header(ezdxf.readfile(path))


def _assert_same(fast, slow):
    assert fast.entities == slow.entities and fast.ignored == slow.ignored
    assert [(layer, xdata) for _, layer, xdata in fast.rings] == [(layer, xdata) for _, layer, xdata in slow.rings]
    for (a, _, _), (b, _, _) in zip(fast.rings, slow.rings):
        assert shapely.Polygon(a).equals_exact(shapely.Polygon(b), 0.0)  # the same vertices, exactly
    assert [(layer, xdata, len(rings)) for rings, layer, xdata in fast.hatches] == \
        [(layer, xdata, len(rings)) for rings, layer, xdata in slow.hatches]
    for (a, _, _), (b, _, _) in zip(fast.hatches, slow.hatches):
        assert all(shapely.Polygon(p).equals_exact(shapely.Polygon(q), 0.0) for p, q in zip(a, b))
    assert [np.asarray(line).tolist() for line in fast.lines] == [np.asarray(line).tolist() for line in slow.lines]
    assert fast.labels == slow.labels and fast.tagged == slow.tagged


def test_an_exported_drawing_reads_the_same_both_ways(tmp_path):
    courtyard = shapely.Polygon(shapely.box(X0, Y0, X0 + 120, Y0 + 90).exterior.coords,
                                [shapely.box(X0 + 40, Y0 + 30, X0 + 70, Y0 + 60).exterior.coords])
    zones = {3: Zone(3, courtyard, "100101", "一区", "next_gen_it", 1.35),
             4: Zone(4, shapely.MultiPolygon([shapely.box(X0 + 200, Y0, X0 + 260, Y0 + 40),
                                              shapely.box(X0 + 300, Y0, X0 + 330, Y0 + 40)]), "1401")}
    for n, project in enumerate((Project(name="p", scenarios=[Scenario("base", "Base plan", zones)]),
                                 synthetic_project(60, seed=9))):
        path = export_drawing(project, tmp_path / f"plan{n}.dxf")
        fast, slow, header = _both(path)
        _assert_same(fast, slow)
        assert fast.header["custom:PARKPLANNER_CRS"] == header["custom:PARKPLANNER_CRS"] == project.crs
        assert fast.header["$INSUNITS"] == header["$INSUNITS"] == "6"


def test_a_drawing_of_lines_labels_points_and_paper_space_reads_the_same(tmp_path):
    doc = ezdxf.new("R2018")
    doc.appids.add("OTHER")
    msp = doc.modelspace()
    msp.add_line((0, 0), (100, 0), dxfattribs={"layer": "红线"})
    msp.add_lwpolyline([(100, 0), (100, 50), (0, 50)], dxfattribs={"layer": "红线"})
    msp.add_line((0, 50), (0, 0)).set_xdata("OTHER", [(1000, "far=2.0")])
    msp.add_text("R2 %%c20", dxfattribs={"insert": (50, 25)})
    msp.add_mtext("{\\fSimSun;A-01}\\P容积率≤2.5", dxfattribs={"insert": (50, 20)})
    msp.add_point((10, 10)).set_xdata("OTHER", [(1000, "landuse=R2")])
    msp.add_point((20, 10))
    msp.add_linear_dim(base=(0, -10), p1=(0, 0), p2=(100, 0)).render()
    doc.layout("Layout1").add_text("title block", dxfattribs={"insert": (0, 0)})
    path = tmp_path / "lines.dxf"
    doc.saveas(path)
    fast, slow, _ = _both(path)
    _assert_same(fast, slow)
    assert fast.ignored["DIMENSION"] == 1 and len(fast.lines) == 3


@pytest.mark.parametrize("draw", [
    lambda doc, msp: msp.add_lwpolyline([(0, 0, 0, 0, 0.5), (10, 0), (10, 10)], format="xyseb", close=True),
    lambda doc, msp: msp.add_arc((0, 0), 5, 0, 90),
    lambda doc, msp: msp.add_circle((0, 0), 5),
    lambda doc, msp: msp.add_polyline2d([(0, 0), (10, 0), (10, 10)], close=True),
    lambda doc, msp: msp.add_text("ocs", dxfattribs={"extrusion": (0, 0, -1)}),
    lambda doc, msp: (doc.blocks.new("TREE").add_circle((0, 0), 1), msp.add_blockref("TREE", (5, 5))),
])
def test_what_it_does_not_read_is_left_to_ezdxf(tmp_path, draw):
    doc = ezdxf.new("R2013")
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (100, 0), (100, 100)], close=True)
    draw(doc, msp)
    path = tmp_path / "other.dxf"
    doc.saveas(path)
    assert read_common_drawing(path) is None


def test_drawings_before_r2007_are_left_to_ezdxf(tmp_path):
    doc = ezdxf.new("R2000")
    doc.modelspace().add_lwpolyline([(0, 0), (100, 0), (100, 100)], close=True)
    doc.saveas(tmp_path / "r2000.dxf")
    assert read_common_drawing(tmp_path / "r2000.dxf") is None
    (tmp_path / "noise.dxf").write_bytes(b"AutoCAD Binary DXF\r\n\x1a\x00")
    assert read_common_drawing(tmp_path / "noise.dxf") is None
