"""The sentences of topology problems, in English and Chinese, by message key.

A problem stores its key and parameters (zone ids, areas, widths) rather than a finished sentence,
so the validation dock, the Excel appendix and the CLI each say it in their own language without
translating an English sentence after the fact.
"""
from __future__ import annotations

from typing import Any, Iterable

__all__ = ["MESSAGES", "message_text"]

#: key: (English template, Chinese template); parameters are named, areas in m², widths in m.
MESSAGES: dict[str, tuple[str, str]] = {
    "invalid": ("Zone {zone} has invalid geometry: {reason}",
                "地块 {zone} 的几何图形无效：{reason}"),
    "overlap": ("Zones {a} and {b} overlap by {area:,.0f} m²",
                "地块 {a} 与地块 {b} 重叠 {area:,.0f} m²"),
    "gap": ("Gap of {area:,.0f} m² not covered by any zone",
            "有 {area:,.0f} m² 的缝隙未划入任何地块"),
    "gap_next_to_zone": ("Gap of {area:,.0f} m² not covered by any zone next to zone {near}",
                         "地块 {near} 旁有 {area:,.0f} m² 的缝隙未划入任何地块"),
    "gap_next_to_zones": ("Gap of {area:,.0f} m² not covered by any zone next to zones {near}",
                          "地块 {near} 之间有 {area:,.0f} m² 的缝隙未划入任何地块"),
    "gap_between_many": ("Gap of {area:,.0f} m² not covered by any zone, between many zones",
                         "多个地块之间有 {area:,.0f} m² 的缝隙未划入任何地块"),
    "sliver_area": ("Zone {zone} is a sliver of {area:,.1f} m²",
                    "地块 {zone} 为碎片地块，面积仅 {area:,.1f} m²"),
    "sliver_width": ("Zone {zone} is a sliver: {width:.1f} m wide on average",
                     "地块 {zone} 为狭长碎片地块，平均宽度仅 {width:.1f} m"),
    "outside_boundary": ("{area:,.0f} m² of zone {zone} lie outside the boundary",
                         "地块 {zone} 有 {area:,.0f} m² 超出规划范围线"),
}


def message_text(key: str, params: Iterable[tuple[str, Any]], lang: str = "en") -> str:
    """The sentence of ``key`` with ``params``; ``lang`` "zh…" for Chinese, anything else English.

    A tuple parameter (several zone ids) is listed with the language's list separator.
    """
    english, chinese = MESSAGES[key]
    zh = lang.startswith("zh")
    separator = "、" if zh else ", "
    values = {name: separator.join(map(str, value)) if isinstance(value, tuple) else value
              for name, value in params}
    return (chinese if zh else english).format(**values)
