"""Whether OpenGL can be had, and a virtual display for headless rendering.

Qt's offscreen platform makes OpenGL contexts through GLX, so it needs an X display even for an
offscreen surface; on a server or in CI that display is Xvfb with Mesa's llvmpipe renderer.
``parkplanner render --3d`` starts one itself when there is no display and Xvfb is installed.
"""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import time
from pathlib import Path

__all__ = ["gl_unavailable_reason", "start_virtual_display", "NO_GL_HINT"]

#: What to install when there is no OpenGL (Debian/Ubuntu package names).
NO_GL_HINT = "install Mesa and Xvfb (apt-get install libgl1-mesa-dri libegl1 libglx-mesa0 xvfb) or run with a display"


def gl_unavailable_reason() -> str | None:
    """None when an OpenGL 2.1+ context can be made and used; otherwise why not, in one line.
    Needs a QGuiApplication."""
    try:
        import OpenGL  # noqa: F401  (PyOpenGL: pyqtgraph's GL items call it)
    except ImportError:
        return "PyOpenGL is not installed"
    from PySide6.QtGui import QOffscreenSurface, QOpenGLContext

    context = QOpenGLContext()
    if not context.create():
        return f"no OpenGL context could be made ({NO_GL_HINT})"
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not surface.isValid() or not context.makeCurrent(surface):
            return f"OpenGL context cannot be used ({NO_GL_HINT})"
        version = context.format().version()
        context.doneCurrent()
    finally:
        surface.destroy()
    if version < (2, 1):
        return f"OpenGL {version[0]}.{version[1]} is too old (2.1 or later is needed)"
    return None


def start_virtual_display() -> bool:
    """Start Xvfb on a free display number and point DISPLAY at it (stopped at exit). Returns
    False when there already is a display or Xvfb is not installed. Call before Qt starts."""
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return False
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        return False
    for number in range(99, 199):
        if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        process = subprocess.Popen([xvfb, f":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp",
                                    "-terminate"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):  # up to 5 s for the socket
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            if process.poll() is not None:
                break
            time.sleep(0.05)
        if process.poll() is None and Path(f"/tmp/.X11-unix/X{number}").exists():
            atexit.register(_stop, process)
            os.environ["DISPLAY"] = f":{number}"
            return True
        _stop(process)
    return False


def _stop(process: subprocess.Popen) -> None:
    # Qt first: an X server that goes away under a live connection makes Qt abort the exit.
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        QApplication.instance().shutdown()
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
