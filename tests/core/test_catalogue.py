"""Catalogue loading, generic classes and level-1 classes of each scheme."""
from parkplanner.core.model.catalogue import default_catalogue


def test_schemes_and_local_extension_codes():
    cat = default_catalogue()
    assert cat.schemes == ("MNR-2023", "GB50137-2011", "GENERIC-INTL")
    assert cat.generic_class("MNR-2023", "M0") == "OFF"
    assert cat.generic_class("GB50137-2011", "M4") == "OFF"
    assert cat.find("GENERIC-INTL", "M0") is None
    assert cat.get("MNR-2023", "080403").facility == "EDU"


def test_level1_classes():
    cat = default_catalogue()
    assert cat.level1("MNR-2023", "070102").code == "07"
    assert cat.level1("MNR-2023", "M0").code == "1001"  # 10 also holds mining, outside construction land
    assert cat.level1("MNR-2023", "1002").code == "10"
    assert cat.level1("MNR-2023", "1207").code == "1207"
    assert cat.level1("MNR-2023", "1201").code == "12"
    assert cat.level1("GB50137-2011", "B2").code == "B"
    assert cat.level1("GB50137-2011", "E1").code == "E1"
    assert cat.level1("GENERIC-INTL", "EDU").code == "CIV"


def test_normalise_codes_from_messy_data():
    cat = default_catalogue()
    assert cat.normalise_code("MNR-2023", 701.0) == "0701"
    assert cat.normalise_code("MNR-2023", " 100101 ") == "100101"
    assert cat.normalise_code("GB50137-2011", "m1") == "M1"
    assert cat.normalise_code("MNR-2023", "nonsense") is None


def _mnr_counts(code: str) -> bool:
    """MNR-2023 by the specification's list: 07, 08, 09, 1001, 11, 1206–1209, 13–16 (and the local
    extension M0/M4 under 1001) count; 01–06, 10 and 12 themselves, 1002–1003, 1201–1205, 17+ do not."""
    if code in ("M0", "M4"):
        return True
    if code[:2] in ("07", "08", "09", "11", "13", "14", "15", "16"):
        return True
    return code[:4] in ("1001", "1206", "1207", "1208", "1209")


def test_construction_land_is_a_property_of_the_code():
    cat = default_catalogue()
    for cls in cat.classes("MNR-2023"):
        assert cat.counts_as_construction("MNR-2023", cls.code) is _mnr_counts(cls.code), cls.code
    # GB 50137-2011: R, A, B, M, W, S, U, G count; H (H2, H4, H5, H14...) and E do not.
    for cls in cat.classes("GB50137-2011"):
        assert cat.counts_as_construction("GB50137-2011", cls.code) is (cls.code[0] in "RABMWSUG"), cls.code
    for cls in cat.classes("GENERIC-INTL"):
        assert cat.counts_as_construction("GENERIC-INTL", cls.code) is (cls.generic_class not in ("WAT", "AGR"))


def test_a_catalogue_without_the_column_falls_back_to_the_generic_class(tmp_path):
    from parkplanner.core.model.catalogue import Catalogue

    path = tmp_path / "own.csv"
    path.write_text("scheme,code,name_zh,name_en,parent_code,rgb_hex,generic_class,facility,source\n"
                    "GENERIC-INTL,X1,甲,Housing,,#FFFFFF,RES,,own\nGENERIC-INTL,X2,乙,Lake,,#0000FF,WAT,,own\n",
                    encoding="utf-8")
    cat = Catalogue.from_csv(path)
    assert cat.counts_as_construction("GENERIC-INTL", "X1") is True
    assert cat.counts_as_construction("GENERIC-INTL", "X2") is False
