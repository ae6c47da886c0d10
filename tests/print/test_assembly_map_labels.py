"""The mosaic's assembly map names rows and columns in a margin around the miniature, like a
map's grid: no label sits on the artwork."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from pancarte.export import export_pdf
from pancarte.model.edit import compose

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")


def words(pdf, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', out)]


def test_sheet_labels_are_outside_the_artwork(tmp_path):
    pdf = tmp_path / "mosaic.pdf"
    export_pdf(compose("poster-a2", sample=True), pdf, tile="A4", overlap=10)
    found = words(pdf)
    art = next(w for w in found if w[0] == "LE")  # the miniature's title, top left of the art
    rows = [w for w in found if w[0] in ("A", "B", "C", "D")]
    columns = [w for w in found if w[0] in ("1", "2") and w[2] > 100]
    assert len(rows) >= 4 and len(columns) == 2
    assert all(w[3] < art[1] for w in rows), rows  # left of the artwork
    assert all(w[4] < art[2] for w in columns), columns  # above it
    assert not [w for w in found if re.fullmatch(r"[A-D][12]", w[0]) and w[2] > art[2]]
