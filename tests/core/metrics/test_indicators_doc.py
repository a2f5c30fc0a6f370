"""docs/indicators.md is the registry's own table, regenerated whenever the registry changes."""
import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_indicator_doc_matches_the_registry():
    spec = importlib.util.spec_from_file_location("make_indicators_doc", DOCS / "make_indicators_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (DOCS / "indicators.md").read_text(encoding="utf-8") == module.render(), \
        "docs/indicators.md is out of date: run `make docs`"
    assert "| I1 |" in module.render() and "| K2 |" in module.render()
