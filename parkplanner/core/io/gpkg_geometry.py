"""GeoPackage geometry blobs (GeoPackage 1.2, section 2.1.3) to standard WKB, without GDAL.

A blob is a header followed by ordinary WKB::

    "GP" | version (1 byte) | flags (1 byte) | srs_id (int32) | envelope (0, 32, 48 or 64 bytes) | WKB

Flags: bit 0 is the byte order of srs_id and the envelope, bits 1-3 the envelope kind (0 none,
1 xy = 32 bytes, 2 xyz and 3 xym = 48, 4 xyzm = 64; 5-7 are invalid), bit 4 marks an empty
geometry (still followed by WKB), bit 5 an extension type (not WKB). The reader only needs the
envelope length to find the WKB, and the WKB carries its own byte order, so srs_id and the
envelope are skipped rather than decoded. Headers are checked for all blobs at once with numpy
(the first 8 bytes of every blob in one array); only the final slicing is a Python loop.
"""
from __future__ import annotations

import numpy as np

__all__ = ["HEADER_BYTES", "wkb_from_blobs"]

HEADER_BYTES = 8
_MAGIC = np.frombuffer(b"GP", dtype=np.uint8)
#: Envelope length in bytes by envelope indicator (flags bits 1-3); -1 = not allowed.
_ENVELOPE_BYTES = np.array([0, 32, 48, 48, 64, -1, -1, -1], dtype=np.int64)
_EXTENDED_TYPE = 0x20


def wkb_from_blobs(blobs: np.ndarray, fids: np.ndarray, layer: str) -> np.ndarray:
    """The WKB inside each GeoPackage geometry blob, as an object array (None where the blob is NULL).

    ``blobs`` is an object array; ``fids`` (same length) and ``layer`` only name the first bad
    feature: anything that is not a well-formed GeoPackage blob raises ValueError saying which.
    Whether the WKB itself parses is left to shapely.from_wkb.
    """
    out = np.full(len(blobs), None, dtype=object)
    rows = np.flatnonzero(blobs != None)  # noqa: E711 (elementwise comparison)
    if not len(rows):
        return out
    kept = blobs[rows].tolist()
    if set(map(type, kept)) != {bytes}:
        not_bytes = np.fromiter((type(b) is not bytes for b in kept), dtype=bool, count=len(kept))
        _refuse(fids, rows, not_bytes, layer, "has a geometry that is not a blob")
    lengths = np.fromiter(map(len, kept), dtype=np.int64, count=len(kept))
    _refuse(fids, rows, lengths < HEADER_BYTES, layer, "has a cut-off geometry")
    headers = np.frombuffer(b"".join([b[:HEADER_BYTES] for b in kept]), dtype=np.uint8).reshape(-1, HEADER_BYTES)
    flags = headers[:, 3].astype(np.int64)
    starts = HEADER_BYTES + _ENVELOPE_BYTES[(flags >> 1) & 7]
    wrong = (headers[:, :2] != _MAGIC).any(axis=1) | (starts < HEADER_BYTES) | (flags & _EXTENDED_TYPE != 0)
    _refuse(fids, rows, wrong, layer, "has a geometry that is not a GeoPackage geometry blob")
    _refuse(fids, rows, starts > lengths, layer, "has a cut-off geometry")
    out[rows] = [blob[start:] for blob, start in zip(kept, starts.tolist())]
    return out


def _refuse(fids: np.ndarray, rows: np.ndarray, bad: np.ndarray, layer: str, what: str) -> None:
    if bad.any():
        raise ValueError(f"feature {fids[rows[np.argmax(bad)]]} of layer {layer} {what}")
