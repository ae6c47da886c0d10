"""Tiling on A4/A3 (sheet count, labels, map, the tiles reassemble the page) and N-up (positions,
full-length cut guides, recto/verso)."""

from __future__ import annotations

import math
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from print_support import make_doc, text_frame

from helpers import MM, page_count, pdffonts, pdfinfo_boxes, pdftotext
from pancarte.errors import PancarteError
from pancarte.export import export_pdf
from pancarte.i18n import set_language
from pancarte.layout.engine import LayoutEngine
from pancarte.model.document import Page, ShapeFrame
from pancarte.render.imposition import (
    cut_positions,
    home_tile_margin,
    plan_nup,
    plan_tiles,
    row_letters,
)


def _expected_sheets(w_mm, h_mm, sheet_mm, overlap=10, margin=5):
    best = None
    for sw, sh in (sheet_mm, sheet_mm[::-1]):
        pw, ph = sw - 2 * margin, sh - 2 * margin
        cols = 1 if w_mm <= pw else math.ceil((w_mm - overlap) / (pw - overlap) - 1e-9)
        rows = 1 if h_mm <= ph else math.ceil((h_mm - overlap) / (ph - overlap) - 1e-9)
        best = cols * rows if best is None else min(best, cols * rows)
    return best


@pytest.mark.parametrize(("size", "sheet", "expected"), [
    ((841, 1189), "A4", 21),  # A0: 3 × 7 landscape A4 (5 × 5 portrait would be 25)
    ((500, 700), "A4", 8),
    ((500, 700), "A3", 4),
    ((200, 287), "A4", 1),
    ((420, 297), "A3", 2),
])
def test_sheet_count(size, sheet, expected):
    w, h = size
    sheets = {"A4": (210, 297), "A3": (297, 420)}[sheet]
    assert _expected_sheets(w, h, sheets) == expected
    plan = plan_tiles(w * MM, h * MM, sheet)
    assert plan.count == expected
    # the tiles cover the page, neighbours share the overlap exactly
    assert max(t.x + t.w for t in plan.tiles) == pytest.approx(w * MM)
    assert max(t.y + t.h for t in plan.tiles) == pytest.approx(h * MM)
    for t in plan.tiles:
        if t.col:
            left = next(u for u in plan.tiles if u.row == t.row and u.col == t.col - 1)
            assert left.x + left.w - t.x == pytest.approx(10 * MM)


def test_row_letters():
    assert [row_letters(i) for i in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]


def _poster(width=400, height=300):
    """Big flat colours and big text: easy to compare after rasterising."""
    frames = (
        ShapeFrame("a", 0, 0, width / 2, height / 2, fill="#e30613"),
        ShapeFrame("b", width / 2, height / 2, width / 2, height / 2, fill="#1a4fa0"),
        ShapeFrame("c", width * 0.3, height * 0.3, width * 0.4, height * 0.4, fill="#ffd500"),
        text_frame("t", x=20, y=120, w=360, h=70, text="ASSEMBLÉE", size=150),
    )
    return make_doc(pages=(Page(frames=frames, background="#ffffff"),), width=width,
                    height=height, reading_distance=1)


def _raster(path: Path, dpi: float) -> list[np.ndarray]:
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", f"{dpi:g}", "-png", str(path), f"{tmp}/p"],
                       check=True, capture_output=True)
        return [np.asarray(Image.open(p).convert("RGB"), dtype=np.int16)
                for p in sorted(Path(tmp).glob("p-*.png"))]


@pytest.mark.parametrize(("preset", "margin"), [
    (None, home_tile_margin(4.5)),  # sheets default to the home printer: marks inside
    ("imprimeur", 5.0),
])
def test_tiles_reassemble_the_page(tmp_path, preset, margin):
    doc = _poster()
    tiled, plain = tmp_path / "tiled.pdf", tmp_path / "plain.pdf"
    result = export_pdf(doc, tiled, tile="A4", overlap=10, preset=preset)
    # the page alone, trim only, in the same colours (RGB at home, CMYK for the print shop)
    export_pdf(doc, plain, preset=preset or "maison", bleed=False, marks=False)
    plan = plan_tiles(doc.width * MM, doc.height * MM, "A4", 10, margin)
    assert result.sheets == plan.count + 1 == page_count(tiled)
    px = 2  # pixels a millimetre: every offset (half millimetres) is a whole number of pixels
    dpi = 25.4 * px
    reference, = _raster(plain, dpi)
    sheets = _raster(tiled, dpi)[1:]  # the assembly map comes first
    canvas = np.full_like(reference, 128)
    m = round(margin * px)
    for tile, sheet in zip(plan.tiles, sheets, strict=True):
        x, y = round(tile.x / MM * px), round(tile.y / MM * px)
        w, h = round(tile.w / MM * px), round(tile.h / MM * px)
        # pasted in reading order, each sheet covers its neighbours' glue bands, as on a wall
        canvas[y:y + h, x:x + w] = sheet[m:m + h, m:m + w]
    diff = np.abs(canvas - reference).mean(axis=2)
    assert diff.mean() < 4, diff.mean()
    assert np.percentile(diff, 99) < 120
    # not a blank comparison: the page has its colours
    assert reference.std() > 40


def test_sheets_are_labelled_and_the_map_says_actual_size(tmp_path):
    doc = _poster()
    out = tmp_path / "t.pdf"
    set_language("fr")
    export_pdf(doc, out, tile="A4")
    boxes = pdfinfo_boxes(out)
    plan = plan_tiles(doc.width * MM, doc.height * MM, "A4")
    w, h = (plan.sheet_w, plan.sheet_h)
    for b in boxes:
        assert b["MediaBox"][2] == pytest.approx(w, abs=0.1)
        assert b["MediaBox"][3] == pytest.approx(h, abs=0.1)
    first = " ".join(pdftotext(out, 1).split())
    assert "Imprimer à 100 %, sans ajustement" in first
    assert "Plan d’assemblage" in first
    b1 = next(i for i, t in enumerate(plan.tiles) if t.row == 1 and t.col == 0)
    assert "B1 — ligne 2, colonne 1" in " ".join(pdftotext(out, b1 + 2).split())
    # vector and embedded once: one font object per face, however many sheets
    names = [f["name"] for f in pdffonts(out)]
    assert len(names) == len(set(names)) and len(names) <= 3


def test_tiling_in_english(tmp_path):
    out = tmp_path / "t.pdf"
    export_pdf(_poster(), out, tile="A3")
    assert "A1 — row 1, column 1" in " ".join(pdftotext(out, 2).split())
    assert "Print at 100 %, without adjustment" in " ".join(pdftotext(out, 1).split())


# ---------------------------------------------------------------------------------------------
# N-up


@pytest.mark.parametrize(("size", "n", "sheet", "grid", "landscape"), [
    ((105, 148), 4, "A4", (2, 2), False),
    ((148, 210), 2, "A4", (2, 1), True),
    ((105, 148), 8, "A3", (4, 2), True),
    ((148, 210), 4, "A3", (2, 2), False),
])
def test_nup_plans(size, n, sheet, grid, landscape):
    plan = plan_nup(size[0] * MM, size[1] * MM, n, sheet)
    assert (plan.cols, plan.rows) == grid and plan.landscape == landscape
    cells = plan.cells()
    assert len(cells) == n
    # copies at actual size, edge to edge, the block centred on the sheet
    xs = sorted({round(c[2], 3) for c in cells})
    assert all(b - a == pytest.approx(size[0] * MM, abs=1e-3) for a, b in zip(xs, xs[1:], strict=False))
    assert plan.x == pytest.approx(plan.sheet_w - plan.x - plan.cols * plan.cell_w)


def test_nup_that_does_not_fit():
    with pytest.raises(PancarteError):
        plan_nup(210 * MM, 297 * MM, 4, "A4")


def test_back_mirrors_the_front_on_the_long_edge():
    plan = plan_nup(105 * MM, 148 * MM, 4, "A4")
    front = {(r, c): (x, y) for r, c, x, y in plan.cells()}
    back = {(r, c): (x, y) for r, c, x, y in plan.cells(back=True)}
    for (r, c), (x, y) in front.items():
        bx, by = back[(r, c)]
        assert bx == pytest.approx(plan.sheet_w - x - plan.cell_w) and by == pytest.approx(y)
    land = plan_nup(148 * MM, 210 * MM, 2, "A4")
    for (_r, _c, x, y), (_, _, bx, by) in zip(land.cells(), land.cells(back=True), strict=True):
        assert bx == pytest.approx(x) and by == pytest.approx(land.sheet_h - y - land.cell_h)


def _flyer(pages: int = 1):
    return make_doc(pages=tuple(Page(frames=(text_frame(f"t{i}", x=30, y=60, w=50, h=20,
                                                        text=f"Face {i + 1}", size=14),))
                                for i in range(pages)), width=105, height=148)


def test_nup_sheet_with_full_length_guides(tmp_path):
    out = tmp_path / "n.pdf"
    # edge to edge is for a print shop (the home printer's sheets: tests/print/test_home.py)
    result = export_pdf(_flyer(), out, nup=4, sheet="A4", preset="imprimeur")
    assert result.sheets == 1
    box = pdfinfo_boxes(out)[0]["MediaBox"]
    assert box[2] == pytest.approx(210 * MM, abs=0.1) and box[3] == pytest.approx(297 * MM,
                                                                                   abs=0.1)
    assert pdftotext(out).count("Face 1") == 4
    plan = plan_nup(105 * MM, 148 * MM, 4, "A4")
    xs, ys = cut_positions(plan)
    assert [round(x / MM, 1) for x in xs] == [105.0]
    assert [round(y / MM, 1) for y in ys] == [0.5, 148.5, 296.5]
    dpi = 72
    image, = _raster(out, dpi)
    col = round(xs[0] * dpi / 72)
    dark = (image[:, col - 1:col + 1].min(axis=1).min(axis=1) < 160)
    assert dark.mean() > 0.97, "the vertical guide does not run the sheet's full height"
    row = round(ys[1] * dpi / 72)
    dark = (image[row - 1:row + 1, :].min(axis=0).min(axis=1) < 160)
    assert dark.mean() > 0.97, "the horizontal guide does not run the sheet's full width"


def test_recto_verso_sheets(tmp_path):
    out = tmp_path / "rv.pdf"
    result = export_pdf(_flyer(2), out, nup=2, sheet="A4", allow_overflow=True)
    assert result.sheets == 2 == page_count(out)
    assert pdftotext(out, 1).count("Face 1") == 2 and pdftotext(out, 2).count("Face 2") == 2


def test_layout_is_drawn_once_per_copy():
    layout = LayoutEngine().layout(_flyer())
    from pancarte.render.imposition import nup_pdf

    data, sheets = nup_pdf(layout, 8, "A3")
    assert sheets == 1 and data.startswith(b"%PDF")
