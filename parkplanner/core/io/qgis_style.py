"""QGIS styles stored in the GeoPackage ``layer_styles`` table, so QGIS shows our colours.

QGIS applies the row with useAsDefault = 1 whose f_table_name and f_geometry_column match a
layer when it opens it. The QML is the subset of what QGIS 3.22 writes for a categorized fill
renderer (``renderer-v2`` with one SimpleFill symbol per category) for the zone layers, and for a
single-symbol renderer for the boundary, phase and context layers; QGIS fills in the rest.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Iterable, Sequence
from xml.sax.saxutils import quoteattr

from parkplanner.core.io.gpkg_tables import register_contents
from parkplanner.core.model.layer_looks import LineLook

__all__ = ["Category", "categorized_fill_qml", "single_symbol_qml", "write_layer_styles", "LayerStyle", "STYLES_TABLE"]

STYLES_TABLE = "layer_styles"
#: The table exactly as QGIS 3.22 creates it inside a GeoPackage.
_CREATE = (
    'CREATE TABLE IF NOT EXISTS "layer_styles" ( "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
    '"f_table_catalog" TEXT(256), "f_table_schema" TEXT(256), "f_table_name" TEXT(256), '
    '"f_geometry_column" TEXT(256), "styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT, '
    '"useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), "ui" TEXT(30), '
    "\"update_time\" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
)
_OUTLINE = "35,35,35,255"


@dataclass(frozen=True, slots=True)
class Category:
    value: str
    label: str
    rgb_hex: str  # "#RRGGBB"


@dataclass(frozen=True, slots=True)
class LayerStyle:
    table: str
    geometry_column: str
    name: str
    qml: str
    description: str = ""


def _rgba(rgb_hex: str) -> str:
    text = rgb_hex.lstrip("#")
    red, green, blue = (int(text[i:i + 2], 16) for i in (0, 2, 4))
    return f"{red},{green},{blue},255"


def _symbol(index: int, colour: str) -> str:
    options = {
        "border_width_map_unit_scale": "3x:0,0,0,0,0,0", "color": colour, "joinstyle": "bevel",
        "offset": "0,0", "offset_map_unit_scale": "3x:0,0,0,0,0,0", "offset_unit": "MM",
        "outline_color": _OUTLINE, "outline_style": "solid", "outline_width": "0.26",
        "outline_width_unit": "MM", "style": "solid",
    }
    option_xml = "".join(f'<Option name="{k}" type="QString" value="{v}"/>' for k, v in options.items())
    prop_xml = "".join(f'<prop k="{k}" v="{v}"/>' for k, v in options.items())
    return (
        f'<symbol alpha="1" name="{index}" clip_to_extent="1" type="fill" force_rhr="0">'
        f'<layer pass="0" locked="0" class="SimpleFill" enabled="1">'
        f'<Option type="Map">{option_xml}</Option>{prop_xml}</layer></symbol>'
    )


def categorized_fill_qml(field: str, categories: Sequence[Category]) -> str:
    """QML of a categorized fill renderer on ``field``: one category per value, in given order."""
    category_xml = "".join(
        f'<category symbol="{i}" render="true" value={quoteattr(c.value)} label={quoteattr(c.label)}/>'
        for i, c in enumerate(categories)
    )
    symbol_xml = "".join(_symbol(i, _rgba(c.rgb_hex)) for i, c in enumerate(categories))
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        '<qgis version="3.22.16-Białowieża" styleCategories="AllStyleCategories" readOnly="0" '
        'hasScaleBasedVisibilityFlag="0" minScale="100000000" maxScale="0" labelsEnabled="0">'
        f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(field)} symbollevels="0" '
        'enableorderby="0" forceraster="0" referencescale="-1">'
        f"<categories>{category_xml}</categories><symbols>{symbol_xml}</symbols>"
        "<rotation/><sizescale/></renderer-v2>"
        "<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode><layerOpacity>1</layerOpacity>"
        "<layerGeometryType>2</layerGeometryType></qgis>\n"
    )


#: QGIS's names of our dash patterns, and its layerGeometryType codes.
_QGIS_DASH = {"solid": "solid", "dash": "dash", "dashdot": "dash dot"}
_GEOMETRY_TYPE = {"point": 0, "line": 1, "polygon": 2}
_MM_PER_PX = 25.4 / 96.0  # a screen pixel at 96 dpi, as QGIS sizes its default widths


def _rgba_look(colour: str) -> str:
    alpha = int(colour[7:9], 16) if len(colour) == 9 else 255
    return _rgba(colour[:7])[:-3] + str(alpha)


def single_symbol_qml(kind: str, look: LineLook, fill: str | None = None) -> str:
    """QML of a single-symbol renderer: an outline (polygons, with ``fill`` or none), a line, or a
    small circle (points), in the colour, width and dash of ``look`` (core/model/layer_looks.py)."""
    colour, width = _rgba_look(look.colour), f"{look.width_px * _MM_PER_PX:.2f}"
    if kind == "polygon":
        options = {"color": _rgba_look(fill) if fill else "0,0,0,0", "style": "solid" if fill else "no",
                   "outline_color": colour, "outline_style": _QGIS_DASH[look.dash], "outline_width": width,
                   "outline_width_unit": "MM", "joinstyle": "bevel"}
        symbol_type, layer_class = "fill", "SimpleFill"
    elif kind == "line":
        options = {"line_color": colour, "line_style": _QGIS_DASH[look.dash], "line_width": width,
                   "line_width_unit": "MM", "capstyle": "round", "joinstyle": "round"}
        symbol_type, layer_class = "line", "SimpleLine"
    else:
        options = {"color": colour, "name": "circle", "size": "1.6", "size_unit": "MM",
                   "outline_color": colour, "outline_style": "solid", "outline_width": "0"}
        symbol_type, layer_class = "marker", "SimpleMarker"
    option_xml = "".join(f'<Option name="{k}" type="QString" value="{v}"/>' for k, v in options.items())
    prop_xml = "".join(f'<prop k="{k}" v="{v}"/>' for k, v in options.items())
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        '<qgis version="3.22.16-Białowieża" styleCategories="AllStyleCategories" readOnly="0" '
        'hasScaleBasedVisibilityFlag="0" minScale="100000000" maxScale="0" labelsEnabled="0">'
        '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">'
        f'<symbols><symbol alpha="1" name="0" clip_to_extent="1" type="{symbol_type}" force_rhr="0">'
        f'<layer pass="0" locked="0" class="{layer_class}" enabled="1">'
        f'<Option type="Map">{option_xml}</Option>{prop_xml}</layer></symbol></symbols>'
        "<rotation/><sizescale/></renderer-v2>"
        "<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode><layerOpacity>1</layerOpacity>"
        f"<layerGeometryType>{_GEOMETRY_TYPE[kind]}</layerGeometryType></qgis>\n"
    )


def write_layer_styles(con: sqlite3.Connection, styles: Iterable[LayerStyle]) -> None:
    """Create ``layer_styles`` (registered in gpkg_contents, as QGIS does) with one default row per style."""
    con.execute(_CREATE)
    register_contents(con, STYLES_TABLE, "QGIS layer styles")
    con.executemany(
        'INSERT INTO "layer_styles" (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, '
        'styleName, styleQML, styleSLD, useAsDefault, description, owner, ui) '
        "VALUES ('', '', ?, ?, ?, ?, '', 1, ?, '', NULL)",
        [(s.table, s.geometry_column, s.name, s.qml, s.description) for s in styles],
    )
