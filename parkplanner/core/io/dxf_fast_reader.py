"""The common case of a DXF drawing read at the speed of its text, not of ezdxf's entity objects.

ezdxf builds a Python object for every entity; a drawing of 20,000 parcels as exported (a hatch,
an outline, a label and a block with a dozen attributes each: some 340,000 entities) takes it a
couple of minutes. Most drawings planners exchange hold few kinds of entity, so this reader takes
the group codes of the file as arrays and reads these kinds directly:

* LWPOLYLINE and LINE without arcs (no bulges), in the world coordinate system;
* HATCH whose boundaries are polylines without arcs;
* TEXT and MTEXT (their text made plain by ezdxf's own functions) in the world coordinate system;
* INSERT of blocks that hold only attribute definitions, with their ATTRIBs;
* POINT (for its XDATA); other entities that make no parcel (dimensions, leaders, images...) are
  counted as ignored, as the ezdxf reading does.

Anything else (arcs and bulges, R12 POLYLINEs, blocks with geometry, text in an object coordinate
system, drawings before R2007 with their code pages, binary DXF, damage) makes it answer None,
and the drawing is read with ezdxf instead. Both readings give the same :class:`Found` content.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["Found", "read_common_drawing"]

#: Entities this reader leaves to ezdxf (curves it would have to flatten, exploded blocks...).
_LEAVE_TO_EZDXF = frozenset({"ARC", "CIRCLE", "ELLIPSE", "SPLINE", "POLYLINE", "VERTEX", "HELIX", "REGION",
                             "3DSOLID", "BODY", "MLINE", "ACAD_PROXY_ENTITY", "ATTDEF"})
_HANDLED = frozenset({"LWPOLYLINE", "LINE", "HATCH", "TEXT", "MTEXT", "INSERT", "ATTRIB", "SEQEND", "POINT"})


class _Uncommon(Exception):
    """Something this reader does not read; ezdxf reads the drawing."""


@dataclass
class Found:
    """What a drawing holds for the import, in drawing units: the same for both readers."""

    header: dict[str, str] = field(default_factory=dict)  # $INSUNITS and our drawing properties
    entities: Counter = field(default_factory=Counter)
    ignored: Counter = field(default_factory=Counter)
    rings: list[tuple[np.ndarray, str, dict[str, str]]] = field(default_factory=list)  # closed polylines
    # (a ring's closing vertex may be left out: polygons close their rings)
    hatches: list[tuple[list[np.ndarray], str, dict[str, str]]] = field(default_factory=list)
    lines: list[np.ndarray] = field(default_factory=list)  # open linework
    labels: list[tuple[float, float, list[str]]] = field(default_factory=list)
    tagged: list[tuple[float, float, dict[str, str]]] = field(default_factory=list)


def read_common_drawing(path: Path) -> Found | None:
    """The content of ``path`` if it is a common drawing (see the module docstring), else None."""
    try:
        return _read(path.read_bytes())
    except (_Uncommon, UnicodeDecodeError, ValueError, IndexError, KeyError):
        return None


def _read(data: bytes) -> Found:
    if not data.lstrip()[:1].isdigit():  # binary DXF or not a DXF at all
        raise _Uncommon
    text = data.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if lines and lines[-1].strip() == "":
        lines.pop()
    if len(lines) % 2:
        raise _Uncommon
    values = lines[1::2]
    codes = np.fromiter(map(int, lines[0::2]), dtype=np.int32, count=len(values))
    del lines, text
    found = Found()
    sections = _sections(codes, values)
    header = _header(codes, values, *sections["HEADER"])
    if header.get("$ACADVER", "") < "AC1021":  # older drawings: text in their code page, read by ezdxf
        raise _Uncommon
    found.header = header
    start, end = sections.get("BLOCKS", (0, 0))
    attributes_only = _attribute_only_blocks(codes, values, start, end)
    start, end = sections["ENTITIES"]
    _entities(codes, values, start, end, attributes_only, found)
    return found


def _sections(codes: np.ndarray, values: list[str]) -> dict[str, tuple[int, int]]:
    """Section name -> (first pair, end pair) of its content."""
    zeros = np.flatnonzero(codes == 0).tolist()
    sections = {}
    name, begin = None, 0
    for index in zeros:
        value = values[index]
        if value == "SECTION":
            name, begin = values[index + 1], index + 2
        elif value == "ENDSEC" and name is not None:
            sections[name] = (begin, index)
            name = None
    if "HEADER" not in sections or "ENTITIES" not in sections:
        raise _Uncommon
    return sections


def _header(codes: np.ndarray, values: list[str], start: int, end: int) -> dict[str, str]:
    """Header variables (first value of each) and the drawing's custom properties (``$CUSTOMPROPERTYTAG``)."""
    header: dict[str, str] = {}
    name, tag = None, None
    for code, value in zip(codes[start:end].tolist(), values[start:end]):
        if code == 9:
            name = value
            continue
        if name == "$CUSTOMPROPERTYTAG":
            tag = value
        elif name == "$CUSTOMPROPERTY" and tag is not None:
            header[f"custom:{tag}"] = value
            tag = None
        elif name is not None and name not in header:
            header[name] = value.strip()
    return header


def _attribute_only_blocks(codes: np.ndarray, values: list[str], start: int, end: int) -> set[str]:
    """Names of the blocks that hold nothing but attribute definitions."""
    blocks, name, only = set(), None, True
    zeros = (np.flatnonzero(codes[start:end] == 0) + start).tolist()
    for n, index in enumerate(zeros):
        kind = values[index]
        if kind == "BLOCK":
            stop = zeros[n + 1] if n + 1 < len(zeros) else end
            name = next((v for c, v in zip(codes[index:stop].tolist(), values[index:stop]) if c == 2), None)
            only = True
        elif kind == "ENDBLK":
            if name is not None and only:
                blocks.add(name)
            name = None
        elif kind != "ATTDEF":
            only = False
    return blocks


def _entities(codes: np.ndarray, values: list[str], start: int, end: int, attributes_only: set[str],
              found: Found) -> None:
    from ezdxf.tools.text import escape_dxf_line_endings, fast_plain_mtext, plain_text

    start_array = np.flatnonzero(codes[start:end] == 0) + start
    starts = start_array.tolist()
    bounds = list(zip(starts, starts[1:] + [end]))
    kinds = [values[s] for s in starts]
    # The entity of every pair, to find the few entities that need a closer look with array operations.
    entity_of = np.repeat(np.arange(len(starts)), np.diff(np.append(start_array, end)))
    section = codes[start_array[0]:end] if len(starts) else codes[:0]

    def having(*wanted: int) -> set[int]:
        return set(entity_of[np.flatnonzero(np.isin(section, wanted))].tolist())

    paper, extruded, with_xdata = having(67), having(210, 220, 230), having(1001)
    # ATTRIBs (most entities of an exported drawing) are read as arrays and given to the INSERT
    # they follow; an ATTRIB that follows anything else is damage, which ezdxf repairs.
    is_attrib = np.array([kind == "ATTRIB" for kind in kinds], dtype=bool)
    is_insert = np.array([kind == "INSERT" for kind in kinds], dtype=bool)
    follows = np.zeros(len(kinds), dtype=bool)
    follows[1:] = is_insert[:-1] | is_attrib[:-1]
    if (is_attrib & ~follows).any():
        raise _Uncommon
    owner = np.maximum.accumulate(np.where(is_insert, np.arange(len(kinds)), -1)).tolist()
    attribs = _attribs(section, values, int(start_array[0]) if len(starts) else 0, entity_of, is_attrib)
    code_list = codes.tolist()
    inserts: dict[int, tuple[dict[str, str], dict[str, str]]] = {}  # entity -> (its tags, its XDATA)
    for n in np.flatnonzero(~is_attrib).tolist():
        (first, stop), kind = bounds[n], kinds[n]
        if kind == "SEQEND":
            continue
        if kind in _LEAVE_TO_EZDXF:
            raise _Uncommon
        tags = list(zip(code_list[first + 1:stop], values[first + 1:stop]))
        if n in paper and any(code == 67 and value.strip() == "1" for code, value in tags):
            continue  # paper space: not the plan
        found.entities[kind] += 1
        if kind not in _HANDLED:
            found.ignored[kind] += 1
            continue
        if n in extruded:
            _check_extrusion(tags)
        fields = dict(tags)  # the last value of each code: enough for codes that occur once
        layer = fields.get(8, "0")
        xdata = _xdata(tags) if n in with_xdata else {}
        if kind == "LWPOLYLINE":
            coords, closed = _lwpolyline(tags)
            if closed or (len(coords) >= 4 and np.allclose(coords[0], coords[-1], rtol=0, atol=1e-9)):
                found.rings.append((coords, layer, xdata))
            else:
                found.lines.append(coords)
                if xdata:
                    found.tagged.append((float(coords[0, 0]), float(coords[0, 1]), xdata))
        elif kind == "LINE":
            point = _point(fields, 10)
            other = _point(fields, 11)
            found.lines.append(np.array([point, other], dtype=float))
            if xdata:
                found.tagged.append((point[0], point[1], xdata))
        elif kind == "HATCH":
            found.hatches.append((_hatch_rings(tags), layer, xdata))
        elif kind == "TEXT":
            x, y = _point(fields, 10)
            found.labels.append((x, y, [t for t in [plain_text(fields.get(1, ""))] if t.strip()]))
            if xdata:
                found.tagged.append((x, y, xdata))
        elif kind == "MTEXT":
            x, y = _point(fields, 10)
            content = escape_dxf_line_endings("".join([v for c, v in tags if c == 3] + [fields.get(1, "")]))
            found.labels.append((x, y, [t for t in fast_plain_mtext(content, split=True) if t.strip()]))
            if xdata:
                found.tagged.append((x, y, xdata))
        elif kind == "INSERT":
            if fields.get(2) not in attributes_only:
                raise _Uncommon  # a block with geometry: exploded by ezdxf with its transform
            x, y = _point(fields, 10)
            inserts[n] = ({}, xdata)
            found.tagged.append((x, y, inserts[n][0]))  # filled with the ATTRIBs that follow
        elif kind == "POINT":
            if xdata:
                x, y = _point(fields, 10)
                found.tagged.append((x, y, xdata))
            else:
                found.ignored[kind] += 1
    for n, (tag, text) in attribs.items():
        inserts[owner[n]][0][tag] = text
    for tags, xdata in inserts.values():
        tags.update(xdata)  # an INSERT's XDATA wins over its attributes, as in ezdxf's reading
    found.tagged = [(x, y, tags) for x, y, tags in found.tagged if tags]  # INSERTs without attributes


def _attribs(section: np.ndarray, values: list[str], offset: int, entity_of: np.ndarray,
             is_attrib: np.ndarray) -> dict[int, tuple[str, str]]:
    """Entity number -> (tag, text) of every ATTRIB, in drawing order, found with array operations."""
    if not is_attrib.any():
        return {}
    in_attrib = is_attrib[entity_of]
    tags = {}
    texts = {}
    for position in np.flatnonzero((section == 2) & in_attrib).tolist():
        tags.setdefault(int(entity_of[position]), values[position + offset])
    for position in np.flatnonzero((section == 1) & in_attrib).tolist():
        texts[int(entity_of[position])] = values[position + offset]
    if len(tags) != int(is_attrib.sum()):
        raise _Uncommon  # an ATTRIB without a tag: damaged
    return {n: (tags[n], texts.get(n, "")) for n in sorted(tags)}


def _check_extrusion(tags: list[tuple[int, str]]) -> None:
    """Entities in an object coordinate system (extrusion not +Z) are left to ezdxf's transforms."""
    extrusion = [float(v) for c, v in tags if c in (210, 220, 230)]
    if extrusion and (abs(extrusion[0]) > 1e-12 or abs(extrusion[1]) > 1e-12 or extrusion[-1] <= 0):
        raise _Uncommon


def _xdata(tags: list[tuple[int, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    inside = False
    for code, value in tags:
        if code == 1001:
            inside = True
        elif inside and code == 1000 and "=" in value:
            key, _, text = value.partition("=")
            values.setdefault(key.strip(), text)
    return values


def _point(fields: dict[int, str], code: int) -> tuple[float, float]:
    return float(fields[code]), float(fields[code + 10])


def _lwpolyline(tags: list[tuple[int, str]]) -> tuple[np.ndarray, bool]:
    xs, ys, flags = [], [], 0
    for code, value in tags:
        if code == 10:
            xs.append(value)
        elif code == 20:
            ys.append(value)
        elif code == 42 and float(value) != 0.0:
            raise _Uncommon  # an arc: flattened by ezdxf within the tolerance
        elif code == 70:
            flags = int(value)
        elif code == 1001:
            break
    if len(xs) != len(ys) or len(xs) < 2:
        raise _Uncommon
    return np.column_stack([np.array(xs, dtype=float), np.array(ys, dtype=float)]), bool(flags & 1)


def _hatch_rings(tags: list[tuple[int, str]]) -> list[np.ndarray]:
    """The boundary paths of a HATCH made of polylines without arcs."""
    rings: list[np.ndarray] = []
    n = 0
    while n < len(tags) and tags[n][0] != 91:
        n += 1
    if n == len(tags):
        raise _Uncommon
    count = int(tags[n][1])
    n += 1
    for _ in range(count):
        if tags[n][0] != 92 or not int(tags[n][1]) & 2:
            raise _Uncommon  # an edge path (lines, arcs, splines): ezdxf
        n += 1
        has_bulge = 0
        while tags[n][0] != 93:
            if tags[n][0] == 72:
                has_bulge = int(tags[n][1])
            n += 1
        vertices = int(tags[n][1])
        n += 1
        xs, ys = [], []
        while len(ys) < vertices:
            code, value = tags[n]
            if code == 10:
                xs.append(value)
            elif code == 20:
                ys.append(value)
            elif code == 42:
                if has_bulge and float(value) != 0.0:
                    raise _Uncommon
            else:
                raise _Uncommon
            n += 1
        while n < len(tags) and tags[n][0] == 42:  # a last bulge after the last vertex
            if float(tags[n][1]) != 0.0:
                raise _Uncommon
            n += 1
        if tags[n][0] == 97:  # source boundary objects
            n += 1 + int(tags[n][1])
        if vertices >= 3:
            rings.append(np.column_stack([np.array(xs, dtype=float), np.array(ys, dtype=float)]))
    return rings
