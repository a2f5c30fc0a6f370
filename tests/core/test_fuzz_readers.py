"""Fuzzing every reader: damaged or arbitrary input gives the reader's own error, nothing else.

Each reader gets a fixed example budget (about 20 s in all on two cores): the project reader and
the GIS readers see valid files with bytes overwritten, inserted or cut off; the GeoJSON and CSV
readers also see generated documents. A reader may accept what it is given (a flipped byte in
padding changes nothing) but must then return a usable result; anything it refuses must be its
one-line error, never another exception.
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, box

from parkplanner.core.io.gis_import import GisImportError, import_zones, read_context_layer
from parkplanner.core.io.project_file import ProjectFileError, load_project, save_project
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.core.projection.observations_csv import ObservationsCsvError, parse_observations, read_observations

X0, Y0 = 525_000.0, 4_396_000.0
FUZZ = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                     HealthCheck.too_slow])


def _one_line(exc: BaseException) -> None:
    assert "\n" not in str(exc) and str(exc).strip()


@st.composite
def damaged(draw, original: bytes):
    """``original`` with a few runs of bytes overwritten, plus maybe an insertion or a cut."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        data[at:at + draw(st.integers(1, 64))] = draw(st.binary(min_size=1, max_size=64))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(min_size=1, max_size=32))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


# -- project files -------------------------------------------------------------------------------
def _small_project() -> Project:
    zones = {i: Zone(i, box(X0 + 120 * i, Y0, X0 + 120 * i + 100, Y0 + 100), code, f"Z{i}", far=1.0 + i / 10)
             for i, code in enumerate(("100101", "070102", "1401", "0802"), start=1)}
    return Project(name="Fuzz", scenarios=[Scenario("base", "Base plan", zones)])


@pytest.fixture(scope="module")
def project_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("fuzz") / "p.gpkg"
    save_project(_small_project(), path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz_scratch")


def test_damaged_project_files(project_bytes, scratch):
    path = scratch / "damaged.gpkg"

    @settings(FUZZ, max_examples=1500)
    @given(damaged(project_bytes))
    def check(data):
        path.write_bytes(data)
        try:
            project = load_project(path)
        except ProjectFileError as exc:
            _one_line(exc)
            return
        assert all(z.geometry.is_valid for s in project.scenarios for z in s.zones.values())

    check()


# -- GIS sources ---------------------------------------------------------------------------------
def _import(path: Path, **kwargs) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GDAL's own complaints; the result or error is what counts
            result = import_zones(path, "MNR-2023", **kwargs)
    except GisImportError as exc:
        _one_line(exc)
        return
    zones = list(result.project.active_scenario)
    assert zones and all(z.geometry.is_valid and z.geometry.area > 0 for z in zones)
    assert np.isfinite(shapely.get_coordinates([z.geometry for z in zones])).all()


def _write(path: Path, geometries, fields: dict, crs="EPSG:4548") -> Path:
    data = [np.array(v, dtype=object if any(isinstance(x, str) for x in v) else float) for v in fields.values()]
    pyogrio.raw.write(path, shapely.to_wkb(np.array(geometries, dtype=object)), data, list(fields), crs=crs,
                      geometry_type="Polygon" if all(g.geom_type == "Polygon" for g in geometries) else "Unknown")
    return path


@pytest.mark.parametrize("suffix, examples", [(".shp", 300), (".gpkg", 300)])
def test_damaged_shapefiles_and_geopackages(tmp_path, scratch, suffix, examples):
    squares = [box(X0 + 200 * i, Y0, X0 + 200 * i + 150, Y0 + 150) for i in range(3)]
    source = _write(tmp_path / f"zones{suffix}", squares,
                    {"landuse": ["100101", "070102", "1401"], "far": [1.0, 2.0, 0.0], "name": ["a", "乙", "c"]})
    # A shapefile is several files; damage the geometry (.shp) or the attributes (.dbf).
    parts = [source.with_suffix(".shp"), source.with_suffix(".dbf")] if suffix == ".shp" else [source]
    originals = {p.name: p.read_bytes() for p in parts}
    for sibling in source.parent.iterdir():
        if sibling.stem == source.stem:
            (scratch / sibling.name).write_bytes(sibling.read_bytes())
    target = scratch / source.name

    @settings(FUZZ, max_examples=examples)
    @given(st.sampled_from(sorted(originals)), st.data())
    def check(name, data):
        for part, content in originals.items():
            (scratch / part).write_bytes(content)
        (scratch / name).write_bytes(data.draw(damaged(originals[name])))
        _import(target)

    check()


_numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20))
_values = st.one_of(st.none(), st.booleans(), _numbers, st.text(max_size=12),
                    st.sampled_from(["100101", "0701", "M1", "=1+1", "'; DROP TABLE x; --", "１００１０１"]))
_points = st.lists(st.tuples(_numbers, _numbers).map(list), min_size=0, max_size=6)
_near = st.tuples(st.floats(117.2, 117.4), st.floats(39.6, 39.8)).map(list)
_geometry = st.one_of(
    st.none(),
    st.builds(lambda ring: {"type": "Polygon", "coordinates": [ring + ring[:1]]},
              st.lists(_near, min_size=3, max_size=7)),
    st.builds(lambda ring: {"type": "Polygon", "coordinates": [ring]}, _points),
    st.builds(lambda p: {"type": "Point", "coordinates": p}, _near),
    st.builds(lambda pts: {"type": "LineString", "coordinates": pts}, _points),
    st.fixed_dictionaries({"type": st.sampled_from(["Polygon", "MultiPolygon", "Nonsense"]),
                           "coordinates": st.recursive(_numbers, lambda c: st.lists(c, max_size=4), max_leaves=12)}),
)
_feature = st.fixed_dictionaries({
    "type": st.just("Feature"),
    "properties": st.dictionaries(st.sampled_from(["landuse", "far", "name", "phase", "sector", "coverage",
                                                   "start_year", "height_m"]), _values),
    "geometry": _geometry,
})


def test_generated_geojson(scratch):
    path = scratch / "generated.geojson"

    @settings(FUZZ, max_examples=600)
    @given(st.lists(_feature, max_size=5))
    def check(features):
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, allow_nan=True),
                        encoding="utf-8")
        _import(path)

    check()


def test_damaged_dxf_context_layers(tmp_path, scratch):
    source = tmp_path / "drawing.dxf"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pyogrio.raw.write(source, shapely.to_wkb(np.array([LineString([(0, 0), (100, 50)]), box(0, 0, 50, 50).exterior],
                                                          dtype=object)), [], [], driver="DXF",
                          geometry_type="LineString")
    original = source.read_bytes()
    target = scratch / "drawing.dxf"

    @settings(FUZZ, max_examples=300)
    @given(damaged(original))
    def check(data):
        target.write_bytes(data)
        try:
            layer = read_context_layer(target, target_crs="EPSG:4548")
        except GisImportError as exc:
            _one_line(exc)
            return
        assert layer.geometries and layer.kind in ("point", "line", "polygon")

    check()


def test_a_nul_byte_in_a_text_drawing_is_refused_before_gdal_loops_on_it(tmp_path):
    # Found by the fuzzing above: GDAL's DXF reader (3.6 to 3.12) never returns from a text DXF
    # with a carriage return followed by NUL, so a planner's context layer would load for ever.
    source = tmp_path / "drawing.dxf"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pyogrio.raw.write(source, shapely.to_wkb(np.array([LineString([(X0, Y0), (X0 + 100, Y0 + 50)])],
                                                          dtype=object)), [], [], driver="DXF",
                          geometry_type="LineString")
    original = source.read_bytes()
    damaged_file = tmp_path / "damaged.dxf"
    damaged_file.write_bytes(original[:100] + b"\r\0" + original[100:])
    with pytest.raises(GisImportError, match=r"damaged\.dxf is damaged: .* NUL byte \(one at byte 101\)"):
        read_context_layer(damaged_file, target_crs="EPSG:4548")
    assert read_context_layer(source, target_crs="EPSG:4548").kind == "line"  # the undamaged one reads


def test_a_binary_drawing_still_reads(tmp_path):
    # Binary DXF (ezdxf writes it as AutoCAD does) holds NUL bytes as data: not refused.
    import ezdxf

    doc = ezdxf.new("R2010")
    doc.modelspace().add_lwpolyline([(X0, Y0), (X0 + 100, Y0), (X0 + 100, Y0 + 100)])
    doc.modelspace().add_line((X0, Y0), (X0 + 50, Y0 + 80))
    path = tmp_path / "binary.dxf"
    doc.saveas(path, fmt="bin")
    assert b"\0" in path.read_bytes()
    layer = read_context_layer(path, target_crs="EPSG:4548")
    assert layer.kind == "line" and len(layer.geometries) == 2


# -- observed-data CSV ---------------------------------------------------------------------------
_cells = st.one_of(st.sampled_from(["year", "indicator", "value", "jobs", "output_yi", "2020", "1e3", "-1",
                                    "nan", "inf", "1_000", "", " ", '"', "=SUM(A1)"]), st.text(max_size=8))


@settings(FUZZ, max_examples=400)
@given(st.lists(st.lists(_cells, max_size=5), max_size=8), st.sampled_from([",", ";", "\t"]))
def test_generated_observation_tables(rows, delimiter):
    text = "\n".join(delimiter.join(row) for row in rows)
    try:
        observations = parse_observations(text)
    except ObservationsCsvError as exc:
        _one_line(exc)
        return
    assert observations and all(o.value >= 0 and 1900 <= o.year <= 2200 for o in observations)


def test_arbitrary_bytes_as_observations(scratch):
    path = scratch / "observed.csv"

    @settings(FUZZ, max_examples=200)
    @given(st.one_of(st.binary(max_size=300), damaged(b"year,indicator,value\n2020,jobs,100\n2021,jobs,250\n")))
    def check(data):
        path.write_bytes(data)
        try:
            read_observations(path)
        except ObservationsCsvError as exc:
            _one_line(exc)

    check()


def test_infinite_coordinate_in_geojson(scratch):
    """Found by the generator above: GEOS's make_valid raised on an "Infinity" coordinate."""
    path = scratch / "infinite.geojson"
    ring = [[0, 0], [100, 0], ["INF", 50], [0, 50], [0, 0]]
    feature = {"type": "Feature", "properties": {"code": "0601"},
               "geometry": {"type": "Polygon", "coordinates": [ring]}}
    text = json.dumps({"type": "FeatureCollection", "features": [feature]}).replace('"INF"', "Infinity")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GisImportError) as caught:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import_zones(path, "MNR-2023")
    _one_line(caught.value)
