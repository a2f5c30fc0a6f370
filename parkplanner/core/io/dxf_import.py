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

import gc
import logging
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon

from parkplanner.core.geometry.validation import MIN_ZONE_AREA_M2, GeometryRefused, repair_polygon
from parkplanner.core.io.dxf_fast_reader import Found, read_common_drawing
from parkplanner.core.io.dxf_labels import LabelRules, find_code, fraction
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
#: Two outlines of one parcel (a HATCH and its polyline) differ by less than this share of area.
_SAME_OUTLINE = 1e-6
_MAX_BLOCK_DEPTH = 8
_CURVES = ("LINE", "ARC", "LWPOLYLINE", "POLYLINE", "CIRCLE", "ELLIPSE", "SPLINE")
_TEXTS = ("TEXT", "MTEXT", "ATTRIB")
#: Markers of the tag lookup in _zones: our zone id and part number, and a tag not yet looked up.
_ZONE_ID, _ZONE_PART, _UNKNOWN = object(), object(), object()
#: Tags our export writes for the import itself: the zone id and the part a polyline outlines.
ZONE_ID_TAG, ZONE_PART_TAG = "zone_id", "zone_part"
_OURS = {ZONE_ID_TAG: _ZONE_ID, ZONE_PART_TAG: _ZONE_PART}
#: What ezdxf raises on an entity whose values make no sense (missing vertices, zero-length axes...).
_DAMAGED = (ValueError, TypeError, AttributeError, IndexError, KeyError, ZeroDivisionError, ArithmeticError)


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


@dataclass
class _Outline:
    polygon: Polygon
    layers: list[str]
    values: dict[str, str]  # key -> text, from XDATA on the outline itself
    loose: bool = False


# -- entry point ---------------------------------------------------------------------------------
def import_drawing(src: str | Path, scheme: str, crs: str | None = None, project_name: str | None = None,
                   options: DrawingOptions | None = None) -> DrawingImportResult:
    """Read the parcels of a DXF drawing into a new one-scenario :class:`Project`.

    ``crs`` is the CRS the drawing is drawn in (projected, metres) and becomes the project CRS;
    without it the CRS our export recorded in the drawing is used.
    """
    with _collector_paused():
        return _import_drawing(src, scheme, crs, project_name, options or DrawingOptions())


@contextmanager
def _collector_paused():
    """No cycle collections while a drawing is read. Reading makes a few hundred thousand dicts,
    lists and tuples that are never garbage cycles; each allocation burst would trigger a full
    collection that walks them and everything else alive (a second of CPU at 20,000 parcels with
    a project open). Reference counting still frees them; the collector resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    _check_file(path)
    warnings: list[str] = []
    report = DrawingReport()
    content = read_common_drawing(path)  # the common case, fast; anything else through ezdxf
    doc = _read_document(path, warnings) if content is None else None
    header = content.header if content is not None else _header(doc)
    scale = _scale(header, options.units, report, warnings, label)
    target = _project_crs(header, crs, label)
    drawn_scheme = header.get(f"custom:{SCHEME_VARIABLE}")
    if drawn_scheme and drawn_scheme != scheme:
        warnings.append(f"{label} was exported with scheme {drawn_scheme}; its codes are read as {scheme}")
    if content is None:
        content = _read_entities(doc, ARC_TOLERANCE_M / scale)
    report.entities, report.ignored = content.entities, content.ignored
    plan = take_plan_layers(content.rings, scale)  # our boundary and phase outlines are not parcels
    outlines = _outlines(content, scale, options.snap_m, report, label)
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


# -- reading -------------------------------------------------------------------------------------
def _check_file(path: Path) -> None:
    if not path.exists():
        raise GisImportError(f"no such file: {path}")
    if path.is_dir():
        raise GisImportError(f"{path} is a folder, not a drawing")
    if path.stat().st_size == 0:
        raise GisImportError(f"{path.name} is empty")


def _read_document(path: Path, warnings: list[str]):
    import ezdxf
    from ezdxf import recover

    encoding = _utf8_despite_code_page(path)
    if encoding:
        warnings.append(f"{path.name} says its text is ANSI_1252 but it is UTF-8 (as GDAL writes drawings); "
                        "read as UTF-8")
    try:
        return ezdxf.readfile(path, encoding=encoding)  # else by $DWGCODEPAGE (ANSI_936 is GBK)
    except (OSError, UnicodeDecodeError) as exc:
        raise GisImportError(f"cannot read {path.name}: {_reason(exc)}") from None
    except Exception:  # noqa: BLE001 - a damaged file fails the strict parser in many ways (even StopIteration)
        pass
    try:  # damaged structure: ezdxf's recover mode rebuilds what it can, as AutoCAD's RECOVER does
        doc, _auditor = recover.readfile(path)
        return doc
    except Exception as exc:  # noqa: BLE001 - what recover cannot rebuild is not a drawing we can read
        raise GisImportError(f"cannot read {path.name}: not a DXF drawing or damaged beyond repair "
                             f"({_reason(exc)[:80]})") from None


def _utf8_despite_code_page(path: Path) -> str | None:
    """"utf-8" for a drawing before R2007 that claims the Western code page (ANSI_1252, the
    default) but whose text is UTF-8, as GDAL's DXF writer and other tools write it; else None."""
    data = path.read_bytes()
    version = re.search(rb"\$ACADVER\s*\r?\n\s*1\s*\r?\n\s*(AC\d{4})", data)
    if version is None or version.group(1) >= b"AC1021" or data.isascii():
        return None
    page = re.search(rb"\$DWGCODEPAGE\s*\r?\n\s*3\s*\r?\n\s*([^\r\n]*)", data)
    if page is not None and page.group(1).strip().upper() not in (b"ANSI_1252", b""):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


def _header(doc) -> dict[str, str]:
    """$INSUNITS and the drawing's custom properties, as the fast reader gives them."""
    header = {"$INSUNITS": str(doc.header.get("$INSUNITS", 0) or 0)}
    try:
        header.update({f"custom:{name}": str(value) for name, value in doc.header.custom_vars})
    except (AttributeError, TypeError, ValueError):
        pass
    return header


def _read_entities(doc, tolerance: float) -> Found:
    """The model space through ezdxf: every entity kind, blocks exploded with their transforms."""
    found = Found()
    block_draws: dict[str, bool] = {}
    for entity in doc.modelspace():
        try:
            _collect(entity, found, tolerance, 0, block_draws)
        except _DAMAGED as exc:  # one damaged entity is reported, the rest of the drawing still read
            found.ignored[f"{entity.dxftype()} (damaged: {_reason(exc)[:60]})"] += 1
    return found


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


def _collect(entity, found: Found, tolerance: float, depth: int, block_draws: dict[str, bool]) -> None:
    """Sort one entity (and what a block holds) into outlines, loose lines, labels and tags."""
    kind = entity.dxftype()
    found.entities[kind] += 1
    layer = entity.dxf.get("layer", "0")
    xdata = _xdata(entity)
    if kind in _CURVES:
        if kind == "POLYLINE" and (entity.is_poly_face_mesh or entity.is_polygon_mesh):
            found.ignored[kind] += 1
            return
        coords = _flatten(entity, tolerance)
        if coords is None:
            found.ignored[kind] += 1
            return
        if _is_closed(entity, kind, coords):
            found.rings.append((coords, layer, xdata))
        else:
            found.lines.append(coords)
            if xdata:
                found.tagged.append((float(coords[0, 0]), float(coords[0, 1]), xdata))
    elif kind == "HATCH":
        rings = _hatch_rings(entity, tolerance)
        if rings is None:
            found.ignored[kind] += 1
        else:
            found.hatches.append((rings, layer, xdata))
    elif kind in _TEXTS:
        x, y = _insert_point(entity)
        lines = entity.plain_text(split=True) if kind == "MTEXT" else [entity.plain_text()]
        found.labels.append((x, y, [line for line in lines if line.strip()]))
        if xdata:
            found.tagged.append((x, y, xdata))
    elif kind == "INSERT":
        x, y = _insert_point(entity)
        tags = {a.dxf.tag: a.dxf.text for a in entity.attribs}
        tags.update(xdata)
        if tags:
            found.tagged.append((x, y, tags))
        if not _draws_something(entity, block_draws):  # attribute definitions only, like PP_ZONE
            return
        if depth >= _MAX_BLOCK_DEPTH:
            found.ignored["INSERT nested too deep"] += 1
            return
        try:
            parts = list(entity.virtual_entities())
        except Exception:  # noqa: BLE001 - a block ezdxf cannot transform (e.g. non-uniform scaling of text)
            found.ignored["INSERT"] += 1
            return
        for part in parts:
            if part.dxftype() != "ATTDEF":  # definitions; the values are the INSERT's ATTRIBs
                _collect(part, found, tolerance, depth + 1, block_draws)
    elif xdata and kind == "POINT":
        location = entity.dxf.location
        found.tagged.append((float(location.x), float(location.y), xdata))
    else:
        found.ignored[kind] += 1


def _draws_something(insert, cache: dict[str, bool]) -> bool:
    """Whether the INSERT's block holds more than attribute definitions (answered once per block)."""
    name = insert.dxf.name
    if name not in cache:
        block = insert.block()
        cache[name] = block is None or any(e.dxftype() != "ATTDEF" for e in block)
    return cache[name]


def _flatten(entity, tolerance: float) -> np.ndarray | None:
    """2D vertices of a curve; arcs and bulges become chords within ``tolerance`` of the curve."""
    from ezdxf import path as dxf_path

    try:
        curve = dxf_path.make_path(entity)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if len(curve) == 0 and not curve.has_sub_paths:
        return None
    coords = np.array([(v.x, v.y) for v in curve.flattening(tolerance)], dtype=float)
    if len(coords) < 2 or not np.isfinite(coords).all():
        return None
    return coords


def _is_closed(entity, kind: str, coords: np.ndarray) -> bool:
    if kind in ("CIRCLE",):
        return True
    if kind == "ELLIPSE":
        return abs(entity.dxf.end_param - entity.dxf.start_param) >= 2 * np.pi - 1e-9
    if len(coords) < 4:
        return False
    return bool(np.allclose(coords[0], coords[-1], rtol=0, atol=1e-9))


def _hatch_rings(entity, tolerance: float) -> list[np.ndarray] | None:
    """A HATCH's boundary paths as rings of vertices (arcs and splines flattened)."""
    from ezdxf import path as dxf_path

    rings = []
    try:
        for boundary in dxf_path.from_hatch(entity):
            coords = np.array([(v.x, v.y) for v in boundary.flattening(tolerance)], dtype=float)
            if len(coords) >= 3 and np.isfinite(coords).all():
                rings.append(coords)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return rings or None


def _hatch_polygon(rings: list[np.ndarray]) -> Polygon | None:
    """A HATCH's area: nested rings alternate between area and hole (even-odd, as CAD fills them)."""
    area = None
    rings = [shapely.make_valid(Polygon(coords)) for coords in rings]
    for ring in sorted(rings, key=lambda g: -g.area):
        area = ring if area is None else area.symmetric_difference(ring)
    polygons = [g for g in shapely.get_parts(area)] if area is not None else []
    polygons = [g for g in polygons if isinstance(g, Polygon) and g.area > 0]
    if not polygons:
        return None
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def _insert_point(entity) -> tuple[float, float]:
    point = entity.dxf.insert
    return float(point.x), float(point.y)


def _xdata(entity) -> dict[str, str]:
    """``key=value`` strings of any application's XDATA (our export writes them that way)."""
    values: dict[str, str] = {}
    xdata = getattr(entity, "xdata", None)
    if not xdata:
        return values
    for appid in list(xdata.data):
        for code, value in xdata.get(appid):
            if code == 1000 and isinstance(value, str) and "=" in value:
                key, _, text = value.partition("=")
                values.setdefault(key.strip(), text)
    return values


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


# -- geometry ------------------------------------------------------------------------------------
def _outlines(content: Found, scale: float, snap_m: float, report: DrawingReport, label: str) -> list[_Outline]:
    """Closed outlines and areas enclosed by loose lines, in metres, one per parcel outline."""
    rings = _polygons([coords * scale for coords, _, _ in content.rings])
    candidates: list[tuple[Polygon, str, dict[str, str], int]] = [
        (polygon, layer, xdata, 0) for polygon, (_, layer, xdata) in zip(rings, content.rings) if polygon is not None]
    # A hatch of one boundary (most of them) is that ring's polygon, made with the rest at once.
    simple = [n for n, (boundaries, _, _) in enumerate(content.hatches) if len(boundaries) == 1]
    areas = dict(zip(simple, _polygons([content.hatches[n][0][0] * scale for n in simple])))
    for n, (boundaries, layer, xdata) in enumerate(content.hatches):
        polygon = areas[n] if n in areas else _hatch_polygon([coords * scale for coords in boundaries])
        if polygon is not None:
            candidates.append((polygon, layer, xdata, 1))
    if content.lines:
        for polygon in _polygonize([line * scale for line in content.lines], snap_m, report):
            candidates.append((polygon, "", {}, 2))
            report.from_lines += 1
    candidates.sort(key=lambda c: c[3])  # polylines first: they carry the exact vertices
    outlines: list[_Outline] = []
    geometries = np.array([c[0] for c in candidates], dtype=object)
    valid = shapely.is_valid(geometries).tolist() if candidates else []
    areas = shapely.area(geometries).tolist() if candidates else []
    empty = shapely.is_empty(geometries).tolist() if candidates else []
    for (polygon, layer, xdata, priority), is_valid, area, is_empty in zip(candidates, valid, areas, empty):
        if not is_valid:
            try:
                polygon, _ = repair_polygon(polygon)
            except GeometryRefused:
                continue
            area, is_empty = polygon.area, polygon.is_empty
        if is_empty or area <= 0:
            continue
        if area < MIN_ZONE_AREA_M2:  # symbols, text frames: never a parcel, never a label's home
            report.too_small += 1
            continue
        outlines.append(_Outline(polygon, [layer] if layer else [], dict(xdata), loose=priority == 2))
    return _merge_same(outlines)


def _polygons(rings: list[np.ndarray]) -> list[Polygon | None]:
    """Polygons of rings of vertices (closed or not), made in one call; None for a degenerate ring."""
    usable = [len(np.unique(ring, axis=0)) >= 3 if len(ring) <= 4 else True for ring in rings]
    coords = [ring for ring, ok in zip(rings, usable) if ok]
    made: list[Polygon | None] = []
    if coords:
        counts = [len(ring) for ring in coords]
        try:
            made = list(shapely.polygons(shapely.linearrings(
                np.concatenate(coords), indices=np.repeat(np.arange(len(coords)), counts))))
        except shapely.errors.GEOSException:  # one bad ring spoils the batch: made one by one
            made = [_polygon_or_none(ring) for ring in coords]
    out = iter(made)
    return [next(out) if ok else None for ok in usable]


def _polygon_or_none(ring: np.ndarray) -> Polygon | None:
    try:
        return Polygon(ring)
    except (ValueError, shapely.errors.GEOSException):
        return None


def _merge_same(outlines: list[_Outline]) -> list[_Outline]:
    """One outline per parcel: a HATCH and the polyline around it (or a ring that is a hole of
    another outline) are the same area; their layers and XDATA are pooled."""
    if len(outlines) < 2:
        return outlines
    # Compared by their shells: a HATCH with an island has the same shell as the polyline around it.
    polygons = np.array([o.polygon for o in outlines], dtype=object)
    shells = polygons.copy()
    holed = (shapely.get_type_id(polygons) == 3) & (shapely.get_num_interior_rings(polygons) > 0)
    shells[holed] = shapely.polygons(shapely.get_exterior_ring(polygons[holed]))  # compared without holes
    areas = shapely.area(shells)
    tree = shapely.STRtree(shells)
    # Boxes that overlap are enough to pair outlines: equal areas, then equal shapes, decide.
    left, right = tree.query(shells)
    keep = np.ones(len(outlines), dtype=bool)
    pairs = (left < right) & (np.abs(areas[left] - areas[right]) <= _SAME_OUTLINE * np.maximum(areas[left], 1.0))
    left, right = left[pairs], right[pairs]
    # Outlines with the very same vertices (a hatch and its polyline as CAD programs write them)
    # need no overlay; the others are compared by the area of their symmetric difference.
    same = shapely.equals_exact(shells[left], shells[right], tolerance=0.0)
    differences = np.zeros(len(left))
    differences[~same] = shapely.area(shapely.symmetric_difference(shells[left[~same]], shells[right[~same]]))
    for i, j, difference in zip(left.tolist(), right.tolist(), differences.tolist()):
        if not keep[i] or not keep[j]:
            continue
        if difference <= _SAME_OUTLINE * max(areas[i], 1.0):
            keep[j] = False
            if polygons[j].area < outlines[i].polygon.area:  # the hatch knows the islands
                outlines[i].polygon = polygons[j]
            outlines[i].layers.extend(outlines[j].layers)
            for key, value in outlines[j].values.items():
                outlines[i].values.setdefault(key, value)
    # Rings that are the holes of another outline (a polyline drawn along a HATCH's island).
    outlines_kept = [o for o, k in zip(outlines, keep) if k]
    parts = shapely.get_parts(np.array([o.polygon for o in outlines_kept], dtype=object))
    holes = [shapely.Polygon(ring) for part in parts[shapely.get_num_interior_rings(parts) > 0]
             for ring in part.interiors]
    if holes:
        hole_tree = shapely.STRtree(holes)
        for index, outline in enumerate(outlines):
            if not keep[index]:
                continue
            for h in hole_tree.query(outline.polygon, predicate="intersects"):
                hole = holes[h]
                if abs(hole.area - outline.polygon.area) <= _SAME_OUTLINE * max(hole.area, 1.0) and \
                        shapely.area(shapely.symmetric_difference(hole, outline.polygon)) <= \
                        _SAME_OUTLINE * max(hole.area, 1.0):
                    keep[index] = False
                    break
    return [o for o, k in zip(outlines, keep) if k]


def _polygonize(lines: list[np.ndarray], snap_m: float, report: DrawingReport) -> list[Polygon]:
    """Areas enclosed by loose segments: ends within ``snap_m`` are joined, an end that stops
    short of another line within ``snap_m`` is moved onto it; what stays open is reported."""
    from scipy.spatial import cKDTree

    ends = np.array([[line[0], line[-1]] for line in lines]).reshape(-1, 2)
    if snap_m > 0 and len(ends) > 1:
        # Ends closer than the tolerance become one point: the mean of their group.
        pairs = cKDTree(ends).query_pairs(snap_m, output_type="ndarray")
        group = np.arange(len(ends))
        for a, b in pairs:  # union-find on the few close pairs
            ra, rb = _root(group, a), _root(group, b)
            if ra != rb:
                group[max(ra, rb)] = min(ra, rb)
        roots = np.array([_root(group, i) for i in range(len(ends))])
        sums = np.zeros_like(ends)
        np.add.at(sums, roots, ends)
        counts = np.bincount(roots, minlength=len(ends)).astype(float)
        ends = sums[roots] / counts[roots, None]
        for n, line in enumerate(lines):
            line[0], line[-1] = ends[2 * n], ends[2 * n + 1]
    geoms = [LineString(line) for line in lines if len(line) >= 2]
    if snap_m > 0:
        geoms = _snap_short_ends(geoms, snap_m)
    noded = shapely.node(shapely.GeometryCollection(geoms))
    polygons, cuts, dangles, invalid = shapely.polygonize_full(shapely.get_parts(noded))
    for dangle in shapely.get_parts(dangles):
        free = _free_ends(dangle, noded)
        report.open_outlines.extend(free)
    for _ in shapely.get_parts(invalid):
        report.open_outlines.append(tuple(shapely.get_coordinates(_)[0]))
    return [p for p in shapely.get_parts(polygons) if p.area > 0]


def _root(group: np.ndarray, i: int) -> int:
    while group[i] != i:
        group[i] = group[group[i]]
        i = group[i]
    return int(i)


def _snap_short_ends(geoms: list[LineString], snap_m: float) -> list[LineString]:
    """Move an end that touches no other line onto the nearest other line within ``snap_m``."""
    if len(geoms) < 2:
        return geoms
    tree = shapely.STRtree(geoms)
    out = list(geoms)
    for n, line in enumerate(geoms):
        coords = np.array(line.coords)
        moved = False
        for end in (0, -1):
            point = Point(coords[end])
            near = [i for i in tree.query(point, predicate="dwithin", distance=snap_m) if i != n]
            if not near or any(geoms[i].distance(point) == 0 for i in near):
                continue
            other = geoms[min(near, key=lambda i: geoms[i].distance(point))]
            snapped = other.interpolate(other.project(point))
            coords[end] = (snapped.x, snapped.y)
            moved = True
        if moved:
            out[n] = LineString(coords)
    return out


def _free_ends(dangle, noded) -> list[tuple[float, float]]:
    """Ends of a dangling piece that no other piece of the linework touches."""
    coords = shapely.get_coordinates(dangle)
    pieces = shapely.get_parts(noded)
    free = []
    for point in (coords[0], coords[-1]):
        touching = int(np.count_nonzero(shapely.intersects(pieces, Point(point))))
        if touching <= 1:
            free.append((float(point[0]), float(point[1])))
    return free


# -- attributes ----------------------------------------------------------------------------------
def _zones(outlines: list[_Outline], content: Found, scale: float, scheme: str, rules: LabelRules,
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
