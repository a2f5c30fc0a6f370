"""Export a scenario's zones with every attribute and the computed ones to GeoPackage, GeoJSON or Shapefile.

- GeoJSON follows RFC 7946: coordinates in WGS 84 lon/lat (EPSG:4326), written with GDAL's
  ``RFC7946=YES`` option, unless ``keep_crs`` asks for the project CRS (then the file is
  pre-RFC GeoJSON with a ``crs`` member, which QGIS and GDAL read).
- Shapefiles store text as UTF-8 and say so in a ``.cpg``; their field names are cut to 10
  characters by :data:`SHAPEFILE_NAMES` (dBASE's limit), so no driver renames them silently.
- Writing is atomic: single-file formats go through :func:`atomic_output`; a shapefile is written
  into a temporary folder beside the target and each part is then moved into place.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

from parkplanner.core.geometry.crs import WGS84, parse_crs, reproject
from parkplanner.core.io.atomic import TEMP_MARKER, atomic_output, remove_stale_temporaries
from parkplanner.core.io.gpkg_layers import GPKG_DATASET_OPTIONS  # 1.2, as the project file
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.parcels.codes import scenario_codes

__all__ = ["GisExportError", "FORMATS", "SHAPEFILE_NAMES", "EXPORT_COLUMNS", "ExportTable", "export_table",
           "export_zones"]

#: Suffix -> GDAL driver.
FORMATS: dict[str, str] = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON", ".shp": "ESRI Shapefile"}
#: 1 mu = 10000/15 m² exactly (docs/specification.md section 1).
M2_PER_MU = 10000.0 / 15.0
#: Column name -> kind ("int", "float", "str"), in the order written.
EXPORT_COLUMNS: dict[str, str] = {
    "zone_id": "int", "parcel_code": "str", "name": "str", "code": "str", "sector": "str", "far": "float", "coverage": "float",
    "green_ratio": "float", "height_m": "float", "phase": "int", "start_year": "int",
    "gfa_override_m2": "float", "area_m2": "float", "area_ha": "float", "area_mu": "float",
    "gfa_m2": "float", "generic_class": "str", "level1": "str", "class_zh": "str", "class_en": "str",
    "jobs": "float", "residents": "float",
}
#: Shapefile (dBASE) names of the columns longer than 10 characters.
SHAPEFILE_NAMES: dict[str, str] = {"green_ratio": "green_rat", "gfa_override_m2": "gfa_ovr_m2",
                                   "generic_class": "generic", "parcel_code": "parcel_cd"}
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".shp.xml")


class GisExportError(ValueError):
    """An export that cannot be written as asked; the message is one readable line."""


@dataclass
class ExportTable:
    """Zones as aligned columns (None marks an empty cell) plus geometries and their CRS."""

    columns: dict[str, list]
    geometries: np.ndarray
    crs: str


def export_table(project: Project, scenario: Scenario | None = None) -> ExportTable:
    """Every stored and computed zone attribute of ``scenario`` (default: the active one).

    Computed figures (area, GFA, class, jobs, residents) come from the metrics engine, so an
    exported file agrees with the dashboard and the Excel appendix to the last digit.
    """
    from parkplanner.core.metrics import MetricsEngine

    scenario = scenario or project.active_scenario
    zones = list(scenario)
    figures = MetricsEngine(project, scenario_id=scenario.id).zone_table()
    if [int(i) for i in figures["zone_id"]] != [z.id for z in zones]:
        raise GisExportError(f"the metrics of scenario {scenario.name!r} do not cover every zone")
    catalogue = default_catalogue()
    classes = [catalogue.get(project.scheme, z.code) for z in zones]
    areas = figures["area_m2"]
    codes = scenario_codes(project, scenario)  # a zone drawn since the last numbering gets one too
    columns: dict[str, list] = {"zone_id": [z.id for z in zones], "parcel_code": [codes[z.id] for z in zones]}
    for name in ("name", "code", "sector", "far", "coverage", "green_ratio", "height_m", "phase", "start_year",
                 "gfa_override_m2"):
        columns[name] = [getattr(z, name) for z in zones]
    columns.update({
        "area_m2": areas.tolist(),
        "area_ha": (areas / 10_000.0).tolist(),
        "area_mu": (areas / M2_PER_MU).tolist(),
        "gfa_m2": figures["gfa_m2"].tolist(),
        "generic_class": figures["generic_class"].tolist(),
        "level1": figures["level1"].tolist(),
        "class_zh": [c.name_zh for c in classes],
        "class_en": [c.name_en for c in classes],
        "jobs": figures["jobs"].tolist(),
        "residents": figures["residents"].tolist(),
    })
    return ExportTable(columns, np.array([z.geometry for z in zones], dtype=object), project.crs)


def export_zones(project: Project, path: str | os.PathLike, scenario: Scenario | None = None,
                 keep_crs: bool = False) -> list[Path]:
    """Write the zones of ``scenario`` to ``path`` (format from its suffix); returns the files written."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise GisExportError(f"cannot export to {target.name}: use .gpkg, .geojson or .shp")
    scenario = scenario or project.active_scenario
    if not len(scenario):
        raise GisExportError(f"scenario {scenario.name!r} has no zones to export")
    table = export_table(project, scenario)
    driver = FORMATS[suffix]
    geoms, crs, layer_options = table.geometries, table.crs, None
    if driver == "GeoJSON" and not keep_crs:
        geoms, crs, layer_options = reproject(geoms, table.crs, WGS84), WGS84, {"RFC7946": "YES"}
    names = [SHAPEFILE_NAMES.get(n, n) for n in table.columns] if driver == "ESRI Shapefile" else list(table.columns)
    write_args = dict(
        geometries=geoms, columns=table.columns, names=names, crs=crs, driver=driver,
        layer=_layer_name(scenario), layer_options=layer_options,
    )
    if driver == "ESRI Shapefile":
        return _write_shapefile(target, write_args)
    with atomic_output(target) as temp:
        _write(temp, **write_args)
    return [target]


def _layer_name(scenario: Scenario) -> str:
    return "zones" if scenario.id == "base" else f"zones_{scenario.id}"


def _write(path: Path, geometries: np.ndarray, columns: dict[str, list], names: list[str], crs: str,
           driver: str, layer: str, layer_options: dict | None) -> None:
    import pyogrio.raw

    field_data, field_mask = [], []
    for name, values in columns.items():
        data, mask = _column_array(EXPORT_COLUMNS[name], values)
        field_data.append(data)
        field_mask.append(mask)
    # A shapefile "Polygon" holds multipart polygons too; a GeoPackage layer has one type, so a mix
    # is promoted to MultiPolygon; GeoJSON keeps each feature's own type.
    polygons_only = all(g.geom_type == "Polygon" for g in geometries)
    geometry_type = {"ESRI Shapefile": "Polygon", "GeoJSON": "Unknown"}.get(
        driver, "Polygon" if polygons_only else "MultiPolygon")
    pyogrio.raw.write(
        path, shapely.to_wkb(geometries), field_data, names, field_mask=field_mask, layer=layer,
        driver=driver, geometry_type=geometry_type, crs=parse_crs(crs).to_wkt(),
        encoding="UTF-8" if driver == "ESRI Shapefile" else None,
        promote_to_multi=driver == "GPKG" and not polygons_only, layer_options=layer_options,
        dataset_options=GPKG_DATASET_OPTIONS if driver == "GPKG" else None,
    )


def _column_array(kind: str, values: list) -> tuple[np.ndarray, np.ndarray | None]:
    """A typed numpy column and its null mask (None when nothing is missing)."""
    missing = np.array([v is None for v in values], dtype=bool)
    if kind == "str":
        data = np.array(["" if v is None else str(v) for v in values], dtype=object)
    elif kind == "int":
        data = np.array([0 if v is None else int(v) for v in values], dtype=np.int64)
    else:
        data = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    return data, (missing if missing.any() else None)


def _write_shapefile(target: Path, write_args: dict) -> list[Path]:
    """Write every part in a temporary folder, then move each into place (each move is atomic)."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(2, "folder does not exist", str(folder))
    remove_stale_temporaries(target)  # parts folders of a killed export
    temp_dir = folder / f".{target.name}{TEMP_MARKER}{os.getpid()}-{time.monotonic_ns()}"
    temp_dir.mkdir()
    try:
        _write(temp_dir / target.name, **write_args)
        cpg = temp_dir / (target.stem + ".cpg")
        if not cpg.exists():  # GDAL writes it for UTF-8; make sure readers never guess
            cpg.write_text("UTF-8", encoding="ascii")
        written = sorted(temp_dir.iterdir())
        for part in written:
            _fsync(part)
        new_suffixes = {p.name[len(target.stem):].lower() for p in written}
        for suffix in _SHAPEFILE_PARTS:  # sidecars of an older export would describe the old data
            stale = folder / (target.stem + suffix)
            if suffix not in new_suffixes and stale.exists():
                stale.unlink()
        moved = []
        for part in written:
            os.replace(part, folder / part.name)
            moved.append(folder / part.name)
        return moved
    finally:
        shutil.rmtree(temp_dir, ignore_errors=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
