"""Whether OpenGL can be had, and a virtual display for headless rendering.

Qt's offscreen platform makes OpenGL contexts through GLX, so it needs an X display even for an
offscreen surface; on a server or in CI that display is Xvfb with Mesa's llvmpipe renderer.
``parkplanner render --3d`` starts one itself when there is no display and Xvfb is installed.
"""
from __future__ import annotations

import atexit
import os
import select
import shutil
import subprocess
import time

__all__ = ["gl_unavailable_reason", "prepare_gl_display", "start_virtual_display", "launch_xvfb", "NO_GL_HINT"]

#: What to install when there is no OpenGL (Debian/Ubuntu package names).
NO_GL_HINT = "install Mesa and Xvfb (apt-get install libgl1-mesa-dri libegl1 libglx-mesa0 xvfb) or run with a display"


def gl_unavailable_reason() -> str | None:
    """None when an OpenGL 2.1+ context can be made and used; otherwise why not, in one line.
    Needs a QGuiApplication."""
    try:
        import OpenGL  # noqa: F401  (PyOpenGL: pyqtgraph's GL items call it)
    except ImportError:
        return "PyOpenGL is not installed"
    from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext

    if QGuiApplication.platformName() == "offscreen":
        return f"Qt's offscreen platform has no OpenGL for widgets ({NO_GL_HINT})"
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


def prepare_gl_display() -> None:
    """Before Qt starts, for a headless command: a display for OpenGL (Xvfb when there is none) and
    Qt's xcb platform on it, falling back to offscreen (where gl_unavailable_reason then reports the
    missing OpenGL) instead of aborting when xcb cannot load."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        return  # the platform is chosen already (tests, the GUI)
    start_virtual_display()
    if os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM", "offscreen").startswith("offscreen"):
        os.environ["QT_QPA_PLATFORM"] = "xcb;offscreen"


def launch_xvfb(timeout_s: float = 10.0, terminate: bool = True) -> tuple[subprocess.Popen, str] | None:
    """Start Xvfb on a display number it picks itself (-displayfd); (process, ":N") or None when
    Xvfb is not installed or does not come up. The caller stops the process; with ``terminate``
    it also ends by itself when its last client disconnects."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        return None
    read_end, write_end = os.pipe()
    try:
        process = subprocess.Popen(
            [xvfb, "-displayfd", str(write_end), "-screen", "0", "1920x1080x24", "-nolisten", "tcp",
             *(["-terminate"] if terminate else [])],
            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        os.close(write_end)
    number = b""
    deadline = time.monotonic() + timeout_s
    try:
        while not number.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([read_end], [], [], 0.1)
            if ready:
                chunk = os.read(read_end, 16)
                if not chunk:
                    break
                number += chunk
    finally:
        os.close(read_end)
    if not number.strip().isdigit():
        _stop(process)
        return None
    return process, f":{number.strip().decode()}"


def start_virtual_display() -> bool:
    """Start Xvfb and point DISPLAY at it (stopped at exit). Returns False when there already is
    a display or Xvfb is not installed. Call before Qt starts."""
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return False
    launched = launch_xvfb()
    if launched is None:
        return False
    process, display = launched
    atexit.register(_stop_after_qt, process)
    os.environ["DISPLAY"] = display
    return True


def _stop_after_qt(process: subprocess.Popen) -> None:
    # Qt first: an X server that goes away under a live connection makes Qt abort the exit.
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        QApplication.instance().shutdown()
    _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
