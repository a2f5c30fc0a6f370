"""Synthetic projects of any size: the one generator every test and benchmark uses.

Parcels are jittered rectangles on a grid of 150 m cells in EPSG:4548 (around x 500,000,
y 4,380,000), each with 6 to 14 vertices. Every vertex lies on a ray from the cell centre
inside the cell, so parcels are simple (star-shaped) and never overlap. Blocks of 5 x 5 parcels
are industrial, R&D, residential or green districts, each with its own MNR-2023 code mix, so
the park as a whole is led by industry and R&D, then housing, green, roads, commerce, civic,
utilities and water. FARs, coverage, green ratios and heights fall in realistic ranges per
code; industrial, R&D and commercial zones carry sectors. Phases 1-3 run west to east.
Same arguments, same project: everything comes from one seeded numpy generator.
"""
from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry import LineString, box

from parkplanner.core.model.project import ContextLayer, Phase, Project, Target
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

__all__ = ["synthetic_project", "CELL_M", "ORIGIN"]

CELL_M = 150.0
ORIGIN = (500_000.0, 4_380_000.0)  # south-west corner of the grid, EPSG:4548 metres
_PHASE_YEARS = (2024, 2028, 2032)

# code: FAR range, coverage range (None: not set), green ratio range, sectors it may carry
_CODES: dict[str, tuple[tuple[float, float], tuple[float, float] | None, tuple[float, float] | None,
                        tuple[str, ...]]] = {
    "100101": ((1.0, 2.0), (0.40, 0.60), (0.10, 0.20),
               ("advanced_equipment", "new_energy_materials", "biomed_devices", "next_gen_it")),
    "100102": ((0.8, 1.5), (0.40, 0.60), (0.10, 0.20), ("advanced_equipment", "new_energy_materials")),
    "0802": ((1.5, 3.5), (0.25, 0.40), (0.25, 0.35), ("next_gen_it", "biomed_devices")),
    "M0": ((2.0, 4.0), (0.30, 0.45), (0.20, 0.30), ("next_gen_it", "biomed_devices", "advanced_equipment")),
    "070102": ((1.8, 2.8), (0.20, 0.28), (0.30, 0.35), ()),
    "080403": ((0.8, 1.2), (0.25, 0.35), (0.35, 0.40), ()),
    "080404": ((0.6, 1.0), (0.25, 0.35), (0.35, 0.40), ()),
    "0806": ((1.2, 2.0), (0.30, 0.40), (0.35, 0.40), ()),
    "0901": ((2.0, 4.0), (0.35, 0.50), (0.15, 0.25), ("modern_services",)),
    "1401": ((0.0, 0.05), None, None, ()),
    "1402": ((0.0, 0.0), None, None, ()),
    "1207": ((0.0, 0.0), None, None, ()),
    "1301": ((0.5, 1.0), (0.30, 0.50), (0.25, 0.30), ()),
    "1303": ((0.5, 1.0), (0.30, 0.50), (0.25, 0.30), ()),
    "1309": ((0.3, 0.8), (0.30, 0.50), (0.25, 0.30), ()),
    "1701": ((0.0, 0.0), None, None, ()),
    "1704": ((0.0, 0.0), None, None, ()),
}
#: Districts of 5 x 5 parcels, as planned parks group uses: (share of districts, code weights).
_DISTRICTS: tuple[tuple[float, dict[str, float]], ...] = (
    (0.45, {"100101": 45, "100102": 25, "M0": 8, "0802": 4, "1401": 4, "1402": 2, "1301": 1, "1303": 2,
            "1309": 1, "1207": 6, "1701": 2}),
    (0.20, {"0802": 35, "M0": 25, "0901": 12, "1401": 12, "070102": 6, "1207": 6, "1704": 4}),
    (0.25, {"070102": 50, "080403": 8, "080404": 5, "0806": 4, "0901": 12, "1401": 12, "1207": 6, "1309": 1,
            "1704": 2}),
    (0.10, {"1401": 40, "1402": 15, "1701": 20, "1704": 15, "1207": 5, "1303": 5}),
)
_DISTRICT_CELLS = 5
_INDUSTRIAL_HEIGHT = (15.0, 24.0)
_OTHER_HEIGHT = (12.0, 80.0)


def synthetic_project(n_zones: int, seed: int = 0, scenarios: int = 1) -> Project:
    """A project of ``n_zones`` parcels (ids 1..n) and ``scenarios`` scenarios, deterministic for ``seed``."""
    if n_zones < 0 or scenarios < 1:
        raise ValueError("n_zones must be >= 0 and scenarios >= 1")
    rng = np.random.default_rng(seed)
    cols = max(1, math.ceil(math.sqrt(n_zones)))
    rows = max(1, math.ceil(n_zones / cols))
    col = np.arange(n_zones) % cols
    row = np.arange(n_zones) // cols
    geoms = _parcels(col, row, rng)
    phase = np.minimum(3, 1 + (3 * (col + rng.integers(-1, 2, n_zones)).clip(0, cols - 1)) // cols)
    base = Scenario("base", "Base plan", _zones(geoms, _codes(_districts(col, row, cols, rows, rng), rng), phase, rng))
    return Project(
        name=f"Synthetic park ({n_zones:,} zones, seed {seed})",
        scenarios=[base] + [_variant(base, k, rng) for k in range(1, scenarios)],
        boundary=box(ORIGIN[0] - 50, ORIGIN[1] - 50, ORIGIN[0] + cols * CELL_M + 50,
                     ORIGIN[1] + rows * CELL_M + 50),
        phases=_phases(cols, rows),
        targets=(Target("jobs", float(round(n_zones * 55, -2)), 2035),
                 Target("residents", float(round(n_zones * 30, -2)), 2035)),
        context_layers=(_roads(cols, rows),),
        metadata={"note": "Synthetic project: illustrative geometry, generated for tests and benchmarks."},
    )


def _districts(col: np.ndarray, row: np.ndarray, cols: int, rows: int, rng: np.random.Generator) -> np.ndarray:
    """District kind (index into _DISTRICTS) of each parcel: one draw per block of 5 x 5 cells."""
    blocks_per_row = cols // _DISTRICT_CELLS + 1
    kinds = rng.choice(len(_DISTRICTS), size=blocks_per_row * (rows // _DISTRICT_CELLS + 1),
                       p=[share for share, _ in _DISTRICTS])
    return kinds[(row // _DISTRICT_CELLS) * blocks_per_row + col // _DISTRICT_CELLS]


def _parcels(col: np.ndarray, row: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    n = len(col)
    cx = ORIGIN[0] + (col + 0.5) * CELL_M
    cy = ORIGIN[1] + (row + 0.5) * CELL_M
    half_w = CELL_M / 2 * rng.uniform(0.70, 0.92, n)
    half_h = CELL_M / 2 * rng.uniform(0.70, 0.92, n)
    vertices = rng.integers(6, 15, n)  # 6..14
    owner = np.repeat(np.arange(n), vertices)
    corner = np.arctan2(half_h, half_w)
    # Four corners keep the parcel rectangular in outline; the rest are random points on its edges.
    slot = np.arange(len(owner)) - np.repeat(np.cumsum(vertices) - vertices, vertices)
    is_corner = slot < 4
    corners = np.stack([corner, np.pi - corner, np.pi + corner, 2 * np.pi - corner], axis=1)
    angle = rng.uniform(0.0, 2 * np.pi, len(owner))
    corner_rows = np.flatnonzero(is_corner)
    angle[corner_rows] = corners[owner[corner_rows], slot[corner_rows]]
    order = np.lexsort((angle, owner))
    owner, angle = owner[order], angle[order]
    cos, sin = np.cos(angle), np.sin(angle)
    with np.errstate(divide="ignore"):
        reach = np.minimum(half_w[owner] / np.abs(cos), half_h[owner] / np.abs(sin))
    reach *= rng.uniform(0.94, 1.0, len(owner))  # jitter inwards only: parcels stay in their cell
    coords = np.column_stack([cx[owner] + reach * cos, cy[owner] + reach * sin])
    rings = shapely.linearrings(coords, indices=owner)
    polygons = shapely.polygons(rings)
    invalid = ~shapely.is_valid(polygons)
    if invalid.any():  # two random angles that (almost) coincide: the hull is still a parcel
        polygons[invalid] = shapely.convex_hull(polygons[invalid])
    return polygons


def _codes(district: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    codes = np.empty(len(district), dtype=object)
    for k, (_, weights) in enumerate(_DISTRICTS):
        mask = district == k
        share = np.array(list(weights.values()), dtype=float)
        codes[mask] = np.array(list(weights), dtype=object)[rng.choice(len(share), mask.sum(), p=share / share.sum())]
    return codes


def _zones(geoms: np.ndarray, codes: np.ndarray, phase: np.ndarray, rng: np.random.Generator) -> dict[int, Zone]:
    n = len(geoms)
    uniform = rng.uniform(size=(n, 5))
    far = np.zeros(n)
    coverage = np.full(n, np.nan)
    green = np.full(n, np.nan)
    height = np.full(n, np.nan)
    sector = np.full(n, None, dtype=object)
    for code, (far_range, cov_range, green_range, sectors) in _CODES.items():
        mask = codes == code
        far[mask] = np.round(far_range[0] + uniform[mask, 0] * (far_range[1] - far_range[0]), 1)
        if cov_range and green_range:
            coverage[mask] = np.round(cov_range[0] + uniform[mask, 1] * (cov_range[1] - cov_range[0]), 2)
            green[mask] = np.round(green_range[0] + uniform[mask, 2] * (green_range[1] - green_range[0]), 2)
            low, high = _INDUSTRIAL_HEIGHT if code.startswith("1001") else _OTHER_HEIGHT
            height[mask] = np.round(low + uniform[mask, 3] * (high - low))
        if sectors:
            sector[mask] = np.array(sectors, dtype=object)[(uniform[mask, 4] * len(sectors)).astype(int)]
    # One zone in twenty starts later than its phase (a delayed plot).
    start = np.where(rng.uniform(size=n) < 0.05, np.array(_PHASE_YEARS)[phase - 1] + 2, -1)
    ids = list(range(1, n + 1))
    return dict(zip(ids, map(
        Zone, ids, geoms.tolist(), codes.tolist(), (f"P{i:06d}" for i in ids), sector.tolist(), far.tolist(),
        _optional(coverage), _optional(green), _optional(height), phase.tolist(),
        [None if s < 0 else int(s) for s in start.tolist()], [None] * n,
    )))


def _optional(values: np.ndarray) -> list:
    return [None if v != v else v for v in values.tolist()]


def _variant(base: Scenario, k: int, rng: np.random.Generator) -> Scenario:
    """Scenario k: a denser plan on one zone in ten, and its own household size."""
    variant = base.copy(f"scenario-{k}", f"Variant {k}")
    variant.parameter_overrides = {"household_size": round(2.5 + 0.1 * k, 2)}
    ids = np.fromiter(base.zones, dtype=np.int64, count=len(base.zones))
    for zone_id in ids[rng.uniform(size=len(ids)) < 0.1].tolist():
        zone = variant.zones[zone_id]
        if zone.far > 0:
            variant.zones[zone_id] = zone.with_changes(far=round(min(zone.far + 0.3 * k, 20.0), 1))
    return variant


def _phases(cols: int, rows: int) -> tuple[Phase, ...]:
    x0, y0 = ORIGIN
    width = cols * CELL_M / 3
    return tuple(
        Phase(number, f"Phase {number}", year,
              box(x0 + (number - 1) * width, y0, x0 + number * width, y0 + rows * CELL_M))
        for number, year in zip((1, 2, 3), _PHASE_YEARS)
    )


def _roads(cols: int, rows: int) -> ContextLayer:
    """Centre lines of the streets between the parcels (every fifth grid line)."""
    x0, y0 = ORIGIN
    width, height = cols * CELL_M, rows * CELL_M
    lines = [LineString([(x0 + c * CELL_M, y0), (x0 + c * CELL_M, y0 + height)]) for c in range(0, cols + 1, 5)]
    lines += [LineString([(x0, y0 + r * CELL_M), (x0 + width, y0 + r * CELL_M)]) for r in range(0, rows + 1, 5)]
    return ContextLayer("Streets", "line", tuple(lines))
