"""The Excel appendix as a planner prints it: LibreOffice opens it and exports a PDF whose pages
hold every text cell whole (nothing cut at a page edge) and the land-use map on one page."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from parkplanner.cli import main
from parkplanner.core.io.project_file import save_project
from tests.core.report.conftest import make_project

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"),
]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module", params=["zh", "en"])
def printed(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"appendix_{request.param}")
    project = folder / "park.gpkg"
    save_project(make_project(), project)
    book = folder / "appendix.xlsx"
    assert main(["report", str(project), "-o", str(book), "--lang", request.param, "--quiet"]) == 0
    result = subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{folder / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(folder), str(book)],
        capture_output=True, text=True, timeout=240)
    pdf = folder / "appendix.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    # -raw keeps the text of a cell together even when it wraps beside other columns.
    pages = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    return request.param, load_workbook(book), [p for p in pages if p.strip()]


def test_every_text_cell_is_printed_whole(printed):
    _, book, pages = printed
    everything = _squeezed("".join(pages))
    missing = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str) and value.strip() and _squeezed(value) not in everything:
                    missing.append((sheet.title, value))
    assert missing == []


def test_the_map_fills_one_page_and_each_sheet_starts_a_page(printed):
    lang, book, pages = printed
    # Every printed page's header line names the project and the sheet; the footer says "of N".
    heads = [page.strip().splitlines()[0] for page in pages]
    total = re.search(r"共 (\d+) 页" if lang == "zh" else r"of (\d+)", pages[0])
    assert total and int(total.group(1)) == len(pages)
    title = "用地规划图" if lang == "zh" else "Land-use map"
    on = [n for n, head in enumerate(heads) if head.endswith(title)]
    assert len(on) == 1  # the map is never split over pages
    parcels = "地块控制指标表" if lang == "zh" else "Parcel control indicators"
    assert heads[on[0] + 1].endswith(parcels)
    assert heads[on[0] - 1].endswith("用地平衡表" if lang == "zh" else "Land-use balance")
