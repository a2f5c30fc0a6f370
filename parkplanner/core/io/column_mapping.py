"""Which source column feeds which zone attribute, and how unknown land-use codes are recoded.

Planning data in China rarely names its columns ``landuse`` or ``far``: the land-use code is in
``YDDM`` (用地代码), ``DLBM`` (地类编码) or ``用地性质``, the floor-area ratio in ``RJL`` (容积率),
and so on. :func:`guess_mapping` finds them by those usual names (pinyin initials, Chinese,
English), so the import dialog and ``parkplanner import`` start from the same guesses.

A plan drawn in another code list (a city's own codes, an older standard) has codes the catalogue
does not know. :func:`unknown_codes` lists them with how many zones use each; a recode table
(source code -> catalogue code, edited in the dialog or read by :func:`read_recode_csv`) maps them
before import (``import_zones(..., recode=...)``).
"""
from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from parkplanner.core.model.catalogue import default_catalogue

__all__ = [
    "TARGET_FIELDS", "COLUMN_GUESSES", "guess_mapping", "code_text", "unknown_codes", "apply_recode",
    "read_recode_csv", "RecodeError", "SourcePreview", "read_source_preview",
]

#: Attribute keys in the order the import dialog lists them (all are gis_import.FIELD_KEYS).
TARGET_FIELDS: tuple[str, ...] = (
    "name", "landuse", "far", "coverage", "green_ratio", "height_m", "sector", "phase", "start_year",
    "gfa_override_m2",
)

#: Usual column names per attribute, most specific first; compared after NFKC folding and
#: lower-casing, so ＹＤＤＭ, yddm and YDDM are one name. The first names of each key are the
#: importer's own defaults (gis_import.FIELD_KEYS) and the shapefile names gis_export writes.
COLUMN_GUESSES: dict[str, tuple[str, ...]] = {
    "name": ("name", "dkmc", "名称", "地块名称", "dkbh", "地块编号", "mc"),
    "landuse": ("landuse", "land_use", "code", "yddm", "用地代码", "dlbm", "地类编码", "用地性质", "ydxz",
                "用地类型", "lucode", "zoning"),
    "far": ("far", "rjl", "容积率", "plot_ratio"),
    "coverage": ("coverage", "jzmd", "建筑密度", "site_coverage"),
    "green_ratio": ("green_ratio", "green_rat", "ldl", "绿地率"),
    "height_m": ("height_m", "jzxg", "建筑限高", "限高", "height"),
    "sector": ("sector", "cylx", "产业类型", "产业"),
    "phase": ("phase", "fq", "分期", "建设分期", "qs", "期数"),
    "start_year": ("start_year", "ksnf", "开始年份", "建设年份", "开工年份"),
    "gfa_override_m2": ("gfa_override_m2", "gfa_ovr_m2", "jzmj", "建筑面积"),
}


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKC", str(name)).strip().lower()


def guess_mapping(columns: Sequence[str], explicit: Mapping[str, str] | None = None) -> dict[str, str]:
    """Attribute key -> source column: ``explicit`` choices first, then the usual names.

    A column feeds at most one attribute; explicit column names are matched case-insensitively
    and returned as the source spells them (an unknown one is passed through for the importer
    to refuse with the list of columns).
    """
    by_fold = {}
    for column in columns:
        by_fold.setdefault(_fold(column), column)
    mapping: dict[str, str] = {}
    for key, column in (explicit or {}).items():
        mapping[key] = by_fold.get(_fold(column), column)
    used = set(mapping.values())
    for key in TARGET_FIELDS:
        if key in mapping:
            continue
        column = next((by_fold[g] for g in map(_fold, COLUMN_GUESSES[key]) if g in by_fold and by_fold[g] not in used),
                      None)
        if column is not None:
            mapping[key] = column
            used.add(column)
    return mapping


def code_text(value: Any) -> str | None:
    """A land-use cell as the text a recode table names it by (None for empty cells).

    Numeric columns come as numbers: 701.0 is the code "701", as the catalogue reads it.
    """
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, float):
        if value != value:  # NaN: an empty numeric cell
            return None
        if value.is_integer():
            value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


def apply_recode(value: Any, recode: Mapping[str, str] | None) -> Any:
    """The catalogue code for ``value`` when the recode table names it, else ``value`` itself."""
    if not recode:
        return value
    text = code_text(value)
    return recode.get(text, value) if text is not None else value


def unknown_codes(values: Iterable[Any], scheme: str, recode: Mapping[str, str] | None = None) -> list[tuple[str, int]]:
    """Land-use values the catalogue does not know in ``scheme`` (after ``recode``), with their
    counts, most frequent first; empty cells are not listed (the importer names their row)."""
    catalogue = default_catalogue()
    counts: Counter[str] = Counter()
    known: dict[str, bool] = {}
    for value in values:
        text = code_text(value)
        if text is None:
            continue
        if text not in known:
            code = catalogue.normalise_code(scheme, apply_recode(text, recode))
            known[text] = code is not None and catalogue.get(scheme, code).assignable
        if not known[text]:
            counts[text] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


class RecodeError(ValueError):
    """A recode table that cannot be used; the message is one line naming the file and row."""


def read_recode_csv(path: str | Path, scheme: str) -> dict[str, str]:
    """Source code -> catalogue code from a two-column CSV (a header row is optional).

    UTF-8 (with or without BOM, as Excel writes it) or GBK. Every target must be an assignable
    code of ``scheme``: a typo would otherwise only show up as an "unknown code" at import.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RecodeError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    for encoding in ("utf-8-sig", "gbk"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RecodeError(f"cannot decode {path.name}: save it as UTF-8")
    catalogue = default_catalogue()
    recode: dict[str, str] = {}
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise RecodeError(f"{path.name}, row {number}: expected two columns, source code and catalogue code")
        source, target = code_text(cells[0]), cells[1]
        code = catalogue.normalise_code(scheme, target)
        if code is None or not catalogue.get(scheme, code).assignable:
            if number == 1 and not recode:
                continue  # a header row ("source,target", "原代码,新代码")
            raise RecodeError(f"{path.name}, row {number}: {target!r} is not a land-use code of {scheme}")
        if source in recode and recode[source] != code:
            raise RecodeError(f"{path.name}, row {number}: {source!r} is recoded twice "
                              f"({recode[source]} and {code})")
        recode[source] = code
    if not recode:
        raise RecodeError(f"{path.name} has no recode rows")
    return recode


@dataclass
class SourcePreview:
    """What the import dialog shows of a source before importing it."""

    label: str
    columns: list[str]
    #: Every row's values by column (text of the file, as read; the dialog shows the first rows).
    values: dict[str, list[Any]] = field(default_factory=dict)
    rows: int = 0

    def first_rows(self, count: int = 5) -> list[list[Any]]:
        return [[self.values[c][r] for c in self.columns] for r in range(min(count, self.rows))]


def read_source_preview(path: str | Path, layer: str | None = None, encoding: str | None = None) -> SourcePreview:
    """The columns and attribute values of a zone source, read as the importer reads it (same
    layer choice, same encoding guess for shapefiles without .cpg). Raises GisImportError."""
    from parkplanner.core.io.gis_import import _read_table  # one reader for preview and import

    table = _read_table(Path(path), layer, encoding)
    values = {name: [_plain(v) for v in column] for name, column in table.columns.items()}
    return SourcePreview(table.label, list(table.columns), values, len(table.geometries))


def _plain(value: Any) -> Any:
    import numpy as np

    if value is None or value is np.ma.masked:
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value
