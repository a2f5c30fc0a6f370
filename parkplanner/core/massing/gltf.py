"""glTF 2.0 binary (.glb) of a massing scene, for other 3D tools (Blender, SketchUp, CityEngine,
three.js viewers). Written from the specification with numpy and struct:
https://registry.khronos.org/glTF/specs/2.0/glTF-2.0.html (section 4.4, GLB file format).

One mesh per generic class (the same batches as the 3D view), flat normals, land-use colours as
COLOR_0 (converted to linear light, as the format requires), and ``_ZONE_ID`` per vertex so a
viewer can tell the zones apart. glTF is y-up: east → +x, up → +y, north → −z. Positions are in
metres from ``extras.origin`` (in the project CRS, ``extras.crs``), which keeps float32 exact to
millimetres near the park.
"""
from __future__ import annotations

import json
import os
import struct

import numpy as np

from parkplanner import __version__
from parkplanner.core.io.atomic import atomic_output
from parkplanner.core.massing.scene import MassingScene

__all__ = ["write_glb", "glb_bytes", "GLB_MAGIC"]

GLB_MAGIC = 0x46546C67  # "glTF"
_JSON_CHUNK = 0x4E4F534A  # "JSON"
_BIN_CHUNK = 0x004E4942  # "BIN\0"
_FLOAT = 5126
_ARRAY_BUFFER = 34962
_TRIANGLES = 4
#: (east, north, up) → (x, y, z) of glTF; a rotation, so triangles keep their winding.
_TO_Y_UP = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]], dtype=np.float32)


def _srgb_to_linear(c: np.ndarray) -> np.ndarray:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4).astype(np.float32)


def glb_bytes(scene: MassingScene, crs: str = "", name: str = "") -> bytes:
    binary = bytearray()
    buffer_views: list[dict] = []
    accessors: list[dict] = []
    meshes: list[dict] = []

    def add(array: np.ndarray, kind: str, bounds: bool = False) -> int:
        data = np.ascontiguousarray(array, dtype=np.float32)
        buffer_views.append({"buffer": 0, "byteOffset": len(binary), "byteLength": data.nbytes,
                             "target": _ARRAY_BUFFER})
        binary.extend(data.tobytes())
        accessor = {"bufferView": len(buffer_views) - 1, "componentType": _FLOAT, "count": len(data),
                    "type": kind}
        if bounds:  # required for POSITION
            accessor["min"] = data.min(axis=0).tolist()
            accessor["max"] = data.max(axis=0).tolist()
        accessors.append(accessor)
        return len(accessors) - 1

    for generic in sorted(scene.batches):
        batch = scene.batches[generic]
        if not len(batch):
            continue
        n = len(batch)
        positions = batch.vertices.reshape(-1, 3) @ _TO_Y_UP.T
        normals = np.repeat(batch.normals @ _TO_Y_UP.T, 3, axis=0)
        colours = np.repeat(batch.colors, 3, axis=0)
        colours[:, :3] = _srgb_to_linear(colours[:, :3])
        zone_ids = np.repeat(np.repeat(batch.zone_ids, batch.counts), 3).astype(np.float32)
        attributes = {"POSITION": add(positions, "VEC3", bounds=True), "NORMAL": add(normals, "VEC3"),
                      "COLOR_0": add(colours, "VEC4"), "_ZONE_ID": add(zone_ids, "SCALAR")}
        meshes.append({"name": generic, "primitives": [{"attributes": attributes, "material": 0,
                                                        "mode": _TRIANGLES}],
                       "extras": {"generic_class": generic, "zones": int(len(batch.zone_ids)),
                                  "triangles": int(n)}})
    document = {
        "asset": {"version": "2.0", "generator": f"ParkPlanner {__version__}"},
        "scene": 0,
        "scenes": [{"name": name or "massing", "nodes": list(range(len(meshes))),
                    "extras": {"crs": crs, "origin": list(scene.origin), "year": scene.year}}],
        "nodes": [{"name": m["name"], "mesh": i} for i, m in enumerate(meshes)],
        "meshes": meshes,
        "materials": [{"name": "land use", "pbrMetallicRoughness": {
            "baseColorFactor": [1.0, 1.0, 1.0, 1.0], "metallicFactor": 0.0, "roughnessFactor": 0.9}}],
        "accessors": accessors,
        "bufferViews": buffer_views,
        "buffers": [{"byteLength": len(binary)}],
    }
    if not meshes:  # a buffer must not be empty; a scene with no zones has none
        for key in ("meshes", "accessors", "bufferViews", "buffers"):
            document.pop(key)
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 4)  # chunks are 4-byte aligned: JSON padded with spaces,
    binary.extend(b"\0" * (-len(binary) % 4))  # the binary chunk with zeros
    chunks = struct.pack("<II", len(text), _JSON_CHUNK) + text
    if meshes:
        chunks += struct.pack("<II", len(binary), _BIN_CHUNK) + bytes(binary)
    return struct.pack("<III", GLB_MAGIC, 2, 12 + len(chunks)) + chunks


def write_glb(scene: MassingScene, path: str | os.PathLike, crs: str = "", name: str = "") -> None:
    """Write ``scene`` to ``path`` atomically (temporary file beside it, then os.replace)."""
    data = glb_bytes(scene, crs, name)
    with atomic_output(path) as temp:
        temp.write_bytes(data)
