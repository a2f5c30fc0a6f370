"""GeoPackage geometry blobs cut down to WKB (gpkg_geometry), for every header GeoPackage allows."""
from __future__ import annotations

import struct

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, Polygon, box

from parkplanner.core.io.gpkg_geometry import wkb_from_blobs

SQUARE = box(10.0, 20.0, 30.0, 45.0)
#: Envelope indicator -> number of doubles in the envelope (xy, xyz, xym, xyzm).
ENVELOPE_DOUBLES = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}


def blob(geom, envelope: int = 1, big_endian: bool = False, srs_id: int = 4548, empty: bool = False,
         wkb_big_endian: bool = False, magic: bytes = b"GP", extended: bool = False) -> bytes:
    """A GeoPackage geometry blob written the way the specification describes, byte by byte."""
    order = ">" if big_endian else "<"
    flags = (0 if big_endian else 1) | envelope << 1 | (0x10 if empty else 0) | (0x20 if extended else 0)
    x0, y0, x1, y1 = geom.bounds if not geom.is_empty else (np.nan,) * 4
    bounds = [x0, x1, y0, y1, 0.0, 0.0, 0.0, 0.0][:ENVELOPE_DOUBLES.get(envelope, 0)]
    header = magic + bytes([0, flags]) + struct.pack(f"{order}i", srs_id)
    envelope_bytes = struct.pack(f"{order}{len(bounds)}d", *bounds)
    return header + envelope_bytes + shapely.to_wkb(geom, byte_order=0 if wkb_big_endian else 1)


def decode(blobs, fids=None):
    array = np.empty(len(blobs), dtype=object)
    array[:] = blobs
    fids = np.arange(1, len(blobs) + 1) if fids is None else np.asarray(fids)
    return wkb_from_blobs(array, fids, "zones__base")


@pytest.mark.parametrize("envelope", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("big_endian", [False, True])
def test_every_envelope_size_and_header_byte_order(envelope, big_endian):
    [wkb] = decode([blob(SQUARE, envelope, big_endian)])
    assert shapely.from_wkb(wkb).equals_exact(SQUARE, 0)


def test_big_endian_wkb_after_the_header():
    [wkb] = decode([blob(SQUARE, wkb_big_endian=True)])
    assert wkb[0] == 0 and shapely.from_wkb(wkb).equals_exact(SQUARE, 0)


def test_null_blobs_stay_none_and_mixed_headers_decode_together():
    triangle = Polygon([(0, 0), (5, 0), (0, 5)])
    wkb = decode([blob(SQUARE, 4), None, blob(triangle, 0, big_endian=True), blob(Point(1, 2), 1)])
    assert wkb[1] is None
    geoms = shapely.from_wkb(wkb)
    assert geoms[0].equals_exact(SQUARE, 0) and geoms[2].equals_exact(triangle, 0)
    assert (geoms[3].x, geoms[3].y) == (1.0, 2.0)


def test_empty_geometry_flag():
    [wkb] = decode([blob(Polygon(), 0, empty=True)])
    assert shapely.from_wkb(wkb).is_empty


def test_all_null_or_no_rows():
    assert decode([None, None]).tolist() == [None, None]
    assert decode([]).tolist() == []


@pytest.mark.parametrize("bad, reason", [
    (blob(SQUARE, magic=b"XX"), "a geometry that is not a GeoPackage geometry blob"),
    (blob(SQUARE, envelope=5), "a geometry that is not a GeoPackage geometry blob"),
    (blob(SQUARE, extended=True), "a geometry that is not a GeoPackage geometry blob"),
    (b"GP\x00", "a cut-off geometry"),
    (blob(SQUARE, envelope=4)[:40], "a cut-off geometry"),
    ("GP text", "a geometry that is not a blob"),
    (12, "a geometry that is not a blob"),
])
def test_bad_blobs_name_the_feature_and_layer(bad, reason):
    with pytest.raises(ValueError) as info:
        decode([blob(SQUARE), None, bad, bad], fids=[7, 8, 42, 43])
    assert str(info.value) == f"feature 42 of layer zones__base has {reason}"
