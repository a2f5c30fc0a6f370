"""docs/indicators.md and the generated blocks of docs/specification.md are the code's own tables,
regenerated whenever the registry or the default sectors change."""
import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parents[3] / "docs"


def _generator():
    spec = importlib.util.spec_from_file_location("make_indicators_doc", DOCS / "make_indicators_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_specification_tables_match_the_code():
    text = (DOCS / "specification.md").read_text(encoding="utf-8")
    assert text == _generator().render_specification(text), "docs/specification.md is out of date: run `make docs`"
    assert "| `next_gen_it` |" in text and "| K2 |" in text


def test_indicator_doc_matches_the_registry():
    module = _generator()
    assert (DOCS / "indicators.md").read_text(encoding="utf-8") == module.render(), \
        "docs/indicators.md is out of date: run `make docs`"
    assert "| I1 |" in module.render() and "| K2 |" in module.render()
