"""Project parameters of docs/specification.md section 1; every output echoes the values used."""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Mapping

__all__ = ["Parameters", "DEFAULT_CLASS_M2_GFA_PER_JOB", "JOB_CLASSES", "DEFAULT_STOREY_HEIGHT_M", "BUILT_CLASSES"]

#: Classes that host jobs (docs/specification.md section 2); every other class gives 0 jobs.
JOB_CLASSES: tuple[str, ...] = ("COM", "OFF", "CIV", "IND", "LOG", "MXD")
DEFAULT_CLASS_M2_GFA_PER_JOB: Mapping[str, float] = MappingProxyType(
    {"COM": 30.0, "OFF": 25.0, "CIV": 60.0, "IND": 60.0, "LOG": 120.0, "MXD": 30.0}
)

#: Classes drawn as building volumes in 3D; the others (GRN, TRN, WAT, AGR) lie flat on the ground.
BUILT_CLASSES: tuple[str, ...] = ("RES", "MXD", "COM", "OFF", "IND", "LOG", "CIV", "UTL", "SPC", "RSV")
#: Floor-to-floor height (m) per generic class, turning GFA into a massing height when a zone has
#: no height limit (docs/massing_3d.md). Estimates from common practice: homes ~3 m, offices and
#: R&D 4.5 m (raised floors, services), factories 6 m (cranes, clear height), warehouses 8 m.
DEFAULT_STOREY_HEIGHT_M: Mapping[str, float] = MappingProxyType({
    "RES": 3.0, "MXD": 3.6, "COM": 4.5, "OFF": 4.5, "IND": 6.0, "LOG": 8.0, "CIV": 4.2, "UTL": 5.0,
    "SPC": 4.0, "RSV": 4.0,
})

_SCALARS = ("m2_gfa_per_resident", "household_size", "employed_share", "mxd_residential_share", "horizon_year")


@dataclass(frozen=True)
class Parameters:
    m2_gfa_per_resident: float = 35.0
    household_size: float = 2.62
    employed_share: float = 0.60
    mxd_residential_share: float = 0.5
    class_m2_gfa_per_job: Mapping[str, float] = field(default_factory=lambda: DEFAULT_CLASS_M2_GFA_PER_JOB)
    horizon_year: int = 2035
    storey_height_m: Mapping[str, float] = field(default_factory=lambda: DEFAULT_STOREY_HEIGHT_M)

    def __post_init__(self) -> None:
        # Frozen mapping so a Parameters value can be shared by history commands safely.
        merged = dict(DEFAULT_CLASS_M2_GFA_PER_JOB)
        merged.update({k: float(v) for k, v in dict(self.class_m2_gfa_per_job).items()})
        object.__setattr__(self, "class_m2_gfa_per_job", MappingProxyType(merged))
        storeys = dict(DEFAULT_STOREY_HEIGHT_M)
        storeys.update({k: float(v) for k, v in dict(self.storey_height_m).items()})
        object.__setattr__(self, "storey_height_m", MappingProxyType(storeys))
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems))

    def problems(self) -> list[str]:
        out = []
        if not self.m2_gfa_per_resident > 0:
            out.append("m2_gfa_per_resident must be positive")
        if not self.household_size > 0:
            out.append("household_size must be positive")
        if not 0 < self.employed_share <= 1:
            out.append("employed_share must be in (0, 1]")
        if not 0 <= self.mxd_residential_share <= 1:
            out.append("mxd_residential_share must be in [0, 1]")
        for cls, value in self.class_m2_gfa_per_job.items():
            if not value > 0:
                out.append(f"class_m2_gfa_per_job[{cls}] must be positive")
        for cls, value in self.storey_height_m.items():
            if not 1.0 <= value <= 50.0:
                out.append(f"storey_height_m[{cls}] must be between 1 and 50 m")
        if not 1900 <= int(self.horizon_year) <= 2200:
            out.append("horizon_year must be a year between 1900 and 2200")
        return out

    def to_dict(self) -> dict:
        data = {name: getattr(self, name) for name in _SCALARS}
        data["class_m2_gfa_per_job"] = dict(self.class_m2_gfa_per_job)
        data["storey_height_m"] = dict(self.storey_height_m)
        return data

    @classmethod
    def from_dict(cls, data: Mapping) -> "Parameters":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("m2_gfa_per_resident", "household_size", "employed_share", "mxd_residential_share"):
            if name in values:
                values[name] = float(values[name])
        if "horizon_year" in values:
            values["horizon_year"] = int(values["horizon_year"])
        return cls(**values)

    def with_overrides(self, overrides: Mapping) -> "Parameters":
        """These parameters with a scenario's overrides applied (class_m2_gfa_per_job merges)."""
        if not overrides:
            return self
        changes = dict(overrides)
        if "class_m2_gfa_per_job" in changes:
            merged = dict(self.class_m2_gfa_per_job)
            merged.update(changes["class_m2_gfa_per_job"])
            changes["class_m2_gfa_per_job"] = merged
        if "storey_height_m" in changes:
            changes["storey_height_m"] = {**self.storey_height_m, **changes["storey_height_m"]}
        return replace(self, **changes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Parameters) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, str(v)) for k, v in self.to_dict().items())))
