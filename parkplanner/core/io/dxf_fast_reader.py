"""The common case of a DXF drawing read at the speed of its text, not of ezdxf's entity objects.

ezdxf builds a Python object for every entity; a drawing of 20,000 parcels as exported (a hatch,
an outline, a label and a block with a dozen attributes each: some 340,000 entities) takes it a
couple of minutes. Most drawings planners exchange hold few kinds of entity, so this reader takes
the group codes of the file as one array (parsed from the bytes, without a Python string per line),
finds what it needs with array operations kind by kind, and decodes only the values it uses (layer
names, vertices, texts, tags), never the handles and subclass markers that are most of a file:

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

import re
import warnings
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


class _Pairs:
    """The group codes of a DXF text as an array, and where each value lies in the bytes.

    Values are decoded only where the import needs them: most of a drawing (handles, owners,
    subclass markers) is never turned into Python strings."""

    def __init__(self, data: bytes) -> None:
        if len(data) >= 2**31:
            raise _Uncommon  # positions are 32-bit: half the memory traffic of the arrays below
        buffer = np.frombuffer(data, dtype=np.uint8)
        breaks = np.flatnonzero(buffer == 10).astype(np.int32)
        if not data.endswith(b"\n"):
            breaks = np.append(breaks, np.int32(len(buffer)))
        if len(breaks) % 2:
            raise _Uncommon
        # Line k runs from the break before it to its own: codes are the even lines, values the odd.
        code_starts = np.empty(len(breaks) // 2, dtype=np.int32)
        code_starts[:1] = 0
        code_starts[1:] = breaks[1:-1:2] + 1
        code_ends, value_ends = breaks[0::2], breaks[1::2]
        value_starts = code_ends + 1
        if b"\r" in data:  # CR LF line ends
            code_ends = code_ends - (buffer[np.maximum(code_ends - 1, 0)] == 13)
            value_ends = value_ends - ((value_ends > value_starts) & (buffer[np.maximum(value_ends - 1, 0)] == 13))
        self.data = data
        self.buffer = buffer
        self.codes = _codes(buffer, code_starts, code_ends)
        self.starts = value_starts
        self.ends = value_ends

    def __len__(self) -> int:
        return len(self.codes)

    def text(self, index: int) -> str:
        return self.data[self.starts[index]:self.ends[index]].decode("utf-8")

    def _joined(self, indices: np.ndarray) -> bytes:
        """The values at ``indices`` gathered into one buffer, each ended by a line break: one
        decode and one split for all of them instead of a slice and a decode each."""
        starts = self.starts[indices].astype(np.int64)
        sizes = (self.ends[indices] - starts) + 1
        ends = np.cumsum(sizes)
        gather = np.arange(int(ends[-1]), dtype=np.int64) - np.repeat(ends - sizes - starts, sizes)
        out = self.buffer[np.minimum(gather, len(self.buffer) - 1)]
        out[ends - 1] = 10
        return out.tobytes()

    def texts(self, indices: np.ndarray) -> list[str]:
        if not len(indices):
            return []
        return self._joined(indices).decode("utf-8").split("\n")[:-1]

    def floats(self, indices: np.ndarray) -> np.ndarray:
        if not len(indices):
            return np.zeros(0)
        with warnings.catch_warnings():  # numpy warns, and stops, at a value that is not a number
            warnings.simplefilter("ignore", DeprecationWarning)
            values = np.fromstring(self._joined(indices), dtype=np.float64, sep="\n")  # C parsing
        if len(values) != len(indices):
            raise _Uncommon
        return values


def _codes(buffer: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The integer group codes (digits, padded by spaces) of the code lines, read column by column."""
    widths = ends - starts
    if len(widths) == 0 or widths.max() > 6:  # codes run to 1071
        raise _Uncommon
    codes = np.zeros(len(starts), dtype=np.int32)
    digits_seen = np.zeros(len(starts), dtype=bool)
    last = len(buffer) - 1
    for column in range(int(widths.max())):
        inside = widths > column
        chars = buffer[np.minimum(starts + column, last)]
        digit = inside & (chars >= 48) & (chars <= 57)
        if (inside & ~digit & (chars != 32)).any():
            raise _Uncommon  # a negative or garbled group code
        codes = np.where(digit, codes * 10 + (chars.astype(np.int32) - 48), codes)
        digits_seen |= digit
    if not digits_seen.all():
        raise _Uncommon
    return codes


def _read(data: bytes) -> Found:
    if re.match(rb"\s*\d", data) is None:  # binary DXF or not a DXF at all
        raise _Uncommon
    # Values are decoded as UTF-8 (R2007 and later) where they are used; one that is not sends the
    # drawing to ezdxf. A line break never occurs inside a UTF-8 character, so lines split safely.
    pairs = _Pairs(data)
    found = Found()
    sections = _sections(pairs)
    header = _header(pairs, *sections["HEADER"])
    if header.get("$ACADVER", "") < "AC1021":  # older drawings: text in their code page, read by ezdxf
        raise _Uncommon
    found.header = header
    start, end = sections.get("BLOCKS", (0, 0))
    attributes_only = _attribute_only_blocks(pairs, start, end)
    start, end = sections["ENTITIES"]
    _entities(pairs, start, end, attributes_only, found)
    return found


def _sections(pairs: _Pairs) -> dict[str, tuple[int, int]]:
    """Section name -> (first pair, end pair) of its content."""
    zeros = np.flatnonzero(pairs.codes == 0)
    # SECTION and ENDSEC are the only code-0 values of 6 and 7 bytes that matter here.
    length = pairs.ends[zeros] - pairs.starts[zeros]
    first = np.frombuffer(pairs.data, dtype=np.uint8)[pairs.starts[zeros]]
    marks = zeros[((length == 7) & (first == ord("S"))) | ((length == 6) & (first == ord("E")))]
    sections = {}
    name, begin = None, 0
    for index, value in zip(marks.tolist(), pairs.texts(marks)):
        if value == "SECTION":
            name, begin = pairs.text(index + 1), index + 2
        elif value == "ENDSEC" and name is not None:
            sections[name] = (begin, index)
            name = None
    if "HEADER" not in sections or "ENTITIES" not in sections:
        raise _Uncommon
    return sections


def _header(pairs: _Pairs, start: int, end: int) -> dict[str, str]:
    """Header variables (first value of each) and the drawing's custom properties (``$CUSTOMPROPERTYTAG``)."""
    header: dict[str, str] = {}
    name, tag = None, None
    indices = np.arange(start, end)
    for code, value in zip(pairs.codes[start:end].tolist(), pairs.texts(indices)):
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


def _attribute_only_blocks(pairs: _Pairs, start: int, end: int) -> set[str]:
    """Names of the blocks that hold nothing but attribute definitions."""
    blocks, name, only = set(), None, True
    codes = pairs.codes[start:end]
    zeros = np.flatnonzero(codes == 0) + start
    names = np.flatnonzero(codes == 2) + start
    for n, (index, kind) in enumerate(zip(zeros.tolist(), pairs.texts(zeros))):
        if kind == "BLOCK":
            stop = zeros[n + 1] if n + 1 < len(zeros) else end
            first = names[(names > index) & (names < stop)]
            name = pairs.text(int(first[0])) if len(first) else None
            only = True
        elif kind == "ENDBLK":
            if name is not None and only:
                blocks.add(name)
            name = None
        elif kind != "ATTDEF":
            only = False
    return blocks


def _last(positions: np.ndarray, entity_of: np.ndarray, count: int) -> np.ndarray:
    """Per entity, the last of ``positions`` in it (-1 where none): the value DXF readers keep."""
    out = np.full(count, -1, dtype=np.int64)
    out[entity_of[positions]] = positions  # positions ascend, so the last one written stays
    return out


def _first(positions: np.ndarray, entity_of: np.ndarray, count: int) -> np.ndarray:
    out = np.full(count, -1, dtype=np.int64)
    out[entity_of[positions[::-1]]] = positions[::-1]
    return out


def _entities(pairs: _Pairs, start: int, end: int, attributes_only: set[str], found: Found) -> None:
    """Every entity of the section sorted into ``found`` with array operations, kind by kind."""
    codes = pairs.codes[start:end]
    heads = np.flatnonzero(codes == 0)
    if len(heads) == 0:
        return
    if heads[0] != 0:
        raise _Uncommon
    kinds = pairs.texts(heads + start)
    count = len(kinds)
    entity_of = np.repeat(np.arange(count), np.diff(np.append(heads, len(codes))))
    kind_names = sorted(set(kinds))
    if _LEAVE_TO_EZDXF.intersection(kind_names):
        raise _Uncommon
    lookup = {k: n for n, k in enumerate(kind_names)}
    kind_of = np.array([lookup[k] for k in kinds], dtype=np.int32)

    def of_kind(*names: str) -> np.ndarray:
        return np.isin(kind_of, [lookup[n] for n in names if n in lookup])

    def where(code: int, entities: np.ndarray | None = None) -> np.ndarray:
        positions = np.flatnonzero(codes == code)
        return positions if entities is None else positions[entities[entity_of[positions]]]

    def at(positions: np.ndarray) -> np.ndarray:
        return positions + start

    is_attrib, is_insert = of_kind("ATTRIB"), of_kind("INSERT")
    follows = np.zeros(count, dtype=bool)
    follows[1:] = is_insert[:-1] | is_attrib[:-1]
    if (is_attrib & ~follows).any():
        raise _Uncommon  # an ATTRIB that follows anything else is damage, which ezdxf repairs
    paper_flags = where(67)
    paper = np.zeros(count, dtype=bool)
    paper[entity_of[paper_flags]] = [v.strip() == "1" for v in pairs.texts(at(paper_flags))]
    read = ~paper & ~is_attrib & ~of_kind("SEQEND")  # paper space is not the plan
    handled = read & np.isin(kind_of, [lookup[k] for k in _HANDLED if k in lookup])
    for counter, chosen in ((found.entities, read), (found.ignored, read & ~handled)):
        counts = np.bincount(kind_of[chosen], minlength=len(kind_names)).tolist()
        counter.update({name: n for name, n in zip(kind_names, counts) if n})
    _check_extrusions(pairs, codes, entity_of, handled, at)

    layers_at = _last(where(8, handled), entity_of, count)
    layer_names = {}
    for n, value in zip(np.flatnonzero(layers_at >= 0).tolist(), pairs.texts(at(layers_at[layers_at >= 0]))):
        layer_names[n] = value
    xdata = _xdata(pairs, codes, entity_of, handled, count, at)

    def layer(n: int) -> str:
        return layer_names.get(n, "0")

    def points(code: int, entities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """x and y (last values of ``code`` and ``code`` + 10) of each selected entity."""
        xs, ys = _last(where(code, entities), entity_of, count), _last(where(code + 10, entities), entity_of, count)
        chosen = np.flatnonzero(entities)
        if (xs[chosen] < 0).any() or (ys[chosen] < 0).any():
            raise _Uncommon
        x = np.zeros(count)
        y = np.zeros(count)
        x[chosen], y[chosen] = pairs.floats(at(xs[chosen])), pairs.floats(at(ys[chosen]))
        return x, y

    rings: list[tuple[int, tuple]] = []
    lines: list[tuple[int, np.ndarray]] = []
    labels: list[tuple[int, tuple]] = []
    tagged: list[tuple[int, tuple]] = []
    inserts: dict[int, dict[str, str]] = {}

    polylines = handled & of_kind("LWPOLYLINE")
    if polylines.any():
        if len(bulges := where(42, polylines)) and (pairs.floats(at(bulges)) != 0.0).any():
            raise _Uncommon  # an arc: flattened by ezdxf within the tolerance
        x_at, y_at = where(10, polylines), where(20, polylines)
        owners = entity_of[x_at]
        if len(x_at) != len(y_at) or (owners != entity_of[y_at]).any():
            raise _Uncommon
        xs, ys = pairs.floats(at(x_at)), pairs.floats(at(y_at))
        chosen = np.flatnonzero(polylines)
        sizes = np.bincount(owners, minlength=count)[chosen]
        if (sizes < 2).any():
            raise _Uncommon
        flags_at = _last(where(70, polylines), entity_of, count)[chosen]
        flags = np.zeros(len(chosen), dtype=np.int64)
        flags[flags_at >= 0] = [int(v) for v in pairs.texts(at(flags_at[flags_at >= 0]))]
        vertices_all = np.column_stack([xs, ys])
        ends = np.cumsum(sizes)
        gap = np.abs(vertices_all[ends - sizes] - vertices_all[ends - 1]).max(axis=1)
        closed = ((flags & 1) == 1) | ((sizes >= 4) & (gap <= 1e-9))  # flagged, or ending where it began
        coords = [vertices_all[a:b] for a, b in zip((ends - sizes).tolist(), ends.tolist())]
        for n, vertices, is_closed in zip(chosen.tolist(), coords, closed.tolist()):
            if is_closed:
                rings.append((n, (vertices, layer(n), xdata.get(n, {}))))
            else:
                lines.append((n, vertices))
                if n in xdata:
                    tagged.append((n, (float(vertices[0, 0]), float(vertices[0, 1]), xdata[n])))

    straight = handled & of_kind("LINE")
    if straight.any():
        x, y = points(10, straight)
        x2, y2 = points(11, straight)
        for n in np.flatnonzero(straight).tolist():
            lines.append((n, np.array([[x[n], y[n]], [x2[n], y2[n]]], dtype=float)))
            if n in xdata:
                tagged.append((n, (float(x[n]), float(y[n]), xdata[n])))

    hatches = _hatches(pairs, codes, entity_of, handled & of_kind("HATCH"), count, at)
    found.hatches = [(hatch_rings, layer(n), xdata.get(n, {})) for n, hatch_rings in hatches]

    texts = handled & of_kind("TEXT", "MTEXT")
    if texts.any():
        from ezdxf.tools.text import plain_text

        x, y = points(10, texts)
        content_at = _last(where(1, texts), entity_of, count)
        chunks: dict[int, list[str]] = {}
        for position, value in zip((chunk_at := where(3, texts & of_kind("MTEXT"))).tolist(),
                                   pairs.texts(at(chunk_at))):
            chunks.setdefault(int(entity_of[position]), []).append(value)
        chosen = np.flatnonzero(texts)
        has_content = content_at[chosen] >= 0
        contents = dict(zip(chosen[has_content].tolist(), pairs.texts(at(content_at[chosen[has_content]]))))
        is_mtext = of_kind("MTEXT")
        for n in chosen.tolist():
            if is_mtext[n]:
                text_lines = _mtext_lines("".join(chunks.get(n, []) + [contents.get(n, "")]))
            else:
                text_lines = [plain_text(contents.get(n, ""))]
            labels.append((n, (float(x[n]), float(y[n]), [t for t in text_lines if t.strip()])))
            if n in xdata:
                tagged.append((n, (float(x[n]), float(y[n]), xdata[n])))

    blocks = handled & is_insert
    if blocks.any():
        names_at = _last(where(2, blocks), entity_of, count)[np.flatnonzero(blocks)]
        if (names_at < 0).any() or not set(pairs.texts(at(names_at))) <= attributes_only:
            raise _Uncommon  # a block with geometry: exploded by ezdxf with its transform
        x, y = points(10, blocks)
        for n in np.flatnonzero(blocks).tolist():
            inserts[n] = {}
            tagged.append((n, (float(x[n]), float(y[n]), inserts[n])))  # filled with the ATTRIBs that follow
    if is_attrib.any():
        owner = np.maximum.accumulate(np.where(is_insert, np.arange(count), -1))
        tags_at = _first(where(2, is_attrib), entity_of, count)
        texts_at = _last(where(1, is_attrib), entity_of, count)
        chosen = np.flatnonzero(is_attrib)
        if (tags_at[chosen] < 0).any():
            raise _Uncommon  # an ATTRIB without a tag: damaged
        values = [""] * len(chosen)
        has_text = texts_at[chosen] >= 0
        for i, value in zip(np.flatnonzero(has_text).tolist(), pairs.texts(at(texts_at[chosen[has_text]]))):
            values[i] = value
        for n, tag, value in zip(owner[chosen].tolist(), pairs.texts(at(tags_at[chosen])), values):
            inserts[n][tag] = value  # an ATTRIB of an INSERT in paper space: KeyError, read by ezdxf
    for n, tags in inserts.items():
        tags.update(xdata.get(n, {}))  # an INSERT's XDATA wins over its attributes, as in ezdxf's reading

    points_ = handled & of_kind("POINT")
    if points_.any():
        x, y = points(10, points_)
        for n in np.flatnonzero(points_).tolist():
            if n in xdata:
                tagged.append((n, (float(x[n]), float(y[n]), xdata[n])))
            else:
                found.ignored["POINT"] += 1

    by_order = lambda item: item[0]  # noqa: E731 - drawing order, as ezdxf reads them
    found.rings = [item for _, item in sorted(rings, key=by_order)]
    found.lines = [item for _, item in sorted(lines, key=by_order)]
    found.labels = [item for _, item in sorted(labels, key=by_order)]
    found.tagged = [item for _, item in sorted(tagged, key=by_order) if item[2]]  # INSERTs without attributes


def _mtext_lines(content: str) -> list[str]:
    """The plain lines of MTEXT content; content whose only code is the paragraph break (as our
    export writes labels) is split directly, anything else by ezdxf's own function."""
    from ezdxf.tools.text import escape_dxf_line_endings, fast_plain_mtext

    content = escape_dxf_line_endings(content)
    if not any(c in content for c in "{}^%") and "\\" not in content.replace("\\P", ""):
        return content.split("\\P")
    return fast_plain_mtext(content, split=True)


def _check_extrusions(pairs: _Pairs, codes: np.ndarray, entity_of: np.ndarray, handled: np.ndarray, at) -> None:
    """Entities in an object coordinate system (extrusion not +Z) are left to ezdxf's transforms."""
    for code, test in ((210, lambda v: np.abs(v) > 1e-12), (220, lambda v: np.abs(v) > 1e-12), (230, lambda v: v <= 0)):
        positions = np.flatnonzero(codes == code)
        positions = positions[handled[entity_of[positions]]]
        if len(positions) and test(pairs.floats(at(positions))).any():
            raise _Uncommon


def _xdata(pairs: _Pairs, codes: np.ndarray, entity_of: np.ndarray, handled: np.ndarray, count: int,
           at) -> dict[int, dict[str, str]]:
    """Entity -> the ``key=value`` strings of its XDATA (the first value of a key wins)."""
    starts = np.flatnonzero(codes == 1001)
    starts = starts[handled[entity_of[starts]]]
    if not len(starts):
        return {}
    first = _first(starts, entity_of, count)
    strings = np.flatnonzero(codes == 1000)
    strings = strings[(first[entity_of[strings]] >= 0) & (strings > first[entity_of[strings]])]
    values: dict[int, dict[str, str]] = {n: {} for n in np.unique(entity_of[starts]).tolist()}
    for n, value in zip(entity_of[strings].tolist(), pairs.texts(at(strings))):
        if "=" in value:
            key, _, text = value.partition("=")
            values[n].setdefault(key.strip(), text)
    return values


def _hatches(pairs: _Pairs, codes: np.ndarray, entity_of: np.ndarray, hatches: np.ndarray, count: int,
             at) -> list[tuple[int, list[np.ndarray]]]:
    """The boundary paths of HATCHes made of polylines without arcs, as rings of vertices.

    A path's vertices are the 10/20 pairs between its vertex count (93) and what ends the path
    (97 source objects, the next path's 92, the style's 75, the next entity)."""
    chosen = np.flatnonzero(hatches)
    if not len(chosen):
        return []
    in_hatch = hatches[entity_of]
    if (_last(np.flatnonzero((codes == 91) & in_hatch), entity_of, count)[chosen] < 0).any():
        raise _Uncommon
    types = np.flatnonzero((codes == 92) & in_hatch)
    if len(types) and any(not int(v) & 2 for v in pairs.texts(at(types))):
        raise _Uncommon  # an edge path (lines, arcs, splines): ezdxf
    # Only the pairs of HATCHes take part: each starts with its code 0, which ends the path before.
    pairs_in = np.flatnonzero(in_hatch)
    local = codes[pairs_in]
    opens_local = local == 93
    closes = (local == 0) | (local == 97) | (local == 92) | (local == 75)
    index = np.arange(len(pairs_in))
    last_open = np.maximum.accumulate(np.where(opens_local, index, -1))
    last_close = np.maximum.accumulate(np.where(closes, index, -1))
    inside_local = (last_open > last_close) & ~opens_local
    if not np.isin(local[inside_local], (10, 20, 42)).all():
        raise _Uncommon
    bulges = pairs_in[inside_local & (local == 42)]
    if len(bulges) and (pairs.floats(at(bulges)) != 0.0).any():
        raise _Uncommon  # arcs: flattened by ezdxf
    is_x, is_y = inside_local & (local == 10), inside_local & (local == 20)
    if is_x.sum() != is_y.sum() or (last_open[is_x] != last_open[is_y]).any():
        raise _Uncommon
    x_at, y_at = pairs_in[is_x], pairs_in[is_y]
    path_local = np.flatnonzero(opens_local)
    path_starts = pairs_in[path_local]
    declared = np.array([int(v) for v in pairs.texts(at(path_starts))], dtype=np.int64)
    sizes = np.bincount(np.searchsorted(path_local, last_open[is_x]), minlength=len(path_local))
    if (sizes != declared).any():
        raise _Uncommon
    every = np.column_stack([pairs.floats(at(x_at)), pairs.floats(at(y_at))])
    ends = np.cumsum(sizes)
    vertices = [every[a:b] for a, b in zip((ends - sizes).tolist(), ends.tolist())]
    rings: dict[int, list[np.ndarray]] = {n: [] for n in chosen.tolist()}
    for n, ring in zip(entity_of[path_starts].tolist(), vertices):
        if len(ring) >= 3:
            rings[n].append(ring)
    return list(rings.items())
