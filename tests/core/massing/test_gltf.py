"""glTF 2.0 export: the GLB container checked byte by byte against the specification, then read
back with pygltflib (an independent reader) and compared with the scene's triangles."""
from __future__ import annotations

import json
import struct

import numpy as np
import pytest
from shapely.geometry import box

from parkplanner.core.massing.gltf import write_glb
from parkplanner.core.massing.scene import build_scene
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

X0, Y0 = 500_000.0, 4_380_000.0
_COMPONENTS = {"SCALAR": 1, "VEC3": 3, "VEC4": 4}


@pytest.fixture
def scene():
    zones = {1: Zone(1, box(X0, Y0, X0 + 100, Y0 + 100), "070102", far=2.0, coverage=0.25),  # 24 m
             2: Zone(2, box(X0 + 100, Y0, X0 + 200, Y0 + 60), "1401"),
             3: Zone(3, box(X0, Y0 + 100, X0 + 80, Y0 + 180), "0802", height_m=40.0)}
    return build_scene(Project(scenarios=[Scenario("base", "Base", zones)]))


def _chunks(data: bytes):
    magic, version, length = struct.unpack_from("<III", data, 0)
    assert (magic, version, length) == (0x46546C67, 2, len(data))
    json_length, json_type = struct.unpack_from("<II", data, 12)
    assert json_type == 0x4E4F534A and json_length % 4 == 0
    document = json.loads(data[20:20 + json_length].decode("utf-8"))
    offset = 20 + json_length
    bin_length, bin_type = struct.unpack_from("<II", data, offset)
    assert bin_type == 0x004E4942 and bin_length % 4 == 0 and offset + 8 + bin_length == len(data)
    return document, data[offset + 8:offset + 8 + bin_length]


def test_glb_container_and_accessors_follow_the_specification(tmp_path, scene):
    path = tmp_path / "plan.glb"
    write_glb(scene, path, crs="EPSG:4548", name="Test park")
    document, binary = _chunks(path.read_bytes())
    assert document["asset"]["version"] == "2.0"
    # The BIN chunk may pad the buffer by up to 3 bytes (specification 4.4.3.3).
    assert document["buffers"][0]["byteLength"] <= len(binary) < document["buffers"][0]["byteLength"] + 4
    assert document["scenes"][0]["extras"] == {"crs": "EPSG:4548", "origin": list(scene.origin), "year": None}
    for view in document["bufferViews"]:
        assert view["byteOffset"] % 4 == 0 and view["byteOffset"] + view["byteLength"] <= len(binary)
    names = sorted(m["name"] for m in document["meshes"])
    assert names == ["GRN", "OFF", "RES"]
    for mesh in document["meshes"]:
        attributes = mesh["primitives"][0]["attributes"]
        counts = {document["accessors"][i]["count"] for i in attributes.values()}
        assert counts == {3 * mesh["extras"]["triangles"]}  # every attribute per vertex
        for index in attributes.values():
            accessor = document["accessors"][index]
            view = document["bufferViews"][accessor["bufferView"]]
            assert accessor["componentType"] == 5126
            assert view["byteLength"] == accessor["count"] * _COMPONENTS[accessor["type"]] * 4
        position = document["accessors"][attributes["POSITION"]]
        assert "min" in position and "max" in position
    assert not list(tmp_path.glob(".plan.glb*"))  # no temporary left behind


def test_glb_reads_back_with_pygltflib(tmp_path, scene):
    pygltflib = pytest.importorskip("pygltflib", reason="pygltflib (test extra) reads glTF back")
    path = tmp_path / "plan.glb"
    write_glb(scene, path)
    gltf = pygltflib.GLTF2().load(str(path))
    blob = gltf.binary_blob()
    by_name = {mesh.name: mesh for mesh in gltf.meshes}

    def read(index: int) -> np.ndarray:
        accessor = gltf.accessors[index]
        view = gltf.bufferViews[accessor.bufferView]
        raw = np.frombuffer(blob, np.float32, accessor.count * _COMPONENTS[accessor.type],
                            view.byteOffset + (accessor.byteOffset or 0))
        return raw.reshape(accessor.count, -1)

    primitive = by_name["RES"].primitives[0]
    positions = read(primitive.attributes.POSITION)
    # y up: the 24 m building of zone 1 is the highest RES point; north (scene y) is −z.
    assert positions[:, 1].max() == pytest.approx(24.0, abs=1e-4)
    expected = scene.batches["RES"].vertices.reshape(-1, 3)
    np.testing.assert_allclose(positions[:, 0], expected[:, 0], atol=1e-4)
    np.testing.assert_allclose(positions[:, 2], -expected[:, 1], atol=1e-4)
    np.testing.assert_allclose(positions.min(axis=0), gltf.accessors[primitive.attributes.POSITION].min, atol=1e-4)
    zone_ids = read(getattr(primitive.attributes, "_ZONE_ID"))
    assert set(zone_ids[:, 0].tolist()) == {1.0}
    # Colours are linear: the catalogue's sRGB #FFFF2D (070102) has blue 0x2D → 0.0262 linear.
    colours = read(primitive.attributes.COLOR_0)
    srgb = 0x2D / 255
    assert colours[0, 2] == pytest.approx(((srgb + 0.055) / 1.055) ** 2.4, abs=1e-4)
    # Winding: counter-clockwise seen from outside, so each triangle's normal matches NORMAL.
    normals = read(primitive.attributes.NORMAL)
    tri = positions.reshape(-1, 3, 3).astype(float)
    cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    cross /= np.linalg.norm(cross, axis=1)[:, None]
    np.testing.assert_allclose(cross, normals[0::3], atol=1e-4)
