"""Reading a project does not import pandas or geopandas (start-up time), yet both stay usable."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

_CHILD = r"""
import sys
from parkplanner.core.io.project_file import load_project
from parkplanner.core.resources import sample_project_path
project = load_project(sample_project_path())
assert len(project.active_scenario) > 100
print("loaded", sorted(m for m in ("pandas", "geopandas") if m in sys.modules))
import pyarrow as pa
import pandas
frame = pa.table({"a": [1, None]}).to_pandas()
print("pandas", type(frame).__name__)
"""


def test_project_loads_without_pandas_and_pandas_still_imports():
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, cwd=REPO,
                         env={"PYTHONPATH": str(REPO), "PATH": ""}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["loaded []", "pandas DataFrame"]


def test_hidden_modules_fail_only_inside_the_block():
    from parkplanner.core.io.pyogrio_loader import hidden_modules

    sys.modules.pop("colorsys", None)  # a small standard module, re-imported below
    with pytest.raises(ModuleNotFoundError):
        with hidden_modules(("colorsys",)):
            import colorsys  # noqa: F401
    import colorsys

    assert colorsys.rgb_to_hsv(1, 0, 0)[0] == 0
