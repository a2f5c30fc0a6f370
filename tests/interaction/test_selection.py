"""Selection: view state that follows removals and scenario switches, click and box rules."""
from __future__ import annotations

from parkplanner.core.editing.project_commands import duplicate_scenario
from parkplanner.core.editing.zone_commands import delete_zones
from parkplanner.interaction.selection import apply_box, apply_click


def test_selection_emits_only_on_change(ctx):
    seen = []
    ctx.selection.changed.connect(seen.append)
    ctx.selection.set([1, 2])
    ctx.selection.set([2, 1])
    ctx.selection.toggle([2, 3])
    assert seen == [frozenset({1, 2}), frozenset({1, 3})]


def test_deleted_zones_leave_the_selection_and_undo_does_not_reselect(ctx):
    ctx.selection.set([1, 2])
    ctx.history.push(delete_zones(ctx.project, [2]))
    assert ctx.selection.ids == {1}
    ctx.history.undo()
    assert ctx.selection.ids == {1}
    assert ctx.history.undo_label == "Add 4 zones"


def test_switching_scenario_clears_the_selection(ctx):
    ctx.selection.set([1])
    ctx.history.push(duplicate_scenario(ctx.project, "base"))
    assert not ctx.selection


def test_click_and_box_modifiers(ctx):
    sel = ctx.selection
    apply_click(sel, 1, frozenset())
    apply_click(sel, 2, frozenset({"shift"}))
    assert sel.ids == {1, 2}
    apply_click(sel, 1, frozenset({"shift"}))
    assert sel.ids == {2}
    apply_click(sel, None, frozenset({"shift"}))
    assert sel.ids == {2}
    apply_click(sel, None, frozenset())
    assert not sel
    apply_box(sel, [1, 2, 3], frozenset())
    apply_box(sel, [2], frozenset({"ctrl"}))
    assert sel.ids == {1, 3}
    apply_box(sel, [4], frozenset({"shift"}))
    assert sel.ids == {1, 3, 4}
