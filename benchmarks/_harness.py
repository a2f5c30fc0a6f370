"""The benchmark registry: how a ``benchmarks/bench_*.py`` module adds benchmarks to run.py.

Write a module ``benchmarks/bench_<area>.py`` (run.py discovers it; nothing to edit elsewhere)::

    from _harness import benchmark, time_samples

    @benchmark("project_open", sizes=(2_000, 20_000, 100_000))
    def project_open(ctx):
        path = ctx.project_file()          # a saved synthetic project of ctx.zones zones
        return time_samples(lambda: load_project(path), repeat=ctx.repeat)

A benchmark function takes one BenchContext and returns the per-sample times in milliseconds
(a list of floats); run.py reports their median and 95th percentile. ``sizes`` are zone counts;
``--sizes`` replaces them and ``--project PATH`` runs each benchmark once on that file instead.

BenchContext gives, for the size being run:

* ``ctx.zones``: the zone count (of the active scenario for ``--project``);
* ``ctx.project()``: the project (synthetic_project(zones, seed=0, scenarios=2), or the loaded
  ``--project`` file), built once per size; each call returns its own copy (scenarios and zone
  dicts copied, zones shared as they are immutable), so benchmarks may edit it freely;
* ``ctx.project_file()``: a GeoPackage of that project, saved once and shared; read it, never
  write it (with ``--project`` it is the user's own file);
* ``ctx.tmp_dir``: a scratch folder removed after the run (write outputs here);
* ``ctx.repeat``: how many samples to take (``--repeat``, else fewer for bigger projects).

``time_samples(fn, repeat, setup=None, warmup=1)`` calls ``setup()`` untimed before each sample
and ``fn(state)`` (or ``fn()`` without setup) timed with perf_counter, after ``warmup`` untimed
calls. Benchmarks that time something else (a Qt paint, a frame callback) may measure their own
way and return the list of milliseconds directly. Anything a benchmark prints goes to stderr
(run.py redirects it), so notes never mix with the table or the JSON lines. Keep imports of heavy or Qt modules inside the
benchmark function so ``--only`` runs stay lean and headless benchmarks never pull in Qt. A
benchmark of the GUI makes its application with ``parkplanner.ui.app.create_application``, as the
window does: what it sets (the interpreter's switch interval among them) decides how the GUI
thread and the workers share the interpreter lock.
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

__all__ = ["benchmark", "time_samples", "Benchmark", "BenchContext", "REGISTRY", "DEFAULT_SIZES"]

DEFAULT_SIZES: tuple[int, ...] = (2_000, 20_000, 100_000)


@dataclass(frozen=True)
class Benchmark:
    name: str
    function: Callable[["BenchContext"], Sequence[float]]
    sizes: tuple[int, ...]
    description: str = ""


#: name -> Benchmark, filled by the @benchmark decorator as run.py imports bench_*.py modules.
REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str, sizes: Sequence[int] = DEFAULT_SIZES, description: str = ""):
    """Register the decorated function as benchmark ``name``, run at each of ``sizes`` zones."""
    def register(function: Callable[["BenchContext"], Sequence[float]]):
        if name in REGISTRY and REGISTRY[name].function is not function:
            raise ValueError(f"benchmark {name!r} is registered twice")
        REGISTRY[name] = Benchmark(name, function, tuple(int(s) for s in sizes),
                                   description or (function.__doc__ or "").strip().split("\n")[0])
        return function
    return register


def time_samples(fn: Callable[..., Any], repeat: int, setup: Callable[[], Any] | None = None,
                 warmup: int = 1) -> list[float]:
    """Milliseconds of ``repeat`` timed calls of ``fn`` (see the module docstring)."""
    def once() -> float:
        if setup is None:
            start = time.perf_counter()
            fn()
        else:
            state = setup()
            start = time.perf_counter()
            fn(state)
        return (time.perf_counter() - start) * 1000.0

    for _ in range(warmup):
        once()
    return [once() for _ in range(max(1, repeat))]


def alternating_edits(project, seed: int = 0) -> Callable[[], Any]:
    """A maker of edit commands for the live-edit benchmarks, built untimed before each timed push.

    Edits alternate between a FAR change and a small move of one zone's polygon, on zones picked at
    random over the active scenario, so engine and dashboard see both attribute and geometry steps.
    """
    import random

    from shapely import affinity

    from parkplanner.core.editing.zone_commands import reshape_zone, set_zone_attributes

    rng = random.Random(seed)
    ids = list(project.active_scenario.zones)
    count = [0]

    def next_command():
        count[0] += 1
        zone = project.active_scenario.zones[rng.choice(ids)]
        if count[0] % 2:
            return set_zone_attributes(project, [zone.id], {"far": round(rng.uniform(0.5, 3.0), 2)})
        moved = affinity.translate(zone.geometry, rng.uniform(-3, 3), rng.uniform(-3, 3))
        return reshape_zone(project, zone.id, moved)

    return next_command


def default_repeat(zones: int) -> int:
    """Enough samples for a stable median without making a 100,000-zone run take minutes."""
    if zones <= 5_000:
        return 15
    if zones <= 30_000:
        return 7
    return 3


@dataclass
class BenchContext:
    """What a benchmark gets for one size; see the module docstring."""

    zones: int
    tmp_dir: Path
    repeat: int
    project_path: Path | None = None  # --project: the user's file
    _file: Path | None = field(default=None, repr=False)
    _project: Any = field(default=None, repr=False)

    def project(self):
        if self._project is None:
            if self.project_path is not None:
                from parkplanner.core.io.project_file import load_project

                self._project = load_project(self.project_path)
            else:
                from parkplanner.core.synthetic import synthetic_project

                self._project = synthetic_project(self.zones, seed=0, scenarios=2)
        original = self._project
        return dataclasses.replace(
            original, scenarios=[s.copy(s.id, s.name) for s in original.scenarios],
            sectors=dict(original.sectors), metadata=dict(original.metadata),
        )

    def project_file(self) -> Path:
        if self.project_path is not None:
            return self.project_path
        if self._file is None:
            from parkplanner.core.io.project_file import save_project

            self._file = self.tmp_dir / f"synthetic_{self.zones}.gpkg"
            save_project(self.project(), self._file)
        return self._file

    def release(self) -> None:
        """Drop the cached project (run.py calls this when it moves on to the next size)."""
        self._project = None
