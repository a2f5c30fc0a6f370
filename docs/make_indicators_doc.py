"""Write docs/indicators.md from the indicator registry (run: make docs).

The table is generated so the documentation can never disagree with the numbers the program
reports; tests/core/metrics/test_indicators_doc.py fails when the file is out of date.
"""
from __future__ import annotations

import sys
from pathlib import Path

from parkplanner.core.metrics.registry import markdown_table

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


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).with_name("indicators.md")
    out.write_text(render(), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
