"""Tiling: a placard on A4/A3 sheets to glue together, each page preceded by its assembly
map (see :mod:`pancarte.render.imposition`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import CMYKColor
from reportlab.lib.colors import Color as RLColor

from pancarte.errors import PancarteError
from pancarte.geometry import MM
from pancarte.i18n import _
from pancarte.layout.boxes import DocumentLayout, PageLayout
from pancarte.layout.fonts import FontLibrary, library
from pancarte.render.imposition_sheet import (
    EPS,
    HOME_CLEARANCE,
    HOME_MARK_LENGTH,
    LABEL_PT,
    MARK_GAP,
    MARK_LENGTH,
    SHEETS_MM,
    TILE_MARGIN_MM,
    Sheet,
    fmt_mm,
    sheet_boxes,
)
from pancarte.render.pdf import PagePainter, PdfOptions, finish, new_canvas


def home_tile_margin(unprintable_mm: float) -> float:
    """The tiles' margin (mm) when ``unprintable_mm`` at the edge cannot be printed: room for
    the corner marks and the label between that band and the page's part."""
    room = HOME_CLEARANCE + HOME_MARK_LENGTH + MARK_GAP
    return max(TILE_MARGIN_MM, unprintable_mm + room / MM)


@dataclass(frozen=True)
class Tile:
    row: int  # 0-based
    col: int
    x: float  # the part of the page on this sheet, pt, layout coordinates (y down)
    y: float
    w: float
    h: float

    @property
    def code(self) -> str:
        return f"{row_letters(self.row)}{self.col + 1}"


@dataclass(frozen=True)
class TilePlan:
    sheet: str
    sheet_w: float  # pt, as printed (landscape when wider)
    sheet_h: float
    margin: float  # pt
    overlap: float  # pt
    rows: int
    cols: int
    tiles: tuple[Tile, ...]

    @property
    def landscape(self) -> bool:
        return self.sheet_w > self.sheet_h

    @property
    def count(self) -> int:
        return len(self.tiles)


def row_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def tiles_needed(length: float, printable: float, overlap: float) -> int:
    """Sheets along one side: each adds ``printable - overlap`` after the first."""
    if length <= printable + EPS:
        return 1
    return math.ceil((length - overlap) / (printable - overlap) - 1e-9)


def plan_tiles(width: float, height: float, sheet: str = "A4", overlap_mm: float = 10.0,
               margin_mm: float = TILE_MARGIN_MM) -> TilePlan:
    """The tiles of a ``width`` × ``height`` pt page on ``sheet``, in the orientation that needs
    fewer sheets (portrait on a tie)."""
    if sheet not in SHEETS_MM:
        raise PancarteError(_("the sheet is A4 or A3"))
    sw, sh = (v * MM for v in SHEETS_MM[sheet])
    margin, overlap = margin_mm * MM, overlap_mm * MM
    best: TilePlan | None = None
    for w, h in ((sw, sh), (sh, sw)):
        pw, ph = w - 2 * margin, h - 2 * margin
        if overlap >= min(pw, ph) / 2:
            raise PancarteError(_("the overlap is too large for the sheet"))
        cols = tiles_needed(width, pw, overlap)
        rows = tiles_needed(height, ph, overlap)
        if best is not None and rows * cols >= best.count:
            continue
        step_x, step_y = pw - overlap, ph - overlap
        tiles = []
        for r in range(rows):
            for c in range(cols):
                x, y = c * step_x, r * step_y
                tiles.append(Tile(r, c, x, y, min(pw, width - x), min(ph, height - y)))
        best = TilePlan(sheet, w, h, margin, overlap, rows, cols, tuple(tiles))
    assert best is not None
    return best


def tile_pdf(layout: DocumentLayout, sheet: str = "A4", *, overlap_mm: float = 10.0,
             options: PdfOptions | None = None, fonts: FontLibrary | None = None,
             progress: Callable[[int, int], None] | None = None) -> tuple[bytes, int]:
    """Every page of ``layout`` tiled on ``sheet`` sheets, each page preceded by its assembly
    map; returns the PDF bytes and the number of sheets (maps included)."""
    options = options or PdfOptions()
    fonts = fonts or library()
    margin = (home_tile_margin(options.unprintable) if options.unprintable > 0
              else TILE_MARGIN_MM)
    plans = [plan_tiles(p.width, p.height, sheet, overlap_mm, margin) for p in layout.pages]
    first = plans[0]
    canvas, buf, reg = new_canvas(layout, options, fonts, (first.sheet_w, first.sheet_h))
    painter = PagePainter(canvas, reg, options)
    total = sum(p.count + 1 for p in plans)
    done = 0
    for index, (page, plan) in enumerate(zip(layout.pages, plans, strict=True)):
        prefix = _("page {n}, ", n=index + 1) if len(layout.pages) > 1 else ""
        _assembly_map(painter, page, plan, prefix)
        canvas.showPage()
        done += 1
        if progress:
            progress(done, total)
        for tile in plan.tiles:
            _draw_tile(painter, page, plan, tile, prefix)
            canvas.showPage()
            done += 1
            if progress:
                progress(done, total)
    return finish(canvas, buf, options), total


def tile_label(tile: Tile) -> str:
    return _("{code} — row {row}, column {col}", code=tile.code, row=tile.row + 1,
             col=tile.col + 1)


def _draw_tile(painter: PagePainter, page: PageLayout, plan: TilePlan, tile: Tile,
               prefix: str) -> None:
    canvas = painter.canvas
    sw, sh, m = plan.sheet_w, plan.sheet_h, plan.margin
    sheet_boxes(canvas, sw, sh)
    # the layout point (tile.x, tile.y) lands at the printable area's top-left corner
    canvas.saveState()
    canvas.translate(m - tile.x, sh - m - (page.height - tile.y))
    painter.draw(page, clip=(tile.x, tile.y, tile.w, tile.h))
    canvas.restoreState()
    s = Sheet(painter)
    x0, x1 = m, m + tile.w
    y1, y0 = sh - m, sh - m - tile.h  # content top and bottom (canvas y up)
    home = painter.options.unprintable > 0
    length = HOME_MARK_LENGTH if home else MARK_LENGTH
    s.corner_marks(x0, y0, x1, y1, length=length)
    label = prefix + tile_label(tile)
    ov = plan.overlap
    # glue bands: where the next sheet (right, below) covers this one; the dashed line is where
    # that sheet's edge goes, and the label is repeated there (it prints even when the margin
    # does not, and ends up hidden)
    if tile.col < plan.cols - 1:
        xb = x1 - ov
        s.dashed(xb, y0, xb, y1)
        s.text(xb + ov / 2 + LABEL_PT * 0.35, (y0 + y1) / 2,
               _("glue here") + " · " + label, angle=90, centre=True, color=s.grey)
    if tile.row < plan.rows - 1:
        yb = y0 + ov
        s.dashed(x0, yb, x1, yb)
        s.text((x0 + x1) / 2, y0 + ov / 2 - LABEL_PT * 0.35, _("glue here") + " · " + label,
               centre=True, color=s.grey)
    if home:  # in the margin, above the band the printer cannot print
        size = LABEL_PT - 0.5
        base = painter.options.unprintable * MM + HOME_CLEARANCE + size * 0.25
        s.text(x0 + MARK_GAP + 2 * MM, y0 - m + base, label, size=size)
    else:
        s.text(x0 + MARK_GAP + 2 * MM, max(1.2 * MM, y0 - m + 1.2 * MM), label)


def _assembly_map(painter: PagePainter, page: PageLayout, plan: TilePlan, prefix: str) -> None:
    canvas = painter.canvas
    sw, sh = plan.sheet_w, plan.sheet_h
    sheet_boxes(canvas, sw, sh)
    s = Sheet(painter)
    m = 12 * MM
    y = sh - m
    s.text(m, y - 14, prefix + _("Assembly map"), size=16)
    y -= 14 + 10
    sheet_name = plan.sheet + (" " + _("landscape") if plan.landscape else "")
    s.text(m, y - 10, _("{w} × {h} mm on {n} sheets {sheet} ({rows} rows, {cols} columns), "
                        "glue bands of {ov} mm",
                        w=fmt_mm(page.width), h=fmt_mm(page.height), n=plan.count,
                        sheet=sheet_name, rows=plan.rows, cols=plan.cols,
                        ov=fmt_mm(plan.overlap)), size=9)
    y -= 10 + 8
    steps = [
        _("Print at 100 %, without adjustment (“actual size”, not “fit to page”)."),
        _("Check the ruler below: it must measure exactly 100 mm."),
        _("Cut each sheet along its corner marks, except the edges marked “glue here”."),
        _("Glue row by row, from the top left: lay each sheet on the glue band of its neighbour, "
          "its edge on the dashed line."),
    ]
    for i, step in enumerate(steps, 1):
        s.text(m, y - 9, f"{i}. {step}", size=8.5)
        y -= 13
    # a 100 mm ruler, to check the printer kept the size
    y -= 8
    s.line(m, y, m + 100 * MM, y, width=1)
    for k in range(11):
        t = 3 if k % 5 else 6
        s.line(m + k * 10 * MM, y, m + k * 10 * MM, y + t, width=0.5)
    s.text(m + 100 * MM + 4, y - 2, "100 mm", size=8)
    y -= 14
    # the page in miniature with the sheets over it; the row letters and column numbers go
    # in a margin around it, like a map's grid, never over the artwork
    gutter = 16
    box_w, box_h = sw - 2 * m - 2 * gutter, y - m - 2 * gutter
    scale = min(box_w / page.width, box_h / page.height)
    ox = m + gutter + (box_w - page.width * scale) / 2
    oy = m + gutter + (box_h - page.height * scale) / 2  # bottom of the miniature (y up)
    canvas.saveState()
    canvas.translate(ox, oy)
    canvas.scale(scale, scale)
    painter.draw(page, clip=(0, 0, page.width, page.height))
    canvas.restoreState()
    c = canvas
    c.saveState()
    c.setStrokeColor(s.black)
    c.setLineWidth(0.75)
    c.rect(ox, oy, page.width * scale, page.height * scale, stroke=1, fill=0)
    white = CMYKColor(0, 0, 0, 0) if painter.options.cmyk else RLColor(1, 1, 1)
    for tile in plan.tiles:  # white under black dashes: seen on dark and light pages alike
        tx = ox + tile.x * scale
        ty = oy + (page.height - tile.y - tile.h) * scale
        c.setStrokeColor(white)
        c.setLineWidth(1.5)
        c.setDash()
        c.rect(tx, ty, tile.w * scale, tile.h * scale, stroke=1, fill=0)
        c.setStrokeColor(s.black)
        c.setLineWidth(0.6)
        c.setDash(2, 2)
        c.rect(tx, ty, tile.w * scale, tile.h * scale, stroke=1, fill=0)
    top = oy + page.height * scale
    for tile in plan.tiles:
        tx = ox + tile.x * scale
        ty = oy + (page.height - tile.y - tile.h) * scale
        if tile.row == 0:  # the column's number above the miniature
            s.text(tx + tile.w * scale / 2, top + 5, str(tile.col + 1), size=9, centre=True)
        if tile.col == 0:  # the row's letter on its left
            s.text(ox - 9, ty + tile.h * scale / 2 - 3, row_letters(tile.row), size=9,
                   centre=True)
    c.restoreState()


