"""Coordinate reference systems: choose a metric CRS for lon/lat data, refuse geographic ones for areas.

Areas, FAR and every metric are computed in a projected CRS whose units are metres. Data in China
go to CGCS2000 3-degree Gauss-Krüger with the nearest central meridian (EPSG:4534 = CM 75E up to
EPSG:4554 = CM 135E, the "CM" variants without a zone prefix in the false easting), the system
Chinese planning data are delivered in; elsewhere WGS 84 / UTM.
Transformations always use lon/lat (x/y) order (``always_xy``), whatever the CRS's axis order says.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = [
    "CrsError", "WGS84", "parse_crs", "crs_string", "crs_label", "is_geographic", "require_projected",
    "cgcs2000_gk_epsg", "utm_epsg", "suggest_projected_crs", "in_china", "transformer",
    "reproject", "reproject_one", "lonlat_plausible",
]

WGS84 = "EPSG:4326"

#: Rough extent of China used to choose CGCS2000 (lon 73–135 E, lat 18–54 N).
_CHINA_LON = (73.0, 135.0)
_CHINA_LAT = (18.0, 54.0)
#: EPSG codes of CGCS2000 / 3-degree Gauss-Kruger CM 75E .. CM 135E, one every 3 degrees.
_CGCS2000_GK_CM_FIRST = 4534
_CGCS2000_GK_CM_RANGE = (75, 135)


class CrsError(ValueError):
    """A CRS that cannot be used for the purpose asked; the message says why."""


@lru_cache(maxsize=64)
def _parse_cached(text: str) -> pyproj.CRS:
    return pyproj.CRS.from_user_input(text)


def parse_crs(crs: str | int | pyproj.CRS) -> pyproj.CRS:
    """A pyproj CRS from "EPSG:4548", 4548, WKT or a CRS; CrsError if it is not a CRS."""
    if isinstance(crs, pyproj.CRS):
        return crs
    text = f"EPSG:{crs}" if isinstance(crs, int) else str(crs).strip()
    if not text:
        raise CrsError("no CRS given")
    try:
        return _parse_cached(text)
    except pyproj.exceptions.CRSError:
        raise CrsError(f"not a coordinate reference system: {text[:60]!r}") from None


def crs_string(crs: str | int | pyproj.CRS) -> str:
    """The short form stored in projects: "EPSG:n" when the CRS has an EPSG code, else WKT."""
    parsed = parse_crs(crs)
    code = parsed.to_epsg()
    return f"EPSG:{code}" if code else parsed.to_wkt()


def crs_label(crs: str | int | pyproj.CRS) -> str:
    """A short name for messages: "EPSG:n" when the CRS has a code, else its name (a custom CRS's
    WKT runs to a thousand characters; a message stays one line)."""
    parsed = parse_crs(crs)
    code = parsed.to_epsg()
    if code:
        return f"EPSG:{code}"
    if isinstance(crs, str) and crs.strip().upper().startswith(("EPSG:", "OGC:")):
        return crs.strip()
    return parsed.name or "a custom CRS"


def is_geographic(crs: str | int | pyproj.CRS) -> bool:
    return parse_crs(crs).is_geographic


def require_projected(crs: str | int | pyproj.CRS) -> pyproj.CRS:
    """The CRS if it is projected with metre axes; CrsError otherwise (areas would be wrong)."""
    parsed = parse_crs(crs)
    label = parsed.name or crs_string(parsed)
    if parsed.is_geographic:
        raise CrsError(f"{label} is geographic (degrees); areas need a projected CRS in metres")
    if not parsed.is_projected:
        raise CrsError(f"{label} is not a projected CRS; areas need a projected CRS in metres")
    units = {axis.unit_name for axis in parsed.axis_info}
    if units != {"metre"}:
        raise CrsError(f"{label} has units {', '.join(sorted(units))}; areas need metres")
    return parsed


def in_china(lon: float, lat: float) -> bool:
    return _CHINA_LON[0] <= lon <= _CHINA_LON[1] and _CHINA_LAT[0] <= lat <= _CHINA_LAT[1]


def cgcs2000_gk_epsg(lon: float) -> int:
    """EPSG code of the CGCS2000 3-degree Gauss-Kruger CM zone whose meridian is nearest ``lon``."""
    low, high = _CGCS2000_GK_CM_RANGE
    meridian = min(high, max(low, 3 * int(np.floor((lon + 1.5) / 3))))  # zones span CM ± 1.5°
    return _CGCS2000_GK_CM_FIRST + (meridian - low) // 3


def utm_epsg(lon: float, lat: float) -> int:
    """EPSG code of the WGS 84 / UTM zone holding the point (326xx north, 327xx south)."""
    zone = min(60, int((lon + 180.0) // 6.0) + 1)
    return (32600 if lat >= 0 else 32700) + zone


def suggest_projected_crs(lon: float, lat: float) -> str:
    """A metric CRS for data centred on (lon, lat): CGCS2000 GK CM in China, else UTM."""
    if not lonlat_plausible(lon, lat):
        raise CrsError(f"({lon:g}, {lat:g}) is not a longitude/latitude")
    epsg = cgcs2000_gk_epsg(lon) if in_china(lon, lat) else utm_epsg(lon, lat)
    return f"EPSG:{epsg}"


def lonlat_plausible(lon: float, lat: float) -> bool:
    return bool(np.isfinite(lon) and np.isfinite(lat) and -180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0)


@lru_cache(maxsize=64)
def _transformer_cached(source: str, target: str) -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(_parse_cached(source), _parse_cached(target), always_xy=True)


def transformer(source: str | int | pyproj.CRS, target: str | int | pyproj.CRS) -> pyproj.Transformer:
    """A cached lon/lat-ordered (always_xy) transformer from ``source`` to ``target``."""
    return _transformer_cached(parse_crs(source).to_wkt(), parse_crs(target).to_wkt())


def reproject(geometries: Iterable[BaseGeometry] | np.ndarray, source, target) -> np.ndarray:
    """Reproject an array of shapely geometries at once (one vectorised pyproj call).

    Coordinates that cannot be transformed come back as inf and make CrsError, so callers
    never store geometry that silently went off the map.
    """
    geoms = np.asarray(list(geometries) if not isinstance(geometries, np.ndarray) else geometries,
                       dtype=object)
    if parse_crs(source) == parse_crs(target):
        return geoms
    trans = transformer(source, target)

    def _apply(coords: np.ndarray) -> np.ndarray:
        x, y = trans.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    out = shapely.transform(geoms, _apply)
    coords = shapely.get_coordinates(out)
    if coords.size and not np.isfinite(coords).all():
        raise CrsError(f"some coordinates cannot be transformed from {crs_string(source)} "
                       f"to {crs_string(target)}")
    return out


def reproject_one(geometry: BaseGeometry, source, target) -> BaseGeometry:
    return reproject(np.array([geometry], dtype=object), source, target)[0]
