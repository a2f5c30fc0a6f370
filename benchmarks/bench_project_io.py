"""Project file benchmarks: open (load_project), open in a fresh interpreter, and save.

``project_open`` times load_project in a warm process (modules imported, file cached).
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
    return time_samples(lambda: load_project(path), repeat=ctx.repeat)


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
