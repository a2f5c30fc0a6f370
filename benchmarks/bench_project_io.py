"""Project file benchmarks: open (load_project) and save (save_project over an existing file)."""
from __future__ import annotations

from _harness import benchmark, time_samples


@benchmark("project_open", sizes=(2_000, 20_000, 100_000))
def project_open(ctx):
    """load_project of a saved project (all scenarios, zones built and checked)."""
    from parkplanner.core.io.project_file import load_project

    path = ctx.project_file()
    return time_samples(lambda: load_project(path), repeat=ctx.repeat)


@benchmark("project_save", sizes=(2_000, 20_000, 100_000))
def project_save(ctx):
    """save_project replacing an existing file (atomic write of the whole GeoPackage, fsync)."""
    from parkplanner.core.io.project_file import save_project

    project = ctx.project()
    target = ctx.tmp_dir / "project_save.gpkg"
    return time_samples(lambda: save_project(project, target), repeat=ctx.repeat)
