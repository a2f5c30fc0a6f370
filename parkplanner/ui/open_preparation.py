"""What the opening worker builds beside reading the file, so the GUI thread does not.

After ``load_project`` the worker also builds, for the shown scenario, the canvas's data origin
and zone layer (tiles and colour groups; ~0.4 s at 20,000 zones), the MetricsBridge's metrics engine with its
buffer cache (~1.3 s at 20,000 zones: contributions, coverage buffers) and first metrics
dictionary, and the legend's totals (one area per zone). It also imports the topology check's
graph code: a small project's first check runs on the GUI thread, and importing scipy.sparse
there was a third of a second the window stood still after opening. They are left in
``parkplanner.ui.prepared`` with the objects they were made from; ``MapRenderer`` and
``MetricsBridge`` take them when the window shows the project, and build their own if anything
differs. Both are Qt-free to build (the layer's Qt paths are made later, by render jobs).
"""
from __future__ import annotations

from parkplanner.core.geometry.topology import import_graph_code
from parkplanner.core.metrics.engine import MetricsEngine
from parkplanner.core.metrics.plausibility import zone_areas
from parkplanner.core.model.project import Project
from parkplanner.ui import prepared
from parkplanner.ui.canvas.map_renderer import ORIGIN_KEY, ZONE_LAYER_KEY, data_origin, origin_made_from
from parkplanner.ui.canvas.zone_layer import ZoneLayer
from parkplanner.ui.metrics_bridge import ENGINE_KEY, KEPT_SCENARIOS, buffer_cache_for, metrics_dict
from parkplanner.ui.panels.legend_panel import LEGEND_KEY, LegendTotals

__all__ = ["prepare_for_window"]


def prepare_for_window(project: Project, check=lambda: None) -> None:
    """Build the shown scenario's zone layer and metrics engine (any thread); ``check`` may raise
    to stop between the two (a cancelled task)."""
    scenario = project.active_scenario
    origin = data_origin(project)
    prepared.put(project, ORIGIN_KEY, origin_made_from(project), origin)
    layer = ZoneLayer.from_zones(scenario.zones.values(), project.scheme, origin)
    prepared.put(project, ZONE_LAYER_KEY, (scenario, scenario.zones, project.scheme, origin), layer)
    check()
    areas = zone_areas(scenario)
    legend = LegendTotals()
    legend.rebuild(scenario.zones, areas)
    prepared.put(project, LEGEND_KEY, (scenario, scenario.zones), legend)
    buffers = buffer_cache_for(KEPT_SCENARIOS)
    engine = MetricsEngine(project, scenario_id=scenario.id, buffer_cache=buffers)
    prepared.put(project, ENGINE_KEY, (scenario, scenario.zones, project.scheme, KEPT_SCENARIOS),
                 (engine, buffers, metrics_dict(engine)))
    import_graph_code()
