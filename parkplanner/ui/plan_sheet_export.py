"""File ▸ Export ▸ Plan Sheets: the plan sheets (分图则) of the active scenario as a cancellable task.

The sheets are painted on the task's worker (QPainter on a QPdfWriter or QImage is safe off the
GUI thread, as for the map image) from a detached copy of the project, in the interface language;
Cancel stops between two pages and leaves no file behind (plan_sheet_files.write_plan_sheets).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from parkplanner.ui.i18n import lang
from parkplanner.ui.tasks import TaskHandle

if TYPE_CHECKING:
    from parkplanner.ui.file_actions import FileActions

__all__ = ["export_plan_sheets"]


def export_plan_sheets(actions: "FileActions", path: str | Path | None = None) -> TaskHandle | None:
    """Ask where (unless ``path``), then write the sheets of every block on a worker."""
    translate = QCoreApplication.translate
    path = path or actions._export_path(
        translate("PlanSheetExport", "Export plan sheets"), ".pdf",
        translate("PlanSheetExport", "PDF document (*.pdf);;PNG images, one per sheet (*.png)"))
    if not path:
        return None
    project = actions.window.settled_copy()
    sheet_lang = "zh" if lang().startswith("zh") else "en"
    page_text = translate("PlanSheetExport", "Sheet {0}")

    def work(ctx):
        from parkplanner.ui.render.plan_sheet_files import write_plan_sheets
        from parkplanner.ui.render.plan_sheet_options import SheetOptions

        ctx.report(0.0, translate("PlanSheetExport", "Drawing the plan sheets"))
        written = write_plan_sheets(project, path, options=SheetOptions(lang=sheet_lang),
                                    progress=lambda fraction, page: ctx.report(fraction, page_text.format(page)),
                                    check=ctx.check)
        return written[0]

    return actions._start(translate("PlanSheetExport", "Exporting plan sheets"), work, actions._written,
                          translate("PlanSheetExport", "Cannot export the plan sheets"))
