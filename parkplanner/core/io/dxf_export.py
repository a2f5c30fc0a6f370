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

import shapely

from parkplanner.core.io.atomic import atomic_output
from parkplanner.core.io.dxf_import import APP_ID, CRS_VARIABLE, SCHEME_VARIABLE
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
BOUNDARY_LAYER = "PP_BOUNDARY 规划范围"
_NEW_PARAGRAPH = "\\P"  # MTEXT's line break
#: Characters AutoCAD refuses in layer names.
_LAYER_FORBIDDEN = str.maketrans({c: "_" for c in '<>/\\":;?*|=`'})


def block_tags() -> tuple[str, ...]:
    """The attribute tags of the PP_ZONE block: the zone id, then every zone attribute."""
    return ("zone_id",) + ZONE_ATTRIBUTES + (("parcel_code",) if "parcel_code" not in ZONE_ATTRIBUTES else ())


def landuse_layer_name(code: str, name_zh: str) -> str:
    return f"{code} {name_zh}".translate(_LAYER_FORBIDDEN).strip()


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
    msp = doc.modelspace()
    _add_boundary_and_phases(doc, msp, project, zones)
    handles = _Handles(doc)
    entities = "".join(_zone_entities(zone, layers[zone.code], tags, handles, msp.block_record_handle)
                       for zone in zones)
    handles.close()
    with atomic_output(target) as temp:
        _write(doc, temp, entities)
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


def _zone_entities(zone: Zone, layer: str, tags: tuple[str, ...], next_handle: Callable[[], str],
                   owner: str) -> str:
    """The DXF text of one zone: per part a solid HATCH (with its islands) and closed LWPOLYLINEs,
    XDATA on each part's outline; then the MTEXT label and the PP_ZONE INSERT with its ATTRIBs.
    Colours are BYLAYER, so the layer's true colour fills the hatch."""
    values = {tag: _text(zone.id if tag == "zone_id" else getattr(zone, tag, None)) for tag in tags}
    xdata = f"1001\n{APP_ID}\n" + "".join(f"1000\n{tag}={values[tag]}\n" for tag in tags)
    head = f"330\n{owner}\n100\nAcDbEntity\n  8\n{layer}\n"
    out = []
    for part in shapely.get_parts(zone.geometry):
        rings = [part.exterior, *part.interiors]
        paths = "".join(
            f" 92\n{3 if n == 0 else 18}\n 72\n0\n 73\n1\n 93\n{len(ring.coords) - 1}\n{_vertices(ring)} 97\n0\n"
            for n, ring in enumerate(rings))  # 92: polyline path, external (3) or outermost island (18)
        out.append(f"  0\nHATCH\n  5\n{next_handle()}\n{head}100\nAcDbHatch\n 10\n0.0\n 20\n0.0\n 30\n0.0\n"
                   f"210\n0.0\n220\n0.0\n230\n1.0\n  2\nSOLID\n 70\n1\n 71\n0\n 91\n{len(rings)}\n{paths}"
                   f" 75\n0\n 76\n1\n 98\n0\n")
        for n, ring in enumerate(rings):
            out.append(f"  0\nLWPOLYLINE\n  5\n{next_handle()}\n{head}100\nAcDbPolyline\n 90\n{len(ring.coords) - 1}\n"
                       f" 70\n1\n{_vertices(ring)}{xdata if n == 0 else ''}")
    x, y = _label_point(zone)
    lines = [v for v in (getattr(zone, "parcel_code", None), zone.code, f"FAR {zone.far:g}") if v]
    label = _mtext(_NEW_PARAGRAPH.join(_escape(line) for line in lines))
    out.append(f"  0\nMTEXT\n  5\n{next_handle()}\n{head}100\nAcDbMText\n 10\n{x!r}\n 20\n{y!r}\n 30\n0.0\n"
               f" 40\n{_text_height(zone)!r}\n 71\n5\n{label}  7\n{TEXT_STYLE}\n")  # 71 5: middle centre
    insert = next_handle()
    out.append(f"  0\nINSERT\n  5\n{insert}\n{head}100\nAcDbBlockReference\n 66\n1\n  2\n{BLOCK_NAME}\n"
               f" 10\n{x!r}\n 20\n{y!r}\n 30\n0.0\n")
    for tag in tags:
        out.append(f"  0\nATTRIB\n  5\n{next_handle()}\n330\n{insert}\n100\nAcDbEntity\n  8\n{layer}\n"
                   f"100\nAcDbText\n 10\n{x!r}\n 20\n{y!r}\n 30\n0.0\n 40\n1.0\n  1\n{values[tag]}\n"
                   f"  7\n{TEXT_STYLE}\n100\nAcDbAttribute\n  2\n{tag}\n 70\n1\n")
    out.append(f"  0\nSEQEND\n  5\n{next_handle()}\n330\n{insert}\n100\nAcDbEntity\n  8\n{layer}\n")
    return "".join(out)


def _vertices(ring) -> str:
    """Group codes 10/20 of a closed ring's vertices (the repeated last one left out), every digit."""
    return "".join(f" 10\n{x!r}\n 20\n{y!r}\n" for x, y in ring.coords[:-1])


def _mtext(text: str) -> str:
    """MTEXT content: 250-character chunks as group 3, the rest as group 1 (the DXF reference's rule)."""
    chunks = [text[i:i + 250] for i in range(0, max(len(text), 1), 250)]
    return "".join(f"  3\n{chunk}\n" for chunk in chunks[:-1]) + f"  1\n{chunks[-1]}\n"


def _label_point(zone: Zone) -> tuple[float, float]:
    """A point inside the zone (its largest part for a multipolygon), where labels go."""
    parts = sorted(shapely.get_parts(zone.geometry), key=lambda g: -g.area)
    point = parts[0].point_on_surface()
    return point.x, point.y


def _text_height(zone: Zone) -> float:
    """Labels scale with the parcel: a 100 m square gets 5 m text; between 1 m and 20 m."""
    return float(min(20.0, max(1.0, zone.geometry.area ** 0.5 / 20.0)))


def _escape(text: str) -> str:
    """MTEXT reads backslash and braces as formatting; written literally they are escaped."""
    return str(text).replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("\n", " ")


def _add_boundary_and_phases(doc, msp, project: Project, zones: list[Zone]) -> None:
    if project.boundary is not None:
        doc.layers.add(BOUNDARY_LAYER, color=1)
        for part in shapely.get_parts(project.boundary):
            msp.add_lwpolyline(list(part.exterior.coords)[:-1], close=True, dxfattribs={"layer": BOUNDARY_LAYER})
    names = {p.number: p for p in project.phases}
    for number in sorted({z.phase for z in zones}):
        phase = names.get(number)
        area = phase.geometry if phase is not None and phase.geometry is not None else \
            shapely.union_all([z.geometry for z in zones if z.phase == number])
        title = phase.name if phase is not None else f"Phase {number}"
        layer = landuse_layer_name(f"PP_PHASE_{number}", f"分期 {title}")
        doc.layers.add(layer, color=5, linetype="Continuous")
        for part in shapely.get_parts(area):
            if part.geom_type == "Polygon":
                msp.add_lwpolyline(list(part.exterior.coords)[:-1], close=True, dxfattribs={"layer": layer})
