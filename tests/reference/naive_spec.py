"""A second implementation of docs/specification.md, deliberately naive.

It shares no code with the engine: plain Python loops over zones, no numpy, no import from
``parkplanner`` (the project, its zones, parameters and sectors are read as plain objects).
The catalogue and the standards rules are read from the shipped CSV files with ``csv``; targets,
grades, ramps and unit conversions are typed in again from the specification. Polygon areas
come from the shoelace formula over the vertices, not from GEOS. Only the service coverage (P2,
E3) uses shapely, in the most direct way: buffer every facility, union the buffers, intersect each
housing zone; the engine instead keeps per-zone pieces up to date edit by edit.

Everything returns JSON-like dicts keyed as in ``parkplanner metrics --json`` and
``parkplanner forecast --json``, so tests can compare the engine, the CLI and the Excel appendix
against the same numbers.
"""
from __future__ import annotations

import csv
import math
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "resources"

M2_PER_MU = 10000.0 / 15.0  # 1 mu = 666.67 m², exactly 10000/15
M2_PER_HA = 10000.0
WAN_PER_YI = 10000.0

GENERIC = ["RES", "MXD", "COM", "OFF", "IND", "LOG", "CIV", "GRN", "TRN", "UTL", "SPC", "RSV", "WAT", "AGR"]
CONSTRUCTION_CAPABLE = [c for c in GENERIC if c not in ("WAT", "AGR")]
JOB_CLASSES = ["COM", "OFF", "CIV", "IND", "LOG", "MXD"]

#: Indicator targets of the specification: (kind, low, high).
TARGETS = {
    "I1": ("band", 35.0, 55.0), "I2": (">=", 80.0, None), "I3": (">=", 250.0, None),
    "C1": ("band", 0.6, 0.8), "C2": ("band", 15.0, 30.0), "C3": (">=", 5.5, None),
    "P1": ("band", 0.8, 1.25), "P2": (">=", 100.0, None),
    "E1": (">=", 10.0, None), "E2": (">=", 8.0, None), "E3": (">=", 80.0, None),
    "K1": (">=", 0.5, None), "K2": ("band", 8.0, 15.0),
}
DIMENSIONS = {
    "industry": ["I1", "I2", "I3"], "city": ["C1", "C2", "C3"], "people": ["P1", "P2"],
    "scenery": ["E1", "E2", "E3"], "culture": ["K1", "K2"],
}
GRADES = ["极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调", "勉强协调", "初级协调", "中级协调", "良好协调",
          "优质协调"]
SCHOOL_RADIUS_M, PARK_RADIUS_M, PARK_MIN_M2 = 500.0, 300.0, 4000.0

#: Ramps (h, w) of zones without a sector, and of housing occupancy (specification, "Projection").
CLASS_RAMPS = {"CIV": (2.0, 3.0), "COM": (3.0, 4.0), "MXD": (3.0, 4.0), "LOG": (3.0, 4.0), "OFF": (5.0, 5.0),
               "IND": (6.0, 6.0), "RES": (2.0, 3.0)}
OTHER_RAMP = (3.0, 4.0)
OCCUPANCY = (2.0, 3.0)
SERIES = ["output_yi", "tax_yi", "jobs", "residents", "registered_entities", "high_tech_enterprises"]
FALLBACK = {"tax_yi": "output_yi", "high_tech_enterprises": "registered_entities"}
REGULARISATION = 0.05


# -- inputs ------------------------------------------------------------------------------------
def catalogue() -> dict[str, dict[str, dict]]:
    """scheme -> code -> {generic, facility, urban, parent}; local extension codes join both Chinese schemes."""
    out: dict[str, dict[str, dict]] = {}
    with open(RESOURCES / "landuse_catalogue.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out.setdefault(row["scheme"], {})[row["code"]] = {
                "generic": row["generic_class"], "facility": row["facility"], "urban": row["urban_dev"] == "1",
                "parent": row["parent_code"], "name_en": row["name_en"],
            }
    for scheme in ("MNR-2023", "GB50137-2011"):
        for code, entry in out.get("LOCAL-EXT", {}).items():
            out[scheme].setdefault(code, entry)
    return out


def standards() -> tuple[dict[str, tuple[float, float]], dict[str, tuple[str, float, float | None]]]:
    """Balance ranges by generic class, and per-capita rules by figure: (operator, limit, high)."""
    balance, per_capita = {}, {}
    with open(RESOURCES / "standards_rules.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            high = float(row["limit_high"]) if row["limit_high"] else None
            if row["scope"] == "balance":
                balance[row["generic_class"]] = (float(row["limit"]), high)
            elif row["scope"] == "per_capita":
                per_capita[row["attribute"]] = (row["operator"], float(row["limit"]), high)
    return balance, per_capita


def ring_area(coords) -> float:
    """Shoelace, relative to the first vertex: projected coordinates are ~10^6 m, and products of
    raw coordinates would cancel away the last digits of a parcel's area."""
    points = list(coords)
    x0, y0 = points[0][0], points[0][1]
    twice = 0.0
    for i in range(len(points) - 1):
        x1, y1 = points[i][0] - x0, points[i][1] - y0
        x2, y2 = points[i + 1][0] - x0, points[i + 1][1] - y0
        twice += x1 * y2 - x2 * y1
    return abs(twice) / 2.0


def polygon_area(geometry) -> float:
    """Shoelace: exterior minus holes, over every part of a multipolygon."""
    parts = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    total = 0.0
    for part in parts:
        total += ring_area(part.exterior.coords)
        for hole in part.interiors:
            total -= ring_area(hole.coords)
    return total


def level1(table: dict[str, dict], code: str) -> str:
    """Highest ancestor with a generic class that is construction land exactly when the code is."""
    chain = [code]
    while table[chain[-1]]["parent"] in table:
        chain.append(table[chain[-1]]["parent"])
    for candidate in reversed(chain):
        if table[candidate]["generic"] and table[candidate]["urban"] == table[code]["urban"]:
            return candidate
    return code


def ratio(numerator: float, denominator: float, scale: float = 1.0):
    return None if denominator <= 0 else numerator / denominator * scale


# -- metrics -----------------------------------------------------------------------------------
def metrics(project, scenario=None) -> dict:
    scenario = scenario or project.active_scenario
    params = project.effective_parameters(scenario)
    sectors = project.effective_sectors(scenario)
    table = catalogue()[project.scheme]
    balance_rules, per_capita_rules = standards()

    area_by = {c: 0.0 for c in GENERIC}
    construction_by = {c: 0.0 for c in GENERIC}
    gfa_by = {c: 0.0 for c in GENERIC}
    job_gfa_mxd = 0.0
    level1_area: dict[str, float] = {}
    total_area = construction = gfa_total = jobs = output = tax = culture = 0.0
    housing_zones, schools, parks = [], [], []
    for zone in scenario.zones.values():
        entry = table[zone.code]
        generic = entry["generic"]
        area = polygon_area(zone.geometry)
        gfa = zone.gfa_override_m2 if zone.gfa_override_m2 is not None else area * zone.far
        total_area += area
        area_by[generic] += area
        if entry["urban"]:
            construction += area
            construction_by[generic] += area
        key = level1(table, zone.code)
        level1_area[key] = level1_area.get(key, 0.0) + area
        gfa_total += gfa
        gfa_by[generic] += gfa
        sector = sectors.get(zone.sector) if zone.sector else None
        if generic in JOB_CLASSES:
            job_gfa = (1 - params.mxd_residential_share) * gfa if generic == "MXD" else gfa
            if generic == "MXD":
                job_gfa_mxd += job_gfa
            per_job = sector.m2_gfa_per_job if sector else params.class_m2_gfa_per_job[generic]
            if job_gfa > 0 and per_job > 0:
                jobs += job_gfa / per_job
        if sector:
            output += area / M2_PER_MU * sector.output_wan_per_mu
            tax += area / M2_PER_MU * sector.tax_wan_per_mu
        if entry["facility"] == "CULTURE_SPORTS":
            culture += area
        if generic in ("RES", "MXD"):
            housing_zones.append((zone.geometry, area))
        if entry["facility"] == "EDU":
            schools.append(zone.geometry)
        if generic == "GRN" and area >= PARK_MIN_M2:
            parks.append(zone.geometry)

    residents = (gfa_by["RES"] + params.mxd_residential_share * gfa_by["MXD"]) / params.m2_gfa_per_resident
    employed = residents * params.employed_share
    housing_area = sum(a for _, a in housing_zones)
    totals = {
        "zone_count": len(scenario.zones), "total_area_m2": total_area, "construction_area_m2": construction,
        "gfa_m2": gfa_total, "residents": residents, "dwellings": residents / params.household_size,
        "employed_residents": employed, "jobs": jobs, "output_wan": output, "tax_wan": tax,
        "output_yi": output / WAN_PER_YI, "tax_yi": tax / WAN_PER_YI,
    }

    # Balance: construction land by class, then land outside construction land.
    balance = []
    for c in CONSTRUCTION_CAPABLE:
        share = ratio(construction_by[c], construction, 100.0)
        rng = balance_rules.get(c)
        balance.append({"generic_class": c, "construction_land": True, "area_m2": construction_by[c],
                        "share_of_construction_pct": share, "share_of_total_pct": ratio(construction_by[c], total_area, 100.0),
                        "standard_range_pct": list(rng) if rng else None,
                        "within_standard": None if rng is None or share is None else rng[0] <= share <= rng[1]})
    for c in GENERIC:
        outside = area_by[c] - construction_by[c]
        if outside > 0 or c in ("WAT", "AGR"):
            balance.append({"generic_class": c, "construction_land": False, "area_m2": outside,
                            "share_of_construction_pct": None, "share_of_total_pct": ratio(outside, total_area, 100.0),
                            "standard_range_pct": None, "within_standard": None})
    level1_rows = {}
    for code, area in level1_area.items():
        urban = table[code]["urban"]
        rng = balance_rules.get(table[code]["generic"]) if urban else None
        share = ratio(area, construction, 100.0) if urban else None
        level1_rows[code] = {"code": code, "area_m2": area, "construction_land": urban,
                             "share_of_construction_pct": share, "share_of_total_pct": ratio(area, total_area, 100.0),
                             "within_standard": None if rng is None or share is None else rng[0] <= share <= rng[1]}

    numerators = {
        "construction_land_per_resident": construction,
        "residential_land_per_resident": construction_by["RES"] + 0.5 * construction_by["MXD"],
        "civic_land_per_resident": construction_by["CIV"],
        "transport_land_per_resident": construction_by["TRN"],
        "green_land_per_resident": construction_by["GRN"],
    }
    per_capita = {}
    for name, (operator, limit, high) in per_capita_rules.items():
        value = ratio(numerators[name], residents)
        within = None
        if value is not None:
            within = (value >= limit if operator == ">=" else value <= limit if operator == "<="
                      else limit <= value <= high)
        per_capita[name] = {"value": value, "within_standard": within}

    # Indicators.
    a, cb = area_by, construction_by
    half_mxd = 0.5 * a["MXD"]
    groups = [a["RES"] + half_mxd, a["COM"] + half_mxd, a["OFF"], a["IND"] + a["LOG"], a["CIV"], a["GRN"]]
    group_total = sum(groups)
    entropy = 0.0
    if group_total > 0:
        for g in groups:
            p = g / group_total
            if p > 0:
                entropy -= p * math.log(p)
        entropy /= math.log(6)
    values = {
        "I1": ratio(cb["IND"] + cb["OFF"] + cb["LOG"], construction, 100.0),
        "I2": ratio(jobs, construction / M2_PER_HA),
        "I3": ratio(output, (a["IND"] + a["OFF"]) / M2_PER_MU),
        "C1": entropy,
        "C2": ratio(cb["RES"] + 0.5 * cb["MXD"], construction, 100.0),
        "C3": ratio(a["CIV"], residents),
        "P1": ratio(jobs, employed),
        "P2": ratio(_covered(housing_zones, schools, SCHOOL_RADIUS_M), housing_area, 100.0),
        "E1": ratio(cb["GRN"], construction, 100.0),
        "E2": ratio(a["GRN"], residents),
        "E3": ratio(_covered(housing_zones, parks, PARK_RADIUS_M), housing_area, 100.0),
        "K1": ratio(culture, residents),
        "K2": ratio(gfa_by["COM"] + job_gfa_mxd, gfa_total, 100.0),
    }
    scores = {k: score(v, TARGETS[k]) for k, v in values.items()}
    dims = {d: sum(scores[i] for i in ids) / len(ids) for d, ids in DIMENSIONS.items()}
    u = list(dims.values())
    n = len(u)
    if min(u) <= 0:
        c_value = 0.0
    else:
        product = 1.0
        for value in u:
            product *= value
        c_value = product ** (1.0 / n) / (sum(u) / n)
    t_value = sum(value / n for value in u)
    d_value = math.sqrt(c_value * t_value)
    grade = 0
    while grade < 9 and d_value >= (grade + 1) / 10:
        grade += 1
    weights = {i: (1.0 / n) / len(ids) for ids in DIMENSIONS.values() for i in ids}
    gaps = {i: weights[i] * (1.0 - scores[i]) for i in scores}
    gap_total = sum(gaps.values())
    obstacles = {i: (g / gap_total if gap_total > 0 else None) for i, g in gaps.items()}
    return {
        "totals": totals, "landuse_balance": balance, "level1_balance": level1_rows, "per_capita": per_capita,
        "indicators": {k: {"value": values[k], "score": scores[k], "obstacle": obstacles[k]} for k in values},
        "dimensions": dims, "coupling": {"C": c_value, "T": t_value, "D": d_value, "grade": GRADES[grade]},
    }


def _covered(housing_zones, facilities, radius: float) -> float:
    if not facilities or not housing_zones:
        return 0.0
    import shapely

    reach = shapely.union_all([shapely.buffer(f, radius) for f in facilities])
    return sum(shapely.area(shapely.intersection(h, reach)) for h, _ in housing_zones)


def score(value, target) -> float:
    if value is None:
        return 0.0
    kind, low, high = target
    if kind == ">=":
        return min(1.0, value / low)
    if kind == "<=":
        return 1.0 if value == 0 else min(1.0, high / value)
    width = high - low
    if value < low:
        return max(0.0, 1.0 - (low - value) / width)
    if value > high:
        return max(0.0, 1.0 - (value - high) / width)
    return 1.0


# -- projection --------------------------------------------------------------------------------
def ramp(t: float, start: float, half: float, width: float) -> float:
    if t <= start:
        return 0.0
    x = -(t - start - half) * 4.0 / width
    if x > 700:  # e^x overflows a float; f is 0 to far below any tolerance
        return 0.0
    return 1.0 / (1.0 + math.exp(x))


def zone_terms(project, scenario=None) -> dict[str, list[tuple[float, float, float, float]]]:
    """series -> [(value at maturity, start, h, w)] over the scheduled zones."""
    scenario = scenario or project.active_scenario
    params = project.effective_parameters(scenario)
    sectors = project.effective_sectors(scenario)
    table = catalogue()[project.scheme]
    phase_years = {p.number: p.start_year for p in project.phases}
    terms = {name: [] for name in SERIES}
    for zone in scenario.zones.values():
        start = zone.start_year if zone.start_year is not None else phase_years.get(zone.phase)
        if start is None:
            continue
        generic = table[zone.code]["generic"]
        area = polygon_area(zone.geometry)
        gfa = zone.gfa_override_m2 if zone.gfa_override_m2 is not None else area * zone.far
        sector = sectors.get(zone.sector) if zone.sector else None
        h, w = (sector.ramp_half_years, sector.ramp_width_years) if sector else CLASS_RAMPS.get(generic, OTHER_RAMP)
        jobs = 0.0
        if generic in JOB_CLASSES:
            job_gfa = (1 - params.mxd_residential_share) * gfa if generic == "MXD" else gfa
            per_job = sector.m2_gfa_per_job if sector else params.class_m2_gfa_per_job[generic]
            jobs = job_gfa / per_job if job_gfa > 0 and per_job > 0 else 0.0
        housing = gfa if generic == "RES" else params.mxd_residential_share * gfa if generic == "MXD" else 0.0
        terms["jobs"].append((jobs, start, h, w))
        terms["residents"].append((housing / params.m2_gfa_per_resident, start, *OCCUPANCY))
        if sector:
            entities = area / M2_PER_HA * sector.enterprises_per_ha
            terms["output_yi"].append((area / M2_PER_MU * sector.output_wan_per_mu / WAN_PER_YI, start, h, w))
            terms["tax_yi"].append((area / M2_PER_MU * sector.tax_wan_per_mu / WAN_PER_YI, start, h, w))
            terms["registered_entities"].append((entities, start, h, w))
            terms["high_tech_enterprises"].append((entities * sector.high_tech_share, start, h, w))
    return terms


def series_value(terms, year: float, multipliers=(1.0, 1.0, 1.0)) -> float:
    scale, h_mult, w_mult = multipliers
    total = 0.0
    for base, start, h, w in terms:
        total += base * ramp(year, start, h * h_mult, w * w_mult)
    return scale * total


def multipliers_in_force(project) -> dict[str, tuple[float, float, float]]:
    fitted = {c.indicator: (c.scale, c.h_mult, c.w_mult) for c in project.calibration}
    for series, source in FALLBACK.items():
        if series not in fitted and source in fitted:
            fitted[series] = fitted[source]
    return fitted


def forecast(project, scenario=None) -> dict:
    """{years, series, fit} as ``parkplanner forecast --json`` reports them."""
    scenario = scenario or project.active_scenario
    terms = zone_terms(project, scenario)
    starts = [start for _, start, _, _ in terms["residents"]]
    horizon = int(project.effective_parameters(scenario).horizon_year)
    years = list(range(int(min(starts)), horizon + 1)) if starts else []
    fitted = multipliers_in_force(project)
    series = {name: [series_value(terms[name], y, fitted.get(name, (1.0, 1.0, 1.0))) for y in years]
              for name in SERIES}
    fit = []
    for obs in sorted(project.observed, key=lambda o: (SERIES.index(o.indicator), o.year)):
        modelled = series_value(terms[obs.indicator], obs.year, fitted.get(obs.indicator, (1.0, 1.0, 1.0)))
        if obs.value == 0:
            rel = 0.0 if modelled == 0 else None
        else:
            rel = (modelled - obs.value) / abs(obs.value)
        fit.append({"year": obs.year, "indicator": obs.indicator, "observed": obs.value, "modelled": modelled,
                    "rel_error": rel, "abs_error": modelled - obs.value})
    return {"years": years, "series": series, "fit": fit}


def calibration_cost(terms, observations, multipliers) -> float:
    """½ Σ residual² of the specification's fit: relative error where observed ≠ 0, the modelled share
    of capacity where observed = 0, and REGULARISATION · ln m of each ramp multiplier (and of the
    scale too when every observation is 0)."""
    scale = multipliers[0]
    capacity = sum(base for base, _, _, _ in terms)
    residuals = []
    for obs in observations:
        modelled = series_value(terms, obs.year, multipliers)
        residuals.append((modelled - obs.value) / (abs(obs.value) if obs.value != 0 else scale * capacity))
    pulled = multipliers[1:] if any(o.value != 0 for o in observations) else multipliers
    residuals += [REGULARISATION * math.log(m) for m in pulled]
    return 0.5 * sum(r * r for r in residuals)
