"""Map figures for reports (PNG, SVG, PDF), painted with the canvas's own layer painters."""
from __future__ import annotations

import os

__all__ = ["ensure_gui_application"]


def ensure_gui_application():
    """The running Qt application, or a new one (offscreen when there is no display).

    Fonts and QPainter text need an application object even when nothing is shown. A widgets
    QApplication, not a bare QGuiApplication: the process may open windows later (the GUI, tests),
    and Qt allows one application object per process.
    """
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:  # as the GUI's: one OpenGL share group (ui/app.py)
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    return QApplication.instance() or QApplication(["parkplanner"])
