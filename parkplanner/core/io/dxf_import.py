"""Zones from a CAD drawing (DXF R12–R2018): parcels, their land use and their labelled figures.

控规 drawings come from AutoCAD and its Chinese plug-ins, not from GIS, so parcels arrive as
closed polylines (with arcs), HATCH fills, or loose lines and arcs that only enclose an area
together, and their attributes as block attributes, XDATA, TEXT/MTEXT labels or only the layer
name. GDAL's DXF driver reads neither block attribute tags nor per-entity XDATA by name, so the
drawing is read with ezdxf and turned into shapely polygons here; common drawings, where ezdxf's
entity objects would be most of the time, go through :mod:`~parkplanner.core.io.dxf_fast_reader`.

For each parcel the land use comes from, in this order: a block attribute or XDATA on or inside
the parcel, a TEXT/MTEXT label inside it, its layer name (a code of the scheme anywhere in it).
Other labels become attributes through :class:`~parkplanner.core.io.dxf_labels.LabelRules`.
A label belongs to the smallest parcel that contains its insertion point.

Coordinates are scaled from ``$INSUNITS`` (or the ``units`` override) to metres; Z is dropped;
blocks are exploded with their transforms. What was read, matched and left over is counted in a
:class:`DrawingReport` that the CLI prints on stderr and the GUI shows in its notes dialog.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import shapely
from shapely.geometry import Polygon

from parkplanner.core.collector import collector_paused
from parkplanner.core.geometry.validation import MIN_ZONE_AREA_M2, repair_polygon
from parkplanner.core.io.dxf_entities import check_file, drawing_header, read_document, read_entities
from parkplanner.core.io.dxf_fast_reader import Found, read_common_drawing
from parkplanner.core.io.dxf_labels import LabelRules, find_code, fraction
from parkplanner.core.io.dxf_outlines import Outline, parcel_outlines
from parkplanner.core.io.dxf_plan_layers import take_plan_layers
from parkplanner.core.io.gis_import import GisImportError, ImportResult, _phases, _sector_lookup
from parkplanner.core.io.import_crs import check_coordinates, checked_target, to_project_crs
from parkplanner.core.model.catalogue import SCHEMES, default_catalogue
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import ZONE_ATTRIBUTES, Zone, validate_attribute

# ezdxf reports what its recover mode repaired through logging; without a handler of the
# application's, Python would print each line on stderr. The import's own report says what matters.
logging.getLogger("ezdxf").addHandler(logging.NullHandler())

__all__ = ["DrawingOptions", "DrawingReport", "DrawingImportResult", "import_drawing", "UNITS", "APP_ID",
           "CRS_VARIABLE", "SCHEME_VARIABLE", "ZONE_ID_TAG", "ZONE_PART_TAG"]

#: Our XDATA application name and the drawing properties our export writes.
APP_ID = "PARKPLANNER"
CRS_VARIABLE = "PARKPLANNER_CRS"
SCHEME_VARIABLE = "PARKPLANNER_SCHEME"
#: --units names -> $INSUNITS codes (the DXF reference's table).
UNITS: dict[str, int] = {"in": 1, "ft": 2, "mm": 4, "cm": 5, "m": 6, "km": 7, "dm": 14}
#: Arcs and bulges are replaced by chords that stay within this distance of the curve.
ARC_TOLERANCE_M = 0.05
#: Markers of the tag lookup in _zones: our zone id and part number, and a tag not yet looked up.
_ZONE_ID, _ZONE_PART, _UNKNOWN = object(), object(), object()
#: Tags our export writes for the import itself: the zone id and the part a polyline outlines.
ZONE_ID_TAG, ZONE_PART_TAG = "zone_id", "zone_part"
_OURS = {ZONE_ID_TAG: _ZONE_ID, ZONE_PART_TAG: _ZONE_PART}


@dataclass
class DrawingOptions:
    """What the user can set: the drawing units, the snapping of loose lines, label spellings."""

    units: str | None = None  # a UNITS name overriding $INSUNITS
    snap_m: float = 0.05  # loose line ends closer than this (metres) are joined
    label_patterns: Mapping[str, str] = field(default_factory=dict)  # key -> regex with one group
    tags: Mapping[str, str] = field(default_factory=dict)  # key -> block attribute tag / XDATA key


@dataclass
class DrawingReport:
    """What the import did with the drawing, for the planner to check."""

    entities: Counter = field(default_factory=Counter)  # read, by DXF type (exploded blocks included)
    ignored: Counter = field(default_factory=Counter)  # by DXF type: nothing a parcel is made of
    parcels: int = 0
    from_lines: int = 0  # parcels enclosed by loose lines
    labels_matched: int = 0
    labels_unmatched: list[str] = field(default_factory=list)
    labels_outside: int = 0  # labels in no parcel
    open_outlines: list[tuple[float, float]] = field(default_factory=list)  # loose ends left open
    no_landuse: int = 0  # closed outlines without a land-use code
    too_small: int = 0  # parcels below the smallest zone area
    units: str = "m"
    boundary: bool = False  # the project boundary was read from its layer
    phases: int = 0  # phases read from their layers (name and start year)
    copies: list[tuple[int, int]] = field(default_factory=list)  # (zone id carried, new id) of copied parcels

    def lines(self) -> list[str]:
        read = ", ".join(f"{n} {kind}" for kind, n in sorted(self.entities.items())) or "nothing"
        out = [f"read {read} (units: {self.units})",
               f"made {self.parcels} parcels ({self.from_lines} from loose lines)",
               f"labels matched: {self.labels_matched}; unmatched: {len(self.labels_unmatched)}"
               + (f" ({', '.join(repr(t) for t in self.labels_unmatched[:5])}"
                  f"{', …' if len(self.labels_unmatched) > 5 else ''})" if self.labels_unmatched else "")
               + (f"; outside every parcel: {self.labels_outside}" if self.labels_outside else "")]
        if self.open_outlines:
            near = ", ".join(f"({x:.2f}, {y:.2f})" for x, y in self.open_outlines[:3])
            out.append(f"open outlines: {len(self.open_outlines)} loose ends did not close (near {near}"
                       f"{', …' if len(self.open_outlines) > 3 else ''}); raise the snapping tolerance or "
                       "close them in CAD")
        if self.too_small:
            out.append(f"closed outlines smaller than {MIN_ZONE_AREA_M2:g} m² (skipped): {self.too_small}")
        if self.no_landuse:
            out.append(f"closed outlines without a land-use code (skipped): {self.no_landuse}")
        if self.copies:
            pairs = ", ".join(f"{old} → {new}" for old, new in self.copies[:5]) + (", …" if len(self.copies) > 5 else "")
            out.append(f"copied in CAD: {len(self.copies)} parcels carried the zone id of another ({pairs}); "
                       "each is a zone of its own with a new id")
        if self.boundary or self.phases:
            out.append("restored: " + ", ".join(
                (["the project boundary"] if self.boundary else []) + ([f"{self.phases} phases"] if self.phases else [])))
        if self.ignored:
            out.append("ignored: " + ", ".join(f"{n} {kind}" for kind, n in sorted(self.ignored.items())))
        return out


@dataclass
class DrawingImportResult(ImportResult):
    report: DrawingReport = field(default_factory=DrawingReport)


# -- entry point ---------------------------------------------------------------------------------
def import_drawing(src: str | Path, scheme: str, crs: str | None = None, project_name: str | None = None,
                   options: DrawingOptions | None = None) -> DrawingImportResult:
    """Read the parcels of a DXF drawing into a new one-scenario :class:`Project`.

    ``crs`` is the CRS the drawing is drawn in (projected, metres) and becomes the project CRS;
    without it the CRS our export recorded in the drawing is used.
    """
    with collector_paused():
        return _import_drawing(src, scheme, crs, project_name, options or DrawingOptions())


def _import_drawing(src: str | Path, scheme: str, crs: str | None, project_name: str | None,
                    options: DrawingOptions) -> DrawingImportResult:
    if scheme not in SCHEMES:
        raise GisImportError(f"unknown land-use scheme {scheme!r} (known: {', '.join(SCHEMES)})")
    try:
        rules = LabelRules.build(options.label_patterns, options.tags)
    except ValueError as exc:
        raise GisImportError(str(exc)) from None
    if not options.snap_m >= 0:
        raise GisImportError(f"the snapping tolerance must be zero or more metres, not {options.snap_m!r}")
    if crs is not None:
        checked_target(crs)  # a wrong CRS is refused before a long read
    path = Path(src)
    label = path.name
    check_file(path)
    warnings: list[str] = []
    report = DrawingReport()
    content = read_common_drawing(path)  # the common case, fast; anything else through ezdxf
    doc = read_document(path, warnings) if content is None else None
    header = content.header if content is not None else drawing_header(doc)
    scale = _scale(header, options.units, report, warnings, label)
    target = _project_crs(header, crs, label)
    drawn_scheme = header.get(f"custom:{SCHEME_VARIABLE}")
    if drawn_scheme and drawn_scheme != scheme:
        warnings.append(f"{label} was exported with scheme {drawn_scheme}; its codes are read as {scheme}")
    if content is None:
        content = read_entities(doc, ARC_TOLERANCE_M / scale)
    report.entities, report.ignored = content.entities, content.ignored
    plan = take_plan_layers(content.rings, scale)  # our boundary and phase outlines are not parcels
    outlines = parcel_outlines(content, scale, options.snap_m, report, label)
    zones = _zones(outlines, content, scale, scheme, rules, report, label, warnings)
    if not zones and report.too_small and not outlines:
        raise GisImportError(f"{label}: every closed outline is smaller than {MIN_ZONE_AREA_M2:g} m² in "
                             f"{report.units}; check the drawing units (--units)")
    if not zones:
        raise GisImportError(f"{label}: no parcel with a land-use code of {scheme} (found {len(outlines)} closed "
                             "outlines); choose the scheme of its codes, or put a code in the layer name, a label "
                             "inside the parcel or a block attribute")
    geoms = np.array([z.geometry for z in zones], dtype=object)
    check_coordinates(shapely.get_coordinates(geoms), target, label, drawing=True)
    to_project_crs(geoms, target, target, label, warnings)
    # Phases the drawing's phase layers name keep their names and years; the others are made
    # from their zones' start years, as every import does.
    restored = {phase.number for phase in plan.phases}
    phases = sorted(plan.phases + list(_phases([z for z in zones if z.phase not in restored], warnings)),
                    key=lambda phase: phase.number)
    report.boundary = plan.boundary is not None
    report.phases = len(plan.phases)
    project = Project(
        name=project_name or path.stem, crs=target, scheme=scheme, phases=tuple(phases), boundary=plan.boundary,
        scenarios=[Scenario(id="base", name="Base plan", zones={z.id: z for z in zones})],
        metadata={"imported_from": path.name},
    )
    return DrawingImportResult(project, warnings, report=report)


def _scale(header: dict[str, str], units: str | None, report: DrawingReport, warnings: list[str],
           label: str) -> float:
    """Metres per drawing unit, from the override or $INSUNITS (0, unitless, is taken as metres)."""
    from ezdxf import units as dxf_units

    if units is not None:
        if units not in UNITS:
            raise GisImportError(f"unknown drawing units {units!r} (use {', '.join(UNITS)})")
        code = UNITS[units]
    else:
        try:
            code = int(float(header.get("$INSUNITS") or 0))
        except ValueError:
            code = 0
        if code == 0:
            warnings.append(f"{label} does not say its units ($INSUNITS); taken as metres (--units sets them)")
            code = UNITS["m"]
    try:
        factor = dxf_units.conversion_factor(code, UNITS["m"])
    except (KeyError, ValueError, TypeError):
        raise GisImportError(f"{label}: unsupported drawing units ($INSUNITS {code}); give --units") from None
    report.units = next((name for name, c in UNITS.items() if c == code), dxf_units.unit_name(code))
    if units is None and code in (UNITS["in"], UNITS["ft"]):
        # GDAL's DXF writer, among others, stamps inches on every drawing it makes.
        warnings.append(f"{label} says it is drawn in {report.units} ($INSUNITS {code}); if its parcels are "
                        "metric, import it with units m")
    return float(factor)


def _project_crs(header: dict[str, str], crs: str | None, label: str) -> str:
    if crs is None:
        crs = (header.get(f"custom:{CRS_VARIABLE}") or "").strip() or None
        if crs is None:
            raise GisImportError(f"{label} has no CRS (CAD drawings do not say theirs); give the CRS it is "
                                 "drawn in, e.g. EPSG:4548")
    return checked_target(crs)


# -- attributes ----------------------------------------------------------------------------------
def _zones(outlines: list[Outline], content: Found, scale: float, scheme: str, rules: LabelRules,
           report: DrawingReport, label: str, warnings: list[str]) -> list[Zone]:
    if not outlines:
        return []
    polygons = np.array([o.polygon for o in outlines], dtype=object)
    areas = shapely.area(polygons)
    tagged = [[] for _ in outlines]
    texts: list[list[str]] = [[] for _ in outlines]
    for n, (x, y, values) in _assign(content.tagged, polygons, areas, scale):
        if n is not None:
            tagged[n].append(values)
    for n, (x, y, lines) in _assign(content.labels, polygons, areas, scale):
        if n is None:
            report.labels_outside += 1
        else:
            texts[n].extend(lines)

    catalogue = default_catalogue()
    sectors = _sector_lookup()
    has_parcel_code = "parcel_code" in {f.name for f in fields(Zone)}
    groups: dict[int, list[tuple[Polygon, dict[str, Any]]]] = {}
    order: list[int] = []
    checked: dict[tuple[str, str], Any] = {}
    keys: dict[str, Any] = {}  # tag -> key
    meanings: dict[str, tuple[str, str] | None] = {}  # label line -> (key, value)
    next_id = 1
    parts_seen: set[tuple[int, str]] = set()
    copied: dict[int, int] = {}  # key of a copy -> the zone id it carried
    for n, outline in enumerate(outlines):
        where = _Where(label, outline.polygon)  # worded only for an error message
        values: dict[str, str] = {}
        zone_id: str | None = None
        part: str | None = None  # which part of its zone our export drew this outline as
        for source in [outline.values] + tagged[n]:  # block attributes and XDATA come first
            for tag, text in source.items():
                key = keys.get(tag, _UNKNOWN)
                if key is _UNKNOWN:  # each tag is looked up once: a drawing repeats a dozen tags
                    key = keys[tag] = _OURS.get(tag.strip().lower()) or rules.key_of_tag(tag)
                if key is _ZONE_ID:
                    zone_id = zone_id or text.strip()
                elif key is _ZONE_PART:
                    part = part or text.strip()
                elif key is not None and key not in values and text is not None:
                    stripped = (text := str(text)).strip()
                    if stripped:
                        values[key] = text if key == "name" else stripped  # names keep their spaces
        for line in texts[n]:
            found = meanings[line] if line in meanings else meanings.setdefault(line, rules.classify(line, scheme))
            if found is None:
                report.labels_unmatched.append(line.strip())
                continue
            report.labels_matched += 1
            key, text = found
            values.setdefault(key, text)
        code = None
        if "landuse" in values:
            raw = values["landuse"]
            code = catalogue.normalise_code(scheme, raw) or find_code(scheme, raw)
            if code is None or not catalogue.get(scheme, code).assignable:
                raise GisImportError(f"{where}: unknown land-use code {raw!r} in scheme {scheme}")
        else:
            code = next((c for c in (find_code(scheme, layer) for layer in outline.layers) if c), None)
        if code is None:
            report.no_landuse += 1
            continue
        attributes = _attributes(values, code, where, sectors, has_parcel_code, checked)
        key = int(zone_id) if zone_id and zone_id.isdigit() else -(next_id := next_id + 1)
        if key > 0 and part is not None:
            if (key, part) in parts_seen:  # the same part twice: a parcel copied in CAD, XDATA and all
                copied[-(next_id := next_id + 1)] = key
                key = -next_id
            else:
                parts_seen.add((key, part))
        if key not in groups:
            order.append(key)
        groups.setdefault(key, []).append((outline.polygon, attributes))
        report.parcels += 1
    return _build(groups, order, copied, report)


def _assign(items: list, polygons: np.ndarray, areas: np.ndarray, scale: float) -> Iterable[tuple[int | None, Any]]:
    """Each item (x, y, ...) with the index of the smallest polygon containing its point."""
    if not items:
        return []
    points = shapely.points(np.array([(x, y) for x, y, _ in items], dtype=float) * scale)
    tree = shapely.STRtree(polygons)
    item_index, polygon_index = tree.query(points, predicate="within")
    # The smallest polygon of each item: pairs sorted by item, then area (stable: ties keep the first).
    order = np.lexsort((areas[polygon_index], item_index))
    item_index, polygon_index = item_index[order], polygon_index[order]
    first = np.ones(len(item_index), dtype=bool)
    first[1:] = item_index[1:] != item_index[:-1]
    best = np.full(len(items), -1, dtype=np.int64)
    best[item_index[first]] = polygon_index[first]
    return [(None if b < 0 else b, item) for b, item in zip(best.tolist(), items)]


def _attributes(values: dict[str, str], code: str, where: _Where, sectors: dict[str, str],
                has_parcel_code: bool, checked: dict[tuple[str, str], Any]) -> dict[str, Any]:
    """Zone attributes of a parcel's values; ``checked`` remembers values already validated (a
    drawing repeats the same few FARs and ratios thousands of times)."""
    attributes: dict[str, Any] = {"code": code}
    for key, text in values.items():
        if key in ("landuse", "parcel_code"):
            continue
        if key == "sector":
            sector = sectors.get(text.strip().lower())
            if sector is None:
                raise GisImportError(f"{where}: unknown sector {text!r}")
            attributes["sector"] = sector
            continue
        if key not in ZONE_ATTRIBUTES:
            continue
        if (key, text) not in checked:
            try:
                checked[key, text] = validate_attribute(key, fraction(key, text))
            except ValueError as exc:
                raise GisImportError(f"{where}: {exc} (label {text!r})") from None
        attributes[key] = checked[key, text]
    if "parcel_code" in values:
        if has_parcel_code:
            try:
                attributes["parcel_code"] = validate_attribute("parcel_code", values["parcel_code"])
            except ValueError as exc:
                raise GisImportError(f"{where}: {exc} (label {values['parcel_code']!r})") from None
        elif not attributes.get("name"):
            attributes["name"] = values["parcel_code"]  # shown and exported until zones have a parcel code
    return attributes


def _build(groups: dict[int, list[tuple[Polygon, dict[str, Any]]]], order: list[int], copied: dict[int, int],
           report: DrawingReport) -> list[Zone]:
    """Zones in drawing order; parts that share a zone id (our export's multipolygons) are one zone;
    copies of a part get new ids, reported with the id they carried."""
    zones = []
    used = {key for key in order if key > 0}
    next_id = max(used, default=0) + 1
    for key in order:
        parts = groups[key]
        if key > 0:
            zone_id = key
        else:
            zone_id, next_id = next_id, next_id + 1
            if key in copied:
                report.copies.append((copied[key], zone_id))
        polygons = [p for p, _ in parts]
        geometry = polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(
            [g for p in polygons for g in shapely.get_parts(p)])
        if not geometry.is_valid:
            geometry, _ = repair_polygon(geometry)
        zones.append(Zone(id=zone_id, geometry=geometry, **parts[0][1]))
    return zones


@dataclass
class _Where:
    """"drawing.dxf, parcel at (x, y)": the parcel an error is about."""

    label: str
    polygon: Any

    def __str__(self) -> str:
        point = self.polygon.representative_point()
        return f"{self.label}, parcel at ({point.x:.2f}, {point.y:.2f})"
