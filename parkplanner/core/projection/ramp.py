"""Logistic maturity ramps (docs/specification.md, "Projection over time").

f(t) = 1 / (1 + exp(-(t - start - h) * 4 / w)) for t > start: h is the number of years from the
start year to half capacity, w the number of years the ramp takes from about 12 % to about 88 % of
capacity (f(start + h ± w/2) = 1 / (1 + e^∓2)). f(t) = 0 for t ≤ start: construction begins in
the start year, so a zone produces nothing in it or before it (a park that opened in 2017 had no
output in 2017, and the forecast must say 0 like the observed series, not a small positive value).
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import numpy as np

__all__ = ["Ramp", "CLASS_DEFAULT_RAMPS", "OCCUPANCY_RAMP", "FALLBACK_RAMP", "maturity", "class_ramp"]


@dataclass(frozen=True, slots=True)
class Ramp:
    half_years: float  # h
    width_years: float  # w

    def __post_init__(self) -> None:
        if not self.width_years > 0:
            raise ValueError("ramp width must be positive (years from ~12 % to ~88 % of capacity)")


#: Ramps of zones without a sector, by generic class (evidence tag E). Jobs in civic facilities
#: (schools, clinics) arrive when the building opens; shops and logistics follow their customers
#: within a few years; offices and factories without a named sector take as long as the slowest
#: case sectors (6/6, see default_sectors()).
CLASS_DEFAULT_RAMPS: Mapping[str, Ramp] = MappingProxyType({
    "CIV": Ramp(2.0, 3.0),
    "COM": Ramp(3.0, 4.0),
    "MXD": Ramp(3.0, 4.0),
    "LOG": Ramp(3.0, 4.0),
    "OFF": Ramp(5.0, 5.0),
    "IND": Ramp(6.0, 6.0),
})

#: Occupancy of housing (RES zones and the housing part of MXD zones), whatever the zone's sector:
#: about two years of construction and first move-ins to half occupancy, then three years from
#: ~12 % to ~88 % occupied (E: talent apartments of the case filled within a few years).
OCCUPANCY_RAMP = Ramp(2.0, 3.0)

#: Every other class: it produces none of the projected series, so only the ramp's existence matters.
FALLBACK_RAMP = Ramp(3.0, 4.0)


def class_ramp(generic_class: str) -> Ramp:
    """Ramp of a zone without a sector (or of a sector id the project does not define)."""
    if generic_class == "RES":
        return OCCUPANCY_RAMP
    return CLASS_DEFAULT_RAMPS.get(generic_class, FALLBACK_RAMP)


def maturity(years, start, half, width) -> np.ndarray:
    """f(t) broadcast over numpy arrays: e.g. years (1, Y) against per-zone columns (Z, 1).

    Written with tanh (1/(1+e^-x) = (1 + tanh(x/2)) / 2) so years far from the ramp neither
    overflow nor warn; f(start + h) is exactly 0.5, and f is exactly 0 in and before the start year.
    """
    since_start = np.asarray(years, dtype=float) - np.asarray(start, dtype=float)
    x = (since_start - np.asarray(half, dtype=float)) * (2.0 / np.asarray(width, dtype=float))  # (4/w)·x/2
    return np.where(since_start > 0, 0.5 * (1.0 + np.tanh(x)), 0.0)
