import numpy as np
import pytest
from shapely.geometry import box

from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.parameters import Parameters
from parkplanner.core.model.project import Calibration
from parkplanner.core.model.zone import Zone
from parkplanner.core.projection import forecast as forecast_module
from parkplanner.core.projection.forecast import Projection, forecast
from parkplanner.core.projection.ramp import maturity
from parkplanner.core.projection.zone_basis import SERIES, zone_basis

from .conftest import it_zone, make_project


def test_one_sector_zone_reaches_half_of_each_series_h_years_after_start(one_it_zone):
    result = forecast(one_it_zone)
    # next_gen_it: h = 6, w = 6, 800 万元/亩 output, 40 万元/亩 tax, 35 m²/job, 2 enterprises/ha, 30 % high-tech.
    # 15,000 m² = 22.5 mu = 1.5 ha; GFA 30,000 m².
    assert result.value("output_yi", 2026) == pytest.approx(0.5 * 22.5 * 800 / 10_000, rel=1e-12)
    assert result.value("tax_yi", 2026) == pytest.approx(0.5 * 22.5 * 40 / 10_000, rel=1e-12)
    assert result.value("jobs", 2026) == pytest.approx(0.5 * 30_000 / 35, rel=1e-12)
    assert result.value("registered_entities", 2026) == pytest.approx(0.5 * 1.5 * 2.0, rel=1e-12)
    assert result.value("high_tech_enterprises", 2026) == pytest.approx(0.5 * 1.5 * 2.0 * 0.3, rel=1e-12)
    assert result.value("residents", 2026) == 0.0


def test_years_run_from_the_first_start_year_to_the_horizon(one_it_zone):
    assert forecast(one_it_zone).years == tuple(range(2020, 2036))
    shorter = make_project([it_zone()], parameters=Parameters(horizon_year=2030))
    assert forecast(shorter).years == tuple(range(2020, 2031))
    assert set(forecast(shorter).series) == set(SERIES)
    assert all(len(v) == 11 for v in forecast(shorter).series.values())


def test_own_start_year_overrides_the_phase_start_year():
    project = make_project([it_zone(1, phase=2), it_zone(2, x=200, phase=2, start_year=2024)],
                           phases=((1, 2020), (2, 2022)))
    basis = zone_basis(project)
    assert dict(zip(basis.zone_ids.tolist(), basis.start.tolist())) == {1: 2022.0, 2: 2024.0}
    result = forecast(project)
    assert result.years[0] == 2022
    # zone 1 is at half capacity in 2028, zone 2 in 2030; both at f = 1/(1+e^±(4·2/6)) otherwise.
    f_minus = 1 / (1 + np.exp(4 * 2 / 6))
    expected_entities = 3.0 * (0.5 + f_minus)
    assert result.value("registered_entities", 2028) == pytest.approx(expected_entities, rel=1e-12)


def test_zones_without_a_start_year_are_left_out_and_listed():
    project = make_project([it_zone(1), it_zone(2, x=200, phase=3)])
    result = forecast(project)
    assert result.unscheduled_zone_ids == (2,)
    assert result.value("registered_entities", 2026) == pytest.approx(1.5)


def test_no_scheduled_zone_gives_no_years():
    result = forecast(make_project([it_zone(phase=2)]))
    assert result.years == ()
    assert all(v.size == 0 for v in result.series.values())


def test_housing_ramps_by_occupancy():
    flats = Zone(1, box(0, 0, 100, 100), "0701", "flats", far=3.5)  # GFA 35,000 m² → 1,000 residents
    result = forecast(make_project([flats]))
    # occupancy ramp: h = 2, w = 3, whatever the zone's sector
    assert result.value("residents", 2022) == pytest.approx(500.0, rel=1e-12)
    assert result.value("jobs", 2022) == 0.0
    with_sector = forecast(make_project([flats.with_changes(sector="next_gen_it")]))
    assert with_sector.value("residents", 2022) == pytest.approx(500.0, rel=1e-12)


def test_unknown_land_use_code_is_refused_naming_the_zone_as_metrics_do():
    with pytest.raises(ValueError, match="zone 1 has land-use code 'no-such-code'"):
        forecast(make_project([it_zone(code="no-such-code")]))


def test_unknown_sector_id_counts_as_no_sector():
    result = forecast(make_project([it_zone(sector="no_such_sector")]))
    assert result.value("output_yi", 2035) == 0.0
    assert result.value("jobs", 2026) == pytest.approx(0.5 * 30_000 / 60, rel=1e-12)


def test_mixed_use_zone_without_sector_uses_class_defaults():
    code = next(c.code for c in default_catalogue().classes("GENERIC-INTL") if c.generic_class == "MXD")
    mixed = Zone(1, box(0, 0, 100, 100), code, far=2.0)
    project = make_project([mixed], scheme="GENERIC-INTL")
    result = forecast(project)
    # GFA 20,000: half housing → 10,000 / 35 residents at occupancy f(2022) = 0.5;
    # half jobs → 10,000 / 30 jobs on the MXD class ramp (h = 3) → half in 2023.
    assert result.value("residents", 2022) == pytest.approx(0.5 * 10_000 / 35, rel=1e-12)
    assert result.value("jobs", 2023) == pytest.approx(0.5 * 10_000 / 30, rel=1e-12)
    assert result.value("output_yi", 2030) == 0.0


def test_industrial_zone_without_sector_has_class_jobs_and_no_output():
    project = make_project([it_zone(sector=None)])
    result = forecast(project)
    # IND default: 60 m² GFA per job, ramp h = 6, w = 6
    assert result.value("jobs", 2026) == pytest.approx(0.5 * 30_000 / 60, rel=1e-12)
    assert result.value("output_yi", 2035) == 0.0
    assert result.value("registered_entities", 2035) == 0.0


def test_stored_calibration_scales_and_reshapes_its_series(one_it_zone):
    one_it_zone.calibration = (Calibration("output_yi", scale=2.0, h_mult=0.5, w_mult=3.0),)
    result = forecast(one_it_zone)
    # h · 0.5 = 3 → half capacity in 2023, times scale 2
    assert result.value("output_yi", 2023) == pytest.approx(2.0 * 0.5 * 1.8, rel=1e-12)
    assert result.value("jobs", 2026) == pytest.approx(0.5 * 30_000 / 35, rel=1e-12)
    assert result.value("registered_entities", 2026) == pytest.approx(1.5, rel=1e-12)
    raw = forecast(one_it_zone, calibrations=())
    assert raw.value("output_yi", 2026) == pytest.approx(0.9, rel=1e-12)


def test_tax_and_high_tech_borrow_the_calibration_of_output_and_entities(one_it_zone):
    one_it_zone.calibration = (Calibration("output_yi", scale=0.5), Calibration("registered_entities", scale=2.0),
                               Calibration("high_tech_enterprises", scale=3.0))
    result = forecast(one_it_zone)
    assert result.value("tax_yi", 2026) == pytest.approx(0.5 * 0.5 * 0.09, rel=1e-12)
    assert result.value("high_tech_enterprises", 2026) == pytest.approx(3.0 * 0.45, rel=1e-12)  # its own wins
    assert result.value("jobs", 2026) == pytest.approx(0.5 * 30_000 / 35, rel=1e-12)


def test_scenario_sector_overrides_change_the_ramp(one_it_zone):
    one_it_zone.active_scenario.sector_overrides = {"next_gen_it": {"ramp_half_years": 2.0}}
    assert forecast(one_it_zone).value("registered_entities", 2022) == pytest.approx(1.5, rel=1e-12)


def test_chunked_evaluation_gives_the_same_numbers(monkeypatch):
    zones = [it_zone(i, x=200 * i, start_year=2015 + i % 7, far=1 + i % 3) for i in range(1, 40)]
    projection = Projection.of(make_project(zones))
    years = np.arange(2015, 2036)
    whole = projection.values("jobs", years, (1.3, 0.8, 1.2))
    monkeypatch.setattr(forecast_module, "_CHUNK_CELLS", 50)
    assert np.allclose(projection.values("jobs", years, (1.3, 0.8, 1.2)), whole, rtol=1e-12)


def test_unknown_series_is_refused(one_it_zone):
    with pytest.raises(KeyError, match="unknown series"):
        Projection.of(one_it_zone).values("gdp", [2020])


def test_zones_sharing_a_ramp_are_summed_exactly_as_zone_by_zone():
    zones = [it_zone(i, x=200 * i, start_year=2016 + i % 4, far=1 + i % 3,
                     sector=("next_gen_it", "biomed_devices")[i % 2]) for i in range(1, 30)]
    project = make_project(zones)
    basis = zone_basis(project)
    years = np.arange(2014, 2036)
    jobs = basis.series["jobs"]
    by_zone = sum(jobs.base[k] * maturity(years, basis.start[k], jobs.half[k] * 0.9, jobs.width[k] * 1.1)
                  for k in range(len(zones)))
    assert np.allclose(Projection(basis).values("jobs", years, (1.0, 0.9, 1.1)), by_zone, rtol=1e-12, atol=0)


def test_a_sector_without_ramp_width_is_refused_by_name(one_it_zone):
    one_it_zone.active_scenario.sector_overrides = {"next_gen_it": {"ramp_width_years": 0.0}}
    with pytest.raises(ValueError, match="sector next_gen_it needs a positive ramp width"):
        forecast(one_it_zone)
