"""Standard views of the 3D massing and the ``--camera`` text of ``parkplanner render --3d``.

A camera looks at the middle of the plan from a compass ``bearing`` (degrees clockwise from
north, where the camera stands) and an ``elevation`` above the horizon (90: straight down, north
up); ``distance`` in metres, None: far enough to see the whole plan.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["Camera", "STANDARD_VIEWS", "parse_camera", "fit_distance"]

#: Elevation of the four oblique views: steep enough that rear volumes still show over front ones.
OBLIQUE_ELEVATION = 35.0


@dataclass(frozen=True)
class Camera:
    bearing: float
    elevation: float
    distance: float | None = None


#: Top (north up) and the four obliques, each from a corner of the plan looking across it.
STANDARD_VIEWS: dict[str, Camera] = {
    "top": Camera(180.0, 90.0),
    "sw": Camera(225.0, OBLIQUE_ELEVATION),
    "se": Camera(135.0, OBLIQUE_ELEVATION),
    "ne": Camera(45.0, OBLIQUE_ELEVATION),
    "nw": Camera(315.0, OBLIQUE_ELEVATION),
}


def parse_camera(text: str) -> Camera:
    """``top``, ``sw``, ``se``, ``ne``, ``nw`` or ``BEARING,ELEVATION[,DISTANCE]`` (degrees, metres)."""
    key = text.strip().lower()
    if key in STANDARD_VIEWS:
        return STANDARD_VIEWS[key]
    numbers = re.fullmatch(r"\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*(?:,\s*([\d.]+)\s*)?", text)
    if not numbers:
        raise ValueError(f"--camera must be top, sw, se, ne, nw or BEARING,ELEVATION[,DISTANCE], not {text!r}")
    try:
        bearing, elevation = float(numbers.group(1)), float(numbers.group(2))
        distance = float(numbers.group(3)) if numbers.group(3) else None
    except ValueError:
        raise ValueError(f"--camera numbers are not numbers: {text!r}") from None
    if not 5.0 <= elevation <= 90.0:
        raise ValueError(f"--camera elevation must be between 5 and 90 degrees, not {elevation:g}")
    if distance is not None and not distance > 0:
        raise ValueError("--camera distance must be positive")
    return Camera(bearing % 360.0, elevation, distance)


def fit_distance(width_m: float, depth_m: float, height_m: float, fov_deg: float, aspect: float) -> float:
    """Camera distance at which a plan of ``width_m`` × ``depth_m`` × ``height_m`` fits the view
    from any bearing: its bounding sphere inside the narrower field of view, with a small margin.
    ``fov_deg`` is the horizontal field of view, ``aspect`` width ÷ height of the picture."""
    radius = 0.5 * math.sqrt(width_m ** 2 + depth_m ** 2 + height_m ** 2)
    half = math.radians(fov_deg) / 2.0
    narrow = math.atan(math.tan(half) / aspect) if aspect >= 1.0 else half
    return max(radius, 1.0) / math.sin(narrow) * 1.02
