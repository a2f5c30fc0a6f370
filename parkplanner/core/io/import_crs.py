"""The importer's CRS decisions: what the coordinates are in, and which CRS the project gets.

- A file without a CRS is taken to be in lon/lat when its coordinates fit, else in the CRS the
  user gave; otherwise it is refused. Either guess is reported.
- Coordinates that look like degrees under a projected CRS (a Gauss-Krüger .prj beside lon/lat
  data) are refused with that diagnosis, not as polygons "smaller than 1 m²".
- Geographic data go to the local metric CRS (crs.suggest_projected_crs). Projected data keep
  their CRS unless it distorts areas by more than 1 % at the data (Web Mercator and other world
  projections, a zone far from its meridian): then they go to the local CRS too, and the warning
  says by how much the source was off. A project CRS the user forced is measured the same way and
  refused beyond 1 %, naming the CRS to use instead.
"""
from __future__ import annotations

import numpy as np
import shapely

from parkplanner.core.geometry.crs import (
    WGS84, CrsError, crs_label, crs_string, parse_crs, reproject, require_projected, suggest_projected_crs,
    transformer,
)
from parkplanner.core.geometry.crs_distortion import MAX_AREAL_DISTORTION, areal_distortion, sample_lonlat
from parkplanner.core.io.import_errors import GisImportError

__all__ = ["check_coordinates", "checked_target", "source_crs", "project_crs", "to_project_crs", "MAX_EXTENT_M"]

#: Projected coordinates beyond this (100,000 km) are corrupt data, not a place on Earth.
_MAX_PROJECTED_COORD = 1.0e8
#: One projected CRS keeps areas within 1 % over about this much; a whole new town fits easily.
MAX_EXTENT_M = 1.0e6
#: Data straddle the edges of a CRS's area of use (a 3° zone, a province); beyond this they are elsewhere.
_AREA_OF_USE_MARGIN_DEG = 3.0


def checked_target(crs: str | None) -> str | None:
    """The project CRS the user asked for, if any, checked to be projected and in metres."""
    if crs is None:
        return None
    try:
        return crs_string(require_projected(crs))
    except CrsError as exc:
        raise GisImportError(f"project CRS: {exc}") from None


def source_crs(geometries: np.ndarray, declared: str | None, target: str | None, label: str,
               warnings: list[str], cad: bool = False) -> str:
    """The CRS the coordinates are in; a guess, reported as a warning, when the file has none."""
    coords = shapely.get_coordinates(geometries)
    if declared:
        try:
            source = crs_string(parse_crs(declared))
        except CrsError as exc:
            raise GisImportError(f"{label}: {exc}") from None
        check_coordinates(coords, source, label)
        return source
    if coords.size and not cad and _all_lonlat(coords):
        warnings.append(f"{label} has no CRS; its coordinates look like longitude/latitude (EPSG:4326)")
        return WGS84
    if target is not None:
        warnings.append(f"{label} has no CRS; taken to be in {crs_label(target)}")
        check_coordinates(coords, target, label)
        return target
    raise GisImportError(f"{label} has no CRS and is not in longitude/latitude; give the CRS (e.g. EPSG:4548)")


def project_crs(geometries: np.ndarray, source: str, target: str | None, label: str,
                warnings: list[str]) -> str:
    """The project's CRS: the user's ``target`` if it is true to area at the data, else refused;
    without one the source's if projected, in metres and true to area, else the local CRS."""
    lonlat = sample_lonlat(geometries, source)
    if target is not None:
        distortion = areal_distortion(target, lonlat)
        if distortion is not None and abs(distortion.relative) > MAX_AREAL_DISTORTION:
            raise GisImportError(f"{label}: {distortion.describe(target)}; use a CRS made for the place, "
                                 f"e.g. {_local_crs(lonlat, label)}")
        return target
    try:
        require_projected(source)
    except CrsError:
        return _local_crs(lonlat, label)  # lon/lat, feet, a CRS without axes in metres
    distortion = areal_distortion(source, lonlat)
    if distortion is not None and abs(distortion.relative) > MAX_AREAL_DISTORTION:
        _refuse_outside_area_of_use(lonlat, source, label)
        local = _local_crs(lonlat, label)
        warnings.append(f"{distortion.describe(source)}: reprojected to {local} so areas are true")
        return local
    return crs_string(source)


def to_project_crs(geoms: np.ndarray, source: str, target: str, label: str, warnings: list[str]) -> np.ndarray:
    if parse_crs(source) != parse_crs(target):
        try:
            geoms = reproject(geoms, source, target)
        except CrsError as exc:
            raise GisImportError(f"{label}: {exc}") from None
        if not any(w.endswith(f"reprojected to {crs_label(target)} so areas are true") for w in warnings):
            warnings.append(f"reprojected from {crs_label(source)} to {crs_label(target)}")
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    extent = max(xmax - xmin, ymax - ymin)
    if extent > MAX_EXTENT_M:
        raise GisImportError(f"{label}: the data span {extent / 1000:,.0f} km; one projected CRS keeps areas "
                             f"true over at most {MAX_EXTENT_M / 1000:,.0f} km, so import the part being planned")
    return geoms


def _local_crs(lonlat: np.ndarray, label: str) -> str:
    """The metric CRS suggested at the centre of the sampled points (the bounding box's centre)."""
    lon, lat = lonlat[4] if len(lonlat) > 4 else lonlat.mean(axis=0)
    try:
        return suggest_projected_crs(float(lon), float(lat))
    except CrsError as exc:
        raise GisImportError(f"{label}: {exc}") from None


def _refuse_outside_area_of_use(lonlat: np.ndarray, crs: str, label: str) -> None:
    """Data far (3°) outside the area a regional CRS is made for are in another CRS than declared."""
    area = parse_crs(crs).area_of_use
    if area is None or area.west > area.east:
        return
    margin = _AREA_OF_USE_MARGIN_DEG
    outside = ((lonlat[:, 0] < area.west - margin) | (lonlat[:, 0] > area.east + margin)
               | (lonlat[:, 1] < area.south - margin) | (lonlat[:, 1] > area.north + margin))
    if outside.any():
        lon, lat = lonlat[np.flatnonzero(outside)[0]]
        raise GisImportError(f"{label}: read in {crs_label(crs)}, the data lie at ({lon:.1f}, {lat:.1f}), far "
                             f"outside its area ({area.name}); check the CRS")


def _all_lonlat(coords: np.ndarray) -> bool:
    return bool(np.isfinite(coords).all() and (np.abs(coords[:, 0]) <= 180).all()
                and (np.abs(coords[:, 1]) <= 90).all())


def check_coordinates(coords: np.ndarray, crs: str, label: str, *, drawing: bool = False) -> None:
    """Refuse coordinates that cannot be in ``crs``. A CAD drawing (``drawing``) is often drawn near
    its own origin, so small numbers there are local metres, not degrees."""
    if not coords.size:
        return
    parsed = parse_crs(crs)
    if parsed.is_geographic:
        bad = ~(np.isfinite(coords).all(axis=1) & (np.abs(coords[:, 0]) <= 180) & (np.abs(coords[:, 1]) <= 90))
        what = "is not a longitude/latitude"
    else:
        bad = ~(np.isfinite(coords).all(axis=1) & (np.abs(coords) <= _MAX_PROJECTED_COORD).all(axis=1))
        what = f"is out of range for {crs_label(crs)}"
        if not bad.any() and not drawing and _degrees_under_projected(coords, parsed):
            raise GisImportError(f"{label}: the coordinates look like degrees (longitude/latitude), but the file "
                                 f"declares {crs_label(crs)} in metres; correct the file's CRS (its .prj) to "
                                 f"EPSG:4326")
    if bad.any():
        x, y = coords[np.flatnonzero(bad)[0]]
        raise GisImportError(f"{label}: coordinate ({x:g}, {y:g}) {what}")


def _degrees_under_projected(coords: np.ndarray, crs) -> bool:
    """Every coordinate a plausible lon/lat, and as metres of ``crs`` the data would either be a
    speck under 10 m across or lie outside the area the CRS is made for."""
    if not _all_lonlat(coords):
        return False
    span = np.ptp(coords, axis=0)
    if (span <= 10.0).all():
        return True
    area = crs.area_of_use
    if area is None or area.west > area.east:  # no area known, or one across the antimeridian
        return False
    lon, lat = transformer(crs, WGS84).transform(coords[:, 0].mean(), coords[:, 1].mean())
    return not (np.isfinite(lon) and np.isfinite(lat) and area.west - 1 <= lon <= area.east + 1
                and area.south - 1 <= lat <= area.north + 1)
