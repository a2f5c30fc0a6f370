"""Run ParkPlanner's benchmarks and print their figures (``make bench``).

    python benchmarks/run.py                      # every benchmark at its sizes, as a table
    python benchmarks/run.py --json               # one JSON object per line
    python benchmarks/run.py --only project_open  # one benchmark (comma-separate several)
    python benchmarks/run.py --sizes 2000,20000   # other zone counts
    python benchmarks/run.py --project my.gpkg    # the same benchmarks on a real project file
    python benchmarks/run.py --list               # names, sizes and descriptions

Benchmarks live in ``benchmarks/bench_*.py`` and register themselves (see _harness.py).
Figures are medians and 95th percentiles of per-sample milliseconds; nothing here asserts a
time limit: compare them with the goals in the perf baseline.

A shared machine's speed drifts: the same commit's figures have moved by a factor of 1.8 within
an hour. So the run prints the machine's pace on stderr when it starts and when it ends (how long
a fixed loop of plain Python takes, ``machine_pace_ms``). Compare two runs only at similar paces,
or alternate the two versions in the same minutes.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench modules import _harness as a top-level module
if str(HERE.parent) not in sys.path:
    sys.path.insert(1, str(HERE.parent))  # a source checkout without an installed package
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

from _harness import REGISTRY, BenchContext, default_repeat  # noqa: E402


def discover() -> list[str]:
    """Import every bench_*.py module; returns the names of those that failed to import."""
    failed = []
    for path in sorted(HERE.glob("bench_*.py")):
        try:
            importlib.import_module(path.stem)
        except Exception as exc:  # one broken module must not hide the other figures
            print(f"run.py: cannot import {path.name}: {exc}", file=sys.stderr)
            failed.append(path.stem)
    return failed


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be whole numbers separated by commas, not {text!r}")
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run ParkPlanner benchmarks.")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--only", help="benchmark name(s), comma-separated")
    parser.add_argument("--sizes", type=_sizes, help="zone counts, e.g. 2000,20000")
    parser.add_argument("--project", type=Path, help="run on this project file instead of synthetic ones")
    parser.add_argument("--repeat", type=int, help="samples per benchmark and size")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    return parser.parse_args(argv)


def summarise(name: str, zones: int, samples: list[float]) -> dict:
    data = np.asarray(samples, dtype=float)
    return {"benchmark": name, "zones": zones, "median_ms": round(float(np.median(data)), 3),
            "p95_ms": round(float(np.percentile(data, 95)), 3)}


def _plan(args: argparse.Namespace, tmp: Path) -> list[tuple[str, BenchContext]]:
    names = list(REGISTRY) if not args.only else [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise SystemExit(f"run.py: unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(sorted(REGISTRY))}")
    if args.project is not None:
        if not args.project.is_file():
            raise SystemExit(f"run.py: no such project file: {args.project}")
        context = BenchContext(0, tmp, 0, project_path=args.project)
        context.zones = len(context.project().active_scenario.zones)
        context.repeat = args.repeat or default_repeat(context.zones)
        return [(name, context) for name in names]
    contexts: dict[int, BenchContext] = {}
    plan = []
    for size in sorted({s for n in names for s in (args.sizes or REGISTRY[n].sizes)}):
        for name in names:
            if size in (args.sizes or REGISTRY[name].sizes):
                context = contexts.setdefault(size, BenchContext(size, tmp, args.repeat or default_repeat(size)))
                plan.append((name, context))
    return plan


#: Steps of the loop ``machine_pace_ms`` times (~75 ms on the reference 2-core machine when quiet).
PACE_STEPS = 2_000_000


def machine_pace_ms() -> float:
    """Milliseconds a fixed loop of plain Python takes here and now: the interpreter's speed,
    which every figure of the GUI and the engine follows."""
    start = time.perf_counter()
    total = 0
    for step in range(PACE_STEPS):
        total += step
    return (time.perf_counter() - start) * 1000.0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    failed_imports = discover()
    if args.list:
        for bench in REGISTRY.values():
            print(f"{bench.name:28} {','.join(map(str, bench.sizes)):24} {bench.description}")
        return 0
    failures = len(failed_imports)
    print(f"machine pace at the start: {machine_pace_ms():.0f} ms for {PACE_STEPS:,} steps of plain Python",
          file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="parkplanner-bench-") as tmp:
        plan = _plan(args, Path(tmp))
        if not args.json:
            print(f"{'benchmark':28} {'zones':>8} {'median ms':>11} {'p95 ms':>11} {'samples':>8}")
        for index, (name, context) in enumerate(plan):
            if index and plan[index - 1][1] is not context:
                plan[index - 1][1].release()  # a 100,000-zone project is big: keep one size in memory
            try:
                # Whatever a benchmark prints (notes, ratios) goes to stderr: stdout is the table or
                # the JSON lines, and a stray line there would break `--json` consumers.
                with contextlib.redirect_stdout(sys.stderr):
                    samples = list(REGISTRY[name].function(context))
            except Exception:
                failures += 1
                print(f"run.py: {name} at {context.zones} zones failed:\n{traceback.format_exc()}", file=sys.stderr)
                continue
            if not samples:  # the benchmark could not run here (e.g. no OpenGL) and said why on stderr
                continue
            row = summarise(name, context.zones, samples)
            if args.json:
                print(json.dumps(row), flush=True)
            else:
                print(f"{name:28} {context.zones:>8,} {row['median_ms']:>11.1f} {row['p95_ms']:>11.1f} "
                      f"{len(samples):>8}", flush=True)
    print(f"machine pace at the end: {machine_pace_ms():.0f} ms", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
