"""``parkplanner metrics`` reports land counted more than once by overlapping zones: a
municipality imported (by GDAL-made file) with its own districts counts them twice."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from testkit import load_helper_module

from parkplanner.cli import main

gm = load_helper_module(Path(__file__).parents[1] / "core" / "io" / "gdal_made.py")
pytestmark = gm.needs_ogr2ogr


def test_metrics_shows_overlapped_area_as_a_check(tmp_path, capsys):
    districts = [gm.lonlat_box(116.3 + 0.05 * (i % 4), 39.9 + 0.05 * (i // 4), 0.05, 0.05) for i in range(16)]
    city = gm.lonlat_box(116.3, 39.9, 0.2, 0.2)
    rows = [{"landuse": "0701", "far": 1.0}] * 17
    source = gm.ogr2ogr(tmp_path / "city.gpkg", gm.write_geojson(tmp_path / "c.geojson", rows, [city, *districts]))
    project = tmp_path / "p.gpkg"
    assert main(["import", str(source), "-o", str(project)]) == 0
    capsys.readouterr()
    assert main(["metrics", str(project), "--json"]) == 0
    overlap = json.loads(capsys.readouterr().out)["checks"]["overlap"]
    twice = sum(gm.geodesic_area_m2(d) for d in districts)
    assert overlap["overlapping_pairs"] == 16 and overlap["first_pair"] == [1, 2]
    assert overlap["overlap_m2"] == pytest.approx(twice, rel=5e-4)  # GK zone scale ≤ 4e-4
    assert abs(overlap["counted_times"] - 2.0) < 1e-3
    assert main(["metrics", str(project)]) == 0
    text = capsys.readouterr().out
    assert "overlapping zones: 16 pairs share" in text and "2.00× the land covered" in text
