"""File ▸ Import Zones accepts a CAD drawing (after asking its CRS, units and snapping) and shows
the drawing's report; Export ▸ CAD Drawing writes it as a background task."""
from __future__ import annotations

import ezdxf
import pytest
from PySide6.QtCore import QSettings

from parkplanner.core.io.dxf_import import DrawingOptions
from parkplanner.ui.app import create_application
from parkplanner.ui.dialogs.drawing_import import DrawingChoice, DrawingImportDialog
from parkplanner.ui.file_actions import install_file_actions
from parkplanner.ui.main_window import MainWindow
from parkplanner.ui.settings import Settings

from testkit import saved_synthetic_project


@pytest.fixture
def window(qtbot, tmp_path):
    create_application()
    win = MainWindow()
    win.ask_unsaved = lambda: "discard"
    # Its own settings file: Open Recent entries of these tests must not reach other test modules.
    install_file_actions(win, Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    actions = win.file_actions
    actions.messages, actions.notes, actions.asked = [], [], []
    actions.notify = actions.messages.append
    actions.show_notes = lambda text, warnings: actions.notes.append(warnings)
    qtbot.addWidget(win)
    win.show()
    return win


def finish(qtbot, handle):
    with qtbot.waitSignal(handle.finished, timeout=120_000):
        pass
    assert handle.error is None, handle.error
    return handle.result


def test_export_cad_then_import_it_as_a_new_project(window, qtbot, tmp_path):
    window.open_path(saved_synthetic_project(tmp_path, 30, seed=4))
    drawing = tmp_path / "plan.dxf"
    finish(qtbot, window.file_actions.export_cad(drawing))
    assert window.file_actions.messages[-1] == "Wrote plan.dxf"
    assert ezdxf.readfile(drawing).header["$INSUNITS"] == 6

    def answer(path, crs, scheme):
        window.file_actions.asked.append((path.name, crs, scheme))
        return DrawingChoice(crs, DrawingOptions(snap_m=0.1))

    window.file_actions.ask_drawing_options = answer
    finish(qtbot, window.file_actions.import_gis(drawing))
    assert window.file_actions.asked == [("plan.dxf", "EPSG:4548", "MNR-2023")]
    assert len(window.project.active_scenario) == 30 and window.file_path is None
    assert window.file_actions.messages[-1] == "Imported 30 zones from plan.dxf"
    report = window.file_actions.notes[-1]
    assert report[1] == "made 30 parcels (0 from loose lines)"


def test_cancelled_drawing_options_start_nothing(window, tmp_path):
    doc = ezdxf.new("R2013")
    doc.saveas(tmp_path / "empty.dxf")
    window.file_actions.ask_drawing_options = lambda path, crs, scheme: None
    assert window.file_actions.import_gis(tmp_path / "empty.dxf") is None
    assert window.file_actions.tasks == []


def test_drawing_dialog_returns_the_chosen_units_and_snapping(qtbot):
    create_application()
    dialog = DrawingImportDialog("kg.dxf", "EPSG:4548", "MNR-2023")
    qtbot.addWidget(dialog)
    assert dialog.scheme.currentData() == "MNR-2023"
    dialog.scheme.setCurrentIndex(dialog.scheme.findData("GB50137-2011"))
    dialog.units.setCurrentIndex(dialog.units.findData("mm"))
    dialog.snap.setValue(0.25)
    dialog.crs.setText(" EPSG:4527 ")
    choice = dialog.choice()
    assert (choice.crs, choice.options.units, choice.options.snap_m) == ("EPSG:4527", "mm", 0.25)
    assert choice.scheme == "GB50137-2011"
