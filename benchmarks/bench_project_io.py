"""Project file benchmarks: open (load_project), open in a fresh interpreter, and save.

``project_open`` times load_project in a warm process (modules imported, file cached) and prints
on stderr, beside its median, GDAL's ``ogr2ogr`` copying the same file (process start included).
``project_open_cold`` is what the GUI's start pays: a new interpreter imports the reader and
loads the file (timed inside the child from before the import, so interpreter start-up itself
is left out); it shows what keeping pyogrio, pyarrow and pandas off the open path is worth.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from _harness import benchmark, time_samples

REPO = Path(__file__).resolve().parents[1]

_COLD_CHILD = r"""
import sys, time
start = time.perf_counter()
from parkplanner.core.io.project_file import load_project
load_project(sys.argv[1])
print((time.perf_counter() - start) * 1000.0)
"""


@benchmark("project_open", sizes=(2_000, 20_000, 100_000))
def project_open(ctx):
    """load_project of a saved project (all scenarios, zones built and checked)."""
    from parkplanner.core.io.project_file import load_project

    path = ctx.project_file()
    samples = time_samples(lambda: load_project(path), repeat=ctx.repeat)
    _print_ogr2ogr_beside(path, samples, ctx)
    return samples


def _print_ogr2ogr_beside(path: Path, samples: list[float], ctx) -> None:
    """GDAL's ogr2ogr copying the same file (every layer, to a new GeoPackage), timed the same way,
    printed beside the median: reading and writing every feature once is the reference opening
    is measured against. Skipped with a note when ogr2ogr is not installed."""
    import shutil
    import statistics
    import time

    tool = shutil.which("ogr2ogr")
    if tool is None:
        print("project_open: ogr2ogr not installed, no GDAL figure beside it", file=sys.stderr)
        return
    copies = []
    for n in range(ctx.repeat + 1):
        target = ctx.tmp_dir / f"ogr2ogr_copy_{ctx.zones}_{n}.gpkg"
        start = time.perf_counter()
        subprocess.run([tool, "-f", "GPKG", str(target), str(path)], check=True, capture_output=True)
        if n:  # the first copy warms the file cache like the open's warm-up
            copies.append((time.perf_counter() - start) * 1000.0)
        target.unlink()
    print(f"project_open {ctx.zones} zones: load_project median {statistics.median(samples):.0f} ms, "
          f"ogr2ogr copying the same file {statistics.median(copies):.0f} ms", file=sys.stderr)


@benchmark("project_open_cold", sizes=(2_000, 20_000))
def project_open_cold(ctx):
    """Import of the reader plus load_project in a fresh interpreter (the GUI start's share)."""
    path = ctx.project_file()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")])))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program has its .pyc files

    def once() -> float:
        out = subprocess.run([sys.executable, "-c", _COLD_CHILD, str(path)], capture_output=True, text=True,
                             env=env, check=True, timeout=120)
        return float(out.stdout.strip())

    once()  # warm-up: file cache and .pyc files
    return [once() for _ in range(min(ctx.repeat, 7))]


@benchmark("project_save", sizes=(2_000, 20_000, 100_000))
def project_save(ctx):
    """save_project replacing an existing file (atomic write of the whole GeoPackage, fsync)."""
    from parkplanner.core.io.project_file import save_project

    project = ctx.project()
    target = ctx.tmp_dir / "project_save.gpkg"
    return time_samples(lambda: save_project(project, target), repeat=ctx.repeat)
