"""Zones from CAD drawings made by other writers: GDAL's DXF writer, a hand-written GBK R12 file
with loose lines and TEXT labels, ezdxf drawings in millimetres with bulges, MTEXT, block
attributes and XDATA. Expected geometry comes from the coordinates written, never from a run of
the importer."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import ezdxf
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box

from parkplanner.core.io.dxf_import import DrawingOptions, import_drawing
from parkplanner.core.io.gis_import import GisImportError, import_zones

X0, Y0 = 500_000.0, 4_380_000.0
GB = "GB50137-2011"


def _zones(result):
    return sorted(result.project.active_scenario, key=lambda z: z.geometry.centroid.x)


# -- GDAL's writer -------------------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="ogr2ogr (GDAL) is not installed")
def test_gdal_written_drawing_takes_codes_from_layer_names(tmp_path):
    courtyard = [[X0 + 120, Y0 + 20], [X0 + 140, Y0 + 20], [X0 + 140, Y0 + 40], [X0 + 120, Y0 + 40],
                 [X0 + 120, Y0 + 20]]
    features = [
        ("R2-二类居住用地", [[[X0, Y0], [X0 + 100, Y0], [X0 + 100, Y0 + 80], [X0, Y0 + 80], [X0, Y0]]]),
        ("YD_B1", [[[X0 + 100, Y0], [X0 + 160, Y0], [X0 + 160, Y0 + 80], [X0 + 100, Y0 + 80], [X0 + 100, Y0]],
                   courtyard]),
        ("用地-M1", [[[X0 + 160, Y0], [X0 + 250, Y0], [X0 + 250, Y0 + 80], [X0 + 160, Y0 + 80], [X0 + 160, Y0]]]),
    ]
    src = tmp_path / "plan.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"Layer": layer}, "geometry": {"type": "Polygon", "coordinates": rings}}
        for layer, rings in features]}, ensure_ascii=False), encoding="utf-8")
    dxf = tmp_path / "plan.dxf"
    subprocess.run(["ogr2ogr", "-f", "DXF", str(dxf), str(src)], check=True, capture_output=True)

    # GDAL stamps $INSUNITS 1 (inches) on every drawing: the importer says so, the user overrides.
    assert any("drawn in in" in w for w in import_drawing(dxf, GB, crs="EPSG:4548").warnings)
    result = import_drawing(dxf, GB, crs="EPSG:4548", options=DrawingOptions(units="m"))
    zones = _zones(result)
    assert [z.code for z in zones] == ["R2", "B1", "M1"]
    # GDAL writes UTF-8 under the code page ANSI_1252: the text is read as what it is.
    assert any("ANSI_1252 but it is UTF-8" in w for w in result.warnings)
    assert [z.geometry.area for z in zones] == pytest.approx([8000.0, 4800.0 - 400.0, 7200.0], abs=0.01)
    assert result.report.parcels == 3 and result.report.entities["HATCH"] == 3


# -- hand-written R12 in GBK with loose lines ----------------------------------------------------
def _r12(entities: list[tuple], codepage: str = "ANSI_936") -> bytes:
    """A minimal DXF R12 file as AutoCAD R12 wrote them: header, then entities, nothing else."""
    tags = [(0, "SECTION"), (2, "HEADER"), (9, "$ACADVER"), (1, "AC1009"), (9, "$DWGCODEPAGE"), (3, codepage),
            (9, "$INSUNITS"), (70, 6), (0, "ENDSEC"), (0, "SECTION"), (2, "ENTITIES")]
    for entity in entities:
        tags.extend(entity)
    tags += [(0, "ENDSEC"), (0, "EOF")]
    return "".join(f"{code}\n{value}\n" for code, value in tags).encode("gbk")


def _line(a, b, layer="道路红线"):
    return [(0, "LINE"), (8, layer), (10, a[0]), (20, a[1]), (30, 0.0), (11, b[0]), (21, b[1]), (31, 0.0)]


def _text(x, y, text, layer="标注"):
    return [(0, "TEXT"), (8, layer), (10, x), (20, y), (30, 0.0), (40, 2.5), (1, text)]


def test_gbk_r12_loose_lines_with_text_labels_and_a_gap_within_the_snapping_tolerance(tmp_path):
    x, y = X0, Y0
    lines = [  # two parcels sharing the line x = x+100; the top-left corner misses by 2 cm
        _line((x, y), (x + 100, y)), _line((x + 100, y), (x + 200, y)), _line((x + 200, y), (x + 200, y + 60)),
        _line((x + 200, y + 60), (x + 100, y + 60)), _line((x + 100, y + 60), (x + 0.02, y + 60)),
        _line((x, y + 60), (x, y)), _line((x + 100, y), (x + 100, y + 60)),
        _line((x + 300, y), (x + 340, y)),  # stays open
    ]
    labels = [_text(x + 40, y + 30, "A-01-03"), _text(x + 40, y + 25, "R2"), _text(x + 40, y + 20, "容积率≤2.5"),
              _text(x + 40, y + 15, "绿地率≥35%"), _text(x + 140, y + 30, "B1-商业用地"),
              _text(x + 140, y + 25, "1.8"), _text(x + 140, y + 20, "限高 24m"), _text(x + 140, y + 15, "规划一路"),
              _text(x + 500, y, "北")]
    src = tmp_path / "kg.dxf"
    src.write_bytes(_r12(lines + labels))

    result = import_drawing(src, GB, crs="EPSG:4548", options=DrawingOptions(snap_m=0.05))
    left, right = _zones(result)
    assert (left.code, left.far, left.green_ratio) == ("R2", 2.5, pytest.approx(0.35))
    # The two ends 2 cm apart meet half-way, at (x + 0.01, y + 60): a sliver of 0.5 * 0.01 * 60 m² less.
    assert left.geometry.area == pytest.approx(6000.0 - 0.3, abs=0.01)
    assert (right.code, right.far, right.height_m) == ("B1", 1.8, 24.0)
    assert right.geometry.area == pytest.approx(6000.0, abs=0.01)
    report = result.report
    assert report.from_lines == 2 and report.labels_matched == 7
    assert report.labels_unmatched == ["规划一路"] and report.labels_outside == 1
    assert sorted(report.open_outlines) == [(x + 300, y), (x + 340, y)]
    assert "open outlines: 2 loose ends" in "\n".join(report.lines())

    # Without snapping the 2 cm gap leaves the left parcel open: one parcel, its ends reported.
    strict = import_drawing(src, GB, crs="EPSG:4548", options=DrawingOptions(snap_m=0.0))
    assert [z.code for z in strict.project.active_scenario] == ["B1"]
    assert len(strict.report.open_outlines) == 4


# -- ezdxf drawings: millimetres, bulges, MTEXT, block attributes, XDATA ----------------------------
def test_millimetre_drawing_with_a_bulge_is_flattened_within_5_cm(tmp_path):
    doc = ezdxf.new("R2010", units=4)  # millimetres
    msp = doc.modelspace()
    r = 20.0
    mm = 1000.0
    # A 60 x 40 m parcel whose east side is a half circle (bulge 1 = 180° arc) bulging outwards.
    msp.add_lwpolyline([(0, 0, 0, 0, 1.0), (0, 40 * mm, 0, 0, 0), (-60 * mm, 40 * mm, 0, 0, 0), (-60 * mm, 0, 0, 0, 0)],
                       format="xyseb", close=True, dxfattribs={"layer": "070102"})
    # Z is ignored: a 3D polyline at 35 m height becomes a flat parcel.
    polyline = msp.add_polyline3d([(-60 * mm, 0, 35 * mm), (-60 * mm, 40 * mm, 35 * mm), (-100 * mm, 40 * mm, 35 * mm),
                                   (-100 * mm, 0, 35 * mm)], dxfattribs={"layer": "用地-0901"})
    polyline.close(True)
    path = tmp_path / "mm.dxf"
    doc.saveas(path)

    result = import_drawing(path, "MNR-2023", crs="EPSG:4548")
    assert result.report.units == "mm"
    housing = next(z for z in result.project.active_scenario if z.code == "070102")
    # Independent shape: the rectangle plus a half disc of radius 20 m centred on (0, 20).
    disc = Point(0, 20).buffer(r, quad_segs=4096)
    expected = box(-60, 0, 0, 40).union(disc.intersection(box(0, 0, r, 40)))
    assert shapely.hausdorff_distance(housing.geometry, expected, densify=0.01) <= 0.05 + 1e-6
    assert housing.geometry.area == pytest.approx(expected.area, rel=2e-3)
    commercial = next(z for z in result.project.active_scenario if z.code == "0901")
    assert commercial.geometry.area == pytest.approx(1600.0, abs=0.01)
    assert not commercial.geometry.has_z


def test_block_attributes_and_xdata_come_before_labels_and_layer_names(tmp_path):
    doc = ezdxf.new("R2018")
    msp = doc.modelspace()
    block = doc.blocks.new("地块属性")
    for row, tag in enumerate(("用地代码", "容积率", "地块编号", "建筑密度")):
        block.add_attdef(tag, (0, -row))
    block.add_circle((0, 0), 0.5)  # the block's own drawing is exploded but makes no parcel (too small)
    doc.appids.add("OTHERAPP")
    a = msp.add_lwpolyline([(0, 0), (100, 0), (100, 100), (0, 100)], close=True, dxfattribs={"layer": "R2"})
    msp.add_text("R1", dxfattribs={"insert": (50, 40)})  # the block attribute wins over this label
    insert = msp.add_blockref("地块属性", (50, 50))
    insert.add_auto_attribs({"用地代码": "B1", "容积率": "3.2", "地块编号": "03-12", "建筑密度": "45%"})
    b = msp.add_lwpolyline([(100, 0), (200, 0), (200, 100), (100, 100)], close=True, dxfattribs={"layer": "B1"})
    b.set_xdata("OTHERAPP", [(1000, "far=0.8"), (1000, "landuse=M1"), (1040, 5.0)])
    msp.add_mtext("A-02-01\\P容积率2.0\\PFAR 9", dxfattribs={"insert": (150, 50)})
    msp.add_lwpolyline([(200, 0), (300, 0), (300, 100), (200, 100)], close=True, dxfattribs={"layer": "YD-G1"})
    msp.add_mtext("{\\fSimSun|b0;建筑密度：30%}", dxfattribs={"insert": (250, 50)})
    a.dxf.color = 1
    path = tmp_path / "blocks.dxf"
    doc.saveas(path)

    result = import_drawing(path, GB, crs="EPSG:4548")
    first, second, third = _zones(result)
    assert (first.code, first.far, first.coverage) == ("B1", 3.2, pytest.approx(0.45))
    assert "03-12" in (getattr(first, "parcel_code", None), first.name)
    assert (second.code, second.far) == ("M1", 0.8)  # XDATA before the MTEXT's FAR 2.0
    assert "A-02-01" in (getattr(second, "parcel_code", None), second.name)
    assert (third.code, third.coverage) == ("G1", pytest.approx(0.30))
    assert result.report.entities["CIRCLE"] == 1 and result.report.too_small == 1


def test_user_patterns_and_tags_extend_the_defaults(tmp_path):
    doc = ezdxf.new("R2013")
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (100, 0), (100, 100), (0, 100)], close=True, dxfattribs={"layer": "M1"})
    msp.add_text("RJL=1.4", dxfattribs={"insert": (50, 50)})
    block = doc.blocks.new("B")
    block.add_attdef("YDXH", (0, 0))
    msp.add_blockref("B", (50, 60)).add_auto_attribs({"YDXH": "Park Road 7"})
    path = tmp_path / "custom.dxf"
    doc.saveas(path)

    plain = import_drawing(path, GB, crs="EPSG:4548")
    assert plain.report.labels_unmatched == ["RJL=1.4"]
    result = import_drawing(path, GB, crs="EPSG:4548", options=DrawingOptions(
        label_patterns={"far": r"RJL=(\d+(?:\.\d+)?)"}, tags={"name": "YDXH"}))
    (zone,) = result.project.active_scenario
    assert (zone.far, zone.name) == (1.4, "Park Road 7")


# -- the error contract --------------------------------------------------------------------------
def _one_parcel(path: Path, layer: str = "R2", units: int = 6) -> Path:
    doc = ezdxf.new("R2013", units=units)
    doc.modelspace().add_lwpolyline([(X0, Y0), (X0 + 50, Y0), (X0 + 50, Y0 + 50)], close=True,
                                    dxfattribs={"layer": layer})
    doc.saveas(path)
    return path


@pytest.mark.parametrize("make, kwargs, message", [
    (lambda p: p.write_bytes(b""), {}, "is empty"),
    (lambda p: p.write_bytes(np.random.default_rng(1).bytes(4000)), {}, "cannot read"),
    (lambda p: _one_parcel(p), {"crs": None}, "has no CRS"),
    (lambda p: _one_parcel(p), {"crs": "EPSG:4326"}, "geographic"),
    (lambda p: _one_parcel(p, layer="图层1"), {}, "no parcel with a land-use code"),
    (lambda p: _one_parcel(p, units=4), {}, "check the drawing units"),
    (lambda p: _one_parcel(p), {"options": DrawingOptions(units="furlong")}, "unknown drawing units"),
    (lambda p: _one_parcel(p), {"options": DrawingOptions(label_patterns={"far": "("})}, "label pattern"),
    (lambda p: _one_parcel(p), {"scheme": "XYZ"}, "unknown land-use scheme"),
])
def test_bad_drawings_are_refused_with_one_line(tmp_path, make, kwargs, message):
    path = tmp_path / "bad.dxf"
    make(path)
    args = {"scheme": GB, "crs": "EPSG:4548", **kwargs}
    with pytest.raises(GisImportError) as caught:
        import_drawing(path, args.pop("scheme"), **args)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_an_out_of_range_label_names_the_parcel(tmp_path):
    doc = ezdxf.new("R2013")
    msp = doc.modelspace()
    msp.add_lwpolyline([(X0, Y0), (X0 + 50, Y0), (X0 + 50, Y0 + 50), (X0, Y0 + 50)], close=True,
                       dxfattribs={"layer": "R2"})
    msp.add_text("容积率≤35", dxfattribs={"insert": (X0 + 25, Y0 + 25)})
    doc.saveas(tmp_path / "far.dxf")
    with pytest.raises(GisImportError, match=r"far.dxf, parcel at \(\d+\.\d\d, \d+\.\d\d\): far must be between"):
        import_drawing(tmp_path / "far.dxf", GB, crs="EPSG:4548")


def test_import_zones_sends_drawings_to_the_drawing_reader(tmp_path):
    path = _one_parcel(tmp_path / "one.dxf")
    result = import_zones(path, GB, crs="EPSG:4548")
    (zone,) = result.project.active_scenario
    assert zone.code == "R2" and zone.geometry.area == pytest.approx(1250.0)
    assert result.report.parcels == 1


def test_damaged_drawings_give_zones_or_one_line(tmp_path):
    """Truncated, bit-flipped and line-dropped copies of an exported drawing: a project or a
    GisImportError of one line, never another exception."""
    import random

    from parkplanner.core.io.dxf_export import export_drawing
    from parkplanner.core.synthetic import synthetic_project

    project = synthetic_project(12, seed=2)
    data = export_drawing(project, tmp_path / "good.dxf").read_bytes()
    rng = random.Random(7)
    outcomes = set()
    for n in range(36):
        damaged = bytearray(data)
        if n % 3 == 0:
            damaged = damaged[:rng.randrange(len(damaged))]
        elif n % 3 == 1:
            for _ in range(20):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        else:
            lines = bytes(damaged).split(b"\n")
            start = rng.randrange(len(lines))
            del lines[start:start + rng.randrange(1, 6)]
            damaged = bytearray(b"\n".join(lines))
        path = tmp_path / f"damaged{n}.dxf"
        path.write_bytes(bytes(damaged))
        try:
            import_drawing(path, project.scheme)
            outcomes.add("read")
        except GisImportError as exc:
            assert "\n" not in str(exc)
            outcomes.add("refused")
    assert outcomes == {"read", "refused"}
