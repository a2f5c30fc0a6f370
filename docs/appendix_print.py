"""The sample's Excel appendix as printed: LibreOffice makes the PDF, poppler the page pictures.

Shared by make_guide_screenshots.py (one sheet for the guide) and make_appendix_picture.py (the
README's overview of the first pages). Needs LibreOffice and poppler-utils on PATH.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PySide6.QtGui import QImage

__all__ = ["tools_missing", "print_appendix", "page_number", "page_image"]

_TOOLS = ("soffice", "pdftoppm", "pdftotext")


def tools_missing() -> bool:
    return not all(shutil.which(name) for name in _TOOLS)


def print_appendix(language: str, work: Path) -> tuple[Path, list[str]]:
    """The sample project's appendix in ``language`` as a PDF in ``work``, and each page's text."""
    from parkplanner.core.io.project_file import load_project
    from parkplanner.core.report.workbook import build_appendix
    from parkplanner.core.resources import sample_project_path

    book = build_appendix(load_project(sample_project_path()), work / f"appendix_{language}.xlsx", lang=language)
    subprocess.run([shutil.which("soffice"), "--headless", "--convert-to", "pdf", "--outdir", str(work), str(book)],
                   check=True, capture_output=True, timeout=300)
    pdf = book.with_suffix(".pdf")
    pages = subprocess.run([shutil.which("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")
    return pdf, pages


def page_number(pages: list[str], title: str, nth: int = 0) -> int:
    """The 1-based number of the ``nth`` page (0: the first) printed under the sheet ``title``.

    The sheet's title is in each printed page's running header (its first line).
    """
    numbers = [n for n, text in enumerate(pages, start=1)
               if text.strip() and title in text.strip().splitlines()[0]]
    return numbers[nth]


def page_image(pdf: Path, number: int, work: Path, dpi: int) -> QImage:
    subprocess.run([shutil.which("pdftoppm"), "-r", str(dpi), "-png", "-f", str(number), "-l", str(number),
                    "-singlefile", str(pdf), str(work / "page")], check=True)
    return QImage(str(work / "page.png"))
