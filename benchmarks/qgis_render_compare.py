"""ParkPlanner's map against QGIS rendering the same GeoPackage, sample by sample in one run.

    python benchmarks/qgis_render_compare.py                 # 20,000 synthetic zones
    python benchmarks/qgis_render_compare.py --zones 2000 --repeat 5
    python benchmarks/qgis_render_compare.py --project my.gpkg

Both draw 1600x1000 pixels offscreen with Qt's raster engine, antialiased (ParkPlanner draws the
outlines of zones under 12 px on screen crisp, without antialiasing: its level of detail):

* ParkPlanner: ``canvas_first_frame`` (project in memory -> first complete picture of the whole
  extent: zone layer built, render job on a worker, picture shown) and ``canvas_new_view`` (a view
  settling at a new place and scale -> its picture shown), as in bench_canvas.py.
* QGIS (its Python bindings, run with the system Python, /usr/bin/python3 by default, in a
  process of its own that renders on request): ``first frame``: the file's zones (active
  scenario), context, boundary and phases layers opened with the styles the project file stores
  for QGIS -> the whole extent rendered with ``QgsMapRendererSequentialJob`` (one job; QGIS reads
  the features from the file as it draws); ``new view``: the same layers, opened once, rendered at
  the same pan + zoom steps as ParkPlanner's new views. ``QgsApplication`` start-up is not
  included. ParallelJob is not used: on two cores it is slower.

The machine these run on is shared, so its load drifts within seconds: each QGIS sample is taken
right after the ParkPlanner sample it is compared with (same view), and besides the ratio of the
medians the script prints the median of the per-sample ratios. The first sample of each side is
a warm-up and not counted. Without QGIS (``apt-get install python3-qgis``) the script prints one
line saying so and exits 0. Nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZE = (1600, 1000)
SYSTEM_PYTHON = os.environ.get("PARKPLANNER_QGIS_PYTHON", "/usr/bin/python3")


# -- the QGIS side: runs under the system Python, imports nothing of ParkPlanner ---------------------
def _qgis_serve(path: str, layers: list[str]) -> None:
    """Answer one JSON request a line on stdin ({"first"|"view": extent}) with {"ms": time}."""
    from qgis.core import QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings, QgsRectangle, QgsVectorLayer
    from qgis.PyQt.QtCore import QSize

    app = QgsApplication([], False)
    app.initQgis()

    def open_layers():
        out = []
        for name in layers:  # drawn bottom-up: context, zones, phases, boundary
            layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
            if not layer.isValid():
                raise SystemExit(f"QGIS cannot open layer {name} of {path}")
            out.append(layer)
        return out[::-1]  # QgsMapSettings lists layers top first

    def render(map_layers, extent) -> None:
        settings = QgsMapSettings()
        settings.setLayers(map_layers)
        settings.setDestinationCrs(map_layers[-1].crs())
        settings.setOutputSize(QSize(*SIZE))
        settings.setFlag(QgsMapSettings.Antialiasing, True)
        settings.setExtent(QgsRectangle(*extent))
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        if job.renderedImage().isNull():
            raise SystemExit("QGIS rendered nothing")

    kept = open_layers()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        start = time.perf_counter()
        if "first" in request:
            render(open_layers(), request["first"])
        else:
            render(kept, request["view"])
        print(json.dumps({"ms": (time.perf_counter() - start) * 1000.0}), flush=True)


class _Qgis:
    """The QGIS process: one request, one answer."""

    def __init__(self, path: Path, layers: list[str]) -> None:
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, __file__, "--qgis-serve", str(path), json.dumps(layers)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        self._answer()

    def _answer(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            error = self.process.stderr.read().strip().splitlines()[-1:]
            raise RuntimeError(f"QGIS failed: {error}")
        return json.loads(line)

    def render(self, kind: str, extent: list[float]) -> float:
        self.process.stdin.write(json.dumps({kind: extent}) + "\n")
        self.process.stdin.flush()
        return self._answer()["ms"]

    def close(self) -> None:
        self.process.kill()  # QGIS 3.22's teardown can crash at exit; nothing is left to write
        self.process.wait()


# -- the ParkPlanner side, each sample followed by QGIS's -----------------------------------------------
def _side_by_side(project, qgis: _Qgis, repeat: int) -> dict[str, tuple[list[float], list[float]]]:
    """{figure: (ParkPlanner ms, QGIS ms)}, sample n of one taken right after sample n of the other."""
    sys.path.insert(0, str(HERE))
    import bench_canvas
    from _harness import BenchContext

    class _Given(BenchContext):
        def project(self):  # noqa: D102 - the loaded project, as the harness would hand it
            return project

    context = _Given(len(project.active_scenario.zones), Path(tempfile.gettempdir()), repeat)
    extents: list[list[float]] = []
    theirs_new: list[float] = []

    def qgis_view(n: int) -> None:
        if n == 1:
            qgis.render("view", extents[1])  # QGIS's warm-up view, as ParkPlanner's first one is
        theirs_new.append(qgis.render("view", extents[n + 1]))

    ours_new = bench_canvas.canvas_new_view(context, visited=extents, after_sample=qgis_view)
    theirs_first: list[float] = []
    qgis.render("first", extents[0])  # warm-up
    ours_first = bench_canvas.canvas_first_frame(
        context, after_sample=lambda n: theirs_first.append(qgis.render("first", extents[0])))
    return {"first frame": (ours_first, theirs_first), "new view": (ours_new, theirs_new)}


def _qgis_available() -> str | None:
    """None when the system Python imports qgis.core, else why not."""
    if shutil.which(SYSTEM_PYTHON) is None and not Path(SYSTEM_PYTHON).exists():
        return f"no {SYSTEM_PYTHON}"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True, text=True,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return None if probe.returncode == 0 else "its Python cannot import qgis.core (apt-get install python3-qgis)"


def _qgis_version() -> str:
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "from qgis.core import Qgis; print(Qgis.QGIS_VERSION.split('-')[0])"],
                           capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return probe.stdout.strip() or "3.x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ParkPlanner's map render against QGIS's on the same file.")
    parser.add_argument("--zones", type=int, default=20_000, help="synthetic zones (default 20,000)")
    parser.add_argument("--project", type=Path, help="a project file instead of a synthetic project")
    parser.add_argument("--repeat", type=int, default=7, help="samples of each figure")
    parser.add_argument("--qgis-serve", nargs=2, metavar=("GPKG", "LAYERS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.qgis_serve:
        _qgis_serve(args.qgis_serve[0], json.loads(args.qgis_serve[1]))
        # QGIS 3.22's teardown (exitQgis, then Python freeing layers) can crash at exit: the figures
        # are out, so leave without it.
        os._exit(0)
    missing = _qgis_available()
    if missing is not None:
        print(f"qgis_render_compare: skipped, QGIS is not installed ({missing})")
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if str(HERE.parent) not in sys.path:
        sys.path.insert(1, str(HERE.parent))
    from parkplanner.core.io.project_file import load_project, save_project
    from parkplanner.core.io.project_schema import BOUNDARY_LAYER, PHASES_LAYER
    from parkplanner.core.synthetic import synthetic_project

    with tempfile.TemporaryDirectory(prefix="parkplanner-qgis-") as tmp:
        if args.project is not None:
            path = args.project
            project = load_project(path)
        else:
            path = Path(tmp) / f"synthetic_{args.zones}.gpkg"
            save_project(synthetic_project(args.zones, seed=0, scenarios=2), path)
            project = load_project(path)
        qgis = _Qgis(path, _layer_names(path, project, BOUNDARY_LAYER, PHASES_LAYER))
        try:
            figures = _side_by_side(project, qgis, args.repeat)
        except RuntimeError as error:
            print(f"qgis_render_compare: {error}", file=sys.stderr)
            return 1
        finally:
            qgis.close()
    zones = len(project.active_scenario.zones)
    version = f"QGIS {_qgis_version()}"
    print(f"{'figure (median ms)':20} {'zones':>8} {'ParkPlanner':>12} {version:>12} {'ratio':>7} {'ratio/sample':>13}")
    for name, (ours, theirs) in figures.items():
        a, b = statistics.median(ours), statistics.median(theirs)
        paired = statistics.median(x / y for x, y in zip(ours, theirs))
        print(f"{name:20} {zones:>8,} {a:>12.1f} {b:>12.1f} {a / b:>7.2f} {paired:>13.2f}")
    return 0


def _layer_names(path: Path, project, boundary: str, phases: str) -> list[str]:
    """The file's layers QGIS should draw, bottom-up: context, the active scenario's zones, phases, boundary."""
    import pyogrio

    names = [name for name, _ in pyogrio.list_layers(path)]
    zones = [n for n in names if n.startswith("zones__")]
    active = next((n for n in zones if n == f"zones__{project.active_scenario.id}"), zones[0])
    context = [n for n in names if n.startswith("context__")]
    return context + [active] + [n for n in (phases, boundary) if n in names]


if __name__ == "__main__":
    sys.exit(main())
