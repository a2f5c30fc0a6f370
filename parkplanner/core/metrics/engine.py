"""The live metrics engine: per-zone contributions kept between edits (docs/architecture.md, "Metrics").

``MetricsEngine(project)`` follows the history's change messages (``engine.apply(changes)``,
connect it to ``History.changed``). A zone edit subtracts the zone's old contributions and adds the
new ones to exact per-class sums (exact_sum.py), recomputes coverage only for the housing zones the
edit can affect, and re-checks the edited zones' standards: the cost grows with the number of
edited zones, not with the size of the scenario. Per-zone figures are kept as columns
(zone_columns.py), so a class-wide change (a workshop FAR step, a parameter slider, a scenario
override) is one vectorised update: parameter and sector changes re-derive every zone's values
from the columns (numpy, no zone read again); a scheme change or a scenario switch rebuilds everything.
``preview`` shows editable values the zones do not have yet (a workshop drag) through the same
column update, and ``end_preview`` or the edit that writes them brings the zones' own back.
"""
from __future__ import annotations

import copy
from functools import partial
from itertools import compress
from operator import not_
from typing import Iterable, Mapping, Sequence

import numpy as np

from parkplanner.core.collector import collector_paused
from parkplanner.core.editing.change import ChangeKind, ProjectChange
from parkplanner.core.events import Signal
from parkplanner.core.foreground import give_way
from parkplanner.core.geometry.chunked import side_by_side
from parkplanner.core.metrics.aggregates import Aggregates, totals_of
from parkplanner.core.metrics.balance import balance_violations, generic_balance, level1_balance, per_capita
from parkplanner.core.metrics.contributions import (
    CLASS_INDEX, CLASS_NAMES, EDITABLE_COLUMNS, FACILITIES, N_CLASSES, SUMMED, ZoneAttributes, derive,
    geometry_column, read_editable, read_zones, scheme_lookup,
)
from parkplanner.core.metrics.coverage import (
    LAYER_RADII, BufferCache, CoverageLayer, CoverageState, housing_outline, roles,
)
from parkplanner.core.metrics.exact_sum import fixed_sums, from_fixed, to_fixed
from parkplanner.core.metrics.indicators import indicator_values
from parkplanner.core.metrics.registry import INDICATORS
from parkplanner.core.metrics.result import IndicatorValue, MetricsResult
from parkplanner.core.metrics.scoring import Weights, coupling, dimension_indices, obstacle_degrees, score
from parkplanner.core.metrics.standards import RuleSet, Violation, check_zones, default_rules
from parkplanner.core.metrics.zone_columns import ZoneColumns
from parkplanner.core.metrics.zone_figures import COLUMN_OF, FIGURE_COLUMNS, FiguresView, ZoneFigures, new_figures
from parkplanner.core.model.catalogue import GENERIC_CLASSES
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import stale_ids

__all__ = ["MetricsEngine", "ZoneFigures", "compute_metrics"]

_HOUSING = (CLASS_INDEX["RES"], CLASS_INDEX["MXD"])
_SCENARIO_VALUE_FIELDS = ("parameter_overrides", "sector_overrides")
#: The summed columns an attribute edit can move (area, construction land and culture area
#: follow from the geometry and the land-use code alone).
_EDITABLE_SUMS = tuple(c for c in SUMMED if c not in ("area", "construction_area", "culture_area"))
#: Below this many edited zones the exact sums are updated row by row (cheaper than numpy set-up).
_ROW_BY_ROW = 64


def _derive_inputs(params, sectors) -> tuple:
    """What ``derive`` and ``check_zones`` read besides the zones (per-zone values change with it)."""
    return (params.mxd_residential_share, params.m2_gfa_per_resident,
            tuple(sorted(dict(params.class_m2_gfa_per_job).items())), tuple(sorted(sectors.items())))


class MetricsEngine:
    """Metrics of one scenario (the active one unless ``scenario_id`` pins another)."""

    def __init__(self, project: Project, scenario_id: str | None = None, weights: Weights | None = None,
                 rules: RuleSet | None = None, buffer_cache: BufferCache | None = None) -> None:
        self.project = project
        self._pinned = scenario_id
        self.weights = weights or Weights()
        self.rules = rules or default_rules()
        #: Emitted (no args) after apply() changed something.
        self.updated = Signal()
        self._current: MetricsResult | None = None
        self._previous: MetricsResult | None = None
        #: True while the project is mid-way through a multi-step edit the engine cannot read
        #: (e.g. a scheme switched before the zone codes are remapped): rebuilt when it can be.
        self._broken = False
        #: Incremented whenever every zone's figures are derived anew (a build, new parameters).
        self.derivation = 0
        self._derived_from: tuple | None = None
        # Engines of several scenarios may share ``buffer_cache``: their unchanged zones are the same objects.
        self._buffer_cache = buffer_cache or BufferCache(builds=2 * len(LAYER_RADII))
        self._coverage = {name: CoverageLayer(radius, self._buffer_cache) for name, radius in LAYER_RADII.items()}
        self._rebuild()

    def pinned_copy(self, scenario_id: str) -> "MetricsEngine":
        """An engine of ``scenario_id`` made from this one; same result as ``MetricsEngine(project,
        scenario_id)``, at the cost of what differs.

        Scenarios share their unchanged zones (immutable objects), so only zones that are not the
        objects this engine last read are updated (the incremental path, exact like a build), and
        every zone's values are re-derived only if the scenario's parameters or sectors differ.
        A UI showing a scenario for the first time pays this instead of a full build.
        """
        other = self.pinned_state(scenario_id)
        if other is None:
            return MetricsEngine(self.project, scenario_id, self.weights, self.rules, self._buffer_cache)
        other.take_in_scenario()
        return other

    def pinned_state(self, scenario_id: str) -> "MetricsEngine | None":
        """The first half of ``pinned_copy``: an engine in this one's state, independent of it
        from now on, pinned to ``scenario_id`` but not brought to it yet (None: only a build
        will do). Point its ``project`` at a detached copy and ``take_in_scenario`` on a worker:
        it reads nothing but its own state and that project."""
        if self._broken or self.project.scheme != self._lookup.scheme:
            return None
        # The copied dicts and sets are containers by the ten thousand, never cycles: as in a
        # build, the collector waits instead of walking them and everything else alive.
        with collector_paused():
            other = copy.copy(self)  # then every member an update mutates is copied or replaced
            other._pinned = other._scenario_id = scenario_id
            other.updated = Signal()
            other._current = other._previous = None
            # ``.copy()``, not ``dict()``: once a dictionary has lost an entry, ``dict(d)`` re-inserts
            # entry by entry (~4x slower at 20,000), ``d.copy()`` still copies its table whole.
            other._columns, other._seen = self._columns.copy(), self._seen.copy()
            other._class_fixed = {column: list(sums) for column, sums in self._class_fixed.items()}
            other._level1_fixed = list(self._level1_fixed)
            other._violations = self._violations.copy()  # a zone's list is replaced on update, never appended to
            other._flat_violations = None
            other._coverage = {name: layer.copy() for name, layer in self._coverage.items()}
            # Previewed figures are not those of the zone objects they were read from.
            other._previewed = set()
            other._stale_previewed = set(self._previewed)
        return other

    def take_in_scenario(self) -> None:
        """The second half of ``pinned_copy``: update the zones that are not the objects this
        engine last read (the incremental path, exact like a build), and every zone's values
        only if the scenario's parameters or sectors differ."""
        with collector_paused():
            zones = self.scenario.zones
            give_way()  # on a worker (a first visit), the GUI thread's turn goes first (core.foreground)
            stale = stale_ids(self._seen, zones)  # edited, added or removed since they were read
            stale |= self._stale_previewed
            self._stale_previewed = set()
            if stale:
                self._update_zones(stale)
            self._refresh_values()  # re-derives if the scenario's parameters or sectors differ

    # -- public API ----------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return self.project.scenario(self._scenario_id)

    def result(self) -> MetricsResult:
        """The current metrics. ValueError (naming the zone) if the project cannot be read, e.g. a
        zone code unknown in the project's scheme."""
        if self._broken:
            self._rebuild()
            self._broken = False
        if self._current is None:
            self._current = self._make_result()
        return self._current

    def previous_result(self) -> MetricsResult | None:
        """The result shown before the latest change (the dashboard draws it faintly)."""
        return self._previous

    def set_weights(self, weights: Weights) -> None:
        self._advance()
        self.weights = weights
        self.updated.emit()

    def zone_figures(self, zone_id: int) -> ZoneFigures:
        """KeyError if the zone is not in the scenario."""
        columns = self._columns
        row = columns.position[zone_id]
        attrs, contrib = columns.attrs, columns.contrib
        return new_figures((zone_id, GENERIC_CLASSES[attrs.cls[row]],
                             self._lookup.level1_codes[attrs.level1[row]], FACILITIES[attrs.facility[row]],
                             *(float(getattr(contrib, name)[row]) for name in FIGURE_COLUMNS)))

    def figures_by_zone(self) -> Mapping[int, ZoneFigures]:
        """Every zone's figures by zone id (read-only view, in no particular order)."""
        return FiguresView(self)

    def totals_by_sector(self, sector_ids: Iterable[str]) -> dict[str, tuple[float, float]]:
        """(GFA m², jobs) summed over the zones of each sector id (0, 0 for a sector no zone uses)."""
        groups, contrib = self._columns.sector_rows(), self._columns.contrib
        none = np.zeros(0, dtype=np.int64)
        out = {}
        for sector_id in sector_ids:
            rows = groups.get(sector_id, none)
            out[sector_id] = (float(contrib.gfa[rows].sum()), float(contrib.jobs[rows].sum()))
        return out

    def zones_larger_than(self, area_m2: float) -> list[tuple[int, float]]:
        """(zone id, area m²) of the zones larger than ``area_m2``, by zone id (the plausibility
        check after each edit: read from the area column, not measured again)."""
        columns = self._columns
        rows = np.flatnonzero(columns.alive & (columns.attrs.area > area_m2))
        return sorted(zip(columns.attrs.zone_id[rows].tolist(), columns.attrs.area[rows].tolist()))

    def zone_table(self) -> dict[str, np.ndarray]:
        """Per-zone columns in the scenario's zone order: zone_id, area_m2, gfa_m2, job_gfa_m2, jobs,
        residents, output_wan, tax_wan, culture_area_m2, generic_class, level1."""
        rows = self._columns.rows_of(self.scenario.zones)
        attrs, contrib = self._columns.attrs, self._columns.contrib
        table = {"zone_id": attrs.zone_id[rows]}
        for name in ("area_m2", "gfa_m2", "job_gfa_m2", "jobs", "residents", "output_wan", "tax_wan",
                     "culture_area_m2"):
            table[name] = getattr(contrib, COLUMN_OF[name])[rows]
        table["generic_class"] = CLASS_NAMES[attrs.cls[rows]]
        table["level1"] = np.array(self._lookup.level1_codes, dtype=object)[attrs.level1[rows]]
        return table

    def zone_violations(self, zone_id: int) -> list[Violation]:
        return list(self._violations.get(zone_id, ()))

    def apply(self, changes: Iterable[ProjectChange]) -> None:
        """Bring the metrics up to date with one history step's changes."""
        changes = list(changes)
        rebuild = refresh = False
        zone_ids: set[int] = set()
        for change in changes:
            if change.kind is ChangeKind.ACTIVE_SCENARIO:
                rebuild = rebuild or self._pinned is None
            elif change.kind is ChangeKind.PROJECT:
                rebuild = rebuild or change.field == "scheme"
                refresh = refresh or change.field in ("parameters", "sectors")
            elif change.kind is ChangeKind.SCENARIOS:
                if change.scenario_id == self._scenario_id and any(
                        f in (change.field or "") for f in _SCENARIO_VALUE_FIELDS):
                    refresh = True
            elif change.touches_zones and change.scenario_id == self._scenario_id:
                zone_ids |= change.zone_ids
        self._advance()
        try:
            if (self._broken or rebuild or self._target_id() != self._scenario_id
                    or self.project.scheme != self._lookup.scheme):
                self._rebuild()
            else:
                if zone_ids:
                    self._update_zones(zone_ids)
                if refresh:
                    self._refresh_values()
            self._broken = False
        except ValueError:
            # Inside a grouped edit the history announces each command as it is applied; a later
            # command of the group may make the project readable again (the next apply rebuilds).
            self._broken = True
        self.updated.emit()

    # -- previews ------------------------------------------------------------------------------
    def preview(self, zone_ids: Sequence[int], values: Mapping[str, np.ndarray]) -> None:
        """Metrics as if the zones ``zone_ids`` had the editable ``values`` (EDITABLE_COLUMNS by
        name, arrays aligned with ``zone_ids``), the zones themselves untouched.

        A workshop drag shows each slider position this way and writes the zones once, on
        release: the same vectorised update as an edit of those zones' attributes (exact sums,
        re-checks), so the result is the one the edited project gives. An edit reaching a
        previewed zone, or ``end_preview``, brings its figures back to the zone itself. Only the
        columns are read (a worker may run it while nothing else touches the engine).
        KeyError for a zone the scenario does not have, ValueError for a column that is not editable.
        """
        unknown = set(values) - set(EDITABLE_COLUMNS)
        if unknown:
            raise ValueError(f"not an editable zone column: {', '.join(sorted(unknown))}")
        if self._broken:
            return  # a grouped edit left the project unreadable: ``result`` reads it again first
        position = self._columns.position
        rows = np.fromiter(map(position.__getitem__, zone_ids), dtype=np.int64, count=len(zone_ids))
        columns = {name: np.asarray(column) for name, column in values.items()}
        if any(column.shape != rows.shape for column in columns.values()):
            raise ValueError("previewed values must be aligned with the zone ids")
        self._advance()
        self._previewed.update(self._rewrite(rows, columns))
        self.updated.emit()

    def end_preview(self) -> None:
        """Previewed zones show their own figures again.

        A previewed zone that an edit replaced since is left to that edit (its change message
        re-reads it when it reaches ``apply``); the others are re-read now.
        """
        zones, seen = self.scenario.zones, self._seen
        back = [zones[i] for i in self._previewed if i in zones and zones[i] is seen.get(i)]
        if not back:
            return
        self._advance()
        self._update_attributes(back)
        self._previewed.difference_update(zone.id for zone in back)
        self.updated.emit()

    @property
    def previewing(self) -> bool:
        """Whether some zones' figures are previewed values (``preview``) rather than their own."""
        return bool(self._previewed)

    # -- building ------------------------------------------------------------------------------
    def _target_id(self) -> str:
        return self._pinned or self.project.active_scenario_id

    def _advance(self) -> None:
        if self._current is not None:
            self._previous = self._current
        self._current = None

    def _rebuild(self) -> None:
        # A build makes a few hundred thousand records, arrays and geometries that are never
        # cycles: the collector would walk them and everything else alive (~80 ms of CPU at
        # 100,000 zones), so it waits until the build is done.
        with collector_paused():
            self._build()

    def _build(self) -> None:
        self._scenario_id = self._target_id()
        self._lookup = scheme_lookup(self.project.scheme)
        self._level1_index = {code: n for n, code in enumerate(self._lookup.level1_codes)}
        #: The zone objects the figures and coverage were read from (pinned_copy compares them by
        #: identity; a reshape finds the geometry coverage knew here).
        self._seen = self.scenario.zones.copy()
        #: Zones whose figures show previewed values rather than those of their ``_seen`` object.
        self._previewed: set[int] = set()
        self._stale_previewed: set[int] = set()  # of a pinned state: previewed in its source
        zones = list(self._seen.values())
        geometries = geometry_column(zones)
        self._columns = ZoneColumns(read_zones(zones, self._lookup, geometries))
        # The derived values and the coverage layers share nothing but read-only inputs: each is
        # made on its own thread, as it would be alone.
        side_by_side(partial(self._refresh_values, force=True), partial(self._build_coverage, geometries))

    def _build_coverage(self, geometries: np.ndarray) -> None:
        attrs = self._columns.attrs  # as read: coverage needs no derived value
        housing, facilities = roles(attrs.cls, attrs.facility, attrs.area)
        outline = housing_outline(geometries[housing])  # the same housing for every layer
        # One thread per layer. The layers look buffers up in the shared cache while they build
        # and record theirs after, in layer order, so what the cache holds does not depend on
        # which thread was first.
        side_by_side(*(partial(layer.build, attrs.zone_id, geometries, attrs.area, housing, facilities[name],
                               outline, remember=False) for name, layer in self._coverage.items()))
        for layer in self._coverage.values():
            layer.remember_buffers()

    def _refresh_values(self, force: bool = False) -> ZoneAttributes | None:
        """Re-derive every zone's contributions and violations (parameters or sectors changed).

        Skipped (None) unless ``force`` or something per-zone values depend on changed: an
        employed-share or household-size drag only moves totals taken from the sums.
        """
        give_way()  # on a worker, the GUI thread's turn goes first (core.foreground)
        scenario = self.scenario
        self._params = self.project.effective_parameters(scenario)
        self._sectors = self.project.effective_sectors(scenario)
        inputs = _derive_inputs(self._params, self._sectors)
        if not force and inputs == self._derived_from:
            return None
        self._derived_from = inputs
        self.derivation += 1
        # The columns are current (edits write them): no zone is read again, one derive over them.
        self._columns.compact()
        attrs = self._columns.attrs
        contrib = self._columns.contrib = derive(attrs, self._params, self._sectors)
        self._class_fixed = {c: fixed_sums(contrib.column(c), attrs.cls, N_CLASSES) for c in SUMMED}
        self._level1_fixed = fixed_sums(attrs.area, attrs.level1, len(self._lookup.level1_codes))
        self._violations: dict[int, list[Violation]] = {}
        for violation in check_zones(attrs, self._sectors, self.rules):
            self._violations.setdefault(violation.zone_id, []).append(violation)
        self._flat_violations: list[Violation] | None = None
        return attrs

    # -- incremental ---------------------------------------------------------------------------
    def _update_zones(self, zone_ids: set[int]) -> None:
        # A zone keeping its geometry object and land-use code (a FAR, sector or ratio edit, a
        # workshop FAR step over a whole class) keeps its area, classes and coverage roles: only
        # its editable columns are rewritten, in place, and coverage is not involved.
        ids = list(zone_ids)
        olds, news = list(map(self._seen.get, ids)), list(map(self.scenario.zones.get, ids))
        kept_mask = [old is not None and new is not None and old.geometry is new.geometry and old.code == new.code
                     for old, new in zip(olds, news)]
        kept = list(compress(news, kept_mask))
        if kept:
            self._update_attributes(kept)
        if len(kept) < len(ids):
            give_way()  # on a worker (a first visit), the GUI thread's turn goes first
            self._update_others(set(compress(ids, map(not_, kept_mask))))
        self._previewed.difference_update(ids)  # their figures are read from the zones again

    def _update_attributes(self, zones: list) -> None:
        """Zones known to the columns whose geometry object and code are unchanged."""
        give_way()  # on a worker, the GUI thread's turn goes first (core.foreground)
        position = self._columns.position
        rows = np.array([position[zone.id] for zone in zones], dtype=np.int64)
        values = read_editable(zones)
        give_way()
        # Zones whose columns hold their values already (a drag's edit writing what its preview
        # showed) keep their contributions and checks: only the object they were read from changes.
        held = self._columns.holds(rows, values)
        if held.any():
            self._seen.update((zone.id, zone) for zone in compress(zones, held.tolist()))
            stale = ~held
            zones = list(compress(zones, stale.tolist()))
            rows, values = rows[stale], {name: column[stale] for name, column in values.items()}
        if zones:
            self._seen.update(zip(self._rewrite(rows, values), zones))

    def _rewrite(self, rows: np.ndarray, values: Mapping[str, np.ndarray]) -> list[int]:
        """Overwrite editable columns at ``rows`` and bring contributions, sums and checks along;
        returns the zone ids of ``rows``."""
        give_way()  # on a worker, the GUI thread's turn goes first (core.foreground)
        columns = self._columns
        attrs = columns.write(rows, values)
        new = derive(attrs, self._params, self._sectors)
        if rows.size < _ROW_BY_ROW:
            self._add_at(rows, -1, _EDITABLE_SUMS, level1=False)
            columns.set_contributions(rows, new)
            self._add_at(rows, +1, _EDITABLE_SUMS, level1=False)
        else:
            # One exact sum of old (negated) and new values per column that moved: a FAR step
            # over a class leaves output and tax as they were.
            contrib, classes = columns.contrib, np.concatenate((attrs.cls, attrs.cls))
            for column in _EDITABLE_SUMS:
                before, after = contrib.column(column)[rows], new.column(column)
                if np.array_equal(before, after):
                    continue
                fixed = self._class_fixed[column]
                for n, value in enumerate(fixed_sums(np.concatenate((-before, after)), classes, N_CLASSES)):
                    fixed[n] += value
            columns.set_contributions(rows, new)
        zone_ids = attrs.zone_id.tolist()
        violations = self._violations
        for zone_id in violations.keys() & zone_ids:  # most rewritten zones have none
            del violations[zone_id]
        give_way()
        self._check(attrs)
        return zone_ids

    def _check(self, attrs: ZoneAttributes) -> None:
        for violation in check_zones(attrs, self._sectors, self.rules):
            self._violations.setdefault(violation.zone_id, []).append(violation)
        self._flat_violations = None

    def _update_others(self, zone_ids: set[int]) -> None:
        """Zones added, removed, reshaped or given another land-use code."""
        zones = self.scenario.zones
        columns = self._columns
        seen = self._seen
        # A zone keeping its geometry object and land-use code keeps its coverage roles (housing,
        # facility) and area: coverage can skip it.
        reshaped = {i for i in zone_ids
                    if (old := seen.get(i)) is None or (new := zones.get(i)) is None
                    or old.geometry is not new.geometry or old.code != new.code}
        self._add_at(columns.rows_of(zone_ids), -1)
        old_roles = self._roles_at(columns.rows_of(reshaped))
        old_geometry = {i: seen[i].geometry for i in reshaped if i in seen}
        for zone_id in zone_ids:
            self._violations.pop(zone_id, None)
            seen.pop(zone_id, None)
        present = [zones[i] for i in zone_ids if i in zones]
        seen.update((zone.id, zone) for zone in present)
        columns.drop(i for i in zone_ids if i not in zones)
        attrs = read_zones(present, self._lookup)
        rows = columns.put(attrs, derive(attrs, self._params, self._sectors))
        self._add_at(rows, +1)
        self._check(attrs)
        if reshaped:
            self._update_coverage(old_roles, old_geometry, self._roles_at(columns.rows_of(reshaped)))

    def _roles_at(self, rows: np.ndarray) -> tuple[list[int], np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """Zone ids, areas, housing mask and facility mask per coverage layer of the zones at ``rows``."""
        attrs = self._columns.attrs
        area = attrs.area[rows]
        housing, facilities = roles(attrs.cls[rows], attrs.facility[rows], area)
        return attrs.zone_id[rows].tolist(), area, housing, facilities

    def _update_coverage(self, old_roles, old_geometry: dict[int, object], new_roles) -> None:
        """Hand each coverage layer the zones whose part in it changed (``_roles_at`` before and after).

        A zone that is neither housing nor a facility of a layer, before or after, is no business
        of that layer, nor is one keeping its role and its (immutable) geometry object: a workshop
        FAR step over thousands of zones then costs the layers nothing.
        """
        old_ids, old_area, old_housing, old_facility = old_roles
        new_ids, new_area, new_housing, new_facility = new_roles
        for name, layer in self._coverage.items():
            old = {}
            for n in np.flatnonzero(old_housing | old_facility[name]).tolist():
                old[old_ids[n]] = CoverageState(old_geometry[old_ids[n]], float(old_area[n]), bool(old_housing[n]),
                                                bool(old_facility[name][n]))
            new = {}
            for n in np.flatnonzero(new_housing | new_facility[name]).tolist():
                new[new_ids[n]] = CoverageState(self._seen[new_ids[n]].geometry, float(new_area[n]), bool(new_housing[n]),
                                                bool(new_facility[name][n]))
            changed = {}
            for zone_id in old.keys() | new.keys():
                before, after = old.get(zone_id), new.get(zone_id)
                if (before is not None and after is not None and before.geometry is after.geometry
                        and before.housing == after.housing and before.facility == after.facility):
                    continue
                # None stands for "no role": CoverageLayer.update treats both alike.
                changed[zone_id] = (before, after)
            if changed:
                layer.update(changed)

    def _add_at(self, rows: np.ndarray, sign: int, columns: tuple[str, ...] = SUMMED, level1: bool = True) -> None:
        """Add (sign +1) or subtract (-1) the zones at ``rows`` of the columns from the exact
        per-class sums of ``columns`` and, if ``level1``, the per-level-1 area sums.

        Few rows go one by one; many (a FAR slider step rewrites a whole class) are summed per
        class with numpy first. Both are exact integer sums, so the totals are identical.
        """
        if rows.size == 0:
            return
        attrs, contrib = self._columns.attrs, self._columns.contrib
        classes = attrs.cls[rows]
        if rows.size >= _ROW_BY_ROW:
            for column in columns:
                fixed = self._class_fixed[column]
                for n, value in enumerate(fixed_sums(contrib.column(column)[rows], classes, N_CLASSES)):
                    fixed[n] += sign * value
            if level1:
                for n, value in enumerate(fixed_sums(attrs.area[rows], attrs.level1[rows], len(self._level1_fixed))):
                    self._level1_fixed[n] += sign * value
            return
        classes = classes.tolist()
        for column in columns:
            fixed = self._class_fixed[column]
            for cls, value in zip(classes, contrib.column(column)[rows].tolist()):
                if value:
                    fixed[cls] += sign * to_fixed(value)
        if level1:
            for n, value in zip(attrs.level1[rows].tolist(), attrs.area[rows].tolist()):
                if value:
                    self._level1_fixed[n] += sign * to_fixed(value)

    # -- result ----------------------------------------------------------------------------------
    def _aggregates(self) -> Aggregates:
        by_class = {c: np.array([from_fixed(n) for n in self._class_fixed[c]]) for c in SUMMED}
        total = {c: from_fixed(sum(self._class_fixed[c])) for c in SUMMED}
        area = self._class_fixed["area"]
        return Aggregates(
            zone_count=len(self._columns), by_class=by_class, total=total,
            construction_area_m2=total["construction_area"],
            housing_area_m2=from_fixed(sum(area[i] for i in _HOUSING)),
            level1_area=np.array([from_fixed(n) for n in self._level1_fixed]),
            school_covered_m2=self._coverage["P2"].covered_m2, park_covered_m2=self._coverage["E3"].covered_m2,
        )

    def _make_result(self) -> MetricsResult:
        agg = self._aggregates()
        totals = totals_of(agg, self._params)
        values = indicator_values(agg, totals)
        scores = {i.id: score(values[i.id], i.target) for i in INDICATORS}
        dims = dimension_indices(scores, self.weights)
        obstacles = obstacle_degrees(scores, self.weights)
        balance = generic_balance(agg, totals, self.rules)
        if self._flat_violations is None:
            self._flat_violations = [v for i in sorted(self._violations) for v in self._violations[i]]
        scenario = self.scenario
        return MetricsResult(
            project_name=self.project.name, crs=self.project.crs, scheme=self.project.scheme,
            scenario_id=scenario.id, scenario_name=scenario.name, parameters=self._params,
            sectors=self._sectors, totals=totals, balance=tuple(balance),
            level1_balance=tuple(level1_balance(agg, totals, self.rules, self._lookup)),
            per_capita=tuple(per_capita(agg, totals, self.rules)),
            indicators={i.id: IndicatorValue(i, values[i.id], scores[i.id], obstacles[i.id]) for i in INDICATORS},
            dimensions=dims, coupling=coupling(dims, self.weights),
            violations=tuple(self._flat_violations) + tuple(balance_violations(balance, self.rules)),
            weights=self.weights,
        )


def compute_metrics(project: Project, scenario: Scenario | str | None = None, weights: Weights | None = None,
                    rules: RuleSet | None = None) -> MetricsResult:
    """Metrics of ``scenario`` (default: the active one) computed from scratch."""
    scenario_id = scenario.id if isinstance(scenario, Scenario) else scenario
    return MetricsEngine(project, scenario_id=scenario_id, weights=weights, rules=rules).result()
