"""Screenshots of the user guide (docs/images/guide_*.png), taken from the real window.

Run under a virtual screen so menus and full-screen windows are captured as a planner sees them:

    xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python docs/make_guide_screenshots.py

Each scene assembles the window the way ``parkplanner PROJECT`` does, opens the sample project
and drives the tools with real mouse and key events. The appendix pictures are its land-use
balance sheet as printed, which needs LibreOffice and poppler-utils (skipped without them).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from appendix_print import page_image, page_number, print_appendix, tools_missing  # noqa: E402

from parkplanner.core.editing.project_commands import duplicate_scenario, switch_scenario  # noqa: E402
from parkplanner.core.editing.zone_commands import set_zone_attributes  # noqa: E402
from parkplanner.core.resources import sample_project_path  # noqa: E402
from parkplanner.ui import i18n  # noqa: E402
from parkplanner.ui.app import create_application  # noqa: E402
from parkplanner.ui.file_actions import install_file_actions  # noqa: E402
from parkplanner.ui.help_menu import install_help_menu  # noqa: E402
from parkplanner.ui.main_window import MainWindow  # noqa: E402

OUT = REPO / "docs" / "images"
SIZE = (1600, 1000)


def settle(ms: int = 600) -> None:
    """Let timers (metrics, deferred repaints) run before a picture is taken."""
    QTest.qWait(ms)


def shoot(name: str) -> Path:
    settle()
    path = OUT / f"guide_{name}.png"
    QGuiApplication.primaryScreen().grabWindow(0).save(str(path))
    print("wrote", path.relative_to(REPO))
    return path


def build_window(language: str) -> MainWindow:
    i18n.install_translators(QApplication.instance(), language)
    window = MainWindow()
    window.ask_unsaved = lambda: "discard"
    install_file_actions(window)
    i18n.install_language_menu(window)
    window.open_path(sample_project_path())
    window.install_panels()
    try:  # the scenario docks, when this build has them
        from parkplanner.ui.scenario_panels import install_scenario_panels
        window.scenario_panels = install_scenario_panels(window)
    except ImportError:
        window.scenario_panels = None
    install_help_menu(window)
    window.setGeometry(0, 0, *SIZE)
    window.show()
    settle(1500)
    window.canvas.zoom_to_extent()
    return window


def show_docks(window: MainWindow, *names: str) -> None:
    """Show only the named docks (object names without "dock_"): a guide picture shows one thing."""
    for dock in window.findChildren(QDockWidget):
        dock.setVisible(dock.objectName().removeprefix("dock_") in names)
    settle(300)
    window.resize(*SIZE)  # docks shown again grow the window past the screen, cutting off the bottom docks
    settle(300)


def zone_box_on_screen(window: MainWindow, zone) -> tuple[float, float, float, float]:
    """The zone's bounding box in canvas pixels (left, top, right, bottom)."""
    x0, y0, x1, y1 = zone.geometry.bounds
    a = window.canvas.viewport.map_to_screen(x0, y1)
    b = window.canvas.viewport.map_to_screen(x1, y0)
    return a.x(), a.y(), b.x(), b.y()


def select_zone(window: MainWindow, zone_id: int) -> None:
    window.selection.set([zone_id])


def industrial_zone(window: MainWindow) -> int:
    """A large industrial zone with a sector: the inspector then shows every kind of field."""
    zones = [z for z in window.project.active_scenario.zones.values() if z.sector and z.far]
    return max(zones, key=lambda z: z.area_m2).id


PLANNING_DOCKS = ("legend", "history", "zone_inspector", "dashboard", "standards_checks")


def scene_first_project(window: MainWindow) -> None:
    show_docks(window, *PLANNING_DOCKS)
    window.canvas.zoom_to_extent()
    select_zone(window, industrial_zone(window))
    shoot("first_project")


def scene_drawing(window: MainWindow) -> None:
    canvas = window.canvas
    window.selection.set([])
    # Draw inside the largest reserved (white, code 16…) parcel, as a planner filling it in would.
    reserved = [z for z in window.project.active_scenario.zones.values() if z.code.startswith("16")]
    target = max(reserved or window.project.active_scenario.zones.values(), key=lambda z: z.area_m2)
    canvas.zoom_to_zones([target.id])
    canvas.zoom_by(1 / 3)  # the parcel with its neighbours around it
    settle()
    left, top, right, bottom = zone_box_on_screen(window, target)
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_P)
    for fx, fy in ((0.15, 0.15), (0.85, 0.15), (0.85, 0.80)):
        QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(int(left + (right - left) * fx), int(top + (bottom - top) * fy)))
    QTest.mouseMove(canvas, QPoint(int(left + (right - left) * 0.2), int(top + (bottom - top) * 0.85)))
    shoot("drawing")
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    QTest.keyClick(canvas, Qt.Key.Key_V)


def scene_scenarios(window: MainWindow) -> None:
    project, history = window.project, window.history
    base = project.active_scenario_id
    history.push(duplicate_scenario(project, base, "Denser core"))
    new_id = next(s.id for s in project.scenarios if s.name == "Denser core")
    history.push(switch_scenario(project, new_id))
    denser = [z.id for z in project.active_scenario.zones.values() if z.far and z.far >= 1.5][:25]
    for zone_id in denser:
        zone = project.active_scenario.zones[zone_id]
        history.push(set_zone_attributes(project, [zone_id], {"far": round(zone.far * 1.4, 2)}))
    panels = window.scenario_panels
    if panels is not None:
        show_docks(window, "scenarios", "compare", "projection", "phase_balance", "legend", "history")
        panels.show_compare(base, new_id)
        panels.compare_dock.raise_()
        window.resizeDocks([panels.compare_dock], [560], Qt.Orientation.Vertical)
        window.canvas.zoom_to_extent()
    shoot("scenarios")


def scene_workshop(window: MainWindow) -> None:
    panels = window.scenario_panels
    if panels is None:
        return
    panels.toggle_workshop()
    settle(1500)
    shoot("workshop")
    panels.toggle_workshop()
    settle()


def scene_appendix(window: MainWindow) -> None:
    actions = window.file_actions
    menu = window.commands.file_menu
    bar = window.menuBar()
    origin = bar.mapToGlobal(bar.actionGeometry(menu.menuAction()).bottomLeft())
    menu.popup(origin)
    settle(300)
    export = actions.export_menu.menuAction()
    menu.setActiveAction(export)
    actions.export_menu.popup(menu.mapToGlobal(menu.actionGeometry(export).topRight()))
    actions.export_menu.setActiveAction(actions.export_appendix_action)
    shoot("export_menu")
    actions.export_menu.close()
    menu.close()


def appendix_page(language: str, title: str, work: Path) -> None:
    """The appendix's land-use balance sheet as printed (LibreOffice -> PDF -> PNG), if installed."""
    if tools_missing():
        print("skipped the appendix page: needs LibreOffice and poppler-utils")
        return
    pdf, pages = print_appendix(language, work)
    image = page_image(pdf, page_number(pages, title), work, dpi=110)
    path = OUT / f"guide_appendix_{language}.png"
    image.copy(0, 0, image.width(), int(image.height() * 0.62)).save(str(path))
    print("wrote", path.relative_to(REPO))


def scene_chinese(window: MainWindow) -> None:
    show_docks(window, *PLANNING_DOCKS)
    # Tall enough to read the standards checks: rule descriptions and 规划区整体 in Chinese.
    checks = window.findChild(QDockWidget, "dock_standards_checks")
    window.resizeDocks([checks], [170], Qt.Orientation.Vertical)
    window.canvas.zoom_to_extent()
    select_zone(window, industrial_zone(window))
    shoot("chinese")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = create_application()
    app.setStyle("Fusion")
    window = build_window("en")
    for scene in (scene_first_project, scene_drawing, scene_appendix, scene_scenarios, scene_workshop):
        scene(window)
    window.close()
    window.deleteLater()
    settle()
    chinese = build_window("zh_CN")
    scene_chinese(chinese)
    chinese.close()
    with tempfile.TemporaryDirectory() as work:
        appendix_page("en", "Land-use balance", Path(work))
        appendix_page("zh", "用地平衡表", Path(work))
    QTimer.singleShot(0, app.quit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
