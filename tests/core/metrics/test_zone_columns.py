"""The engine's per-zone columns: edits write them in place, a parameter change re-derives every
zone from them without reading a zone again, and removed zones leave no trace."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import SetProjectField
from parkplanner.core.editing.zone_commands import add_zones, delete_zones, set_zone_attributes
from parkplanner.core.metrics import MetricsEngine, compute_metrics
from parkplanner.core.metrics import engine as engine_module
from parkplanner.core.model.zone import Zone

from .conftest import make_project
from .test_engine import grid_project


def _engine(project):
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    return history, engine


def test_parameter_change_after_edits_reads_no_zone_and_equals_a_fresh_build(monkeypatch):
    project = grid_project(n=120, seed=11)
    history, engine = _engine(project)
    zones = project.active_scenario.zones
    deleted = list(zones)[:7]
    history.push(delete_zones(project, deleted))
    history.push(add_zones(project, [Zone(900, box(0, 2000, 80, 2100), "OFF", far=2.0)]))
    history.push(set_zone_attributes(project, list(zones)[::2], {"far": 1.75}))  # a batch of 57 zones
    engine.result()

    def no_read(*_args, **_kwargs):
        raise AssertionError("a parameter change must not read the zones again")

    monkeypatch.setattr(engine_module, "read_zones", no_read)
    params = dataclasses.replace(project.parameters, m2_gfa_per_resident=project.parameters.m2_gfa_per_resident * 1.5)
    history.push(SetProjectField.of(project, "parameters", params))
    monkeypatch.undo()
    assert engine.result().to_dict() == compute_metrics(project).to_dict()
    assert len(engine.figures_by_zone()) == len(zones) == 114
    assert 900 in engine.figures_by_zone() and not any(i in engine.figures_by_zone() for i in deleted)


def test_zone_figures_and_columns_follow_a_class_wide_step_by_hand():
    project = grid_project(n=160, seed=3)
    history, engine = _engine(project)
    zones = project.active_scenario.zones
    offices = [i for i, z in zones.items() if z.code == "OFF" and z.gfa_override_m2 is None]
    assert len(offices) >= 5
    history.push(set_zone_attributes(project, offices, {"far": 3.2}))
    table = engine.zone_table()
    gfa = dict(zip(table["zone_id"].tolist(), table["gfa_m2"].tolist()))
    for zone_id, value in ((i, gfa[i]) for i in offices):
        area = zones[zone_id].geometry.area  # boxes: width × height, by GEOS and by hand alike
        assert value == pytest.approx(area * 3.2, abs=0.01)
        figures = engine.zone_figures(zone_id)
        assert figures.gfa_m2 == value and figures.generic_class == "OFF"
        assert figures.job_gfa_m2 == figures.gfa_m2  # an office is all job floor space
    with pytest.raises(KeyError):
        engine.zone_figures(10_000)


def test_unset_values_read_as_nan_and_set_ones_as_they_are():
    from parkplanner.core.metrics.contributions import geometry_column, read_editable

    zones = [Zone(1, box(0, 0, 10, 10), "RES", far=1.5, coverage=0.3, height_m=None, sector="S1"),
             Zone(2, box(10, 0, 20, 10), "OFF", gfa_override_m2=250.0, green_ratio=0.35, height_m=24.0),
             Zone(3, box(20, 0, 30, 10), "GRN")]
    columns = read_editable(zones)
    for name, field in (("far", "far"), ("gfa_override", "gfa_override_m2"), ("coverage", "coverage"),
                        ("green_ratio", "green_ratio"), ("height_m", "height_m")):
        assert columns[name].dtype == float
        for value, zone in zip(columns[name].tolist(), zones):
            expected = getattr(zone, field)
            assert (value != value) if expected is None else value == expected, (name, zone.id)
    assert columns["sector"].tolist() == ["S1", None, None]
    geometries = geometry_column(zones)
    assert geometries.dtype == object and all(g is z.geometry for g, z in zip(geometries, zones))


def _columns_of(zones):
    from parkplanner.core.metrics.contributions import derive, read_zones, scheme_lookup
    from parkplanner.core.metrics.zone_columns import ZoneColumns

    project = make_project(list(zones))
    lookup = scheme_lookup(project.scheme)
    attrs = read_zones(list(zones), lookup)
    return ZoneColumns(attrs, derive(attrs, project.parameters, project.sectors)), lookup, project


def _rows_by_hand(columns) -> dict:
    """Live rows per sector id by a plain loop over the rows."""
    out = {}
    for row, (alive, sector) in enumerate(zip(columns.alive.tolist(), columns.attrs.sector.tolist())):
        if alive:
            out.setdefault(sector, []).append(row)
    return out


def _as_lists(groups: dict) -> dict:
    return {key: rows.tolist() for key, rows in groups.items()}


def test_sector_rows_are_the_live_rows_of_each_sector_in_row_order():
    zones = list(grid_project(n=90, seed=5).active_scenario.zones.values())
    columns, _, _ = _columns_of(zones)
    columns.drop([zones[3].id, zones[40].id])
    groups = _as_lists(columns.sector_rows())
    assert groups == _rows_by_hand(columns)
    assert set(groups) == {None, "next_gen_it", "biomed_devices", "modern_services"}
    assert all(rows == sorted(rows) for rows in groups.values())


def test_sector_rows_survive_a_reshape_and_follow_a_sector_change():
    from parkplanner.core.metrics.contributions import derive, read_zones

    zones = list(grid_project(n=60, seed=8).active_scenario.zones.values())
    columns, lookup, project = _columns_of(zones)

    def put(changed):
        attrs = read_zones(changed, lookup)
        columns.put(attrs, derive(attrs, project.parameters, project.sectors))

    groups = columns.sector_rows()
    x0, y0, _, _ = zones[7].geometry.bounds
    put([zones[7].with_changes(geometry=box(x0, y0, x0 + 30, y0 + 30), far=2.5)])  # same sector
    assert columns.sector_rows() is groups
    moved = next(z for z in zones if z.sector == "biomed_devices")
    put([moved.with_changes(sector="next_gen_it")])
    assert _as_lists(columns.sector_rows()) == _rows_by_hand(columns)
    assert columns.position[moved.id] in columns.sector_rows()["next_gen_it"].tolist()
    # A sector written by a workshop-style column write, then a new zone appended.
    columns.write(columns.rows_of([zones[0].id, zones[1].id]), {"sector": np.array([None, "x"], dtype=object)})
    assert _as_lists(columns.sector_rows()) == _rows_by_hand(columns)
    put([Zone(999, box(0, 5000, 50, 5050), "OFF", sector="modern_services")])
    assert _as_lists(columns.sector_rows()) == _rows_by_hand(columns)
