"""Per-zone contributions as numpy columns (docs/specification.md, "Base quantities").

``ZoneAttributes`` holds what is read from the zones themselves (area, class, FAR, ...); it does
not depend on parameters or sectors. ``derive`` turns it into the additive quantities the
aggregates sum (construction land, GFA, job-GFA, jobs, residents, output, tax, culture-and-sports area). The same
vectorised code serves a full build (all zones) and an incremental update (the edited ones), so
both produce bit-identical per-zone values.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import Iterable, Mapping, Sequence

import numpy as np
import shapely

from parkplanner.core.geometry.chunked import chunked
from parkplanner.core.model.catalogue import GENERIC_CLASSES, default_catalogue
from parkplanner.core.model.parameters import JOB_CLASSES, Parameters
from parkplanner.core.model.sectors import Sector
from parkplanner.core.model.zone import Zone

__all__ = [
    "M2_PER_MU", "M2_PER_HA", "WAN_PER_YI", "CLASS_INDEX", "CLASS_NAMES", "N_CLASSES", "FACILITIES", "SchemeLookup",
    "scheme_lookup", "ZoneAttributes", "Contributions", "SUMMED", "EDITABLE_COLUMNS", "read_zones", "read_editable",
    "geometry_column",
    "derive",
]

#: 1 mu = 666.67 m², exactly 10000/15 m² (docs/specification.md, "Inputs").
M2_PER_MU = 10000.0 / 15.0
M2_PER_HA = 10000.0
WAN_PER_YI = 10000.0

CLASS_INDEX: Mapping[str, int] = {c: n for n, c in enumerate(GENERIC_CLASSES)}
N_CLASSES = len(GENERIC_CLASSES)
#: Generic class names by class index: ``CLASS_NAMES[attrs.cls]`` names every zone's class at once.
CLASS_NAMES = np.array(GENERIC_CLASSES, dtype=object)
#: Facility tags of the catalogue; index 0 is "no tag".
FACILITIES: tuple[str, ...] = ("", "EDU", "CULTURE_SPORTS", "HEALTH")
_FACILITY_INDEX = {f: n for n, f in enumerate(FACILITIES)}
_RES, _MXD = CLASS_INDEX["RES"], CLASS_INDEX["MXD"]
_JOB_CLASS = np.array([c in JOB_CLASSES for c in GENERIC_CLASSES])

#: The additive per-zone columns that are summed per generic class. ``construction_area`` is the
#: zone's area when its code counts as construction land, else 0: per class it splits the balance
#: table into construction land and the rows below the 城市建设用地 subtotal.
SUMMED: tuple[str, ...] = ("area", "construction_area", "gfa", "job_gfa", "jobs", "output_wan", "tax_wan",
                           "culture_area")


@dataclass(frozen=True)
class SchemeLookup:
    """code → (generic class index, level-1 index, facility index, construction land 1/0) for one scheme."""

    scheme: str
    codes: Mapping[str, tuple[int, int, int, int]]
    level1_codes: tuple[str, ...]  # level-1 classes in catalogue order
    level1_names: tuple[tuple[str, str], ...]  # (en, zh)
    level1_generic: tuple[str, ...]
    level1_construction: tuple[bool, ...]  # whether the level-1 class is construction land


@lru_cache(maxsize=8)
def scheme_lookup(scheme: str) -> SchemeLookup:
    catalogue = default_catalogue()
    codes, level1_order = {}, {}
    level1_info = {}
    for cls in catalogue.classes(scheme):
        top = catalogue.level1(scheme, cls.code)
        level1_order.setdefault(top.code, len(level1_order))
        level1_info[top.code] = top
        codes[cls.code] = (CLASS_INDEX[cls.generic_class], level1_order[top.code],
                           _FACILITY_INDEX.get(cls.facility, 0), int(catalogue.counts_as_construction(scheme, cls.code)))
    ordered = tuple(level1_order)
    return SchemeLookup(
        scheme, codes, ordered, tuple((level1_info[c].name_en, level1_info[c].name_zh) for c in ordered),
        tuple(level1_info[c].generic_class for c in ordered), tuple(level1_info[c].urban_dev for c in ordered),
    )


@dataclass
class ZoneAttributes:
    """What metrics read from each zone, one entry per zone (NaN stands for an unset value)."""

    zone_id: np.ndarray  # int64
    area: np.ndarray
    cls: np.ndarray  # generic class index
    level1: np.ndarray  # index into SchemeLookup.level1_codes
    facility: np.ndarray  # index into FACILITIES
    construction: np.ndarray  # bool: the code counts as construction land
    far: np.ndarray
    gfa_override: np.ndarray
    coverage: np.ndarray
    green_ratio: np.ndarray
    height_m: np.ndarray
    sector: np.ndarray  # object: sector id or None

    def __len__(self) -> int:
        return int(self.zone_id.size)


#: The ZoneAttributes read from a zone's own fields (not from its geometry or land-use code):
#: what an attribute edit (a FAR, sector or ratio change, a workshop step) can change.
EDITABLE_COLUMNS: tuple[str, ...] = ("far", "gfa_override", "coverage", "green_ratio", "height_m", "sector")


def _column(values: Iterable, count: int, dtype=float) -> np.ndarray:
    """One array from ``count`` values, None read as NaN for floats.

    np.fromiter fills the array item by item; np.array would first probe every item for the
    array protocols (for geometries: three failed attribute look-ups each) and size the list.
    """
    return np.fromiter(values, dtype=dtype, count=count)


def read_editable(zones: Sequence[Zone]) -> dict[str, np.ndarray]:
    """The EDITABLE_COLUMNS of ``zones``, by name (an unset value reads as NaN)."""
    n = len(zones)
    # One generator per field: attribute reads of a slotted class are specialised by the
    # interpreter, faster than map(attrgetter) or zip(*rows) over the same zones.
    return {
        "far": _column((z.far for z in zones), n),
        "gfa_override": _column((z.gfa_override_m2 for z in zones), n),
        "coverage": _column((z.coverage for z in zones), n),
        "green_ratio": _column((z.green_ratio for z in zones), n),
        "height_m": _column((z.height_m for z in zones), n),
        "sector": _column((z.sector for z in zones), n, object),
    }


def geometry_column(zones: Sequence[Zone]) -> np.ndarray:
    """The zones' geometries as an object array, in order."""
    return _column((z.geometry for z in zones), len(zones), object)


def read_zones(zones: Sequence[Zone], lookup: SchemeLookup, geometries: np.ndarray | None = None) -> ZoneAttributes:
    """Columns for ``zones``; ValueError names a zone whose code the scheme does not know.
    ``geometries``: geometry_column(zones), when the caller has it already."""
    codes = lookup.codes
    # One flat int per zone, then a table lookup: numpy turns a list of 4-tuples into an array
    # element by element, ten times slower than a flat list.
    row_of = {code: n for n, code in enumerate(codes)}
    try:
        rows = [row_of[z.code] for z in zones]
    except KeyError:
        zone = next(z for z in zones if z.code not in codes)
        raise ValueError(f"zone {zone.id} has land-use code {zone.code!r}, unknown in scheme "
                         f"{lookup.scheme}") from None
    classes = np.array(list(codes.values()), dtype=np.int64).reshape(-1, 4)[np.array(rows, dtype=np.int64)]
    if geometries is None:
        geometries = geometry_column(zones)
    return ZoneAttributes(
        zone_id=np.array([z.id for z in zones], dtype=np.int64),
        area=chunked(shapely.area, geometries) if len(zones) else np.zeros(0),
        cls=classes[:, 0], level1=classes[:, 1], facility=classes[:, 2], construction=classes[:, 3] == 1,
        **read_editable(zones),
    )


@dataclass
class Contributions:
    """Each zone's share of the totals; arrays aligned with the ZoneAttributes they came from."""

    area: np.ndarray
    construction_area: np.ndarray
    gfa: np.ndarray
    job_gfa: np.ndarray
    jobs: np.ndarray
    residents: np.ndarray
    output_wan: np.ndarray
    tax_wan: np.ndarray
    culture_area: np.ndarray

    def column(self, name: str) -> np.ndarray:
        return getattr(self, name)


def derive(attrs: ZoneAttributes, params: Parameters, sectors: Mapping[str, Sector]) -> Contributions:
    """The base quantities per zone: construction land, GFA, job-GFA and jobs, residents, output and tax."""
    n = len(attrs)
    area, cls = attrs.area, attrs.cls
    gfa = np.where(np.isnan(attrs.gfa_override), area * attrs.far, attrs.gfa_override)
    share = params.mxd_residential_share
    is_mxd = cls == _MXD
    job_gfa = np.where(_JOB_CLASS[cls], gfa, 0.0) if n else np.zeros(0)
    job_gfa = np.where(is_mxd, (1.0 - share) * gfa, job_gfa)
    housing_gfa = np.where(cls == _RES, gfa, np.where(is_mxd, share * gfa, 0.0))
    residents = housing_gfa / params.m2_gfa_per_resident

    class_m2 = np.array([params.class_m2_gfa_per_job.get(c, 1.0) for c in GENERIC_CLASSES])
    m2_per_job = class_m2[cls] if n else np.zeros(0)
    # Each zone's sector as a code (0: none, or an id the project does not know), by one dict
    # look-up per zone, then each rate read from a small table (no object comparison per sector).
    known = [(sector_id, sector) for sector_id, sector in sectors.items() if sector_id]
    code_of = {sector_id: n + 1 for n, (sector_id, _) in enumerate(known)}
    code = np.fromiter(map(code_of.get, attrs.sector.tolist(), repeat(0)), dtype=np.int64, count=n)
    in_sector = code > 0
    m2_per_job[in_sector] = np.array([0.0] + [s.m2_gfa_per_job for _, s in known])[code[in_sector]]
    output_rate = np.array([0.0] + [s.output_wan_per_mu for _, s in known])[code]
    tax_rate = np.array([0.0] + [s.tax_wan_per_mu for _, s in known])[code]
    jobs = np.divide(job_gfa, m2_per_job, out=np.zeros(n), where=(job_gfa > 0) & (m2_per_job > 0))
    area_mu = area / M2_PER_MU
    culture = np.where(attrs.facility == _FACILITY_INDEX["CULTURE_SPORTS"], area, 0.0)
    return Contributions(area=area, construction_area=np.where(attrs.construction, area, 0.0), gfa=gfa, job_gfa=job_gfa, jobs=jobs, residents=residents,
                         output_wan=area_mu * output_rate, tax_wan=area_mu * tax_rate, culture_area=culture)
