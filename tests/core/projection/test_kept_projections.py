"""Kept projections: given again only while a new reading would give the same numbers."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from parkplanner.core.model.project import Phase
from parkplanner.core.projection.forecast import Projection, forecast
from parkplanner.core.projection.kept_projections import KeptProjections
from parkplanner.core.synthetic import synthetic_project


@pytest.fixture
def project():
    return synthetic_project(300, seed=4, scenarios=2)


def _same_forecast(project, scenario, projection) -> None:
    """The kept projection forecasts what a projection read afresh does (to a hundredth of a job)."""
    kept = forecast(project, scenario, projection=projection)
    fresh = forecast(project, scenario, projection=Projection.of(project, scenario))
    assert kept.years == fresh.years
    for name, series in fresh.series.items():
        np.testing.assert_allclose(kept.series[name], series, rtol=1e-9, atol=0.01)


def test_an_unchanged_scenario_is_not_read_again(project):
    kept = KeptProjections()
    first, second = project.scenarios
    a = kept.projection(project, first)
    kept.projection(project, second)
    assert kept.projection(project, first) is a
    assert kept.made == 2


def _edit_that_moves_the_jobs(project, scenario) -> None:
    """Raise the FAR of a zone whose jobs count (read afresh) goes up with it."""
    before = Projection.of(project, scenario).maturity_value("jobs")
    for zone in list(scenario):
        scenario.zones[zone.id] = zone.with_changes(far=zone.far + 1.5)
        if Projection.of(project, scenario).maturity_value("jobs") > before + 1.0:
            return
        scenario.zones[zone.id] = zone
    raise AssertionError("no zone of the sample has jobs that grow with its FAR")


def test_an_edit_of_one_scenario_keeps_the_others_projection(project):
    kept = KeptProjections()
    first, second = project.scenarios
    old = kept.projection(project, first)
    other = kept.projection(project, second)
    _edit_that_moves_the_jobs(project, first)
    remade = kept.projection(project, first)
    assert kept.made == 3
    assert remade.maturity_value("jobs") > old.maturity_value("jobs") + 1.0
    assert kept.projection(project, second) is other
    _same_forecast(project, first, remade)


@pytest.mark.parametrize("change", ["parameter", "sector", "phase", "order", "removed"])
def test_what_a_projection_is_made_of_makes_it_again(project, change):
    kept = KeptProjections()
    scenario = project.active_scenario
    projection = kept.projection(project, scenario)
    if change == "parameter":
        scenario.parameter_overrides["horizon_year"] = project.parameters.horizon_year + 5
    elif change == "sector":
        sector_id = next(s for s in project.sectors if s)
        scenario.sector_overrides[sector_id] = {"ramp_half_years": project.sectors[sector_id].ramp_half_years + 2}
    elif change == "phase":
        first = project.phases[0]
        project.phases = (Phase(first.number, first.name, first.start_year + 3), *project.phases[1:])
    elif change == "order":
        items = list(scenario.zones.items())
        scenario.zones.clear()
        scenario.zones.update(reversed(items))
    else:
        del scenario.zones[next(iter(scenario.zones))]
    again = kept.projection(project, scenario)
    assert again is not projection and kept.made == 2
    _same_forecast(project, scenario, again)


def test_the_oldest_scenario_is_dropped_beyond_the_size(project):
    kept = KeptProjections(size=2)
    third = project.active_scenario.copy("third", "Third")
    project.scenarios.append(third)
    for scenario in project.scenarios:
        kept.projection(project, scenario)
    kept.projection(project, project.scenarios[0])  # dropped: made again
    assert kept.made == 4
    kept.projection(project, third)  # still kept
    assert kept.made == 4


def test_another_project_with_the_same_scenario_ids_is_read_anew(project):
    kept = KeptProjections()
    kept.projection(project, project.active_scenario)
    other = dataclasses.replace(project, scenarios=[s.copy(s.id, s.name) for s in project.scenarios])
    zone = next(iter(other.active_scenario))
    other.active_scenario.zones[zone.id] = zone.with_changes(far=zone.far + 1.0)
    kept.projection(other, other.active_scenario)
    assert kept.made == 2


def _readings(monkeypatch) -> list[str]:
    """Records "all" for each reading of every zone and "some" for each reading of a few."""
    from parkplanner.core.projection import kept_projections as module

    made = []
    whole, some = module.zone_basis, module.patched_basis
    monkeypatch.setattr(module, "zone_basis", lambda *a: (made.append("all"), whole(*a))[1])
    monkeypatch.setattr(module, "patched_basis", lambda *a: (made.append("some"), some(*a))[1])
    return made


def _same_basis(project, scenario, projection) -> None:
    fresh = Projection.of(project, scenario).basis
    basis = projection.basis
    np.testing.assert_array_equal(basis.zone_ids, fresh.zone_ids)
    np.testing.assert_array_equal(basis.start, fresh.start)
    assert basis.unscheduled_zone_ids == fresh.unscheduled_zone_ids
    for name, series in fresh.series.items():
        for column in ("base", "half", "width"):
            np.testing.assert_allclose(getattr(basis.series[name], column), getattr(series, column), rtol=1e-12)


def test_an_edit_of_a_few_zones_reads_those_zones_alone(project, monkeypatch):
    kept = KeptProjections()
    scenario = project.active_scenario
    kept.projection(project, scenario)
    made = _readings(monkeypatch)
    _edit_that_moves_the_jobs(project, scenario)  # (reads afresh itself, not through the cache)
    zones = list(scenario)
    scenario.zones[zones[3].id] = zones[3].with_changes(code="0701", sector=None)  # another class
    scenario.zones[zones[5].id] = zones[5].with_changes(start_year=zones[5].start_year or 2031)
    projection = kept.projection(project, scenario)
    assert made == ["some"]
    _same_basis(project, scenario, projection)
    _same_forecast(project, scenario, projection)


def test_a_zone_losing_its_start_year_or_edits_of_most_zones_read_every_zone(project, monkeypatch):
    kept = KeptProjections()
    scenario = project.active_scenario
    kept.projection(project, scenario)
    made = _readings(monkeypatch)
    zone = next(iter(scenario))
    scenario.zones[zone.id] = zone.with_changes(start_year=None, phase=99)  # a phase nobody schedules
    projection = kept.projection(project, scenario)
    assert made == ["some", "all"]
    assert zone.id in projection.basis.unscheduled_zone_ids
    _same_basis(project, scenario, projection)
    for zone in list(scenario)[:int(len(scenario) * 0.6)]:  # most of them
        scenario.zones[zone.id] = zone.with_changes(far=zone.far + 0.2)
    projection = kept.projection(project, scenario)
    assert made == ["some", "all", "all"]
    _same_basis(project, scenario, projection)
