import math
import warnings

import numpy as np
import pytest

from parkplanner.core.projection.ramp import (
    CLASS_DEFAULT_RAMPS, FALLBACK_RAMP, OCCUPANCY_RAMP, Ramp, class_ramp, maturity,
)


def test_half_capacity_is_reached_exactly_h_years_after_start():
    assert maturity(2026, 2020, 6.0, 6.0) == 0.5
    assert maturity(2023.5, 2020, 3.5, 1.0) == 0.5


def test_width_spans_twelve_to_eighty_eight_percent():
    # f(start + h ± w/2) = 1 / (1 + e^∓2)
    assert maturity(2029, 2020, 6.0, 6.0) == pytest.approx(1 / (1 + math.exp(-2)), abs=1e-15)
    assert maturity(2023, 2020, 6.0, 6.0) == pytest.approx(1 / (1 + math.exp(2)), abs=1e-15)
    assert 1 / (1 + math.exp(2)) == pytest.approx(0.1192, abs=1e-4)


def test_nothing_is_produced_in_or_before_the_start_year():
    assert maturity(2020, 2020, 6.0, 6.0) == 0.0
    assert maturity(2010, 2020, 6.0, 6.0) == 0.0
    assert maturity(2020, 2020, 0.5, 0.1) == 0.0  # even when the logistic there is almost 1


def test_the_year_after_the_start_follows_the_logistic():
    # By hand: x = (2021 − 2020 − 6) · 4 / 6 = −10/3, f = 1 / (1 + e^{10/3}).
    assert maturity(2021, 2020, 6.0, 6.0) == pytest.approx(1 / (1 + math.exp(10 / 3)), rel=1e-12)


def test_broadcasts_zones_against_years_without_overflow_warnings():
    years = np.arange(1900, 2201).reshape(1, -1)
    start = np.array([[2000.0], [2100.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f = maturity(years, start, np.array([[5.0], [5.0]]), np.array([[0.01], [0.01]]))
    assert f.shape == (2, 301)
    assert f[0, 0] == 0.0 and f[0, -1] == 1.0
    assert f[1, 200] == 0.0 and f[1, 206] == 1.0  # 2100 is zone 2's start year
    assert np.all(np.diff(f, axis=1) >= 0)


def test_zones_without_sector_use_class_defaults():
    assert class_ramp("RES") is OCCUPANCY_RAMP
    assert class_ramp("IND") == Ramp(6.0, 6.0) == CLASS_DEFAULT_RAMPS["IND"]
    assert class_ramp("CIV") == Ramp(2.0, 3.0)
    assert class_ramp("GRN") is FALLBACK_RAMP
    assert class_ramp("") is FALLBACK_RAMP


def test_a_ramp_needs_a_positive_width():
    with pytest.raises(ValueError):
        Ramp(3.0, 0.0)
