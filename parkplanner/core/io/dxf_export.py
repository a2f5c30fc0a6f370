"""Export a scenario as a layered CAD drawing (DXF R2013) for design institutes and bureaus.

The drawing is in the project CRS, in metres (``$INSUNITS`` = 6). Each land-use code has its own
layer, ``<code> <中文名>``, in the catalogue colour (true colour); a zone is a solid HATCH plus a
closed LWPOLYLINE outline on that layer, labelled by an MTEXT (parcel code, land-use code, FAR)
at a point inside it, in a text style with a Chinese font. Every zone attribute travels twice, so
no CAD user and no reader loses it: as XDATA of our application on the outline (``key=value``
strings) and as invisible attributes of a ``PP_ZONE`` block inserted at the label, which AutoCAD
shows in its properties panel. The project boundary and the phases have layers of their own.

:func:`~parkplanner.core.io.dxf_import.import_drawing` reads all of this back to the same zones.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

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
    doc = ezdxf.new("R2013", units=6)
    doc.header["$MEASUREMENT"] = 1  # metric
    doc.header.custom_vars.append(CRS_VARIABLE, project.crs)
    doc.header.custom_vars.append(SCHEME_VARIABLE, project.scheme)
    doc.appids.add(APP_ID)
    doc.styles.add(TEXT_STYLE, font=_CJK_FONT)
    tags = block_tags()
    _define_block(doc, tags)
    layers = _landuse_layers(doc, project, zones)
    msp = doc.modelspace()
    for zone in zones:
        _add_zone(msp, zone, layers[zone.code], tags)
    _add_boundary_and_phases(doc, msp, project, zones)
    with atomic_output(target) as temp:
        doc.saveas(temp)
    return target


def _define_block(doc, tags: tuple[str, ...]) -> None:
    block = doc.blocks.new(BLOCK_NAME)
    for row, tag in enumerate(tags):
        block.add_attdef(tag, (0, -row), dxfattribs={"height": 1.0, "style": TEXT_STYLE, "invisible": 1,
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
    """One attribute as text that reads back to the same value (floats by repr: every digit)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _add_zone(msp, zone: Zone, layer: str, tags: tuple[str, ...]) -> None:
    values = {tag: _text(zone.id if tag == "zone_id" else getattr(zone, tag, None)) for tag in tags}
    xdata = [(1000, f"{tag}={values[tag]}") for tag in tags]
    attribs = {"layer": layer}
    for part in shapely.get_parts(zone.geometry):
        hatch = msp.add_hatch(dxfattribs=attribs)  # colour BYLAYER: the layer's true colour
        hatch.paths.add_polyline_path(list(part.exterior.coords)[:-1], is_closed=True, flags=1)  # external
        for ring in part.interiors:
            hatch.paths.add_polyline_path(list(ring.coords)[:-1], is_closed=True, flags=16)  # outermost
        outline = msp.add_lwpolyline(list(part.exterior.coords)[:-1], close=True, dxfattribs=attribs)
        outline.set_xdata(APP_ID, xdata)
        for ring in part.interiors:
            msp.add_lwpolyline(list(ring.coords)[:-1], close=True, dxfattribs=attribs)
    where = _label_point(zone)
    size = _text_height(zone)
    lines = [v for v in (getattr(zone, "parcel_code", None), zone.code, f"FAR {zone.far:g}") if v]
    label = msp.add_mtext("\\P".join(_escape(line) for line in lines),
                          dxfattribs={"layer": layer, "style": TEXT_STYLE, "char_height": size})
    label.set_location(where, attachment_point=5)  # middle centre
    insert = msp.add_blockref(BLOCK_NAME, where, dxfattribs={"layer": layer})
    insert.add_auto_attribs(values)
    for attrib in insert.attribs:  # on the zone's layer, so freezing a land use hides its data too
        attrib.dxf.layer = layer


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
