"""Exact sums of floats as Python integers, so running totals never drift.

A float x = M · 2^(e−53) (math.frexp) is held as the integer M · 2^(e+1074): every finite double
becomes an integer without loss, sums and differences of them are exact, and turning the total
back into a float rounds once, correctly (CPython's int / int true division). An engine that adds
and subtracts per-zone contributions therefore reports exactly what a recomputation from scratch
reports (the correctly rounded sum, like math.fsum), whatever the order of the edits, and a class
whose last zone was removed is exactly 0, never a leftover 1e-12.
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ["to_fixed", "from_fixed", "fixed_sums"]

_SHIFT = 1074  # math.frexp exponents of finite doubles are >= -1073, so shifts stay >= 1
_DENOMINATOR = 1 << (_SHIFT + 53)
_EXPONENTS = 2 * _SHIFT + 3  # room for every (e + _SHIFT) of a finite double
_HALF = 26  # mantissas are split in halves so numpy's float bincount sums them exactly


def to_fixed(x: float) -> int:
    if not math.isfinite(x):
        raise ValueError(f"cannot sum a non-finite value ({x})")
    mantissa, exponent = math.frexp(x)
    return int(mantissa * 9007199254740992.0) << (exponent + _SHIFT)


def from_fixed(n: int) -> float:
    return n / _DENOMINATOR


def fixed_sums(values: np.ndarray, groups: np.ndarray, n_groups: int) -> list[int]:
    """Exact fixed-point sum of ``values`` per group (``groups`` in 0..n_groups−1), vectorised.

    Values are bucketed by (group, binary exponent); inside a bucket the integer mantissa halves
    (< 2^27 each) add up exactly in float64 for fewer than 2^26 values.
    """
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return [0] * n_groups
    if not np.isfinite(values).all():
        raise ValueError("cannot sum non-finite values")
    mantissa, exponent = np.frexp(values)
    whole = (mantissa * 9007199254740992.0).astype(np.int64)
    high = whole >> _HALF  # arithmetic shift keeps the sign: whole = high·2^26 + low, 0 <= low < 2^26
    low = whole & ((1 << _HALF) - 1)
    keys = np.asarray(groups, dtype=np.int64) * _EXPONENTS + (exponent.astype(np.int64) + _SHIFT)
    size = n_groups * _EXPONENTS
    used = np.flatnonzero(np.bincount(keys, minlength=size))
    high_sums = np.bincount(keys, weights=high, minlength=size)[used]
    low_sums = np.bincount(keys, weights=low, minlength=size)[used]
    out = [0] * n_groups
    for key, h, lo in zip(used.tolist(), high_sums.tolist(), low_sums.tolist()):
        group, shift = divmod(key, _EXPONENTS)
        out[group] += ((int(h) << _HALF) + int(lo)) << shift
    return out
