"""Edit ▸ Number Parcels: codes for the zones that have none, as one undo step."""
from __future__ import annotations

from parkplanner.ui.app import create_application
from parkplanner.ui.main_window import MainWindow
from parkplanner.ui.parcel_actions import install_parcel_actions

from testkit import plain, saved_synthetic_project


def test_number_parcels_from_the_edit_menu(qtbot, tmp_path):
    create_application()
    window = MainWindow()
    window.ask_unsaved = lambda: "discard"
    actions = install_parcel_actions(window)
    qtbot.addWidget(window)
    texts = [plain(a.text()) for a in window.commands.edit_menu.actions() if not a.isSeparator()]
    assert texts[-2:] == ["Number Parcels", "Renumber All Parcels"]
    window.open_path(saved_synthetic_project(tmp_path, 30, seed=3))
    assert all(z.parcel_code is None for z in window.project.active_scenario)  # saved without codes
    actions.number.trigger()
    codes = [z.parcel_code for z in window.project.active_scenario]
    assert all(codes) and len(set(codes)) == 30
    assert window.history.undo_label == "Number 30 parcels"
    assert actions.run(renumber=False) == 0  # every parcel has its code already
    window.history.undo()
    assert all(z.parcel_code is None for z in window.project.active_scenario)
