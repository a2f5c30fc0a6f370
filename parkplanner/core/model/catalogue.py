"""Land-use catalogues: codes of each scheme with names, colours, generic class, facility tag and
whether the code counts as construction land (城市建设用地, column ``urban_dev``).

The shipped CSV holds three schemes (MNR-2023, GB50137-2011, GENERIC-INTL) and local extension
rows (scheme LOCAL-EXT, e.g. M0/M4) that are available in both Chinese schemes.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from parkplanner.core.resources import resource_path

__all__ = [
    "GENERIC_CLASSES", "CONSTRUCTION_CLASSES", "SCHEMES", "DEFAULT_SCHEME",
    "LandUseClass", "Catalogue", "default_catalogue",
]

#: Generic classes in display order (docs/specification.md, "Inputs").
GENERIC_CLASSES: tuple[str, ...] = (
    "RES", "MXD", "COM", "OFF", "IND", "LOG", "CIV", "GRN", "TRN", "UTL", "SPC", "RSV", "WAT", "AGR",
)
#: Classes whose codes count as construction land when a catalogue row does not say (``urban_dev``
#: empty or the column absent, e.g. a user's own catalogue): every class but water and agriculture.
CONSTRUCTION_CLASSES: frozenset[str] = frozenset(GENERIC_CLASSES) - {"WAT", "AGR"}
GENERIC_NAMES: dict[str, tuple[str, str]] = {
    "RES": ("Residential", "居住"), "MXD": ("Mixed use", "混合用地"), "COM": ("Commercial", "商业"),
    "OFF": ("Office / R&D", "办公研发"), "IND": ("Industrial", "工业"), "LOG": ("Logistics", "物流仓储"),
    "CIV": ("Civic", "公共服务"), "GRN": ("Green and squares", "绿地与广场"),
    "TRN": ("Roads and transport", "道路交通"), "UTL": ("Utilities", "公用设施"),
    "SPC": ("Special use", "特殊用地"), "RSV": ("Reserved", "留白用地"), "WAT": ("Water", "水域"),
    "AGR": ("Agriculture and natural", "农林用地"),
}
SCHEMES: tuple[str, ...] = ("MNR-2023", "GB50137-2011", "GENERIC-INTL")
DEFAULT_SCHEME = "MNR-2023"
_EXTENSION_SCHEME = "LOCAL-EXT"
_EXTENDED_SCHEMES = ("MNR-2023", "GB50137-2011")


@dataclass(frozen=True, slots=True)
class LandUseClass:
    scheme: str
    code: str
    name_zh: str
    name_en: str
    parent_code: str
    rgb_hex: str
    generic_class: str  # "" for header rows that cannot be assigned to a zone
    facility: str  # "", "EDU", "CULTURE_SPORTS" or "HEALTH"
    source: str
    #: Counts as construction land (城市建设用地): a property of the code, not of its generic class
    #: (GB 50137-2011 H14 villages are RES but not urban construction land; MNR 1002 mining is IND).
    urban_dev: bool = True

    @property
    def assignable(self) -> bool:
        return bool(self.generic_class)

    def name(self, lang: str = "en") -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en

    def label(self, lang: str = "en") -> str:
        return f"{self.code} {self.name(lang)}"


class Catalogue:
    """All classes of all schemes, with lookups by (scheme, code)."""

    def __init__(self, classes: list[LandUseClass]) -> None:
        self._by_scheme: dict[str, dict[str, LandUseClass]] = {}
        for cls in classes:
            self._by_scheme.setdefault(cls.scheme, {})[cls.code] = cls
        for scheme in _EXTENDED_SCHEMES:
            table = self._by_scheme.setdefault(scheme, {})
            for code, cls in self._by_scheme.get(_EXTENSION_SCHEME, {}).items():
                table.setdefault(code, cls)

    @classmethod
    def from_csv(cls, path: Path) -> "Catalogue":
        with open(path, newline="", encoding="utf-8") as handle:
            rows = [
                LandUseClass(
                    scheme=r["scheme"].strip(), code=r["code"].strip(), name_zh=r["name_zh"].strip(),
                    name_en=r["name_en"].strip(), parent_code=r["parent_code"].strip(),
                    rgb_hex=r["rgb_hex"].strip().upper(), generic_class=r["generic_class"].strip(),
                    facility=r["facility"].strip(), source=r["source"].strip(),
                    urban_dev=_urban_dev(r.get("urban_dev"), r["generic_class"].strip()),
                )
                for r in csv.DictReader(handle)
            ]
        return cls(rows)

    @property
    def schemes(self) -> tuple[str, ...]:
        return tuple(s for s in SCHEMES if s in self._by_scheme)

    def classes(self, scheme: str, assignable_only: bool = True) -> list[LandUseClass]:
        table = self._scheme_table(scheme)
        return [c for c in table.values() if c.assignable or not assignable_only]

    def get(self, scheme: str, code: str) -> LandUseClass:
        """The class of ``code`` in ``scheme``; KeyError with a readable reason otherwise."""
        table = self._scheme_table(scheme)
        try:
            return table[code]
        except KeyError:
            raise KeyError(f"unknown land-use code {code!r} in scheme {scheme}") from None

    def find(self, scheme: str, code: str) -> LandUseClass | None:
        return self._by_scheme.get(scheme, {}).get(code)

    def normalise_code(self, scheme: str, raw: object) -> str | None:
        """Match user data to a code: exact, then case-insensitive, then zero-padded numeric codes."""
        table = self._scheme_table(scheme)
        text = str(raw).strip()
        if text.endswith(".0") and text[:-2].isdigit():  # numeric columns read as floats
            text = text[:-2]
        if text in table:
            return text
        upper = {c.upper(): c for c in table}
        if text.upper() in upper:
            return upper[text.upper()]
        if text.isdigit() and len(text) % 2 == 1 and ("0" + text) in table:  # "701" -> "0701"
            return "0" + text
        return None

    def generic_class(self, scheme: str, code: str) -> str:
        return self.get(scheme, code).generic_class

    def counts_as_construction(self, scheme: str, code: str) -> bool:
        """Whether land of ``code`` is construction land (城市建设用地), the denominator of every
        GB 50137 ratio. The one place that decides it: the catalogue's ``urban_dev`` column."""
        return self.get(scheme, code).urban_dev

    def level1(self, scheme: str, code: str) -> LandUseClass:
        """The level-1 class of a code in the balance table: its highest ancestor that carries a
        generic class and is construction land exactly when the code is.

        This gives 07/08/09... in MNR-2023, R/A/B/M/W/S/U/G (and H2, E1...) in GB50137-2011. Where a
        level-1 class mixes both kinds (MNR 10 holds industrial 1001 and mining 1002, 12 holds urban
        roads 1207 and railways 1201), the codes below it that are construction land stand on their own
        (1001, 1207), so a balance row is wholly inside or wholly outside construction land.
        """
        table = self._scheme_table(scheme)
        chain = [self.get(scheme, code)]
        while chain[-1].parent_code and chain[-1].parent_code in table:
            chain.append(table[chain[-1].parent_code])
        for cls in reversed(chain):
            if cls.assignable and cls.urban_dev == chain[0].urban_dev:
                return cls
        return chain[0]

    def _scheme_table(self, scheme: str) -> dict[str, LandUseClass]:
        try:
            return self._by_scheme[scheme]
        except KeyError:
            raise KeyError(f"unknown land-use scheme {scheme!r} (known: {', '.join(SCHEMES)})") from None


def _urban_dev(raw: str | None, generic_class: str) -> bool:
    text = (raw or "").strip()
    if text in ("1", "0"):
        return text == "1"
    if text:
        raise ValueError(f"catalogue column urban_dev must be 1 or 0, not {text!r}")
    return generic_class in CONSTRUCTION_CLASSES


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    return Catalogue.from_csv(resource_path("landuse_catalogue.csv"))
