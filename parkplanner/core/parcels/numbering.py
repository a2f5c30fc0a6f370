"""Number the parcels of a scenario as one undo step (Edit ▸ Number Parcels).

Zones drawn, imported or split since the last numbering may lack a code; exports give them one
on the fly (codes.scenario_codes), but a planner wants the codes in the plan, editable and saved.
``renumber`` re-derives every code from the blocks (after roads moved), otherwise codes that
exist are kept and only the missing ones are added.
"""
from __future__ import annotations

from parkplanner.core.editing.zone_commands import ReplaceZones
from parkplanner.core.model.project import Project
from parkplanner.core.parcels.codes import scenario_codes

__all__ = ["number_parcels_command"]


def number_parcels_command(project: Project, scenario_id: str | None = None,
                           renumber: bool = False) -> ReplaceZones | None:
    """The step giving parcel codes to the scenario's zones; None when every zone already has its code."""
    scenario = project.scenario(scenario_id) if scenario_id else project.active_scenario
    codes = scenario_codes(project, scenario, keep_existing=not renumber)
    before = {z.id: z for z in scenario if z.parcel_code != codes[z.id]}
    if not before:
        return None
    after = {i: z.with_changes(parcel_code=codes[i]) for i, z in before.items()}
    label = f"Renumber {len(after)} parcels" if renumber else f"Number {len(after)} parcels"
    return ReplaceZones(label, scenario.id, before, after)
