"""Export a scenario as a layered CAD drawing (DXF R2013) for design institutes and bureaus.

The drawing is in the project CRS, in metres (``$INSUNITS`` = 6). Each land-use code has its own
layer, ``<code> <中文名>``, in the catalogue colour (true colour); a zone is a solid HATCH plus a
closed LWPOLYLINE outline on that layer, labelled by an MTEXT (parcel code, land-use code, FAR)
at a point inside it, in a text style with a Chinese font. Every zone attribute travels twice, so
no CAD user and no reader loses it: as XDATA of our application on the outline (``key=value``
strings) and as invisible attributes of a ``PP_ZONE`` block inserted at the label, which AutoCAD
shows in its properties panel. The project boundary and the phases have layers of their own.

ezdxf builds the document (header, layers, text style, block, boundary and phases) and writes
it; the zones' entities are written from tag templates into its ENTITIES section, with handles
ezdxf reserves for them. Made as ezdxf objects they cost some 5 ms a zone (a HATCH, outlines, an
MTEXT, an INSERT with a dozen ATTRIBs), a minute for a large park; as text, a few seconds.

:func:`~parkplanner.core.io.dxf_import.import_drawing` reads all of this back to the same zones.
"""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, Callable

import numpy as np
import shapely

from parkplanner.core.io.atomic import atomic_output
from parkplanner.core.io.dxf_import import APP_ID, CRS_VARIABLE, SCHEME_VARIABLE, ZONE_PART_TAG
from parkplanner.core.io.dxf_plan_layers import BOUNDARY_LAYER, cad_layer_name, phase_layer_name, phase_xdata
from parkplanner.core.io.gis_export import GisExportError
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import ZONE_ATTRIBUTES, Zone

__all__ = ["export_drawing", "BLOCK_NAME", "TEXT_STYLE", "BOUNDARY_LAYER", "landuse_layer_name", "block_tags"]

BLOCK_NAME = "PP_ZONE"
TEXT_STYLE = "PP_CJK"
#: SimSun ships with every Chinese Windows; CAD programs substitute a CJK font where it is absent.
_CJK_FONT = "simsun.ttc"
_NEW_PARAGRAPH = "\\P"  # MTEXT's line break


def block_tags() -> tuple[str, ...]:
    """The attribute tags of the PP_ZONE block: the zone id, then every zone attribute."""
    return ("zone_id",) + ZONE_ATTRIBUTES + (("parcel_code",) if "parcel_code" not in ZONE_ATTRIBUTES else ())


def landuse_layer_name(code: str, name_zh: str) -> str:
    return cad_layer_name(f"{code} {name_zh}")


def export_drawing(project: Project, path: str | os.PathLike, scenario: Scenario | None = None) -> Path:
    """Write the zones of ``scenario`` (default: the active one) to the DXF file ``path``."""
    import ezdxf

    target = Path(path)
    if target.suffix.lower() != ".dxf":
        raise GisExportError(f"cannot write a CAD drawing to {target.name}: use .dxf")
    scenario = scenario or project.active_scenario
    zones = list(scenario)
    if not zones:
        raise GisExportError(f"scenario {scenario.name!r} has no zones to export")
    doc = ezdxf.new("R2013", units=6)  # DXF R2013: UTF-8 text, true colours
    doc.header["$MEASUREMENT"] = 1  # metric
    doc.header.custom_vars.append(CRS_VARIABLE, project.crs)
    doc.header.custom_vars.append(SCHEME_VARIABLE, project.scheme)
    doc.appids.add(APP_ID)
    doc.styles.add(TEXT_STYLE, font=_CJK_FONT)
    tags = block_tags()
    _define_block(doc, tags)
    layers = _landuse_layers(doc, project, zones)
    owner = doc.modelspace().block_record_handle
    outlines = _boundary_and_phases(doc, project, zones)  # adds layers: before the handles are reserved
    handles = _Handles(doc)
    shapes = _Shapes([z.geometry for z in zones])
    entities = [_zone_entities(zone, layers[zone.code], tags, handles, owner, shapes, n)
                for n, zone in enumerate(zones)]
    entities += _outline_entities(outlines, handles, owner)
    handles.close()
    with atomic_output(target) as temp:
        _write(doc, temp, "".join(entities))
    return target


class _Handles:
    """Entity handles for the template-written zones, taken from the document's own generator so
    $HANDSEED stays above every handle in the file."""

    def __init__(self, doc) -> None:
        self._generator = doc.entitydb.handles
        self._next = int(self._generator.next(), 16)

    def __call__(self) -> str:
        handle = self._next
        self._next += 1
        return f"{handle:X}"

    def close(self) -> None:
        self._generator.reset(f"{self._next:X}")


def _write(doc, path: Path, entities: str) -> None:
    """The document as ezdxf writes it, with the zone entities at the end of its ENTITIES section."""
    stream = io.StringIO()
    doc.write(stream)
    text = stream.getvalue()
    section = text.index("\nENTITIES\n")
    end = text.index("\n  0\nENDSEC\n", section) + 1
    with open(path, "w", encoding="utf-8", newline="") as handle:  # R2007 and later are UTF-8
        handle.write(text[:end])
        handle.write(entities)
        handle.write(text[end:])


def _define_block(doc, tags: tuple[str, ...]) -> None:
    block = doc.blocks.new(BLOCK_NAME)
    for row, tag in enumerate(tags):
        # flags 1: an invisible attribute (AutoCAD's ATTDISP shows it; the properties panel lists it).
        block.add_attdef(tag, (0, -row), dxfattribs={"height": 1.0, "style": TEXT_STYLE, "flags": 1,
                                                     "prompt": tag})


def _landuse_layers(doc, project: Project, zones: list[Zone]) -> dict[str, str]:
    catalogue = default_catalogue()
    layers = {}
    for code in sorted({z.code for z in zones}):
        cls = catalogue.get(project.scheme, code)
        name = landuse_layer_name(code, cls.name_zh)
        layer = doc.layers.add(name)
        layer.rgb = _rgb(cls.rgb_hex)
        layer.description = cls.name_en
        layers[code] = name
    return layers


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    text = hex_colour.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _text(value: Any) -> str:
    """One attribute as text that reads back to the same value (floats by repr: every digit).
    A DXF value is one line: line breaks become spaces."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return " ".join(str(value).splitlines())


class _Shapes:
    """Vertex text, label point and text height of every zone, computed for all zones at once:
    shapely's array functions instead of a dozen calls per zone."""

    def __init__(self, geometries: list) -> None:
        geoms = np.array(geometries, dtype=object)
        parts, part_zone = shapely.get_parts(geoms, return_index=True)
        rings, ring_part = shapely.get_rings(parts, return_index=True)  # per part: exterior, then holes
        coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
        pairs = [f" 10\n{x!r}\n 20\n{y!r}\n" for x, y in coords.tolist()]
        ends = np.cumsum(np.bincount(coord_ring, minlength=len(rings))).tolist()
        starts = [0] + ends[:-1]
        #: per zone, per part: the rings as (vertex count, group 10/20 text), the closing vertex left out
        self.parts: list[list[list[tuple[int, str]]]] = [[] for _ in geometries]
        part_rings: list[list[tuple[int, str]]] = [[] for _ in range(len(parts))]
        for ring, (start, end) in enumerate(zip(starts, ends)):
            part_rings[ring_part[ring]].append((end - 1 - start, "".join(pairs[start:end - 1])))
        for part, zone in enumerate(part_zone.tolist()):
            self.parts[zone].append(part_rings[part])
        # Labels go inside the largest part; their size follows the zone's area.
        areas = shapely.area(parts)
        largest = np.full(len(geometries), -1)
        for part, zone in enumerate(part_zone.tolist()):
            if largest[zone] < 0 or areas[part] > areas[largest[zone]]:
                largest[zone] = part
        self.points = shapely.get_coordinates(shapely.point_on_surface(parts[largest])).tolist()
        self.heights = np.clip(np.sqrt(shapely.area(geoms)) / 12.0, 1.0, 20.0).tolist()


def _zone_entities(zone: Zone, layer: str, tags: tuple[str, ...], next_handle: Callable[[], str],
                   owner: str, shapes: _Shapes, n: int) -> str:
    """The DXF text of one zone: per part a solid HATCH (with its islands) and closed LWPOLYLINEs,
    XDATA on each part's outline; then the MTEXT label and the PP_ZONE INSERT with its ATTRIBs.
    Colours are BYLAYER, so the layer's true colour fills the hatch. Labels scale with the parcel:
    a 120 m square gets 10 m text, any parcel between 1 m and 20 m."""
    values = {tag: _text(zone.id if tag == "zone_id" else getattr(zone, tag, None)) for tag in tags}
    xdata = f"1001\n{APP_ID}\n" + "".join(f"1000\n{tag}={values[tag]}\n" for tag in tags)
    head = f"330\n{owner}\n100\nAcDbEntity\n  8\n{layer}\n"
    out = []
    for part, rings in enumerate(shapes.parts[n]):
        paths = "".join(f" 92\n{3 if r == 0 else 18}\n 72\n0\n 73\n1\n 93\n{count}\n{vertices} 97\n0\n"
                        for r, (count, vertices) in enumerate(rings))  # 92: external (3), outermost island (18)
        out.append(f"  0\nHATCH\n  5\n{next_handle()}\n{head}100\nAcDbHatch\n 10\n0.0\n 20\n0.0\n 30\n0.0\n"
                   f"210\n0.0\n220\n0.0\n230\n1.0\n  2\nSOLID\n 70\n1\n 71\n0\n 91\n{len(rings)}\n{paths}"
                   f" 75\n0\n 76\n1\n 98\n0\n")
        for r, (count, vertices) in enumerate(rings):
            # The part number tells the import a copy made in CAD (same zone id, same part) from a part.
            out.append(_lwpolyline(next_handle(), head, count, vertices)
                       + (f"{xdata}1000\n{ZONE_PART_TAG}={part}\n" if r == 0 else ""))
    x, y = shapes.points[n]
    lines = [v for v in (getattr(zone, "parcel_code", None), zone.code, f"FAR {zone.far:g}") if v]
    label = _mtext(_NEW_PARAGRAPH.join(_escape(line) for line in lines))
    # Colour 7 (black on white paper, white on a dark screen): the layer colour would vanish on the fill.
    out.append(f"  0\nMTEXT\n  5\n{next_handle()}\n{head} 62\n7\n100\nAcDbMText\n 10\n{x!r}\n 20\n{y!r}\n 30\n0.0\n"
               f" 40\n{shapes.heights[n]!r}\n 71\n5\n{label}  7\n{TEXT_STYLE}\n")  # 71 5: middle centre
    insert = next_handle()
    out.append(f"  0\nINSERT\n  5\n{insert}\n{head}100\nAcDbBlockReference\n 66\n1\n  2\n{BLOCK_NAME}\n"
               f" 10\n{x!r}\n 20\n{y!r}\n 30\n0.0\n")
    for tag in tags:
        out.append(f"  0\nATTRIB\n  5\n{next_handle()}\n330\n{insert}\n100\nAcDbEntity\n  8\n{layer}\n"
                   f"100\nAcDbText\n 10\n{x!r}\n 20\n{y!r}\n 30\n0.0\n 40\n1.0\n  1\n{values[tag]}\n"
                   f"  7\n{TEXT_STYLE}\n100\nAcDbAttribute\n  2\n{tag}\n 70\n1\n")
    out.append(f"  0\nSEQEND\n  5\n{next_handle()}\n330\n{insert}\n100\nAcDbEntity\n  8\n{layer}\n")
    return "".join(out)


def _lwpolyline(handle: str, head: str, count: int, vertices: str) -> str:
    return f"  0\nLWPOLYLINE\n  5\n{handle}\n{head}100\nAcDbPolyline\n 90\n{count}\n 70\n1\n{vertices}"


def _mtext(text: str) -> str:
    """MTEXT content: 250-character chunks as group 3, the rest as group 1 (the DXF reference's rule)."""
    chunks = [text[i:i + 250] for i in range(0, max(len(text), 1), 250)]
    return "".join(f"  3\n{chunk}\n" for chunk in chunks[:-1]) + f"  1\n{chunks[-1]}\n"


def _escape(text: str) -> str:
    """MTEXT reads backslash and braces as formatting; written literally they are escaped."""
    return str(text).replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("\n", " ")


def _boundary_and_phases(doc, project: Project, zones: list[Zone]) -> list[tuple[str, Any, str]]:
    """(layer, area, XDATA) of the project boundary and of each phase (its own area, or its zones'
    union); a phase's XDATA says its number, name and start year for the import."""
    outlines: list[tuple[str, Any, str]] = []
    if project.boundary is not None:
        doc.layers.add(BOUNDARY_LAYER, color=1)
        outlines.append((BOUNDARY_LAYER, project.boundary, ""))
    names = {p.number: p for p in project.phases}
    for number in sorted({z.phase for z in zones}):
        phase = names.get(number)
        area = phase.geometry if phase is not None and phase.geometry is not None else \
            shapely.union_all([z.geometry for z in zones if z.phase == number])
        title = phase.name if phase is not None else f"Phase {number}"
        layer = phase_layer_name(number, title)
        doc.layers.add(layer, color=5)
        outlines.append((layer, area, phase_xdata(APP_ID, phase, number)))
    return outlines


def _outline_entities(outlines: list[tuple[str, Any, str]], next_handle: Callable[[], str], owner: str) -> list[str]:
    """Closed LWPOLYLINEs around each area's polygons: a phase is drawn by its outline."""
    out = []
    for layer, area, xdata in outlines:
        head = f"330\n{owner}\n100\nAcDbEntity\n  8\n{layer}\n"
        shapes = _Shapes([p for p in shapely.get_parts(area) if p.geom_type == "Polygon"])
        for parts in shapes.parts:
            count, vertices = parts[0][0]  # the exterior
            out.append(_lwpolyline(next_handle(), head, count, vertices) + xdata)
    return out
