"""What a planner's real files hold, made by GDAL: unmarked GBK and Big5 shapefiles, share columns
mixing fractions and percents, empty FAR cells, a ``code`` column of administrative codes,
unknown land-use codes on many rows, and a municipality imported with its own districts.
Expected areas come from pyproj.Geod on the lon/lat outlines."""
from __future__ import annotations

from pathlib import Path

import pytest

from testkit import load_helper_module

from parkplanner.core.io.gis_import import GisImportError, import_zones

gm = load_helper_module(Path(__file__).with_name("gdal_made.py"))
pytestmark = gm.needs_ogr2ogr

GBK_NAMES = ["东城区", "西城区", "朝阳区", "丰台区", "石景山区", "海淀区", "门头沟区", "房山区"]
BIG5_NAMES = ["中正區", "大同區", "中山區", "松山區", "大安區", "萬華區", "信義區", "士林區"]
#: The 16 districts of Beijing by their administrative division codes (GB/T 2260).
BEIJING_CODES = ["110101", "110102", "110105", "110106", "110107", "110108", "110109", "110111", "110112",
                 "110113", "110114", "110115", "110116", "110117", "110118", "110119"]


def _grid(n: int, lon=116.30, lat=39.90, size=0.02):
    """``n`` adjoining lon/lat squares in rows of four."""
    return [gm.lonlat_box(lon + size * (i % 4), lat + size * (i // 4), size, size) for i in range(n)]


def _shapefile(tmp_path, name, rows, outlines, cpg_encoding, code_page_byte):
    """A shapefile written by ogr2ogr in ``cpg_encoding``, then stripped of its .cpg and given
    ``code_page_byte`` in the .dbf header, as ArcMap ("ANSI", 0x57) or older tools (0) leave it."""
    source = gm.write_geojson(tmp_path / f"{name}.geojson", rows, outlines)
    shp = gm.ogr2ogr(tmp_path / f"{name}.shp", source, "-lco", f"ENCODING={cpg_encoding}")
    shp.with_suffix(".cpg").unlink()
    dbf = shp.with_suffix(".dbf")
    data = bytearray(dbf.read_bytes())
    data[29] = code_page_byte
    dbf.write_bytes(bytes(data))
    return shp


@pytest.mark.parametrize("names, cpg, byte, expected", [(GBK_NAMES, "CP936", 0x57, "GBK"),
                                                         (GBK_NAMES, "CP936", 0x00, "GBK"),
                                                         (BIG5_NAMES, "CP950", 0x00, "Big5"),
                                                         (BIG5_NAMES, "CP950", 0x57, "Big5")])
def test_unmarked_chinese_shapefiles_are_decoded_and_the_choice_reported(tmp_path, names, cpg, byte, expected):
    rows = [{"name": n, "landuse": "0701"} for n in names]
    shp = _shapefile(tmp_path, "districts", rows, _grid(len(names)), cpg, byte)
    result = import_zones(shp, "MNR-2023")
    assert [z.name for z in result.project.active_scenario] == names
    notes = [w for w in result.warnings if "has no .cpg file" in w]
    assert len(notes) == 1 and f"text read as {expected} (" in notes[0]


def test_given_encoding_wins_and_a_wrong_one_is_refused(tmp_path):
    rows = [{"name": n, "landuse": "0701"} for n in BIG5_NAMES]
    shp = _shapefile(tmp_path, "taipei", rows, _grid(len(rows)), "CP950", 0x57)
    result = import_zones(shp, "MNR-2023", encoding="Big5")
    assert [z.name for z in result.project.active_scenario] == BIG5_NAMES
    assert not any("no .cpg" in w for w in result.warnings)
    with pytest.raises(GisImportError, match="the text of taipei.shp is not utf-8; give another encoding"):
        import_zones(shp, "MNR-2023", encoding="UTF-8")
    with pytest.raises(GisImportError, match="unknown text encoding 'klingon'"):
        import_zones(shp, "MNR-2023", encoding="klingon")


def test_share_column_mixing_fractions_and_percents_is_read_per_value(tmp_path):
    green = [0.35, 35, 0.3, 30, 1, 25, 0.2, 40]
    rows = [{"landuse": "0701", "绿地率": g} for g in green]
    source = gm.ogr2ogr(tmp_path / "green.gpkg", gm.write_geojson(tmp_path / "g.geojson", rows, _grid(len(rows))))
    result = import_zones(source, "MNR-2023", field_map={"green_ratio": "绿地率"})
    # by hand: above 1 a percent, below 1 a fraction; the lone 1 follows the majority (4 percents, 3 fractions)
    assert [z.green_ratio for z in result.project.active_scenario] == pytest.approx(
        [0.35, 0.35, 0.30, 0.30, 0.01, 0.25, 0.20, 0.40], abs=1e-12)
    note = next(w for w in result.warnings if "绿地率" in w)
    assert "4 rows above 1 read as percentages (divided by 100), 3 below 1 as fractions" in note
    assert "row 5 hold 1, which could be 1 % or 100 %: read as 1 %" in note


def test_empty_far_cells_are_counted_and_named(tmp_path):
    far = [1.5, None, 2.0, None, 1.2, None, 0.8, 2.5, None, 1.0, 1.1, None, 3.0, 2.2, None, 1.8]
    rows = [{"landuse": "100101", "far": f} for f in far]
    source = gm.ogr2ogr(tmp_path / "far.gpkg", gm.write_geojson(tmp_path / "f.geojson", rows, _grid(16)))
    result = import_zones(source, "MNR-2023")
    assert [z.far for z in result.project.active_scenario] == [0.0 if f is None else f for f in far]
    assert ("column 'far': 6 of 16 rows empty, taken as FAR 0, so no GFA, jobs or residents "
            "(rows 2, 4, 6, 9, 12, 15)") in result.warnings


def test_code_column_of_administrative_codes_is_not_taken_as_land_use(tmp_path):
    rows = [{"name": f"district {i}", "code": c} for i, c in enumerate(BEIJING_CODES)]
    source = gm.ogr2ogr(tmp_path / "beijing.gpkg", gm.write_geojson(tmp_path / "b.geojson", rows, _grid(16)))
    with pytest.raises(GisImportError) as info:
        import_zones(source, "MNR-2023")
    # 110101 and 110102 happen to be MNR-2023 logistics codes; the other 14 are not codes at all
    assert ("column 'code' does not hold land-use codes of MNR-2023 (14 of 16 values are not codes, "
            "e.g. '110105')") in str(info.value)


def test_every_unknown_code_is_listed_and_skip_invalid_imports_the_rest(tmp_path):
    codes = ["1001", "X9", "X9", "Z1", None, "0701", "X9", "1401"]
    rows = [{"landuse": c, "far": 1.0} for c in codes]
    outlines = _grid(len(rows))
    source = gm.ogr2ogr(tmp_path / "codes.gpkg", gm.write_geojson(tmp_path / "c.geojson", rows, outlines))
    with pytest.raises(GisImportError) as info:
        import_zones(source, "MNR-2023")
    assert str(info.value) == ("codes.gpkg, 5 of 8 rows cannot be imported: unknown land-use codes in column "
                               "'landuse' (scheme MNR-2023): 'X9' in rows 2, 3, 7; 'Z1' in row 4; empty in row 5")
    assert info.value.rows == (2, 3, 4, 5, 7)
    result = import_zones(source, "MNR-2023", skip_invalid=True)
    zones = list(result.project.active_scenario)
    assert [z.id for z in zones] == [1, 6, 8] and result.skipped == [2, 3, 4, 5, 7]
    assert [z.area_m2 for z in zones] == pytest.approx([gm.geodesic_area_m2(outlines[i]) for i in (0, 5, 7)],
                                                       rel=5e-4)
    assert any(w.startswith("codes.gpkg: skipped 5 of 8 rows: unknown land-use codes") for w in result.warnings)


def test_municipality_with_its_districts_warns_with_the_land_counted_twice(tmp_path):
    districts = _grid(16, size=0.05)
    municipality = gm.lonlat_box(116.30, 39.90, 0.20, 0.20)
    rows = [{"name": "北京市", "landuse": "0701"}] + [{"name": f"区 {i}", "landuse": "0701"} for i in range(16)]
    source = gm.ogr2ogr(tmp_path / "city.gpkg",
                        gm.write_geojson(tmp_path / "c.geojson", rows, [municipality, *districts]))
    result = import_zones(source, "MNR-2023")
    note = next(w for w in result.warnings if "overlap" in w)
    assert note.startswith("city.gpkg: 16 pairs of zones overlap (first: rows 1 and 2); ")
    twice_km2 = sum(gm.geodesic_area_m2(d) for d in districts) / 1e6  # the districts are counted twice
    reported = float(note.split("; ")[1].split(" km²")[0].replace(",", ""))
    assert reported == pytest.approx(twice_km2, abs=0.1)  # printed to 0.1 km²
    assert "totals are 2.00× the land covered" in note


def test_skipped_rows_keep_their_source_row_numbers_in_later_notes(tmp_path):
    rows = [{"landuse": "X9", "far": None}, {"landuse": "1001", "far": None}, {"landuse": "1001", "far": 1.0}]
    source = gm.ogr2ogr(tmp_path / "mixed.gpkg", gm.write_geojson(tmp_path / "m.geojson", rows, _grid(3)))
    result = import_zones(source, "MNR-2023", skip_invalid=True)
    assert "column 'far': 1 of 2 rows empty, taken as FAR 0, so no GFA, jobs or residents (row 2)" in result.warnings
