"""Parcel codes: blocks enclosed by roads, reading order, kept codes, split suffixes, duplicates, migration."""
from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from shapely.geometry import LineString, box
from testkit import load_helper_module

from parkplanner.core.geometry.zone_operations import merge_zones, split_zone
from parkplanner.core.io.project_file import load_project, save_project
from parkplanner.core.model.project import ContextLayer, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.core.parcels.codes import (
    derive_blocks, duplicate_codes, generate_codes, project_blocks, reading_order, scenario_codes,
)

_plans = load_helper_module(Path(__file__).with_name("cross_roads.py"))
_cross_roads_plan = _plans.cross_roads_plan
HOUSING, INDUSTRY = _plans.HOUSING, _plans.INDUSTRY


def test_blocks_are_the_areas_enclosed_by_roads_in_reading_order():
    blocks = derive_blocks(_cross_roads_plan(), "MNR-2023")
    assert [b.number for b in blocks] == [1, 2, 3, 4]
    expected = [box(0, 110, 100, 210), box(110, 110, 210, 210), box(0, 0, 100, 100), box(110, 0, 210, 100)]
    for block, outline in zip(blocks, expected):
        assert abs(block.geometry.area - outline.area) < 0.01  # m²
        assert block.geometry.symmetric_difference(outline).area < 0.01


def test_codes_are_unit_block_parcel_in_reading_order():
    zones = _cross_roads_plan()
    codes = generate_codes(zones, derive_blocks(zones, "MNR-2023"), "MNR-2023", "BD01")
    assert codes == {
        1: "BD01-01-01", 2: "BD01-01-02", 3: "BD01-02-01", 4: "BD01-03-01", 5: "BD01-04-01", 6: "BD01-04-02",
        8: "BD01-00-01", 7: "BD01-00-02", 9: "BD01-00-03",  # roads lie in no block: west arm, stem, east arm
    }


def test_reading_order_tolerates_ragged_rows():
    # The second shape's top is a little lower than the first's, yet it is in the same row.
    shapes = [box(100, 0, 200, 100), box(0, -5, 90, 95), box(0, -200, 100, -110)]
    assert reading_order(shapes) == [1, 0, 2]


def test_existing_codes_are_kept_and_new_ones_continue_the_block():
    zones = _cross_roads_plan()
    zones[0] = zones[0].with_changes(parcel_code="BD01-01-07")
    zones[2] = zones[2].with_changes(parcel_code="custom name")
    codes = generate_codes(zones, derive_blocks(zones, "MNR-2023"), "MNR-2023", "BD01")
    assert codes[1] == "BD01-01-07" and codes[3] == "custom name"
    assert codes[2] == "BD01-01-08"  # after the highest used in block 01, never a repeat
    assert codes[4] == "BD01-03-01"
    assert len(set(codes.values())) == len(codes)


def test_a_block_layer_replaces_the_derived_blocks():
    zones = _cross_roads_plan()
    drawn = ContextLayer("blocks", "polygon", (box(0, 0, 210, 105), box(0, 105, 210, 210)))
    project = Project(scenarios=[Scenario("a", "A", {z.id: z for z in zones})], active_scenario_id="a",
                      metadata={"planning_unit": "U7"}, context_layers=(drawn,))
    assert [round(b.geometry.area) for b in project_blocks(project)] == [210 * 105, 210 * 105]
    codes = scenario_codes(project)
    assert [codes[i] for i in (1, 2, 3, 4, 5, 6)] == ["U7-01-01", "U7-01-02", "U7-01-03",
                                                      "U7-02-01", "U7-02-02", "U7-02-03"]


def test_split_pieces_get_suffixes_and_merge_keeps_the_largest_code():
    zone = Zone(1, box(0, 0, 100, 50), HOUSING, parcel_code="BD01-02-03")
    pieces = split_zone(zone, LineString([(60, -1), (60, 51)]), first_new_id=10)
    assert [(p.id, p.parcel_code) for p in pieces] == [(1, "BD01-02-03-1"), (10, "BD01-02-03-2")]
    assert merge_zones(pieces).parcel_code == "BD01-02-03-1"  # the larger piece's (60 m wide)
    uncoded = split_zone(zone.with_changes(parcel_code=None), LineString([(60, -1), (60, 51)]), 10)
    assert [p.parcel_code for p in uncoded] == [None, None]


def test_duplicates_are_found():
    zones = [Zone(1, box(0, 0, 1, 1), HOUSING, parcel_code="A-01-01"),
             Zone(2, box(1, 0, 2, 1), HOUSING, parcel_code="A-01-01 "),
             Zone(3, box(2, 0, 3, 1), HOUSING, parcel_code="A-01-02"), Zone(4, box(3, 0, 4, 1), HOUSING)]
    assert duplicate_codes(zones) == {"A-01-01": [1, 2]}


def test_codes_are_saved_and_an_older_file_gets_them_generated(tmp_path):
    zones = _cross_roads_plan()
    zones[0] = zones[0].with_changes(parcel_code="地块 A")
    project = Project(scenarios=[Scenario("a", "A", {z.id: z for z in zones})], active_scenario_id="a",
                      metadata={"planning_unit": "BD01"})
    path = tmp_path / "p.gpkg"
    save_project(project, path)
    assert load_project(path).active_scenario.zones[1].parcel_code == "地块 A"
    assert load_project(path).active_scenario.zones[2].parcel_code is None
    # Make it a version 1 file: no parcel_code column, schema_version 1.
    con = sqlite3.connect(path)
    layer = con.execute("SELECT layer FROM scenarios").fetchone()[0]
    con.execute(f'ALTER TABLE "{layer}" DROP COLUMN parcel_code')
    con.execute("UPDATE project_metadata SET value='1' WHERE key='schema_version'")
    con.commit()
    con.close()
    migrated = load_project(path).active_scenario.zones
    assert {i: z.parcel_code for i, z in migrated.items()} == {
        1: "BD01-01-01", 2: "BD01-01-02", 3: "BD01-02-01", 4: "BD01-03-01", 5: "BD01-04-01", 6: "BD01-04-02",
        8: "BD01-00-01", 7: "BD01-00-02", 9: "BD01-00-03",
    }


def _project(zones: list[Zone]) -> Project:
    return Project(scenarios=[Scenario("a", "A", {z.id: z for z in zones})], active_scenario_id="a",
                   metadata={"planning_unit": "BD01"})


def test_setting_a_parcel_code_refuses_one_already_used():
    from parkplanner.core.editing.zone_commands import set_zone_attributes

    zones = _cross_roads_plan()
    zones[0] = zones[0].with_changes(parcel_code="BD01-01-01")
    project = _project(zones)
    with pytest.raises(ValueError, match="already used by zone 1"):
        set_zone_attributes(project, [2], {"parcel_code": "BD01-01-01"})
    with pytest.raises(ValueError, match="single zone"):
        set_zone_attributes(project, [2, 3], {"parcel_code": "BD01-09-09"})
    command = set_zone_attributes(project, [1], {"parcel_code": " BD01-01-01 "})  # its own code, re-typed
    assert command is not None
    cleared = set_zone_attributes(project, [1, 2], {"parcel_code": ""})  # clearing many is fine
    assert cleared is not None


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL's ogrinfo is not installed")
def test_gis_exports_carry_the_parcel_codes_as_gdal_reads_them(tmp_path):
    from parkplanner.core.io.gis_export import export_zones

    zones = _cross_roads_plan()
    zones[2] = zones[2].with_changes(parcel_code="BD01-02-09")
    project = _project(zones)
    for name in ("zones.gpkg", "zones.shp"):
        export_zones(project, tmp_path / name)
        out = subprocess.run(["ogrinfo", "-ro", "-al", "-q", str(tmp_path / name)], capture_output=True,
                             text=True, check=True).stdout
        field = "parcel_cd" if name.endswith(".shp") else "parcel_code"
        found = re.findall(rf"^\s*{field} \(String\) = (\S+)$", out, flags=re.M)
        assert sorted(found) == sorted(["BD01-01-01", "BD01-01-02", "BD01-02-09", "BD01-03-01", "BD01-04-01",
                                        "BD01-04-02", "BD01-00-01", "BD01-00-02", "BD01-00-03"])


def test_numbering_is_one_undo_step_that_fills_missing_codes_or_renumbers():
    from parkplanner.core.editing import History
    from parkplanner.core.parcels.numbering import number_parcels_command

    zones = _cross_roads_plan()
    zones[0] = zones[0].with_changes(parcel_code="BD01-01-05")  # typed by the planner
    project = _project(zones)
    history = History(project)
    command = number_parcels_command(project)
    assert command.label == "Number 8 parcels"
    history.push(command)
    codes = {z.id: z.parcel_code for z in project.active_scenario}
    assert codes[1] == "BD01-01-05" and codes[2] == "BD01-01-06" and codes[3] == "BD01-02-01"
    assert number_parcels_command(project) is None  # nothing left to number
    history.push(number_parcels_command(project, renumber=True))
    assert project.active_scenario.zones[1].parcel_code == "BD01-01-01"
    assert project.active_scenario.zones[2].parcel_code == "BD01-01-02"
    history.undo()
    history.undo()
    assert {z.id: z.parcel_code for z in project.active_scenario} == {
        1: "BD01-01-05", **{i: None for i in range(2, 10)}}
