"""The importer's column decisions, each reported: which column feeds which attribute, how shares
written as percents are read, and what an empty cell is taken to mean.

- A land-use column found by a default name is taken only if most of its values are codes of the
  scheme: a column ``code`` of administrative codes (110101…) is not land use, although 110101
  happens to be an MNR-2023 logistics code.
- A share column (coverage, green ratio) may mix fractions and percents (0.35 in some rows, 35
  in others). Each value is read on its own: above 1 it can only be a percent; below 1 it is a
  fraction; exactly 1 is either 100 % or 1 %, so it follows the rest of the column and its rows
  are listed.
- Empty FAR and phase cells take the zone defaults (FAR 0: no GFA, jobs or residents; phase 1);
  the warning says how many rows and which.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

import numpy as np

from parkplanner.core.io.import_errors import GisImportError

__all__ = ["FIELD_KEYS", "FRACTIONS", "resolve_columns", "cell", "clean_column", "number", "share_readers",
           "empty_cell_notes", "row_list"]

#: Attribute keys a source column can feed, with the default (case-insensitive) column names.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "landuse": ("landuse", "land_use", "code"),
    "far": ("far",),
    "sector": ("sector",),
    "phase": ("phase",),
    "start_year": ("start_year",),
    "coverage": ("coverage",),
    "green_ratio": ("green_ratio", "green_rat"),  # the short forms are gis_export's shapefile names
    "height_m": ("height_m",),
    "gfa_override_m2": ("gfa_override_m2", "gfa_ovr_m2"),
}
FRACTIONS = ("coverage", "green_ratio")
#: Default column names that may well mean something else (administrative or parcel codes).
_GENERIC_NAMES = {"code"}
#: What an empty cell of these columns becomes (the Zone defaults), as said in the warning.
_EMPTY_MEANS = {"far": "FAR 0, so no GFA, jobs or residents", "phase": "phase 1"}
#: Rows named in one warning; the count says how many more there are.
_ROWS_LISTED = 10


def resolve_columns(label: str, columns: Mapping[str, np.ndarray], field_map: Mapping[str, str],
                    is_code: Callable[[Any], bool], scheme: str, warnings: list[str]) -> dict[str, str]:
    """Attribute key -> source column name, from ``field_map`` first, then the default names;
    ``is_code`` tells a land-use code of ``scheme`` from anything else."""
    unknown = sorted(set(field_map) - set(FIELD_KEYS))
    if unknown:
        raise GisImportError(f"unknown field key {unknown[0]!r} (keys: {', '.join(FIELD_KEYS)})")
    by_lower = {name.lower(): name for name in columns}
    available = ", ".join(columns) or "none"
    resolved = {}
    for key, defaults in FIELD_KEYS.items():
        if key in field_map:
            column = by_lower.get(str(field_map[key]).lower())
            if column is None:
                raise GisImportError(f"{label}: column {field_map[key]!r} (for {key}) not found; "
                                     f"columns: {available}")
            resolved[key] = column
        elif key == "landuse":
            column = _default_landuse_column(label, columns, [by_lower[d] for d in defaults if d in by_lower],
                                             is_code, scheme, available)
            if column is not None:
                resolved[key] = column
        else:
            column = next((by_lower[d] for d in defaults if d in by_lower), None)
            if column is not None:
                resolved[key] = column
    if "landuse" not in resolved:
        raise GisImportError(f"{label}: no land-use column (looked for 'landuse'; columns: "
                             f"{available}); map one with landuse=COLUMN")
    if "far" not in resolved:
        warnings.append(f"{label}: no FAR column; every zone gets FAR 0")
    return resolved


def _default_landuse_column(label: str, columns: Mapping[str, np.ndarray], candidates: list[str],
                            is_code: Callable[[Any], bool], scheme: str, available: str) -> str | None:
    """The first candidate column; one with a generic name ("code") only if most of its values are
    codes of the scheme. A column named for land use is taken as is: its unknown codes are listed."""
    for name in candidates:
        if name.lower() not in _GENERIC_NAMES:
            return name
        values = [v for v in (cell(x) for x in columns[name]) if v is not None]
        bad = [v for v in values if not is_code(v)]
        if values and len(bad) * 2 <= len(values):
            return name
        example = f", e.g. {bad[0]!r}" if bad else ""
        raise GisImportError(f"{label}: column {name!r} does not hold land-use codes of {scheme} ({len(bad)} of "
                             f"{len(values)} values are not codes{example}); map the land-use column with "
                             f"landuse=COLUMN (columns: {available})")
    return None


def cell(value: Any) -> Any:
    """None for the ways files spell "empty" (NULL, NaN, blank text); the value otherwise."""
    if value is None or value is np.ma.masked:
        return None
    if isinstance(value, (float, np.floating)) and np.isnan(value):
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def clean_column(values: np.ndarray) -> list:
    """A column's cells as Python values with None for empty (what :func:`cell` gives per value,
    at array speed for the numeric columns that make up most of a parcel layer)."""
    if values.dtype.kind == "f" and not np.ma.isMaskedArray(values):
        out = values.tolist()
        for i in np.flatnonzero(np.isnan(values)):
            out[i] = None
        return out
    if values.dtype.kind in "iub" and not np.ma.isMaskedArray(values):
        return values.tolist()
    return [cell(v) for v in values]


def number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def share_readers(columns: Mapping[str, np.ndarray], resolved: Mapping[str, str],
                  warnings: list[str]) -> dict[str, Callable[[Any], Any]]:
    """For each share column, a function turning a cell into a fraction (see the module docstring)."""
    readers = {}
    for key in FRACTIONS:
        if key not in resolved:
            continue
        name = resolved[key]
        values = [number(v) for v in clean_column(columns[name])]
        percents = [i for i, n in enumerate(values) if n is not None and 1.0 < n <= 100.0]
        if not percents:
            continue  # fractions only: read as they are
        fractions = [i for i, n in enumerate(values) if n is not None and 0.0 < n < 1.0]
        ones = [i for i, n in enumerate(values) if n == 1.0]
        one_is_percent = len(percents) >= len(fractions)  # 1 follows the rest of the column
        readers[key] = _share_reader(one_is_percent)
        if not fractions and not ones:
            warnings.append(f"column {name!r} holds percentages; divided by 100 for {key}")
            continue
        text = (f"column {name!r} mixes percentages and fractions: {_rows(len(percents))} above 1 read as "
                f"percentages (divided by 100), {len(fractions)} below 1 as fractions")
        if ones:
            text += (f"; {row_list(ones)} hold 1, which could be 1 % or 100 %: read as "
                     f"{'1 %' if one_is_percent else '100 %'} like most of the column")
        warnings.append(text)
    return readers


def _share_reader(one_is_percent: bool) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        n = number(value)
        if n is None or n > 100.0:
            return value  # empty, text or out of range: validation says what is wrong with it
        return n / 100.0 if n > 1.0 or (n == 1.0 and one_is_percent) else n
    return read


def empty_cell_notes(columns: Mapping[str, np.ndarray], resolved: Mapping[str, str], warnings: list[str],
                     rows: Sequence[int] | None = None) -> None:
    """One warning per defaulted column with empty cells among ``rows`` (0-based; default all): how
    many rows, which, and what they became."""
    for key, meaning in _EMPTY_MEANS.items():
        if key not in resolved:
            continue
        name = resolved[key]
        indexes = range(len(columns[name])) if rows is None else rows
        values = clean_column(columns[name])
        empty = [i for i in indexes if values[i] is None]
        if empty:
            warnings.append(f"column {name!r}: {len(empty)} of {len(indexes)} rows empty, taken as "
                            f"{meaning} ({row_list(empty)})")


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


def row_list(indexes: Sequence[int]) -> str:
    """"row 3", "rows 2, 5, 7" (0-based indexes, 1-based rows), at most ten then "and 40 more"."""
    numbers = [str(i + 1) for i in indexes[:_ROWS_LISTED]]
    more = len(indexes) - len(numbers)
    text = ("row " if len(indexes) == 1 else "rows ") + ", ".join(numbers)
    return text + (f" and {more} more" if more else "")
