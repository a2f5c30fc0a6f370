"""Names of history steps ("Set far on 3 zones") in the interface language.

Commands are made in ``core`` and ``interaction``, which never import Qt, so their labels are
English sentences with numbers and names in them. They are translated where they are shown (the
Undo/Redo menu texts and the History panel) by matching the known sentence shapes; a label of
an unknown shape is shown as it is. Attribute keys inside "Set …" become field names ("far" reads
"plot ratio"), in English too.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

__all__ = ["step_label", "STEP_SHAPES"]

_CONTEXT = "Steps"

#: (regular expression of the English label, translatable template with {0}, {1}… for its groups);
#: the first match wins, so fixed sentences come before the general shapes they also fit.
STEP_SHAPES: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(pattern), template) for pattern, template in (
    (r"^Add zone$", QT_TRANSLATE_NOOP("Steps", "Add zone")),
    (r"^Add (\d+) zones$", QT_TRANSLATE_NOOP("Steps", "Add {0} zones")),
    (r"^Draw zone$", QT_TRANSLATE_NOOP("Steps", "Draw zone")),
    (r"^Draw rectangle$", QT_TRANSLATE_NOOP("Steps", "Draw rectangle")),
    (r"^Delete zone$", QT_TRANSLATE_NOOP("Steps", "Delete zone")),
    (r"^Delete zone (\d+)$", QT_TRANSLATE_NOOP("Steps", "Delete zone {0}")),
    (r"^Delete (\d+) zones$", QT_TRANSLATE_NOOP("Steps", "Delete {0} zones")),
    (r"^Delete sliver zone (\d+)$", QT_TRANSLATE_NOOP("Steps", "Delete sliver zone {0}")),
    (r"^Reshape zone$", QT_TRANSLATE_NOOP("Steps", "Reshape zone")),
    (r"^Move zone (\d+)$", QT_TRANSLATE_NOOP("Steps", "Move zone {0}")),
    (r"^Move (\d+) zones$", QT_TRANSLATE_NOOP("Steps", "Move {0} zones")),
    (r"^Move vertex of zone (\d+)$", QT_TRANSLATE_NOOP("Steps", "Move vertex of zone {0}")),
    (r"^Delete vertex of zone (\d+)$", QT_TRANSLATE_NOOP("Steps", "Delete vertex of zone {0}")),
    (r"^Split zone (\d+) into (\d+)$", QT_TRANSLATE_NOOP("Steps", "Split zone {0} into {1}")),
    (r"^Split (\d+) zones into (\d+)$", QT_TRANSLATE_NOOP("Steps", "Split {0} zones into {1}")),
    (r"^Merge (\d+) zones into zone (\d+)$", QT_TRANSLATE_NOOP("Steps", "Merge {0} zones into zone {1}")),
    (r"^Repair zone (\d+)$", QT_TRANSLATE_NOOP("Steps", "Repair zone {0}")),
    (r"^Set observed values$", QT_TRANSLATE_NOOP("Steps", "Set observed values")),
    (r"^Set (.+) on (\d+) zones$", QT_TRANSLATE_NOOP("Steps", "Set {0} on {1} zones")),
    (r"^Set (.+)$", QT_TRANSLATE_NOOP("Steps", "Set {0}")),
    (r"^Duplicate scenario (.+)$", QT_TRANSLATE_NOOP("Steps", "Duplicate scenario {0}")),
    (r"^Delete scenario (.+)$", QT_TRANSLATE_NOOP("Steps", "Delete scenario {0}")),
    (r"^Move scenario (.+)$", QT_TRANSLATE_NOOP("Steps", "Move scenario {0}")),
    (r"^Rename scenario to (.+)$", QT_TRANSLATE_NOOP("Steps", "Rename scenario to {0}")),
    (r"^Jump to checkpoint (.+)$", QT_TRANSLATE_NOOP("Steps", "Jump to checkpoint {0}")),
    (r"^Calibrate projection$", QT_TRANSLATE_NOOP("Steps", "Calibrate projection")),
    (r"^Change (.+)$", QT_TRANSLATE_NOOP("Steps", "Change {0}")),
))

#: "Draw zone (trimmed against 2 neighbours)": the step, then how the edit was adjusted.
_TRIMMED = re.compile(r"^(.*) \(trimmed against (\d+) neighbours?\)$")
_TRIMMED_TEMPLATE = QT_TRANSLATE_NOOP("Steps", "{0} (trimmed against {1} neighbours)")
_LIST_SEPARATOR = QT_TRANSLATE_NOOP("Steps", ", ")

#: Zone attribute keys as the inspector names them.
_ATTRIBUTES = {
    "code": QT_TRANSLATE_NOOP("Steps", "land use"),
    "name": QT_TRANSLATE_NOOP("Steps", "name"),
    "sector": QT_TRANSLATE_NOOP("Steps", "sector"),
    "far": QT_TRANSLATE_NOOP("Steps", "plot ratio"),
    "coverage": QT_TRANSLATE_NOOP("Steps", "building coverage"),
    "green_ratio": QT_TRANSLATE_NOOP("Steps", "green ratio"),
    "height_m": QT_TRANSLATE_NOOP("Steps", "height limit"),
    "phase": QT_TRANSLATE_NOOP("Steps", "phase"),
    "start_year": QT_TRANSLATE_NOOP("Steps", "start year"),
    "gfa_override_m2": QT_TRANSLATE_NOOP("Steps", "GFA override"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _attributes(names: str) -> str:
    """"far, code" -> the translated field names, joined the way the language lists them."""
    keys = [key.strip() for key in names.split(",")]
    if not all(key in _ATTRIBUTES for key in keys):
        return names  # not a list of zone attributes (e.g. "Set observed values" matched earlier)
    return _tr(_LIST_SEPARATOR).join(_tr(_ATTRIBUTES[key]) for key in keys)


def step_label(label: str) -> str:
    """``label`` of a history step in the interface language (unchanged when its shape is unknown)."""
    trimmed = _TRIMMED.match(label)
    if trimmed:
        return _tr(_TRIMMED_TEMPLATE).format(step_label(trimmed.group(1)), trimmed.group(2))
    for pattern, template in STEP_SHAPES:
        match = pattern.match(label)
        if match:
            groups = list(match.groups())
            if template in ("Set {0}", "Set {0} on {1} zones"):
                groups[0] = _attributes(groups[0])
            return _tr(template).format(*groups)
    return label
