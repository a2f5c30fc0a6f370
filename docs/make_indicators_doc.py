"""Write docs/indicators.md from the indicator registry, and the generated blocks of
docs/specification.md (indicators, default sectors) from the code (run: make docs).

The tables are generated so the documentation can never disagree with the numbers the program
reports; tests/core/metrics/test_indicators_doc.py fails when a file is out of date.
"""
from __future__ import annotations

import sys
from pathlib import Path

import re

from parkplanner.core.metrics.registry import markdown_table
from parkplanner.core.model.sectors import default_sectors

SPECIFICATION = Path(__file__).with_name("specification.md")

HEADER = """# Industry–city integration indicators

Generated from `parkplanner/core/metrics/registry.py` by `docs/make_indicators_doc.py`; do not edit.
Each indicator gets a score in [0, 1] from its target rule ("≥ t": min(1, x/t); "≤ c": min(1, c/x);
"band [a, b]": 1 inside, falling linearly to 0 at a − (b − a) and b + (b − a)); an undefined value
(no residents, a zero denominator) is reported as null and scores 0. Dimension indices are the mean
score of their indicators; the coupling coordination degree is D = sqrt(C · T) with
C = (Π U_d)^(1/5) / (Σ U_d / 5) and T = Σ U_d / 5, graded in steps of 0.1 from 极度失调 extreme
imbalance to 优质协调 high-quality coordination. The obstacle degree of an indicator is its share of
the weighted shortfall Σ w_j (1 − s_j): it tells what holds D back.
"""


def render() -> str:
    return (HEADER + "\n## English\n\n" + markdown_table("en") + "\n\n## 中文\n\n" + markdown_table("zh") + "\n")


def sectors_table() -> str:
    lines = ["| id | sector | m² GFA per job | output 万元/mu | tax 万元/mu | enterprises per ha | high-tech share "
             "| FAR min | coverage min | green max | ramp h (years) | ramp w (years) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for s in default_sectors().values():
        numbers = (s.m2_gfa_per_job, s.output_wan_per_mu, s.tax_wan_per_mu, s.enterprises_per_ha, s.high_tech_share,
                   s.far_min, s.coverage_min, s.green_max, s.ramp_half_years, s.ramp_width_years)
        lines.append(f"| `{s.id}` | {s.name_en} {s.name_zh} | " + " | ".join(f"{v:g}" for v in numbers) + " |")
    return "\n".join(lines)


def render_specification(text: str) -> str:
    """``text`` (the specification) with its generated blocks filled in from the code."""
    for name, table in (("sectors", sectors_table()), ("indicators", markdown_table("en"))):
        pattern = re.compile(rf"(<!-- {name}:begin[^>]*-->\n).*?(<!-- {name}:end -->)", re.S)
        text, count = pattern.subn(lambda m: m.group(1) + table + "\n" + m.group(2), text)
        if count != 1:
            raise ValueError(f"docs/specification.md needs one {name}:begin/{name}:end block")
    return text


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).with_name("indicators.md")
    out.write_text(render(), encoding="utf-8")
    print(f"wrote {out}")
    SPECIFICATION.write_text(render_specification(SPECIFICATION.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {SPECIFICATION}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
