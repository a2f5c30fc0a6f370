"""Generate ``zgc_tech_town.gpkg``: an illustrative plan of the Beijing–Tianjin ZGC Tech Town, Baodi.

The case facts (docs/specification.md section 7; Bu & Xie, "Practice Thinking on Promoting Regional Industrial
Upgrading ... Beijing-Tianjin Zhongguancun Tech Town"): 14.5 km² planned, a 4.2 km² first phase,
four industrial sectors, a talent community, a school campus, a service centre, parks and a
waterfront; targets of 120,000 jobs and 75,000 residents; observed output, registered entities
and high-tech enterprises in 2017/2020/2024. The geometry is NOT surveyed: a road grid is laid
over an invented boundary near lon 117.3 E, lat 39.7 N in CGCS2000 / GK CM 117E (EPSG:4548) and
its blocks are zoned by rules. Every cut is made as a pair ``A ∩ S`` / ``A − S`` of the same two
operands, so both sides share their new vertices and the zones tile the boundary without
overlaps or gaps; no snapping afterwards (snapping a vertex on a slanted edge opens slivers).

Run ``python sample_projects/make_zgc_sample.py [OUT.gpkg]``; the test suite checks that the
committed file equals a fresh generation.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon, box

try:
    import parkplanner  # noqa: F401
except ModuleNotFoundError:  # run as a script from a source checkout that is not installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parkplanner.core.geometry.crs import transformer
from parkplanner.core.model.parameters import Parameters
from parkplanner.core.model.project import ContextLayer, Observation, Phase, Project, Target
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

SEED = 2017
PLANNING_UNIT = "BD01"  # 宝坻 planning unit 01
CRS = "EPSG:4548"
PLANNED_AREA_M2 = 14.5e6
#: Cumulative area west of each phase line: phase 1 is the case's 4.2 km² first phase.
PHASE_AREAS_M2 = (4.2e6, 9.3e6)
#: Start years. The case's observed series (2017 / 2020 / 2024) are the first phase's: with a ramp
#: that is 0 in and before a start year, a second phase started before 2024 would add output the
#: case did not see, and no calibration could fit output at 60 % of its 2024 value in 2020.
PHASE_YEARS = (2017, 2024, 2029)
ARTERIAL_M, SECONDARY_M = 40.0, 24.0
BLOCK_SPACING_M = 470.0
EW_ROAD_Y_KM = (0.42, 0.84, 1.22, 2.02, 2.42, 2.80)  # the waterfront runs between 1.22 and 2.02
WATER_HALF_M, WATERFRONT_HALF_M = 32.0, 115.0
BELT_M = 20.0  # protective green belt along each side of an arterial road (道路防护绿带)
SPLIT_ABOVE_M2 = 110_000.0  # industrial blocks larger than this are sold as two plots
SLIVER_M2 = 6_000.0  # leftover corners too small to build on become protective green
COMMUNITY_BOX_KM = (0.45, 0.0, 2.3, 1.22)  # the talent community, south of the waterfront
SERVICE_CENTRE_KM = (1.35, 2.22)
RESIDENTS_TARGET, JOBS_TARGET = 75_000, 120_000
RD_CAMPUSES = 3  # R&D blocks around the service centre
#: Land held back for later needs at the east end (留白), as Chinese master plans do.
RESERVE_AT_KM, RESERVE_BLOCKS = (5.2, 1.6), 11
BALANCED_CONVERSIONS = 16  # industrial plots the "Balanced city" scenario turns into homes

#: Industrial plots by sector: code, FAR (at or just above the sector's far_min, so the plan's jobs
#: come out near the 120,000 target with the default jobs-per-GFA figures), name.
INDUSTRY = {
    "next_gen_it": ("100101", 1.0, "新一代信息技术产业园"),
    "biomed_devices": ("100101", 0.75, "生物医药与医疗器械产业园"),
    "new_energy_materials": ("100102", 0.65, "新能源新材料产业园"),
    "advanced_equipment": ("100102", 0.75, "高端装备制造产业园"),
}


@dataclass
class Parcel:
    geometry: Polygon
    code: str = ""
    name: str = ""
    sector: str | None = None
    far: float = 0.0
    coverage: float | None = None
    green_ratio: float | None = None
    height_m: float | None = None
    phase: int = 1


def origin() -> tuple[float, float]:
    """The local origin: lon 117.28 E, lat 39.69 N projected to EPSG:4548, rounded to 10 m."""
    x, y = transformer("EPSG:4326", CRS).transform(117.28, 39.69)
    return round(x, -1), round(y, -1)


def planned_boundary() -> Polygon:
    """An irregular outline, scaled about its first vertex to exactly the planned area."""
    km = [(0.0, 0.25), (1.7, 0.0), (3.5, 0.12), (5.1, 0.0), (5.45, 0.95), (5.3, 2.25), (4.55, 3.0),
          (2.8, 3.12), (1.15, 2.95), (0.15, 2.45), (-0.2, 1.25)]
    raw = Polygon([(x * 1000, y * 1000) for x, y in km])
    scale = (PLANNED_AREA_M2 / raw.area) ** 0.5
    x0, y0 = origin()
    # Rounded by hand: shapely.set_precision would attach a precision model that later overlays
    # inherit, snapping every cut vertex and opening slivers along slanted edges.
    return Polygon(np.round([(x0 + x * scale, y0 + y * scale) for x, y in raw.exterior.coords], 2))


def phase_lines(boundary: Polygon) -> list[float]:
    """x of each phase line, found by bisection so the land west of it has the planned area."""
    xmin, ymin, xmax, ymax = boundary.bounds
    lines = []
    for wanted in PHASE_AREAS_M2:
        lo, hi = xmin, xmax
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if boundary.intersection(box(xmin - 1, ymin - 1, mid, ymax + 1)).area < wanted else (lo, mid)
        lines.append(round((lo + hi) / 2, 2))
    return lines


def ns_roads(boundary: Polygon, cuts: list[float]) -> list[tuple[float, float]]:
    """(west edge x, width) of north-south roads: arterials start at each phase line, secondaries between."""
    xmin, _, xmax, _ = boundary.bounds
    roads = []
    edges = [xmin, *cuts, xmax]
    for start, end in zip(edges[:-1], edges[1:]):
        first = start
        if start > xmin:
            roads.append((start, ARTERIAL_M))
            first = start + ARTERIAL_M
        count = max(1, round((end - first) / BLOCK_SPACING_M))
        step = (end - first) / count
        for k in range(1, count):
            width = ARTERIAL_M if k % 2 == 0 else SECONDARY_M
            roads.append((round(first + k * step - width / 2, 2), width))
    return roads


def river_line(boundary: Polygon) -> LineString:
    xmin, ymin, xmax, _ = boundary.bounds
    xs = np.linspace(xmin - 200, xmax + 200, 240)
    ys = ymin + 1620 + 120 * np.sin(2 * np.pi * (xs - xmin) / 2300.0)
    return LineString(np.column_stack([xs, ys]))


def carve(boundary: Polygon, cuts: list[float]) -> tuple[list[Parcel], list[Parcel]]:
    """Cut the boundary into roads and waterfront (fixed uses) and the blocks between them."""
    xmin, ymin, xmax, ymax = boundary.bounds
    rest = boundary
    fixed: list[Parcel] = []

    def take(shape, code, name):
        nonlocal rest
        piece = shapely.intersection(rest, shape)
        rest = shapely.difference(rest, shape)
        if piece.area > 0:
            fixed.append(Parcel(piece, code=code, name=name))

    roads = []  # (name, west, south, east, north, width)
    for number, (x, width) in enumerate(ns_roads(boundary, cuts), start=1):
        roads.append((f"经{_cn(number)}路", x, ymin - 1, x + width, ymax + 1, width))
    for number, y_km in enumerate(EW_ROAD_Y_KM, start=1):
        width = ARTERIAL_M if number % 3 == 0 else SECONDARY_M
        y = ymin + y_km * 1000
        roads.append((f"纬{_cn(number)}路", xmin - 1, y - width / 2, xmax + 1, y + width / 2, width))
    for name, west, south, east, north, width in roads:
        take(box(west, south, east, north), "1207", f"{name} ({'主干路' if width == ARTERIAL_M else '次干路'})")
    for name, west, south, east, north, width in roads:  # arterials get green belts on both sides
        if width == ARTERIAL_M:
            b = BELT_M
            belts = [box(west - b, south, west, north), box(east, south, east + b, north)] if north - south > east - west \
                else [box(west, south - b, east, south), box(west, north, east, north + b)]
            take(shapely.union_all(belts), "1402", f"{name}防护绿带 Road green belt")
    river = river_line(boundary)
    take(river.buffer(WATER_HALF_M, quad_segs=4), "1701", "科技城河道 Waterfront canal")
    take(river.buffer(WATERFRONT_HALF_M, quad_segs=4), "1401", "滨水公园 Waterfront park")
    blocks = [Parcel(g) for g in shapely.get_parts(rest) if g.area > 0]
    return _split_by_phase(fixed, cuts, boundary), _split_by_phase(blocks, cuts, boundary)


def _split_by_phase(parcels: list[Parcel], cuts: list[float], boundary: Polygon) -> list[Parcel]:
    xmin, ymin, xmax, ymax = boundary.bounds
    edges = [xmin - 1, *cuts, xmax + 1]
    out = []
    for parcel in parcels:
        for phase, (west, east) in enumerate(zip(edges[:-1], edges[1:]), start=1):
            part = shapely.intersection(parcel.geometry, box(west, ymin - 1, east, ymax + 1))
            part = _polygonal(part)
            if part is not None:
                out.append(Parcel(part, parcel.code, parcel.name, parcel.sector, parcel.far, phase=phase))
    return out


def _polygonal(geom):
    polys = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and g.area > 0]
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def zone_blocks(blocks: list[Parcel], boundary: Polygon, rng: np.random.Generator) -> list[Parcel]:
    """Give every block its use: community, service centre, R&D, utilities, parks, industry."""
    x0, y0 = boundary.bounds[:2]
    cx0, cy0, cx1, cy1 = COMMUNITY_BOX_KM

    def in_community(parcel: Parcel) -> bool:
        x, y = (parcel.geometry.centroid.x - x0) / 1000, (parcel.geometry.centroid.y - y0) / 1000
        return cx0 <= x <= cx1 and y <= cy1 and parcel.geometry.area >= SLIVER_M2

    # Residential superblocks hold two compounds (小区), and a school needs half a block, not a whole one.
    blocks = [half for b in blocks for half in (_halves(b) if in_community(b) else [b])]
    centroids = np.array([[b.geometry.centroid.x - x0, b.geometry.centroid.y - y0] for b in blocks]) / 1000
    areas = np.array([b.geometry.area for b in blocks])
    unassigned = set(range(len(blocks)))

    def nearest(point_km, count, among=None):
        pool = sorted(among if among is not None else unassigned)
        order = sorted(pool, key=lambda i: (np.hypot(*(centroids[i] - point_km)), i))
        chosen = order[:count]
        unassigned.difference_update(chosen)
        return chosen

    def assign(i, code, name, far=0.0, sector=None, coverage=None, green=None, height=None):
        b = blocks[i]
        b.code, b.name, b.far, b.sector = code, name, far, sector
        b.coverage, b.green_ratio, b.height_m = coverage, green, height

    for i in [i for i in unassigned if areas[i] < SLIVER_M2]:
        assign(i, "1402", "防护绿地 Protective green")
        unassigned.discard(i)
    community = [i for i in sorted(unassigned) if cx0 <= centroids[i][0] <= cx1 and centroids[i][1] <= cy1]
    centre_km = np.array([(cx0 + cx1) / 2, cy1 / 2])
    uses = [
        ("1401", "人才社区中心公园 Community park", 0.0),
        ("080403", "南开中学科技城校区 Nankai Tech Town Campus", 0.9),
        ("0702", "社区服务中心 Community services", 1.5),
        ("080602", "社区卫生服务中心 Health centre", 1.2),
        ("080501", "全民健身中心 Sports centre", 0.6),
        ("080404", "幼儿园 Kindergarten", 0.8),
        ("080403", "科技城小学 Tech Town primary school", 0.9),
    ]
    order = nearest(centre_km, len(community), among=community)
    spread = order[::max(1, len(order) // len(uses))][: len(uses)]
    for i, (code, name, far) in zip(spread, uses):
        assign(i, code, name, far, coverage=0.3, green=0.35, height=18.0)
    housing = [i for i in order if i not in spread]
    # FARs vary plot by plot but add up to the residents target (0702 service plots count as housing).
    offsets = rng.uniform(-0.15, 0.15, len(housing))
    gfa_needed = RESIDENTS_TARGET * Parameters().m2_gfa_per_resident - sum(
        areas[i] * blocks[i].far for i in spread if blocks[i].code.startswith("07"))
    base_far = (gfa_needed - (offsets * areas[housing]).sum()) / areas[housing].sum()
    for n, (i, offset) in enumerate(zip(housing, offsets), start=1):
        name = "科境轩人才社区 Kejingxuan Talent Community" if n == 1 else f"人才社区 Talent housing {n}"
        assign(i, "070102", name, round(base_far + offset, 2), coverage=0.22, green=0.35,
               height=float(rng.choice([45, 54, 60, 80])))
    centre = [
        ("0801", "综合服务中心 Comprehensive Service Center", 1.0, None),
        ("0902", "科技金融中心 Tech finance offices", 1.8, "modern_services"),
        ("080301", "科技展示中心 Innovation exhibition hall", 0.6, None),
        ("090104", "人才公寓酒店 Talent hotel", 1.5, None),
        ("0901", "商业街 Retail street", 1.2, None),
    ]
    for i, (code, name, far, sector) in zip(nearest(np.array(SERVICE_CENTRE_KM), len(centre)), centre):
        assign(i, code, name, far, sector=sector, coverage=0.35, green=0.3, height=60.0)
    for n, i in enumerate(nearest(np.array(SERVICE_CENTRE_KM), RD_CAMPUSES), start=1):
        sector = "next_gen_it"
        assign(i, "0802", f"中关村研发中心 ZGC R&D campus {n}", round(1.5 + rng.uniform(-0.1, 0.1), 2), sector,
               coverage=0.35, green=0.2, height=50.0)
    utilities = [("1303", "220kV 变电站 Substation"), ("1301", "自来水厂 Waterworks"),
                 ("1310", "消防站 Fire station"), ("1302", "污水处理厂 Sewage works")]
    edge = sorted(unassigned, key=lambda i: (areas[i], i))[: len(utilities)]
    for i, (code, name) in zip(edge, utilities):
        assign(i, code, name, 0.4, coverage=0.3, green=0.3, height=12.0)
        unassigned.discard(i)
    for n, i in enumerate(nearest(np.array([3.6, 0.6]), 1) + nearest(np.array([4.6, 2.4]), 1), start=1):
        assign(i, "1401", f"产业园区公园 Industrial park green {n}")
    for i in nearest(np.array(RESERVE_AT_KM), RESERVE_BLOCKS):
        assign(i, "16", "留白用地 Reserved land (after 2035)")
    for i in sorted(unassigned):
        sector = _sector_at(centroids[i], rng)
        code, far, label = INDUSTRY[sector]
        if sector == "advanced_equipment" and centroids[i][0] > 4.9 and centroids[i][1] < 1.0:
            code, label = "110101", "装备物流园 Equipment logistics"
        assign(i, code, label, round(far + rng.uniform(0.0, 0.1), 2), sector, coverage=0.45, green=0.15,
               height=24.0)
    return [part for b in blocks for part in _split_plot(b)]


def _sector_at(point_km: np.ndarray, rng: np.random.Generator) -> str:
    """Sectors by district (IT by the R&D core, biomed mid-south, energy north, equipment east)."""
    x, y = point_km
    if x < 1.15:
        sector = "next_gen_it"
    elif x < 3.4:
        sector = "biomed_devices" if y < 1.8 else "new_energy_materials"
    else:
        sector = "new_energy_materials" if y > 2.0 and x < 4.3 else "advanced_equipment"
    if rng.random() < 0.12:  # real parks mix: a few plots go to a neighbouring sector
        sector = rng.choice(sorted(INDUSTRY))
    return str(sector)


def _split_plot(parcel: Parcel) -> list[Parcel]:
    """Large industrial, logistics and R&D blocks become two plots."""
    if not (parcel.code.startswith(("10", "11")) or parcel.code == "0802") or parcel.geometry.area < SPLIT_ABOVE_M2:
        return [parcel]
    return _halves(parcel)


def _halves(parcel: Parcel) -> list[Parcel]:
    """The parcel cut in two across its longer side (unchanged if it is not one simple polygon)."""
    if parcel.geometry.geom_type != "Polygon":
        return [parcel]
    xmin, ymin, xmax, ymax = parcel.geometry.bounds
    c = parcel.geometry.centroid
    half = box(xmin - 1, ymin - 1, c.x, ymax + 1) if xmax - xmin > ymax - ymin else box(xmin - 1, ymin - 1, xmax + 1, c.y)
    parts = [_polygonal(shapely.intersection(parcel.geometry, half)),
             _polygonal(shapely.difference(parcel.geometry, half))]
    if any(p is None for p in parts):
        return [parcel]
    return [Parcel(p, parcel.code, f"{parcel.name} {side}", parcel.sector, parcel.far, parcel.coverage,
                   parcel.green_ratio, parcel.height_m, parcel.phase) for p, side in zip(parts, ("A", "B"))]


def _cn(n: int) -> str:
    return "零一二三四五六七八九十"[n] if n <= 10 else f"十{'零一二三四五六七八九'[n - 10]}"


def base_zones() -> tuple[Polygon, list[float], list[Zone]]:
    rng = np.random.default_rng(SEED)
    boundary = planned_boundary()
    cuts = phase_lines(boundary)
    fixed, blocks = carve(boundary, cuts)
    parcels = fixed + zone_blocks(blocks, boundary, rng)
    parcels.sort(key=lambda p: (p.phase, p.code[:2] == "12", round(p.geometry.centroid.x, -2), -p.geometry.centroid.y))
    zones = [Zone(id=n, geometry=p.geometry, code=p.code, name=p.name, sector=p.sector, far=p.far,
                  coverage=p.coverage, green_ratio=p.green_ratio, height_m=p.height_m, phase=p.phase)
             for n, p in enumerate(parcels, start=1)]
    return boundary, cuts, with_parcel_codes(zones)


def with_parcel_codes(zones: list[Zone]) -> list[Zone]:
    """The zones named as the regulatory plan names them: Baodi planning unit, block, parcel."""
    from parkplanner.core.parcels.codes import derive_blocks, generate_codes

    codes = generate_codes(zones, derive_blocks(zones, "MNR-2023"), "MNR-2023", PLANNING_UNIT)
    return [z.with_changes(parcel_code=codes[z.id]) for z in zones]


def balanced_city(base: Scenario) -> Scenario:
    """More housing: industrial plots next to the community become homes with a school."""
    scenario = base.copy("balanced", "Balanced city")
    scenario.description = ("Converts the industrial plots nearest the talent community to housing "
                            "(and one to a school) so more of the workforce can live in the park.")
    homes_at = np.array([1.5, 0.6]) * 1000
    x0 = min(z.geometry.bounds[0] for z in base)
    y0 = min(z.geometry.bounds[1] for z in base)
    industrial = [z for z in base if z.code.startswith("10")]
    industrial.sort(key=lambda z: (np.hypot(z.geometry.centroid.x - x0 - homes_at[0],
                                            z.geometry.centroid.y - y0 - homes_at[1]), z.id))
    for n, zone in enumerate(industrial[:BALANCED_CONVERSIONS]):
        if n == 5:
            changed = zone.with_changes(code="080403", name="平衡城市学校 Balanced-city school", sector=None, far=0.9,
                                        coverage=0.3, green_ratio=0.35, height_m=18.0)
        else:
            changed = zone.with_changes(code="070102", name=f"新增住宅 New housing {n + 1}", sector=None, far=2.2,
                                        coverage=0.22, green_ratio=0.35, height_m=54.0)
        scenario.zones[zone.id] = changed
    return scenario


def land_budget(zones: list[Zone]) -> str:
    """The case's two-way split: supporting land (housing, civic, commercial) and the industrial rest."""
    from parkplanner.core.model.catalogue import default_catalogue

    catalogue = default_catalogue()
    supporting = sum(z.area_m2 for z in zones
                     if catalogue.generic_class("MNR-2023", z.code) in ("RES", "CIV", "COM") or z.code == "1401"
                     and "Community" in z.name)
    total = sum(z.area_m2 for z in zones)
    return (f"supporting (housing, schools, services, community park) {supporting / 1e6:.2f} km²; "
            f"industrial districts incl. R&D, their roads, green and reserve {(total - supporting) / 1e6:.2f} km²")


def build_project() -> Project:
    boundary, cuts, zones = base_zones()
    base = Scenario(id="base", name="Base plan (2017 master plan)", zones={z.id: z for z in zones},
                    description="Illustrative zoning after the 14.5 km² master plan: industry-led, "
                                "with a talent community south of the waterfront.")
    phases = tuple(
        Phase(n, name, year, shapely.union_all([z.geometry for z in zones if z.phase == n]))
        for n, (name, year) in enumerate(zip(("一期 Phase 1 (4.2 km²)", "二期 Phase 2", "三期 Phase 3"), PHASE_YEARS), start=1)
    )
    observed = tuple(
        Observation(year, indicator, value)
        for indicator, values in (("output_yi", (0.0, 9.8, 16.2)), ("registered_entities", (0.0, 327.0, 1682.0)),
                                  ("high_tech_enterprises", (0.0, 4.0, 27.0)))
        for year, value in zip((2017, 2020, 2024), values)
    )
    xmin, ymin, xmax, ymax = boundary.bounds
    context = ContextLayer("区域道路 Regional roads (illustrative)", "line", (
        LineString([(xmin - 2500, ymax + 900), (xmax + 2500, ymax + 400)]),
        LineString([(xmin - 1200, ymin - 3000), (xmin - 600, ymax + 3000)]),
    ))
    project = Project(
        name="京津中关村科技城 Beijing–Tianjin ZGC Tech Town", crs=CRS, phases=phases,
        targets=(Target("jobs", float(JOBS_TARGET), 2035), Target("residents", float(RESIDENTS_TARGET), 2035)),
        observed=observed, boundary=boundary, context_layers=(context,),
        scenarios=[base, balanced_city(base)], active_scenario_id="base",
        metadata={
            "description": "Beijing–Tianjin Zhongguancun Tech Town, Baodi District, Tianjin: 14.5 km² planned, "
                           "4.2 km² first phase; sectors next-generation IT, biomedicine and medical devices, "
                           "new energy and new materials, advanced equipment manufacturing.",
            "geometry_note": "Illustrative geometry: the boundary, roads and plots are invented to resemble the "
                             "case's land budget (industrial ~12.5 km² incl. R&D, supporting ~2 km²); "
                             "they are not surveyed.",
            "land_budget": land_budget(zones),
            "source": "Bu C., Xie B., Practice Thinking on Promoting Regional Industrial Upgrading and "
                      "Innovation Development through Science and Technology Park (Table 2: observed series).",
            "targets_note": "Plan targets: 120,000 jobs and 75,000 residents at build-out (15 years).",
            "planning_unit": PLANNING_UNIT,
            "generator": f"sample_projects/make_zgc_sample.py, seed {SEED}",
        },
    )
    return calibrated(project)


def calibrated(project: Project) -> Project:
    """The project with its projection fitted to the observed series (Table 2), as a planner would
    ship it: the appendix and the forecast then start from the case's own ramp-up."""
    from parkplanner.core.projection.calibration import calibrate, merged_calibration

    result = calibrate(project)
    project.calibration = merged_calibration(project.calibration, result.calibrations)
    return project


def main(argv: list[str]) -> int:
    from parkplanner.core.io.project_file import save_project

    out = Path(argv[0]) if argv else Path(__file__).with_name("zgc_tech_town.gpkg")
    project = build_project()
    save_project(project, out)
    zones = list(project.active_scenario)
    print(f"wrote {out}: {len(zones)} zones, {sum(z.area_m2 for z in zones) / 1e6:.2f} km²")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
