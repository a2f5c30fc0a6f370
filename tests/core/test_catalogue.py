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
    assert cat.level1("MNR-2023", "M0").code == "10"
    assert cat.level1("GB50137-2011", "B2").code == "B"
    assert cat.level1("GB50137-2011", "E1").code == "E1"
    assert cat.level1("GENERIC-INTL", "EDU").code == "CIV"


def test_normalise_codes_from_messy_data():
    cat = default_catalogue()
    assert cat.normalise_code("MNR-2023", 701.0) == "0701"
    assert cat.normalise_code("MNR-2023", " 100101 ") == "100101"
    assert cat.normalise_code("GB50137-2011", "m1") == "M1"
    assert cat.normalise_code("MNR-2023", "nonsense") is None
