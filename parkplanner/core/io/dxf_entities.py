"""Reading a CAD drawing with ezdxf (recovering damaged files, decoding older code pages) into the
entities the import uses: outlines, loose lines, texts, block attributes and XDATA, with blocks
exploded through their transforms. Common drawings take the faster path of dxf_fast_reader.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from parkplanner.core.io.dxf_fast_reader import Found
from parkplanner.core.io.gis_import import GisImportError

__all__ = ["check_file", "read_document", "drawing_header", "read_entities"]

_MAX_BLOCK_DEPTH = 8
_CURVES = ("LINE", "ARC", "LWPOLYLINE", "POLYLINE", "CIRCLE", "ELLIPSE", "SPLINE")
_TEXTS = ("TEXT", "MTEXT", "ATTRIB")
#: What ezdxf raises on an entity whose values make no sense (missing vertices, zero-length axes...).
_DAMAGED = (ValueError, TypeError, AttributeError, IndexError, KeyError, ZeroDivisionError, ArithmeticError)


def check_file(path: Path) -> None:
    if not path.exists():
        raise GisImportError(f"no such file: {path}")
    if path.is_dir():
        raise GisImportError(f"{path} is a folder, not a drawing")
    if path.stat().st_size == 0:
        raise GisImportError(f"{path.name} is empty")


def read_document(path: Path, warnings: list[str]):
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


def drawing_header(doc) -> dict[str, str]:
    """$INSUNITS and the drawing's custom properties, as the fast reader gives them."""
    header = {"$INSUNITS": str(doc.header.get("$INSUNITS", 0) or 0)}
    try:
        header.update({f"custom:{name}": str(value) for name, value in doc.header.custom_vars})
    except (AttributeError, TypeError, ValueError):
        pass
    return header


def read_entities(doc, tolerance: float) -> Found:
    """The model space through ezdxf: every entity kind, blocks exploded with their transforms."""
    found = Found()
    block_draws: dict[str, bool] = {}
    for entity in doc.modelspace():
        try:
            _collect(entity, found, tolerance, 0, block_draws)
        except _DAMAGED as exc:  # one damaged entity is reported, the rest of the drawing still read
            found.ignored[f"{entity.dxftype()} (damaged: {_reason(exc)[:60]})"] += 1
    return found


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
