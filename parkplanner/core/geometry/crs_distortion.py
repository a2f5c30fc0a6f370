"""How much a projected CRS stretches areas where the data are, from PROJ's scale factors.

A projected CRS is only true to area near the place it was made for. Web Mercator (EPSG:3857),
World Mercator (3395) and Equirectangular (4087) are in metres yet multiply areas by 1/cos²φ or
1/cosφ (+66 % and +29 % at Tianjin's 39°N), and a Gauss-Krüger zone used 40° off its central
meridian adds a third: every hectare, GFA, job and per-capita figure computed after that is wrong.
:func:`areal_distortion` asks PROJ for the areal scale factor (``Proj.get_factors``) at points of the
data and returns the worst relative error; the importer reprojects or refuses beyond
:data:`MAX_AREAL_DISTORTION`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyproj
import shapely

from parkplanner.core.geometry.crs import WGS84, crs_label, parse_crs, transformer

__all__ = ["MAX_AREAL_DISTORTION", "Distortion", "areal_distortion", "sample_lonlat"]

#: Beyond 1 % areas, FAR-derived GFA and every per-hectare figure are off by more than planners round.
MAX_AREAL_DISTORTION = 0.01
#: Points at which the scale is asked: enough to find the worst corner of a layer, cheap for 100k rows.
_SAMPLES = 256


@dataclass(frozen=True)
class Distortion:
    """The areal scale furthest from 1 among the sampled points, and where it is."""

    scale: float
    lon: float
    lat: float

    @property
    def relative(self) -> float:
        """Signed relative area error: +0.66 for a CRS that shows 1 ha as 1.66 ha."""
        return self.scale - 1.0

    def describe(self, crs) -> str:
        """One line: "EPSG:3857 (WGS 84 / Pseudo-Mercator) enlarges areas by 66 % at the data (117.3°E, 39.1°N)"."""
        verb = "enlarges" if self.relative > 0 else "shrinks"
        return (f"{_named(crs)} {verb} areas by {abs(self.relative):.0%} at the data "
                f"({_lon_text(self.lon)}, {_lat_text(self.lat)})")


def sample_lonlat(geometries: np.ndarray, crs) -> np.ndarray:
    """Lon/lat (n × 2) of the data's bounding-box corners and centre and of up to _SAMPLES
    geometries' representative points, from coordinates in ``crs``."""
    geoms = geometries[~(shapely.is_missing(geometries) | shapely.is_empty(geometries))]
    if not len(geoms):
        return np.empty((0, 2))
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    box = [(xmin, ymin), (xmin, ymax), (xmax, ymin), (xmax, ymax), ((xmin + xmax) / 2, (ymin + ymax) / 2)]
    step = max(1, len(geoms) // _SAMPLES)
    points = shapely.get_coordinates(shapely.point_on_surface(geoms[::step]))
    xy = np.vstack([np.array(box, dtype=float), points])
    if parse_crs(crs).is_geographic:
        lon, lat = xy[:, 0], xy[:, 1]
    else:
        lon, lat = transformer(crs, WGS84).transform(xy[:, 0], xy[:, 1])
    lonlat = np.column_stack([lon, lat])
    return lonlat[np.isfinite(lonlat).all(axis=1)]


def areal_distortion(crs, lonlat: np.ndarray) -> Distortion | None:
    """The worst areal scale of projected ``crs`` at the points ``lonlat``; None when PROJ cannot
    tell (no points, a geographic CRS, a projection without scale factors)."""
    parsed = parse_crs(crs)
    if not parsed.is_projected or not len(lonlat):
        return None
    try:
        factors = pyproj.Proj(parsed).get_factors(lonlat[:, 0], lonlat[:, 1], errcheck=False)
    except (pyproj.exceptions.ProjError, pyproj.exceptions.CRSError, RuntimeError):
        return None
    scale = np.asarray(factors.areal_scale, dtype=float)
    valid = np.isfinite(scale) & (scale > 0)
    if not valid.any():
        return None
    worst = np.flatnonzero(valid)[np.argmax(np.abs(scale[valid] - 1.0))]
    return Distortion(float(scale[worst]), float(lonlat[worst, 0]), float(lonlat[worst, 1]))


def _named(crs) -> str:
    """"EPSG:3857 (WGS 84 / Pseudo-Mercator)"; a CRS without a code by its name only."""
    label, name = crs_label(crs), parse_crs(crs).name
    return f"{label} ({name})" if name and name != label else label


def _lon_text(lon: float) -> str:
    return f"{abs(lon):.1f}°{'E' if lon >= 0 else 'W'}"


def _lat_text(lat: float) -> str:
    return f"{abs(lat):.1f}°{'N' if lat >= 0 else 'S'}"
