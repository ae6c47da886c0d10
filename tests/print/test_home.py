"""Printing at home: the sheets of a mosaic, of N-up flyers and of a booklet keep the outer 4.5 mm
free of ink (ordinary printers leave about 4.2 mm unprinted), checked on the rasterised sheets;
N-up copies stand apart (with their bleed and crop marks when asked) and are scaled down only
when they must be; the booklet's pages come in saddle-stitch order."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from print_support import make_doc, text_frame

from helpers import MM, page_count, pdfinfo_boxes, pdftotext, run_cli
from pancarte.export import export_pdf, percent
from pancarte.model.document import Page
from pancarte.model.edit import compose
from pancarte.model.fileformat import save_document
from pancarte.render.imposition import booklet_order, plan_booklet, plan_nup

EN = {"PANCARTE_LANG": "en"}
EDGE_MM = 4.5
DPI = 100


def _sheets(path: Path, dpi: float = DPI) -> list[np.ndarray]:
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", f"{dpi:g}", "-png", str(path), f"{tmp}/p"],
                       check=True, capture_output=True)
        return [np.asarray(Image.open(p).convert("RGB"), dtype=np.int16)
                for p in sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem[2:]))]


def _ink(image: np.ndarray) -> np.ndarray:
    """Where something is printed: a pixel that is not paper white."""
    return image.min(axis=2) < 250


def _band(image: np.ndarray, outer_mm: float, inner_mm: float = 0.0) -> np.ndarray:
    """A mask of the frame between ``inner_mm`` and ``outer_mm`` from the sheet's edges."""
    h, w = image.shape[:2]
    a = round(inner_mm / 25.4 * DPI)
    b = int(np.ceil(outer_mm / 25.4 * DPI))
    mask = np.zeros((h, w), bool)
    mask[a:h - a, a:w - a] = True
    mask[b:h - b, b:w - b] = False
    return mask


def assert_clear_edges(path: Path) -> list[np.ndarray]:
    sheets = _sheets(path)
    assert sheets
    for n, image in enumerate(sheets, 1):
        ink = _ink(image) & _band(image, EDGE_MM)
        assert not ink.any(), f"sheet {n}: {int(ink.sum())} inked pixels in the outer 4.5 mm"
    return sheets


# ---------------------------------------------------------------------------------------------
# Mosaic


def test_mosaic_sheets_have_no_ink_in_the_outer_band(tmp_path):
    out = tmp_path / "mosaic.pdf"
    # no preset: sheets go to a home printer
    result = export_pdf(compose("placard-50x70", sample=True), out, tile="A4")
    sheets = assert_clear_edges(out)
    assert len(sheets) == result.sheets == 9
    for image in sheets[1:]:
        # the marks and the label are there, just inside the printable area
        near = _ink(image) & _band(image, 8.5, EDGE_MM)
        assert near.sum() > 50, "no crop mark nor label inside the printable area"
    # the label still reads
    assert "A1 — row 1, column 1" in " ".join(pdftotext(out, 2).split())


def test_mosaic_for_a_print_shop_keeps_its_old_margin(tmp_path):
    out = tmp_path / "shop.pdf"
    export_pdf(compose("placard-50x70", sample=True), out, tile="A4", preset="imprimeur")
    image = _sheets(out)[1]
    assert (_ink(image) & _band(image, EDGE_MM)).any()  # marks run towards the edge there


# ---------------------------------------------------------------------------------------------
# N-up


@pytest.mark.parametrize(("template", "n", "sheet"), [
    ("flyer-a5", 2, "A4"), ("flyer-a6", 4, "A4"), ("flyer-a6", 8, "A3"),
])
def test_nup_sheets_have_no_ink_in_the_outer_band(tmp_path, template, n, sheet):
    out = tmp_path / "nup.pdf"
    r = run_cli("compose", template, "--sample", "--nup", str(n), "--sheet", sheet,
                "--preset", "maison", "--marks", "-o", out, env=EN)
    assert r.returncode == 0, r.stderr
    image, = assert_clear_edges(out)
    doc = compose(template, sample=True)
    plan = plan_nup(doc.width * MM, doc.height * MM, n, sheet, bleed=doc.bleed * MM,
                    unprintable_mm=EDGE_MM)
    # A6 and A5 copies do not fit with their bleed and marks: scaled down, and said so
    assert plan.scale < 1
    assert f"printed at {percent(plan.scale)} % of their size" in r.stderr
    assert r.stderr.count("\n") == 1
    single = tmp_path / "one.pdf"
    export_pdf(doc, single, preset="maison")
    word = doc.frames_named("title")[0][1].paragraphs[0].text.split()[0].upper()
    assert pdftotext(out).upper().count(word) == n * pdftotext(single).upper().count(word) > 0
    px = DPI / 72
    for _r, _c, x, y in plan.cells():
        # each copy keeps its bleed: the background runs past the trim...
        mid = round((y + plan.cell_h * 0.15) * px)  # in the title band: coloured to the edge
        assert _ink(image)[mid, round((x - plan.bleed / 2) * px)]
        # ...and stops before the crop marks' gap (white between bleed and marks)
        assert not _ink(image)[mid, round((x - plan.bleed - 0.4 * MM) * px)]
        # its own crop mark at the top-left corner, beyond the bleed
        row = round(y * px)
        mark = image[row - 1:row + 2, round((x - plan.bleed - 3 * MM) * px):
                     round((x - plan.bleed - 1 * MM) * px)]
        assert (mark.min(axis=2) < 160).any(axis=0).all(), "no crop mark at a copy's corner"
    # gutters hold both neighbours' bleeds and marks
    assert plan.gutter >= 2 * plan.bleed + 2 * 3 * MM


def test_nup_for_a_home_printer_has_no_crop_marks_unless_asked(tmp_path):
    out = tmp_path / "nup.pdf"
    r = run_cli("compose", "flyer-a6", "--sample", "--nup", "4", "-o", out, env=EN)
    assert r.returncode == 0, r.stderr
    image, = assert_clear_edges(out)  # the maison preset, sheets' default
    doc = compose("flyer-a6", sample=True)
    plan = plan_nup(doc.width * MM, doc.height * MM, 4, "A4", bleed=doc.bleed * MM,
                    unprintable_mm=EDGE_MM, marks=False)
    assert not plan.marks and plan.bleed == 0 and plan.gutter > 6 * MM
    px = DPI / 72
    ink = _ink(image)
    for _r, _c, x, y in plan.cells():
        mid = round((y + plan.cell_h * 0.15) * px)  # in the title band: coloured to the edge
        assert ink[mid, round((x + 1 * MM) * px)]  # the copy is there, to its trim...
        assert not ink[mid, round((x - 1 * MM) * px)]  # ...and no bleed past it
        # no crop mark beside the corner: white all along where a mark would run
        row = round(y * px)
        assert not ink[row - 1:row + 2, round((x - 4 * MM) * px):round((x - 0.8 * MM) * px)].any()
        col = round(x * px)
        assert not ink[round((y - 4 * MM) * px):round((y - 0.8 * MM) * px), col - 1:col + 2].any()
    # asked for (the export dialog's own marks, the API): each copy gets them, with its bleed
    marked = tmp_path / "marked.pdf"
    export_pdf(doc, marked, nup=4, marks=True)
    image, = assert_clear_edges(marked)
    plan = plan_nup(doc.width * MM, doc.height * MM, 4, "A4", bleed=doc.bleed * MM,
                    unprintable_mm=EDGE_MM)
    _r, _c, x, y = plan.cells()[0]
    row = round(y * px)
    mark = image[row - 1:row + 2, round((x - plan.bleed - 3 * MM) * px):
                 round((x - plan.bleed - 1 * MM) * px)]
    assert (mark.min(axis=2) < 160).any(axis=0).all()


def test_nup_scaled_only_when_it_must_be(tmp_path):
    doc = make_doc(text_frame(x=10, y=10, w=50, h=20, text="Petit"), width=80, height=100)
    plan = plan_nup(80 * MM, 100 * MM, 2, "A4", bleed=3 * MM, unprintable_mm=EDGE_MM)
    assert plan.scale == 1
    out = tmp_path / "two.pdf"
    result = export_pdf(doc, out, nup=2, preset="maison")
    assert result.scale == 1 and result.notes == []
    assert_clear_edges(out)


def test_nup_back_sheet_mirrors_with_gutters():
    plan = plan_nup(105 * MM, 148 * MM, 4, "A4", bleed=3 * MM, unprintable_mm=EDGE_MM)
    front = {(r, c): (x, y) for r, c, x, y in plan.cells()}
    for r, c, x, y in plan.cells(back=True):
        fx, fy = front[(r, c)]
        assert x == pytest.approx(plan.sheet_w - fx - plan.cell_w) and y == pytest.approx(fy)


# ---------------------------------------------------------------------------------------------
# Booklet


def _a5_document(pages: int = 6):
    """A5 pages, each with a coloured background that bleeds and its own words."""
    colours = ("#ffd500", "#e30613", "#1a4fa0", "#ffffff", "#2a9d4b", "#ff6b1a", "#eeeeee")
    return make_doc(pages=tuple(
        Page(frames=(text_frame(f"t{i}", x=20, y=30, w=108, h=30, text=f"Feuillet{i + 1}",
                                size=24),), background=colours[i % len(colours)])
        for i in range(pages)), width=148, height=210)


def test_saddle_stitch_order():
    assert booklet_order(4) == [(3, 0), (1, 2)]
    # 6 pages: 2 blanks at the end; sheet 1 holds 8|1 and 2|7, sheet 2 holds 6|3 and 4|5
    assert booklet_order(6) == [(None, 0), (1, None), (5, 2), (3, 4)]
    assert booklet_order(1) == [(None, 0), (None, None)]
    for n in range(1, 30):
        sides = booklet_order(n)
        assert len(sides) % 2 == 0 and len(sides) * 2 >= n
        shown = sorted(p for side in sides for p in side if p is not None)
        assert shown == list(range(n))


def _halves(path: Path, side: int) -> tuple[str, str]:
    """The words on the left and right halves of a booklet side."""
    w, h = 842, 595
    out = []
    for x in (0, w // 2):
        out.append(subprocess.run(
            ["pdftotext", "-f", str(side), "-l", str(side), "-x", str(x), "-y", "0",
             "-W", str(w // 2), "-H", str(h), str(path), "-"],
            capture_output=True, text=True, check=True).stdout.split())
    return " ".join(out[0]), " ".join(out[1])


def test_booklet_from_the_command_line(tmp_path):
    doc = tmp_path / "livret.pancarte"
    save_document(_a5_document(6), doc)
    out = tmp_path / "livret.pdf"
    r = run_cli("export", doc, "--imposition", "booklet", "-o", out, env=EN)
    assert r.returncode == 0, r.stderr
    assert "2 blank pages added" in r.stderr
    plan = plan_booklet(148 * MM, 210 * MM, 6, "A4", unprintable_mm=EDGE_MM)
    assert f"printed at {percent(plan.scale)} % of their size" in r.stderr
    assert "flipped on the short edge" in r.stderr
    assert page_count(out) == 4
    for boxes in pdfinfo_boxes(out):  # A4 landscape
        assert boxes["MediaBox"][2:] == pytest.approx((297 * MM, 210 * MM), abs=0.1)
    expected = [("", "Feuillet1"), ("Feuillet2", ""), ("Feuillet6", "Feuillet3"),
                ("Feuillet4", "Feuillet5")]
    assert [_halves(out, s) for s in range(1, 5)] == expected
    sheets = assert_clear_edges(out)
    # the pages meet at the fold, in the middle of the sheet; their colour reaches it
    front = sheets[2]  # pages 6 | 3
    mid = front.shape[1] // 2
    row = front.shape[0] // 2
    assert _ink(front)[row, mid - 3] and _ink(front)[row, mid + 3]
    assert 0.9 < plan.scale < 1


def test_booklet_for_a_print_shop_is_at_actual_size(tmp_path):
    out = tmp_path / "b.pdf"
    result = export_pdf(_a5_document(4), out, imposition="booklet", preset="imprimeur")
    assert result.scale == 1 and result.sheets == 2
    assert not any("% of their size" in n for n in result.notes)


def test_booklet_refuses_pages_that_are_not_a5(tmp_path):
    out = tmp_path / "b.pdf"
    r = run_cli("compose", "poster-a4", "--sample", "--imposition", "booklet", "-o", out, env=EN)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "needs A5 pages" in r.stderr
    assert "Traceback" not in r.stderr and not out.exists()
    assert not list(tmp_path.iterdir())


def test_booklet_usage_errors(tmp_path):
    r = run_cli("compose", "flyer-a5", "--sample", "--imposition", "booklet", "--nup", "2",
                "-o", tmp_path / "b.pdf", env=EN)
    assert r.returncode == 2 and "cannot be used together" in r.stderr
    r = run_cli("compose", "flyer-a5", "--sample", "--imposition", "livret",
                "-o", tmp_path / "b.pdf", env=EN)
    assert r.returncode == 2
    r = run_cli("compose", "flyer-a5", "--sample", "--imposition", "booklet",
                "-o", tmp_path / "b.png", env=EN)
    assert r.returncode == 2


def test_marks_and_no_marks_together_are_a_usage_error(tmp_path):
    r = run_cli("compose", "flyer-a6", "--sample", "--nup", "4", "--marks", "--no-marks",
                "-o", tmp_path / "x.pdf", env=EN)
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert "--no-marks" in r.stderr and not (tmp_path / "x.pdf").exists()
