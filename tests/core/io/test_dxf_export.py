"""CAD drawing export: layers, colours, hatches, labels, XDATA and block attributes; the round trip
back to the same zones; GDAL reading the hatches as polygons on the land-use layers."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import shapely
from ezdxf import recover
from shapely.geometry import MultiPolygon, Polygon, box

from parkplanner.core.io.dxf_export import BLOCK_NAME, export_drawing
from parkplanner.core.io.dxf_import import APP_ID, import_drawing
from parkplanner.core.io.gis_export import GisExportError
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import ZONE_ATTRIBUTES, Zone
from parkplanner.core.synthetic import synthetic_project

X0, Y0 = 525_000.0, 4_396_000.0


def _project() -> Project:
    courtyard = Polygon(box(X0, Y0, X0 + 120, Y0 + 90).exterior.coords,
                        [box(X0 + 40, Y0 + 30, X0 + 70, Y0 + 60).exterior.coords])
    islands = MultiPolygon([box(X0 + 200, Y0, X0 + 260, Y0 + 40), box(X0 + 300, Y0, X0 + 330.125, Y0 + 40)])
    zones = {
        7: Zone(7, courtyard, "100101", "工业 {一} \\ 区", "next_gen_it", 1.35, 0.45, 0.15, 24.0, 2, 2026, None),
        9: Zone(9, islands, "1401", "", None, 0.0),
        12: Zone(12, box(X0 + 120, Y0, X0 + 180, Y0 + 90), "070102", "=SUM(A1)", None, 2.5, None, 0.3, None, 1, None,
                 15000.0),
    }
    return Project(name="t", scenarios=[Scenario("base", "Base plan", zones)],
                   boundary=box(X0 - 10, Y0 - 10, X0 + 400, Y0 + 100))


def test_layers_colours_labels_xdata_and_block_attributes(tmp_path):
    path = export_drawing(_project(), tmp_path / "plan.dxf")
    doc, auditor = recover.readfile(path)
    assert not auditor.has_errors and not auditor.has_fixes, [e.message for e in auditor.errors + auditor.fixes]
    assert doc.dxfversion >= "AC1027" and doc.header["$INSUNITS"] == 6
    tags = path.read_text(encoding="utf-8").split("\n")
    seed = int(tags[tags.index("$HANDSEED") + 2], 16)
    after_header = tags.index("ENDSEC") + 1  # the header's own group 5 is $HANDSEED's value
    handles = [int(tags[i + 1], 16) for i in range(after_header, len(tags) - 1, 2) if tags[i].strip() in ("5", "105")]
    assert len(handles) == len(set(handles)) and max(handles) < seed
    catalogue = default_catalogue()
    industry = catalogue.get("MNR-2023", "100101")
    layer = doc.layers.get(f"100101 {industry.name_zh}")
    assert layer.rgb == tuple(int(industry.rgb_hex[i:i + 2], 16) for i in (1, 3, 5))
    msp = doc.modelspace()
    on_layer = [e for e in msp if e.dxf.layer == layer.dxf.name]
    kinds = sorted(e.dxftype() for e in on_layer)
    assert kinds == ["HATCH", "INSERT", "LWPOLYLINE", "LWPOLYLINE", "MTEXT"]  # ATTRIBs belong to the INSERT
    hatch = next(e for e in on_layer if e.dxftype() == "HATCH")
    assert len(hatch.paths) == 2 and hatch.dxf.solid_fill == 1 and hatch.dxf.color == 256  # BYLAYER
    label = next(e for e in on_layer if e.dxftype() == "MTEXT")
    assert label.plain_text().splitlines()[-2:] == ["100101", "FAR 1.35"]
    assert shapely.Point(label.dxf.insert.x, label.dxf.insert.y).within(_project().active_scenario.zones[7].geometry)
    outline = next(e for e in on_layer if e.dxftype() == "LWPOLYLINE" and e.has_xdata(APP_ID))
    xdata = dict(v.split("=", 1) for _, v in outline.get_xdata(APP_ID))
    assert xdata["zone_id"] == "7" and xdata["far"] == "1.35" and xdata["sector"] == "next_gen_it"
    assert set(ZONE_ATTRIBUTES) <= set(xdata)
    insert = next(e for e in on_layer if e.dxftype() == "INSERT")
    assert insert.dxf.name == BLOCK_NAME
    assert insert.get_attrib_text("name") == "工业 {一} \\ 区" and insert.get_attrib_text("height_m") == "24.0"
    assert all(a.dxf.layer == layer.dxf.name for a in insert.attribs)
    assert doc.styles.get(label.dxf.style).dxf.font
    assert any(name.startswith("PP_BOUNDARY") for name in (l.dxf.name for l in doc.layers))


def test_round_trip_gives_the_same_zones(tmp_path):
    for project in (_project(), synthetic_project(150, seed=11)):
        path = export_drawing(project, tmp_path / "rt.dxf")
        back = import_drawing(path, project.scheme)  # the CRS comes from the drawing
        assert back.project.crs == project.crs
        before = {z.id: z for z in project.active_scenario}
        after = {z.id: z for z in back.project.active_scenario}
        assert sorted(after) == sorted(before)
        for zone_id, zone in before.items():
            assert after[zone_id].attributes() == zone.attributes(), zone_id
            assert after[zone_id].geometry.geom_type == zone.geometry.geom_type
            assert shapely.hausdorff_distance(after[zone_id].geometry, zone.geometry) <= 0.001
            assert after[zone_id].geometry.area == pytest.approx(zone.geometry.area, abs=0.01)


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="ogrinfo (GDAL) is not installed")
def test_gdal_reads_the_hatches_as_polygons_on_the_landuse_layers(tmp_path):
    path = export_drawing(_project(), tmp_path / "plan.dxf")
    # GDAL 3.6 decodes R2007+ drawings by $DWGCODEPAGE, not as UTF-8; DXF_ENCODING puts that right.
    env = dict(os.environ, DXF_ENCODING="UTF-8")
    out = subprocess.run(["ogrinfo", "-q", "-ro", str(path), "entities", "-where", "SubClasses LIKE '%Hatch%'"],
                         capture_output=True, text=True, check=True, env=env).stdout
    name_zh = default_catalogue().get("MNR-2023", "100101").name_zh
    blocks = out.split("OGRFeature")[1:]
    polygons = [b for b in blocks if "POLYGON" in b]
    assert len(polygons) == len(blocks) == 4  # one hatch per polygon part: 1 + 2 + 1
    assert sum(f"Layer (String) = 100101 {name_zh}" in b for b in polygons) == 1
    plain = subprocess.run(["ogrinfo", "-q", "-ro", str(path), "entities", "-where", "SubClasses LIKE '%Hatch%'"],
                           capture_output=True, text=True, check=True).stdout
    assert plain.count("Layer (String) = 1401 ") == 2  # the code opens the name whatever the decoding


def test_refusals_leave_no_file(tmp_path):
    empty = Project(name="e", scenarios=[Scenario("base", "Base plan", {})])
    target = tmp_path / "plan.dxf"
    target.write_text("old")
    with pytest.raises(GisExportError, match="has no zones"):
        export_drawing(empty, target)
    with pytest.raises(GisExportError, match="use .dxf"):
        export_drawing(_project(), tmp_path / "plan.dwg")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["plan.dxf"]
