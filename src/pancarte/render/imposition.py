"""Imposition: one laid-out page on many sheets (tiling) or many copies on one sheet (N-up).

Both draw the page with the PDF renderer's :class:`~pancarte.render.pdf.PagePainter`, under a
translation and a clip: the output stays vector, fonts and images are embedded once.

* :func:`tile_pdf` — a placard on A4/A3 sheets for a home printer or a copy shop: printable
  area = sheet less 5 mm on each side, a glue band (``overlap``) shared by neighbours, the
  sheet orientation that needs fewer sheets, cut marks at the corners, a dashed line where the
  next sheet's edge goes, each sheet labelled (``B1 — ligne 2, colonne 1``: the letter is the
  row, the number the column) and, before the sheets, an assembly map that says to print at
  actual size.
* :func:`nup_pdf` — 2, 4 or 8 copies of a flyer on an A4/A3 sheet, edge to edge, with cut
  guides that run the full length of the sheet (they survive the first cut); for a two-sided
  document, the back sheet mirrors the positions so that the backs line up when printed
  double-sided, flipped on the long edge.
* :func:`booklet_pdf` — a saddle-stitched booklet: pages of half a sheet (A5 on A4) two a side,
  in the order that gives the booklet once the printed sheets are folded together and stapled;
  blank pages complete a multiple of 4.

For a home printer (``PdfOptions.unprintable`` > 0: the ``maison`` preset), nothing is drawn in
that band at the sheet's edges: the tiles' marks and labels move inside, the N-up copies keep
their bleed and their own crop marks with gutters between them, and copies or booklet pages are
scaled down when (and only as much as) they must be — the plans give the scale.
"""

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
from pancarte.render.pdf import PagePainter, PdfOptions, finish, new_canvas

SHEETS_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
TILE_MARGIN_MM = 5.0  # what home printers leave unprinted, and a bit more
HOME_MARK_LENGTH = 3 * MM  # tiles and copies for a home printer: marks that fit inside
HOME_CLEARANCE = 0.5 * MM  # between the unprintable band and the nearest ink
MARK_WIDTH = 0.25  # pt
MARK_LENGTH = 4 * MM
MARK_GAP = 0.5 * MM  # between the content's corner and its mark
LABEL_PT = 7.0
COPY_MARK_GAP = 0.5 * MM  # a copy's crop marks start this far beyond its bleed


def home_tile_margin(unprintable_mm: float) -> float:
    """The tiles' margin (mm) when ``unprintable_mm`` at the edge cannot be printed: room for
    the corner marks and the label between that band and the page's part."""
    room = HOME_CLEARANCE + HOME_MARK_LENGTH + MARK_GAP
    return max(TILE_MARGIN_MM, unprintable_mm + room / MM)
_EPS = 0.01  # pt


# ---------------------------------------------------------------------------------------------
# Tiling geometry


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
    if length <= printable + _EPS:
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


# ---------------------------------------------------------------------------------------------
# Drawing helpers


class _Sheet:
    """Marks and words on a sheet (canvas coordinates, y up)."""

    def __init__(self, painter: PagePainter) -> None:
        self.painter = painter
        self.canvas = painter.canvas
        cmyk = painter.options.cmyk
        self.black = CMYKColor(0, 0, 0, 1) if cmyk else RLColor(0, 0, 0)
        self.grey = CMYKColor(0, 0, 0, 0.55) if cmyk else RLColor(0.45, 0.45, 0.45)
        self.font = painter.reg.sans()

    def text(self, x: float, y: float, text: str, size: float = LABEL_PT, angle: float = 0,
             centre: bool = False, color=None) -> None:
        c = self.canvas
        c.saveState()
        c.setFillColor(color or self.black)
        c.setFont(self.font.fontName, size)
        c.translate(x, y)
        if angle:
            c.rotate(angle)
        if centre:
            c.drawCentredString(0, 0, text)
        else:
            c.drawString(0, 0, text)
        c.restoreState()

    def corner_marks(self, x0: float, y0: float, x1: float, y1: float, gap: float = MARK_GAP,
                     length: float = MARK_LENGTH, color=None) -> None:
        """Cut marks outside the box's four corners (the box in canvas coordinates), from
        ``gap`` to ``gap + length`` away from it."""
        c = self.canvas
        c.saveState()
        c.setStrokeColor(color or self.black)
        c.setLineWidth(MARK_WIDTH)
        for x, sx in ((x0, -1), (x1, 1)):
            for y, sy in ((y0, -1), (y1, 1)):
                c.line(x + sx * gap, y, x + sx * (gap + length), y)
                c.line(x, y + sy * gap, x, y + sy * (gap + length))
        c.restoreState()

    def dashed(self, x0: float, y0: float, x1: float, y1: float) -> None:
        c = self.canvas
        c.saveState()
        c.setStrokeColor(self.grey)
        c.setLineWidth(0.5)
        c.setDash(3, 2)
        c.line(x0, y0, x1, y1)
        c.restoreState()

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = MARK_WIDTH) -> None:
        c = self.canvas
        c.saveState()
        c.setStrokeColor(self.black)
        c.setLineWidth(width)
        c.line(x0, y0, x1, y1)
        c.restoreState()


def _sheet_boxes(canvas, w: float, h: float) -> None:
    canvas.setPageSize((w, h))
    canvas.setTrimBox((0, 0, w, h))
    canvas.setBleedBox((0, 0, w, h))
    canvas.setCropBox((0, 0, w, h))


def _fmt_mm(pt: float) -> str:
    return f"{pt / MM:.0f}"


# ---------------------------------------------------------------------------------------------
# Tiling


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
    _sheet_boxes(canvas, sw, sh)
    # the layout point (tile.x, tile.y) lands at the printable area's top-left corner
    canvas.saveState()
    canvas.translate(m - tile.x, sh - m - (page.height - tile.y))
    painter.draw(page, clip=(tile.x, tile.y, tile.w, tile.h))
    canvas.restoreState()
    s = _Sheet(painter)
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
    _sheet_boxes(canvas, sw, sh)
    s = _Sheet(painter)
    m = 12 * MM
    y = sh - m
    s.text(m, y - 14, prefix + _("Assembly map"), size=16)
    y -= 14 + 10
    sheet_name = plan.sheet + (" " + _("landscape") if plan.landscape else "")
    s.text(m, y - 10, _("{w} × {h} mm on {n} sheets {sheet} ({rows} rows, {cols} columns), "
                        "glue bands of {ov} mm",
                        w=_fmt_mm(page.width), h=_fmt_mm(page.height), n=plan.count,
                        sheet=sheet_name, rows=plan.rows, cols=plan.cols,
                        ov=_fmt_mm(plan.overlap)), size=9)
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


# ---------------------------------------------------------------------------------------------
# N-up


@dataclass(frozen=True)
class NupPlan:
    sheet_w: float  # pt
    sheet_h: float
    cols: int
    rows: int
    x: float  # the first copy's top-left corner on the sheet (pt, y down from the top)
    y: float
    cell_w: float  # a copy's trim on the sheet (scaled when ``scale`` < 1)
    cell_h: float
    gutter: float = 0.0  # between neighbouring copies' trims (home printing: bleeds and marks)
    scale: float = 1.0
    bleed: float = 0.0  # each copy's bleed on the sheet, pt (home printing)
    marks: bool = False  # each copy has its own crop marks (home printing)

    @property
    def landscape(self) -> bool:
        return self.sheet_w > self.sheet_h

    def cells(self, back: bool = False) -> list[tuple[int, int, float, float]]:
        """(row, col, x, y) of each copy, top-left corners from the sheet's top-left (pt).
        ``back``: the mirror for the back of a sheet flipped on its long edge (columns swap
        on a portrait sheet, rows on a landscape one)."""
        out = []
        for r in range(self.rows):
            for c in range(self.cols):
                x = self.x + c * (self.cell_w + self.gutter)
                y = self.y + r * (self.cell_h + self.gutter)
                if back and not self.landscape:
                    x = self.sheet_w - x - self.cell_w
                elif back:
                    y = self.sheet_h - y - self.cell_h
                out.append((r, c, x, y))
        return out


def _sheet_size(sheet: str) -> tuple[float, float]:
    if sheet not in SHEETS_MM:
        raise PancarteError(_("the sheet is A4 or A3"))
    sw, sh = SHEETS_MM[sheet]
    return sw * MM, sh * MM


def plan_nup(width: float, height: float, n: int, sheet: str = "A4", *, bleed: float = 0.0,
             unprintable_mm: float = 0.0) -> NupPlan:
    """Where ``n`` copies of a ``width`` × ``height`` pt page go on ``sheet``.

    Print shop (``unprintable_mm`` 0): at actual size, edge to edge, portrait sheet first, then
    the arrangement leaving the most room. Home printer: each copy keeps its ``bleed`` (pt) and
    its crop marks, with a gutter between copies, all inside the printable area; the copies are
    scaled down when they must be, and the arrangement is the one that scales them least."""
    if n not in (2, 4, 8):
        raise PancarteError(_("copies per sheet: 2, 4 or 8"))
    sw, sh = _sheet_size(sheet)
    grids = [(c, n // c) for c in (1, 2, 4, 8) if n % c == 0]
    tol = 0.5 * MM  # "A6" is 105 × 148 mm, half an A4 lengthwise is 148.5
    if unprintable_mm > 0:
        # only the arrangements where the copies fit at actual size, edge to edge: what the
        # home printer's margins, the bleeds and the marks take is then a modest reduction
        fits = [(w, h, cols, rows) for w, h in ((sw, sh), (sh, sw)) for cols, rows in grids
                if cols * width <= w + tol and rows * height <= h + tol]
        if fits:
            return _plan_nup_home(width, height, fits, bleed, unprintable_mm * MM)
    for w, h in ((sw, sh), (sh, sw)):
        best = None
        for cols, rows in grids:
            if cols * width <= w + tol and rows * height <= h + tol:
                room = min(w - cols * width, h - rows * height)
                if best is None or room > best[0]:
                    best = (room, cols, rows)
        if best is not None:
            _room, cols, rows = best
            return NupPlan(w, h, cols, rows, (w - cols * width) / 2, (h - rows * height) / 2,
                           width, height)
    raise PancarteError(_("{n} copies of {w} × {h} mm do not fit on a {sheet} sheet",
                          n=n, w=_fmt_mm(width), h=_fmt_mm(height), sheet=sheet))


def _plan_nup_home(width: float, height: float, fits: list[tuple[float, float, int, int]],
                   bleed: float, edge: float) -> NupPlan:
    # around each copy's trim: its bleed (scaled with it), a gap, then its marks; a copy
    # therefore takes (w + 2·bleed)·s + 2·fixed along each side
    fixed = COPY_MARK_GAP + HOME_MARK_LENGTH
    best: tuple[float, NupPlan] | None = None
    for w, h, cols, rows in fits:
        aw, ah = w - 2 * (edge + HOME_CLEARANCE), h - 2 * (edge + HOME_CLEARANCE)
        s = min(1.0, (aw - 2 * cols * fixed) / (cols * (width + 2 * bleed)),
                (ah - 2 * rows * fixed) / (rows * (height + 2 * bleed)))
        if s <= 0 or (best is not None and s <= best[0] + 1e-9):
            continue
        reach = bleed * s + fixed  # from a copy's trim to the end of its marks
        cw, ch = width * s, height * s
        gutter = 2 * reach
        block_w = cols * cw + (cols - 1) * gutter
        block_h = rows * ch + (rows - 1) * gutter
        best = (s, NupPlan(w, h, cols, rows, (w - block_w) / 2, (h - block_h) / 2, cw, ch,
                           gutter=gutter, scale=s, bleed=bleed * s, marks=True))
    if best is None:
        raise PancarteError(_("the copies do not fit inside the printable area of the sheet"))
    return best[1]


def nup_pdf(layout: DocumentLayout, n: int, sheet: str = "A4", *,
            options: PdfOptions | None = None, fonts: FontLibrary | None = None,
            ) -> tuple[bytes, int]:
    """``n`` copies of every page of ``layout`` per ``sheet``, one sheet per page (pages 2, 4…
    mirrored for recto/verso); returns the PDF bytes and the number of sheets."""
    options = options or PdfOptions()
    fonts = fonts or library()
    plans = [nup_plan_for(page, n, sheet, options) for page in layout.pages]
    canvas, buf, reg = new_canvas(layout, options, fonts, (plans[0].sheet_w, plans[0].sheet_h))
    painter = PagePainter(canvas, reg, options)
    two_sided = len(layout.pages) > 1
    for index, (page, plan) in enumerate(zip(layout.pages, plans, strict=True)):
        _draw_nup_sheet(painter, page, plan, back=two_sided and index % 2 == 1)
        canvas.showPage()
    return finish(canvas, buf, options), len(layout.pages)


def nup_plan_for(page: PageLayout, n: int, sheet: str, options: PdfOptions) -> NupPlan:
    """The N-up plan of ``page`` for these output options (home printing or not)."""
    if options.unprintable > 0:
        return plan_nup(page.width, page.height, n, sheet, bleed=page.bleed,
                        unprintable_mm=options.unprintable)
    return plan_nup(page.width, page.height, n, sheet)


def _draw_nup_sheet(painter: PagePainter, page: PageLayout, plan: NupPlan, back: bool) -> None:
    canvas = painter.canvas
    sw, sh = plan.sheet_w, plan.sheet_h
    _sheet_boxes(canvas, sw, sh)
    cells = plan.cells(back)
    if plan.marks:  # home printing: each copy with its bleed and its own crop marks
        s = _Sheet(painter)
        b = page.bleed
        reach = plan.bleed + COPY_MARK_GAP
        for _r, _c, x, y in cells:
            canvas.saveState()
            canvas.translate(x, sh - y - plan.cell_h)
            canvas.scale(plan.scale, plan.scale)
            painter.draw(page, clip=(-b, -b, page.width + 2 * b, page.height + 2 * b))
            canvas.restoreState()
            s.corner_marks(x, sh - y - plan.cell_h, x + plan.cell_w, sh - y, gap=reach,
                           length=HOME_MARK_LENGTH)
        return
    b = page.bleed if painter.options.bleed else 0.0
    x_min, x_max = min(c[2] for c in cells), max(c[2] for c in cells)
    y_min, y_max = min(c[3] for c in cells), max(c[3] for c in cells)
    for _r, _c, x, y in cells:
        # copies touch: each is clipped to its trim, except on the block's outer sides where
        # its bleed may run into the sheet's margin
        left = min(b, x) if x <= x_min + _EPS else 0.0
        right = min(b, sw - x - plan.cell_w) if x >= x_max - _EPS else 0.0
        top = min(b, y) if y <= y_min + _EPS else 0.0
        bottom = min(b, sh - y - plan.cell_h) if y >= y_max - _EPS else 0.0
        canvas.saveState()
        canvas.translate(x, sh - y - page.height)
        painter.draw(page, clip=(-left, -top, page.width + left + right,
                                 page.height + top + bottom))
        canvas.restoreState()
    # cut guides the full length of the sheet at every cut, so that each piece still shows
    # the next cut after the first one
    s = _Sheet(painter)
    xs, ys = cut_positions(plan, back)
    for x in xs:
        s.line(x, 0, x, sh)
    for y in ys:
        s.line(0, sh - y, sw, sh - y)


def cut_positions(plan: NupPlan, back: bool = False) -> tuple[list[float], list[float]]:
    """The x (from the left) and y (from the top) of the cut guides, pt."""
    cells = plan.cells(back)
    xs = sorted({round(x, 3) for _, _, x, _ in cells} |
                {round(x + plan.cell_w, 3) for _, _, x, _ in cells})
    ys = sorted({round(y, 3) for _, _, _, y in cells} |
                {round(y + plan.cell_h, 3) for _, _, _, y in cells})
    return ([x for x in xs if _EPS < x < plan.sheet_w - _EPS],
            [y for y in ys if _EPS < y < plan.sheet_h - _EPS])


# ---------------------------------------------------------------------------------------------
# Booklet (saddle stitch)


@dataclass(frozen=True)
class BookletPlan:
    sheet_w: float  # pt, landscape: two pages side by side
    sheet_h: float
    page_w: float  # a page on the sheet (scaled when ``scale`` < 1)
    page_h: float
    scale: float
    pages: int  # the document's pages
    sides: tuple[tuple[int | None, int | None], ...]  # (left, right) 0-based pages; None: blank

    @property
    def sheets(self) -> int:
        return len(self.sides) // 2

    @property
    def blanks(self) -> int:
        return self.sheets * 4 - self.pages


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """The (left, right) pages of each printed side, front and back of every sheet in turn,
    for a saddle-stitched booklet of ``pages`` pages (0-based; None: a blank page added to
    reach a multiple of 4)."""
    total = max(4, -(-pages // 4) * 4)

    def page(number: int) -> int | None:  # 1-based in the booklet
        return number - 1 if number <= pages else None

    sides = []
    for k in range(total // 4):
        sides.append((page(total - 2 * k), page(2 * k + 1)))  # front
        sides.append((page(2 * k + 2), page(total - 2 * k - 1)))  # back
    return sides


def plan_booklet(width: float, height: float, pages: int, sheet: str = "A4", *,
                 unprintable_mm: float = 0.0) -> BookletPlan:
    """The booklet of ``pages`` pages of ``width`` × ``height`` pt on ``sheet``: the pages must
    be half the sheet (A5 on A4, A4 on A3), within a millimetre; for a home printer they are
    scaled to stay clear of the unprintable band."""
    sh, sw = _sheet_size(sheet)  # landscape: the long side across
    tol = 1 * MM
    if abs(width - sw / 2) > tol or abs(height - sh) > tol:
        half = {"A4": "A5", "A3": "A4"}[sheet]
        raise PancarteError(_("a booklet on {sheet} needs {half} pages ({w} × {h} mm); this "
                              "document's pages are {pw} × {ph} mm",
                              sheet=sheet, half=half, w=_fmt_mm(sw / 2), h=_fmt_mm(sh),
                              pw=_fmt_mm(width), ph=_fmt_mm(height)))
    scale = 1.0
    if unprintable_mm > 0:
        edge = unprintable_mm * MM + HOME_CLEARANCE
        scale = min(1.0, (sw / 2 - edge) / width, (sh - 2 * edge) / height)
    else:  # "A5" is a hair wider than half an A4: never past the sheet
        scale = min(1.0, sw / 2 / width, sh / height)
    return BookletPlan(sw, sh, width * scale, height * scale, scale, pages,
                       tuple(booklet_order(pages)))


def booklet_pdf(layout: DocumentLayout, sheet: str = "A4", *,
                options: PdfOptions | None = None, fonts: FontLibrary | None = None,
                ) -> tuple[bytes, BookletPlan]:
    """``layout``'s pages imposed as a saddle-stitched booklet: each sheet's front then back
    (print double-sided, flipped on the short edge); returns the PDF bytes and the plan."""
    options = options or PdfOptions()
    fonts = fonts or library()
    first = layout.pages[0]
    for page in layout.pages:
        if abs(page.width - first.width) > _EPS or abs(page.height - first.height) > _EPS:
            raise PancarteError(_("a booklet needs pages of one size"))
    plan = plan_booklet(first.width, first.height, len(layout.pages), sheet,
                        unprintable_mm=options.unprintable)
    canvas, buf, reg = new_canvas(layout, options, fonts, (plan.sheet_w, plan.sheet_h))
    painter = PagePainter(canvas, reg, options)
    spine = plan.sheet_w / 2
    y = (plan.sheet_h - plan.page_h) / 2
    for left, right in plan.sides:
        _sheet_boxes(canvas, plan.sheet_w, plan.sheet_h)
        for index, x in ((left, spine - plan.page_w), (right, spine)):
            if index is None:
                continue
            page = layout.pages[index]
            canvas.saveState()
            canvas.translate(x, y)
            canvas.scale(plan.scale, plan.scale)
            painter.draw(page, clip=(0, 0, page.width, page.height))  # no bleed at the fold
            canvas.restoreState()
        canvas.showPage()
    return finish(canvas, buf, options), plan
