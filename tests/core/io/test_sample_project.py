"""The ZGC Tech Town sample: reproducible, round-trips, tiles its boundary and carries the case's facts."""
from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest
import shapely

from parkplanner.core.geometry.crs import transformer
from parkplanner.core.io.project_file import load_project, save_project
from parkplanner.core.metrics import compute_metrics
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.resources import sample_project_path


def _generator():
    spec = importlib.util.spec_from_file_location("make_zgc_sample", sample_project_path("make_zgc_sample.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_zgc_sample"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample():
    return load_project(sample_project_path())


def _fields_but_calibration(project):
    snap = list(project.snapshot())
    snap[8] = None  # the calibration multipliers, compared with a tolerance below
    return snap


def test_committed_file_equals_a_fresh_generation(sample):
    fresh = _generator().build_project()
    assert _fields_but_calibration(sample) == _fields_but_calibration(fresh)
    # The multipliers come from a scipy least-squares fit whose last digits follow the installed
    # scipy/numpy. Six significant digits are far finer than any figure a planner reads from the
    # projection (output in 亿元 to two decimals, entities as whole numbers).
    assert [c.indicator for c in sample.calibration] == [c.indicator for c in fresh.calibration]
    for kept, made in zip(sample.calibration, fresh.calibration):
        for field in ("scale", "h_mult", "w_mult"):
            assert getattr(kept, field) == pytest.approx(getattr(made, field), rel=1e-6), (kept.indicator, field)


def test_generation_is_deterministic():
    generator = _generator()
    assert generator.build_project().snapshot() == generator.build_project().snapshot()


def test_round_trip_through_save_and_load(sample, tmp_path):
    out = tmp_path / "copy.gpkg"
    save_project(sample, out)
    assert load_project(out).snapshot() == sample.snapshot()


def test_place_size_and_phases(sample):
    assert sample.crs == "EPSG:4548"
    assert sample.boundary.area == pytest.approx(14.5e6, rel=1e-4)
    centre = sample.boundary.centroid
    lon, lat = transformer("EPSG:4548", "EPSG:4326").transform(centre.x, centre.y)
    assert 117.25 < lon < 117.40 and 39.65 < lat < 39.75
    assert [(p.number, p.start_year) for p in sample.phases] == [(1, 2017), (2, 2024), (3, 2029)]
    assert sample.phases[0].geometry.area == pytest.approx(4.2e6, rel=1e-3)
    assert sum(p.geometry.area for p in sample.phases) == pytest.approx(sample.boundary.area, rel=1e-9)


def test_zones_tile_the_boundary_without_overlaps_or_gaps(sample):
    for scenario in sample.scenarios:
        geoms = np.array([z.geometry for z in scenario], dtype=object)
        assert 100 <= len(geoms) <= 200
        assert shapely.is_valid(geoms).all()
        tree = shapely.STRtree(geoms)
        left, right = tree.query(geoms, predicate="intersects")
        pairs = left < right
        overlap = shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]])).sum()
        assert overlap < 1.0  # m², over the whole 14.5 km²
        union = shapely.union_all(geoms)
        assert shapely.symmetric_difference(union, sample.boundary).area < 1.0
        assert shapely.area(geoms).sum() == pytest.approx(sample.boundary.area, abs=1.0)


def test_programme_of_the_case(sample):
    zones = list(sample.scenario("base"))
    codes = {z.code for z in zones}
    assert {"080403", "1207", "1701", "1401", "0801", "0802"} <= codes
    assert any(c.startswith("13") for c in codes)  # utilities
    assert {z.sector for z in zones if z.sector} == {
        "next_gen_it", "biomed_devices", "new_energy_materials", "advanced_equipment", "modern_services"}
    names = " ".join(z.name for z in zones)
    assert "Kejingxuan" in names and "Nankai" in names and "Waterfront" in names
    catalogue = default_catalogue()
    supporting = sum(z.area_m2 for z in zones if catalogue.generic_class(sample.scheme, z.code) in ("RES", "CIV", "COM"))
    assert 1.5e6 < supporting < 2.6e6  # the case: ~2 km² of supporting land, the rest industrial
    assert sample.boundary.area - supporting == pytest.approx(12.5e6, rel=0.05)
    assert "illustrative" in sample.metadata["geometry_note"].lower()


def test_targets_and_observed_series(sample):
    assert {(t.indicator, t.value) for t in sample.targets} == {("jobs", 120_000.0), ("residents", 75_000.0)}
    observed = {(o.indicator, o.year): o.value for o in sample.observed}
    assert observed == {
        ("output_yi", 2017): 0.0, ("output_yi", 2020): 9.8, ("output_yi", 2024): 16.2,
        ("registered_entities", 2017): 0.0, ("registered_entities", 2020): 327.0,
        ("registered_entities", 2024): 1682.0,
        ("high_tech_enterprises", 2017): 0.0, ("high_tech_enterprises", 2020): 4.0,
        ("high_tech_enterprises", 2024): 27.0,
    }


def test_metrics_show_the_jobs_housing_imbalance_and_the_balanced_alternative(sample):
    base = compute_metrics(sample, "base")
    assert base.totals.residents == pytest.approx(75_000, rel=0.01)
    assert base.totals.jobs == pytest.approx(120_000, rel=0.10)
    assert 2.5 < base.indicators["P1"].value < 3.1  # the case's ~2.7
    balanced = compute_metrics(sample, sample.scenario_by_name_or_id("Balanced city").id)
    assert balanced.totals.residents > 1.5 * base.totals.residents
    assert balanced.indicators["P1"].value < 1.5
