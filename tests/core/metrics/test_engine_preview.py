"""A previewed set of editable values (a workshop FAR drag) gives the metrics of the project with
those values written into its zones, computed from scratch; ending the preview, or an edit of
the previewed zones, gives the metrics of the zones themselves again."""
from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import duplicate_scenario
from parkplanner.core.editing.zone_commands import set_zone_attributes
from parkplanner.core.metrics import MetricsEngine, compute_metrics
from parkplanner.core.metrics import engine as engine_module

from .test_engine import SECTORS, grid_project, random_edit

#: What a preview may set, by engine column: the zone field it stands for and values to draw from.
_FIELDS = {"far": ("far", None), "gfa_override": ("gfa_override_m2", [None, 4000.0, 25000.5]),
           "coverage": ("coverage", [None, 0.1, 0.6]), "sector": ("sector", SECTORS)}


def _overlay(overlay: dict[int, dict], zone_ids, values: dict[str, np.ndarray]) -> None:
    """Add a preview's values to ``overlay`` (zone id -> zone field -> value)."""
    for n, zone_id in enumerate(zone_ids):
        for column, array in values.items():
            value = array[n]
            value = value.item() if isinstance(value, np.generic) else value
            if column != "sector" and value != value:  # NaN: unset
                value = None
            overlay.setdefault(zone_id, {})[_FIELDS[column][0]] = value


def _written(project, overlay: dict[int, dict]):
    """A copy of ``project`` whose active scenario's zones have the ``overlay`` values."""
    scenarios = [s.copy(s.id, s.name) for s in project.scenarios]
    copy = dataclasses.replace(project, scenarios=scenarios)
    zones = copy.active_scenario.zones
    for zone_id, changes in overlay.items():
        zones[zone_id] = zones[zone_id].with_changes(**changes)
    return copy


def _followed(project) -> tuple[History, MetricsEngine]:
    """A history of ``project`` and an engine following it."""
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    return history, engine


def _draw_preview(project, rng: random.Random, columns=("far",), chosen=None):
    """Zone ids (``chosen``, else some of the active scenario's) and values of ``columns`` for them."""
    if chosen is None:
        ids = list(project.active_scenario.zones)
        chosen = rng.sample(ids, rng.randint(1, len(ids)))
    values = {}
    for column in columns:
        if column == "far":
            values["far"] = np.array([round(rng.uniform(0.0, 6.0), 3) for _ in chosen])
        elif column == "sector":
            values["sector"] = np.array([rng.choice(SECTORS) for _ in chosen], dtype=object)
        else:
            picks = [rng.choice(_FIELDS[column][1]) for _ in chosen]
            values[column] = np.array([np.nan if v is None else v for v in picks], dtype=float)
    return chosen, values


@pytest.mark.parametrize("row_by_row", [False, True])
@given(seed=st.integers(0, 10_000), columns=st.sampled_from(
    [("far",), ("far", "gfa_override"), ("coverage", "sector"), ("far", "sector")]))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_previews_equal_the_written_project_from_scratch(seed, columns, row_by_row, monkeypatch):
    # Both ways of keeping the exact sums: numpy per class (many rows) and row by row (few).
    monkeypatch.setattr(engine_module, "_ROW_BY_ROW", 10**9 if row_by_row else 0)
    rng = random.Random(seed)
    project = grid_project(n=60, seed=seed % 7 + 1)
    engine = MetricsEngine(project)
    original = compute_metrics(project).to_dict()
    overlay: dict[int, dict] = {}
    zone_ids = _draw_preview(project, rng, columns)[0]
    for step in range(4):
        # Successive positions of one drag (its zones, new values), then zones of another
        # drag: those previewed before and not named again keep their previewed values.
        zone_ids, values = _draw_preview(project, rng, columns, None if step == 3 else zone_ids)
        engine.preview(zone_ids, values)
        _overlay(overlay, zone_ids, values)
        assert engine.previewing
        # Exact: per-zone values are derived by the same arithmetic, the sums are exact.
        assert engine.result().to_dict() == compute_metrics(_written(project, overlay)).to_dict()
    engine.end_preview()
    assert not engine.previewing
    assert engine.result().to_dict() == original


def test_a_preview_ends_as_the_edit_that_writes_it():
    project = grid_project(n=120, seed=3)
    history, engine = _followed(project)
    rng = random.Random(3)
    zone_ids, values = _draw_preview(project, rng)
    engine.preview(zone_ids, {"far": values["far"] * 0.5})
    engine.preview(zone_ids, values)  # the drag's last position
    # On release the zones are written (some keep their FAR: the edit leaves them out) ...
    written = [i for n, i in enumerate(zone_ids) if n % 3]
    for n, zone_id in enumerate(zone_ids):
        if n % 3:
            history.push(set_zone_attributes(project, [zone_id], {"far": float(values["far"][n])}))
    # ... and the preview ends: every previewed zone shows its own figures.
    engine.end_preview()
    assert not engine.previewing
    assert engine.result().to_dict() == compute_metrics(project).to_dict()
    assert all(project.active_scenario.zones[i].far == values["far"][zone_ids.index(i)] for i in written)


def test_edits_during_a_preview_replace_the_previewed_values_of_their_zones():
    project = grid_project(n=80, seed=5)
    history, engine = _followed(project)
    rng = random.Random(5)
    zone_ids, values = _draw_preview(project, rng)
    engine.preview(zone_ids, values)
    for _ in range(25):  # edits of any kind, undo and scenario switches among them
        random_edit(project, history, rng)
    engine.end_preview()
    assert engine.result().to_dict() == compute_metrics(project).to_dict()


def test_an_edit_made_before_end_preview_reaches_the_engine_after_it():
    # The bridge ends a drag's preview when its frame comes; the drag's edit may arrive later.
    project = grid_project(n=60, seed=8)
    engine = MetricsEngine(project)
    history = History(project)
    zone_ids, values = _draw_preview(project, random.Random(8))
    engine.preview(zone_ids, values)
    changes = []
    history.changed.connect(changes.extend)
    history.push(set_zone_attributes(project, zone_ids[:1], {"far": 9.5}))
    engine.end_preview()
    assert engine.previewing  # the edited zone waits for its change message
    engine.apply(changes)
    assert not engine.previewing
    assert engine.result().to_dict() == compute_metrics(project).to_dict()


def test_a_pinned_copy_of_a_previewing_engine_reads_its_own_scenario():
    project = grid_project(n=80, seed=6)
    history = History(project)
    history.push(duplicate_scenario(project, project.active_scenario_id, "Variant"))
    other = next(s.id for s in project.scenarios if s.id != project.active_scenario_id)
    engine = MetricsEngine(project)
    zone_ids, values = _draw_preview(project, random.Random(6))
    engine.preview(zone_ids, values)
    copy = engine.pinned_copy(other)
    assert not copy.previewing
    assert copy.result().to_dict() == compute_metrics(project, other).to_dict()


def test_a_preview_names_what_it_cannot_show():
    project = grid_project(n=20, seed=2)
    engine = MetricsEngine(project)
    with pytest.raises(ValueError, match="not an editable zone column: area"):
        engine.preview([1], {"area": np.array([5.0])})
    with pytest.raises(ValueError, match="aligned"):
        engine.preview([1, 2], {"far": np.array([1.0])})
    with pytest.raises(KeyError):
        engine.preview([999], {"far": np.array([1.0])})
    assert not engine.previewing
    assert engine.result().to_dict() == compute_metrics(project).to_dict()


@pytest.mark.parametrize("seed", [1, 2])
def test_sector_totals_follow_edits_and_previews(seed):
    project = grid_project(n=80, seed=seed)
    history, engine = _followed(project)
    rng = random.Random(seed)
    sector_ids = [s for s in SECTORS if s] + ["no_such_sector"]
    for step in range(40):
        random_edit(project, history, rng)
        if step % 10 == 5:
            zone_ids, values = _draw_preview(project, rng, ("far", "sector"))
            engine.preview(zone_ids, values)
        elif step % 10 == 9:
            engine.end_preview()
        if engine.previewing:
            continue
        # GFA per sector from the zones themselves; jobs from an engine built afresh.
        zones = list(project.active_scenario)
        fresh = MetricsEngine(project).figures_by_zone()
        expected = {s: (sum(z.gfa_m2 for z in zones if z.sector == s),
                        sum(fresh[z.id].jobs for z in zones if z.sector == s)) for s in sector_ids}
        got = engine.totals_by_sector(sector_ids)
        for s in sector_ids:
            assert got[s] == pytest.approx(expected[s], rel=1e-9, abs=1e-6), (step, s)
