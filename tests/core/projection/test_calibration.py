import numpy as np
import pytest
from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.model.project import Calibration, Observation
from parkplanner.core.model.zone import Zone
from parkplanner.core.projection.calibration import (
    calibrate, calibration_command, fit_indicator, fit_rows, merged_calibration, observations_command,
)
from parkplanner.core.projection.forecast import Projection

from .conftest import it_zone, make_project


@pytest.fixture
def three_sector_project():
    zones = [
        it_zone(1),
        it_zone(2, x=200, sector="biomed_devices", phase=2),
        it_zone(3, x=400, sector="advanced_equipment", start_year=2019, far=1.2),
        Zone(4, box(600, 0, 700, 100), "0701", "flats", far=3.0),
    ]
    return make_project(zones, phases=((1, 2016), (2, 2019)))


def synthetic(project, indicator, truth, years):
    values = Projection.of(project).values(indicator, years, truth)
    return [Observation(int(y), indicator, float(v)) for y, v in zip(years, values)]


@pytest.mark.parametrize("indicator, truth", [
    ("output_yi", (1.6, 0.7, 1.4)),
    ("registered_entities", (0.5, 1.8, 0.6)),
    ("residents", (2.5, 1.5, 0.7)),
])
def test_fit_recovers_the_multipliers_that_generated_the_observations(three_sector_project, indicator, truth):
    observations = synthetic(three_sector_project, indicator, truth, np.arange(2016, 2032))
    fitted = fit_indicator(Projection.of(three_sector_project), indicator, observations)
    assert (fitted.scale, fitted.h_mult, fitted.w_mult) == pytest.approx(truth, rel=0.02)


def test_each_series_is_fitted_on_its_own(three_sector_project):
    truths = {"output_yi": (1.6, 0.7, 1.4), "high_tech_enterprises": (0.4, 1.5, 1.0)}
    observations = [o for name, truth in truths.items()
                    for o in synthetic(three_sector_project, name, truth, [2018, 2020, 2022, 2024, 2027, 2030])]
    result = calibrate(three_sector_project, observations)
    assert [c.indicator for c in result.calibrations] == ["output_yi", "high_tech_enterprises"]
    for c in result.calibrations:
        assert (c.scale, c.h_mult, c.w_mult) == pytest.approx(truths[c.indicator], rel=0.02)
    assert len(result.rows) == 12
    assert max(abs(r.rel_error) for r in result.rows) < 0.005


def test_one_observation_sets_the_scale_and_leaves_the_ramp_alone(one_it_zone):
    # f(2026) = 0.5 → entities 1.5 unscaled; observed 6 → scale 4.
    fitted = fit_indicator(Projection.of(one_it_zone), "registered_entities",
                           [Observation(2026, "registered_entities", 6.0)])
    assert fitted.scale == pytest.approx(4.0, rel=1e-6)
    assert fitted.h_mult == pytest.approx(1.0, abs=1e-6)
    assert fitted.w_mult == pytest.approx(1.0, abs=1e-6)


def test_multipliers_stay_within_bounds(one_it_zone):
    fitted = fit_indicator(Projection.of(one_it_zone), "output_yi", [Observation(2026, "output_yi", 5_000.0)])
    assert fitted.scale == pytest.approx(10.0)
    assert 0.1 <= fitted.h_mult <= 10 and 0.1 <= fitted.w_mult <= 10


def test_zero_observations_are_fitted_without_relative_error(one_it_zone):
    observations = [Observation(2010, "jobs", 0.0), Observation(2026, "jobs", 1_000.0),
                    Observation(2030, "jobs", 1_500.0)]
    result = calibrate(one_it_zone, observations)
    rows = {r.year: r for r in result.rows}
    # 2010 is before the zone's start year: the ramp is exactly 0 there, the 0 is reproduced.
    assert rows[2010].modelled == 0.0
    assert rows[2010].rel_error == 0.0 and rows[2010].abs_error == 0.0
    assert rows[2026].rel_error == pytest.approx((rows[2026].modelled - 1_000) / 1_000)
    assert abs(rows[2026].rel_error) < 0.01 and abs(rows[2030].rel_error) < 0.01


def test_only_zero_observations_delay_the_ramp_and_keep_the_scale(one_it_zone):
    projection = Projection.of(one_it_zone)
    before = projection.values("tax_yi", [2022])[0] / projection.maturity_value("tax_yi")
    fitted = fit_indicator(projection, "tax_yi", [Observation(2022, "tax_yi", 0.0)])
    after = projection.values("tax_yi", [2022], (fitted.scale, fitted.h_mult, fitted.w_mult))[0]
    assert fitted.scale == pytest.approx(1.0, abs=1e-6)
    assert fitted.h_mult > 1.0
    assert after / projection.maturity_value("tax_yi") < before


def test_a_series_no_zone_contributes_to_is_skipped(one_it_zone):
    result = calibrate(one_it_zone, [Observation(2024, "residents", 300.0), Observation(2024, "jobs", 100.0)])
    assert [c.indicator for c in result.calibrations] == ["jobs"]
    assert "residents" in result.skipped
    assert [r.indicator for r in result.rows] == ["jobs", "residents"]


def test_fit_rows_use_the_calibration_in_force(one_it_zone):
    observations = [Observation(2026, "output_yi", 1.0)]
    rows = fit_rows(Projection.of(one_it_zone), observations, [Calibration("output_yi", scale=2.0)])
    assert rows[0].modelled == pytest.approx(1.8)
    assert rows[0].rel_error == pytest.approx(0.8)
    assert rows[0].to_dict() == {"year": 2026, "indicator": "output_yi", "observed": 1.0,
                                 "modelled": rows[0].modelled, "rel_error": rows[0].rel_error,
                                 "abs_error": pytest.approx(0.8)}


def test_a_zero_observed_after_the_start_has_an_absolute_but_no_relative_error(one_it_zone):
    rows = fit_rows(Projection.of(one_it_zone), [Observation(2026, "output_yi", 0.0)], [])
    assert rows[0].modelled > 0
    assert rows[0].rel_error is None
    assert rows[0].to_dict()["abs_error"] == pytest.approx(rows[0].modelled, rel=1e-12)


def test_merged_calibration_replaces_fitted_series_and_keeps_the_others():
    existing = (Calibration("jobs", 2.0), Calibration("output_yi", 3.0))
    merged = merged_calibration(existing, [Calibration("output_yi", 0.5), Calibration("residents", 1.1)])
    assert merged == (Calibration("output_yi", 0.5), Calibration("jobs", 2.0), Calibration("residents", 1.1))


def test_calibration_and_observations_go_through_the_history(one_it_zone):
    history = History(one_it_zone)
    observations = [Observation(2026, "registered_entities", 6.0)]
    history.push(observations_command(one_it_zone, observations))
    history.push(calibration_command(one_it_zone, calibrate(one_it_zone)))
    assert one_it_zone.calibration[0].scale == pytest.approx(4.0, rel=1e-6)
    assert one_it_zone.observed == tuple(observations)
    history.undo()
    assert one_it_zone.calibration == ()
    history.undo()
    assert one_it_zone.observed == ()


def test_new_observations_replace_those_of_the_same_indicator_only(one_it_zone):
    one_it_zone.observed = (Observation(2020, "jobs", 5.0), Observation(2020, "output_yi", 1.0))
    command = observations_command(one_it_zone, [Observation(2022, "jobs", 9.0)])
    command.apply(one_it_zone)
    assert one_it_zone.observed == (Observation(2022, "jobs", 9.0), Observation(2020, "output_yi", 1.0))
