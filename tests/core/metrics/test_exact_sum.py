"""Exact fixed-point sums: incremental add/subtract equals a fresh, correctly rounded sum."""
from __future__ import annotations

import math

import numpy as np
import pytest

from parkplanner.core.metrics.exact_sum import fixed_sums, from_fixed, to_fixed


def test_vectorised_sums_equal_fsum_per_group():
    rng = np.random.default_rng(7)
    values = rng.random(5000) * 10.0 ** rng.integers(-6, 9, 5000)
    groups = rng.integers(0, 14, 5000)
    sums = fixed_sums(values, groups, 14)
    for g in range(14):
        assert from_fixed(sums[g]) == math.fsum(values[groups == g])
        assert sums[g] == sum(to_fixed(x) for x in values[groups == g].tolist())


def test_add_then_remove_leaves_exactly_nothing():
    total = 0
    values = [0.1, 1e16, 3.3, -2.5, 1e-9]
    for x in values:
        total += to_fixed(x)
    assert from_fixed(total) == math.fsum(values)
    for x in values:
        total -= to_fixed(x)
    assert total == 0 and from_fixed(total) == 0.0


def test_non_finite_values_are_refused():
    with pytest.raises(ValueError):
        to_fixed(float("nan"))
    with pytest.raises(ValueError):
        fixed_sums(np.array([1.0, np.inf]), np.zeros(2, dtype=int), 1)


def test_empty_input():
    assert fixed_sums(np.zeros(0), np.zeros(0, dtype=int), 3) == [0, 0, 0]
