"""Hostile and awkward input files for every reader, shared by the reader tests and the CLI tests.

Each case is (name, reader, expectation, fragment, maker): ``reader`` is which reader the file is
for ("project", "zones" for import, "context" for --context, "observations" for the CSV);
``expectation`` is "refuse" (a clear one-line error) or "repair" (accepted, with a warning when
something was changed); ``fragment`` is a piece of the expected message (error or warning);
``maker(folder)`` writes the file and returns its path.
"""
from __future__ import annotations

import json
import os
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pyogrio.raw
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from parkplanner.core.io.project_file import save_project
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

X0, Y0 = 525_000.0, 4_396_000.0  # EPSG:4548 metres
LON, LAT = 117.30, 39.70
SQL_NAME = "x'); DROP TABLE zones__base; --"
FORMULA_NAME = '=HYPERLINK("http://evil.example","click")'


@dataclass(frozen=True)
class Case:
    name: str
    reader: str
    expectation: str
    fragment: str
    make: Callable[[Path], Path]


# -- project files -------------------------------------------------------------------------------
def good_project(names: tuple[str, str] = ("Park", "Zone A")) -> Project:
    zones = {i: Zone(i, box(X0 + 200 * i, Y0, X0 + 200 * i + 150, Y0 + 150), code, names[1] if i == 1 else f"Z{i}",
                     far=1.5, phase=1) for i, code in ((1, "100101"), (2, "070102"), (3, "1401"))}
    return Project(name=names[0], scenarios=[Scenario("base", "Base plan", zones)])


def _saved(folder: Path, name: str = "good.gpkg") -> Path:
    path = folder / name
    save_project(good_project(), path)
    return path


def _register_gpkg_functions(con: sqlite3.Connection) -> None:
    """The ST_ functions GDAL's R-tree triggers call, so hand edits of geometries keep the index right."""
    def geometry(blob):
        return None if blob is None else shapely.from_wkb(bytes(blob)[8:])

    con.create_function("ST_IsEmpty", 1, lambda b: int(geometry(b) is None or geometry(b).is_empty))
    for number, name in enumerate(("ST_MinX", "ST_MinY", "ST_MaxX", "ST_MaxY")):
        con.create_function(name, 1, lambda b, i=number: float(geometry(b).bounds[i]))


def _edited(sql: str, *params) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = _saved(folder, "edited.gpkg")
        con = sqlite3.connect(path)
        _register_gpkg_functions(con)
        with con:
            con.execute(sql, params)
        con.close()
        return path
    return make


def _gpkg_geometry(geom) -> bytes:
    """A GeoPackage geometry blob (header without envelope, then WKB) for hand edits."""
    return b"GP" + bytes([0, 1]) + struct.pack("<i", 4548) + shapely.to_wkb(geom)


def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path
    return make


def _truncated(folder: Path) -> Path:
    good = _saved(folder).read_bytes()
    path = folder / "truncated.gpkg"
    path.write_bytes(good[: len(good) // 2])
    return path


def _plain_sqlite(folder: Path) -> Path:
    path = folder / "plain.gpkg"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (a)")
    con.commit()
    con.close()
    return path


RANDOM = np.random.default_rng(7).bytes(20_000)

PROJECT_CASES = [
    Case("empty", "project", "refuse", "empty", _bytes("empty.gpkg", b"")),
    Case("random bytes", "project", "refuse", "not a GeoPackage", _bytes("random.gpkg", RANDOM)),
    Case("sqlite header then garbage", "project", "refuse", "damaged",
         _bytes("garbage.gpkg", b"SQLite format 3\x00" + RANDOM)),
    Case("truncated", "project", "refuse", "truncated", _truncated),
    Case("wrong type: GeoJSON", "project", "refuse", "not a GeoPackage",
         _bytes("zones.gpkg", b'{"type": "FeatureCollection", "features": []}')),
    Case("wrong type: plain SQLite", "project", "refuse", "not a GeoPackage", _plain_sqlite),
    Case("newer schema version", "project", "refuse", "newer ParkPlanner",
         _edited("UPDATE project_metadata SET value = '99' WHERE key = 'schema_version'")),
    Case("unknown land-use code", "project", "refuse", "ZZ99",
         _edited("UPDATE zones__base SET landuse = 'ZZ99' WHERE fid = 2")),
    Case("negative FAR", "project", "refuse", "far",
         _edited("UPDATE zones__base SET far = -3 WHERE fid = 1")),
    Case("non-numeric FAR", "project", "refuse", "far",
         _edited("UPDATE zones__base SET far = 'lots' WHERE fid = 1")),
    Case("point instead of polygon", "project", "refuse", "zone 1",
         _edited("UPDATE zones__base SET geom = ? WHERE fid = 1", _gpkg_geometry(Point(X0, Y0)))),
    Case("absurd coordinates", "project", "refuse", "coordinate",
         _edited("UPDATE zones__base SET geom = ? WHERE fid = 1", _gpkg_geometry(box(1e300, 1e300, 2e300, 2e300)))),
    Case("non-UTF-8 text", "project", "refuse", "UTF-8",
         _edited("UPDATE project_metadata SET value = CAST(x'b0ffc4fe' AS TEXT) WHERE key = 'name'")),
    Case("missing column", "project", "refuse", "land-use",
         _edited("ALTER TABLE zones__base DROP COLUMN landuse")),
    Case("self-intersecting polygon", "project", "repair", "",
         _edited("UPDATE zones__base SET geom = ? WHERE fid = 1", _gpkg_geometry(
             Polygon([(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100)])))),
]


# -- GIS sources for import ----------------------------------------------------------------------
def _square_ll(d: float = 0.002, dx: float = 0.0) -> list[list[float]]:
    return [[LON + dx, LAT], [LON + dx + d, LAT], [LON + dx + d, LAT + d], [LON + dx, LAT + d], [LON + dx, LAT]]


def _geojson(name: str, features: list[tuple[dict, dict | None]]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": p, "geometry": g} for p, g in features]}, ensure_ascii=False),
            encoding="utf-8")
        return path
    return make


def _poly(ring) -> dict:
    return {"type": "Polygon", "coordinates": [ring]}


def _layer(name: str, geometries, fields: dict[str, list], crs: str | None = "EPSG:4548",
           encoding: str | None = None) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        data = [np.array(v, dtype=object if any(isinstance(x, str) for x in v) else float) for v in fields.values()]
        kinds = {g.geom_type for g in geometries}
        pyogrio.raw.write(path, shapely.to_wkb(np.array(geometries, dtype=object)), data, list(fields), crs=crs,
                          encoding=encoding, geometry_type=kinds.pop() if len(kinds) == 1 else "Unknown")
        return path
    return make


def _latin1_shapefile(folder: Path) -> Path:
    """A shapefile whose names are bytes no decoder guesses right (no .cpg, no code page mark)."""
    path = _layer("latin.shp", [box(X0, Y0, X0 + 100, Y0 + 100)], {"landuse": ["100101"], "name": ["x"]})(folder)
    dbf = path.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    data[29] = 0  # no code page
    at = data.rindex(b"x")
    data[at:at + 1] = b"\xff"
    dbf.write_bytes(bytes(data))
    path.with_suffix(".cpg").unlink(missing_ok=True)
    return path


def _truncated_geojson(folder: Path) -> Path:
    good = _geojson("t.geojson", [({"landuse": "100101"}, _poly(_square_ll()))])(folder)
    text = good.read_text(encoding="utf-8")
    good.write_text(text[: len(text) // 2], encoding="utf-8")
    return good


_BOWTIE = [[LON, LAT], [LON + 0.002, LAT + 0.002], [LON + 0.002, LAT], [LON, LAT + 0.002], [LON, LAT]]

ZONE_CASES = [
    Case("empty file", "zones", "refuse", "", _bytes("empty.geojson", b"")),
    Case("random bytes", "zones", "refuse", "cannot read", _bytes("random.gpkg", RANDOM)),
    Case("random bytes shapefile", "zones", "refuse", "", _bytes("random.shp", RANDOM)),
    Case("truncated GeoJSON", "zones", "refuse", "cannot read", _truncated_geojson),
    Case("wrong type: CSV text", "zones", "refuse", "", _bytes("table.geojson", b"a,b,c\n1,2,3\n")),
    Case("no features", "zones", "refuse", "no features", _geojson("none.geojson", [])),
    Case("points instead of polygons", "zones", "refuse", "Point",
         _geojson("points.geojson", [({"landuse": "100101"}, {"type": "Point", "coordinates": [LON, LAT]})])),
    Case("lines instead of polygons", "zones", "refuse", "LineString",
         _layer("lines.gpkg", [LineString([(X0, Y0), (X0 + 100, Y0)])], {"landuse": ["100101"]})),
    Case("null geometry", "zones", "refuse", "no geometry",
         _geojson("null.geojson", [({"landuse": "100101"}, None)])),
    Case("absurd coordinates", "zones", "refuse", "coordinate",
         _layer("absurd.gpkg", [box(1e300, 1e300, 2e300, 2e300)], {"landuse": ["100101"]})),
    Case("unknown land-use code", "zones", "refuse", "unknown land-use code",
         _geojson("codes.geojson", [({"landuse": "ZZ99"}, _poly(_square_ll()))])),
    Case("non-numeric FAR", "zones", "refuse", "far",
         _geojson("far.geojson", [({"landuse": "100101", "far": "lots"}, _poly(_square_ll()))])),
    Case("negative FAR", "zones", "refuse", "far",
         _geojson("negative.geojson", [({"landuse": "100101", "far": -2}, _poly(_square_ll()))])),
    Case("missing land-use column", "zones", "refuse", "no land-use column",
         _geojson("nocode.geojson", [({"far": 1.0}, _poly(_square_ll()))])),
    Case("non-UTF-8 shapefile", "zones", "repair", "not UTF-8", _latin1_shapefile),
    Case("self-intersecting polygon", "zones", "repair", "invalid polygon repaired",
         _geojson("bowtie.geojson", [({"landuse": "100101"}, _poly(_BOWTIE))])),
    Case("lon/lat input", "zones", "repair", "reprojected",
         _geojson("lonlat.geojson", [({"landuse": "100101", "far": 1.2}, _poly(_square_ll()))])),
    Case("SQL and formula names", "zones", "repair", "",
         _geojson("names.geojson", [({"landuse": "100101", "name": SQL_NAME}, _poly(_square_ll())),
                                    ({"landuse": "070102", "name": FORMULA_NAME}, _poly(_square_ll(dx=0.003)))])),
]

CONTEXT_CASES = [
    Case("random bytes DXF", "context", "refuse", "", _bytes("drawing.dxf", RANDOM)),
    Case("empty DXF", "context", "refuse", "", _bytes("empty.dxf", b"")),
    Case("truncated DXF", "context", "refuse", "", _bytes("cut.dxf", b"0\nSECTION\n2\nENTITIES\n0\nLINE\n8\n0\n10\n")),
]


# -- observed-data CSV ---------------------------------------------------------------------------
def _csv(name: str, data: bytes) -> Callable[[Path], Path]:
    return _bytes(name, data)


OBSERVATION_CASES = [
    Case("empty", "observations", "refuse", "empty", _csv("empty.csv", b"")),
    Case("random bytes", "observations", "refuse", "", _csv("random.csv", RANDOM)),
    Case("non-UTF-8 text", "observations", "refuse", "UTF-8",
         _csv("gbk.csv", "year,indicator,value\n2020,jobs,1\n2021,jobs,2 人\n".encode("gbk"))),
    Case("missing column", "observations", "refuse", "missing column", _csv("cols.csv", b"year,value\n2020,1\n")),
    Case("non-numeric value", "observations", "refuse", "not a number",
         _csv("text.csv", b"year,indicator,value\n2020,jobs,many\n")),
    Case("negative value", "observations", "refuse", "negative",
         _csv("neg.csv", b"year,indicator,value\n2020,jobs,-5\n")),
    Case("formula as indicator", "observations", "refuse", "unknown indicator",
         _csv("formula.csv", b'year,indicator,value\n2020,"=cmd|\' /C calc\'!A0",1\n')),
    Case("truncated", "observations", "refuse", "", _csv("cut.csv", b"year,indic")),
]

ALL_CASES = PROJECT_CASES + ZONE_CASES + CONTEXT_CASES + OBSERVATION_CASES


def case_id(case: Case) -> str:
    return f"{case.reader}: {case.name}"


def leftovers(folder: Path, before: set[str]) -> list[str]:
    """Files that appeared in ``folder`` (outputs or temporaries a failed command left)."""
    return sorted(set(os.listdir(folder)) - before)
