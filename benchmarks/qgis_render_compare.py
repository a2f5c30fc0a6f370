"""ParkPlanner's map against QGIS rendering the same GeoPackage, side by side in one run.

    python benchmarks/qgis_render_compare.py                 # 20,000 synthetic zones
    python benchmarks/qgis_render_compare.py --zones 2000 --repeat 5
    python benchmarks/qgis_render_compare.py --project my.gpkg

Both draw 1600x1000 pixels, antialiased, offscreen (Qt's raster engine):

* ParkPlanner: ``canvas_first_frame`` (project in memory -> first complete picture of the whole
  extent: zone layer built, render job on a worker, picture shown) and ``canvas_new_view`` (a view
  settling at a new place and scale -> its picture shown), as in bench_canvas.py.
* QGIS (its Python bindings, run with the system Python, /usr/bin/python3 by default):
  ``first frame``: the file's zones (active scenario), context, boundary and phases layers opened
  with the styles the project file stores for QGIS -> the whole extent rendered with
  ``QgsMapRendererSequentialJob`` (one job; QGIS reads the features from the file as it draws);
  ``new view``: the same layers rendered at the same pan + zoom steps as ParkPlanner's new views.
  ``QgsApplication`` start-up is not included. ParallelJob is not used: on two cores it is slower.

Medians are printed for both with their ratio. Without QGIS (``apt-get install python3-qgis``)
the script prints one line saying so and exits 0. Nothing here asserts a time.
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
def _qgis_worker(path: str, layers: list[str], views: list[list[float]], repeat: int) -> dict:
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

    def render(map_layers, extent) -> float:
        settings = QgsMapSettings()
        settings.setLayers(map_layers)
        settings.setDestinationCrs(map_layers[-1].crs())
        settings.setOutputSize(QSize(*SIZE))
        settings.setFlag(QgsMapSettings.Antialiasing, True)
        settings.setExtent(QgsRectangle(*extent))
        start = time.perf_counter()
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        elapsed = (time.perf_counter() - start) * 1000.0
        if job.renderedImage().isNull():
            raise SystemExit("QGIS rendered nothing")
        return elapsed

    first = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        map_layers = open_layers()
        render(map_layers, views[0])
        first.append((time.perf_counter() - start) * 1000.0)
    map_layers = open_layers()
    new_views = [render(map_layers, extent) for extent in views[1:]]
    return {"first_frame": first[1:], "new_view": new_views[1:]}


# -- the ParkPlanner side -----------------------------------------------------------------------------
def _parkplanner(project, repeat: int) -> tuple[list[float], list[float], list[list[float]]]:
    """(first-frame ms, new-view ms, map extents of the full view then of each new view)."""
    sys.path.insert(0, str(HERE))
    import bench_canvas
    from _harness import BenchContext

    class _Given(BenchContext):
        def project(self):  # noqa: D102 - the loaded project, as the harness would hand it
            return project

    context = _Given(len(project.active_scenario.zones), Path(tempfile.gettempdir()), repeat)
    first = bench_canvas.canvas_first_frame(context)
    extents: list[list[float]] = []
    new = bench_canvas.canvas_new_view(context, visited=extents)
    return first, new, extents


def _qgis_available() -> str | None:
    """None when the system Python imports qgis.core, else why not."""
    if shutil.which(SYSTEM_PYTHON) is None and not Path(SYSTEM_PYTHON).exists():
        return f"no {SYSTEM_PYTHON}"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True, text=True,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return None if probe.returncode == 0 else "its Python cannot import qgis.core (apt-get install python3-qgis)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ParkPlanner's map render against QGIS's on the same file.")
    parser.add_argument("--zones", type=int, default=20_000, help="synthetic zones (default 20,000)")
    parser.add_argument("--project", type=Path, help="a project file instead of a synthetic project")
    parser.add_argument("--repeat", type=int, default=5, help="samples of each figure")
    parser.add_argument("--qgis-worker", nargs=4, metavar=("GPKG", "LAYERS", "VIEWS", "REPEAT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.qgis_worker:
        path, layers, views, repeat = args.qgis_worker
        print(json.dumps(_qgis_worker(path, json.loads(layers), json.loads(views), int(repeat))), flush=True)
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
        layers = _layer_names(path, project, BOUNDARY_LAYER, PHASES_LAYER)
        first, new, extents = _parkplanner(project, args.repeat)
        worker = subprocess.run(
            [SYSTEM_PYTHON, __file__, "--qgis-worker", str(path), json.dumps(layers), json.dumps(extents),
             str(args.repeat)], capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        if worker.returncode != 0:
            print(f"qgis_render_compare: QGIS failed: {worker.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
            return 1
        qgis = json.loads(worker.stdout.strip().splitlines()[-1])
    zones = len(project.active_scenario.zones)
    print(f"{'figure (median ms)':24} {'zones':>8} {'ParkPlanner':>12} {'QGIS 3.x':>10} {'ratio':>7}")
    for name, ours, theirs in (("first frame", first, qgis["first_frame"]), ("new view", new, qgis["new_view"])):
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"{name:24} {zones:>8,} {a:>12.1f} {b:>10.1f} {a / b:>7.2f}")
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
