"""N-up (copies of a flyer on a sheet) and the saddle-stitched booklet (see
:mod:`pancarte.render.imposition`)."""

from __future__ import annotations

from dataclasses import dataclass

from pancarte.errors import PancarteError
from pancarte.geometry import MM
from pancarte.i18n import _
from pancarte.layout.boxes import DocumentLayout, PageLayout
from pancarte.layout.fonts import FontLibrary, library
from pancarte.render.imposition_sheet import (
    COPY_MARK_GAP,
    EPS,
    HOME_CLEARANCE,
    HOME_MARK_LENGTH,
    Sheet,
    fmt_mm,
    sheet_boxes,
    sheet_size,
)
from pancarte.render.pdf import PagePainter, PdfOptions, finish, new_canvas


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
    gutter: float = 0.0  # between neighbouring copies' trims (home printing: white, or bleeds
    scale: float = 1.0  # and marks)
    bleed: float = 0.0  # each copy's bleed on the sheet, pt (home printing with marks)
    marks: bool = False  # each copy has its own crop marks (home printing, when asked)
    home: bool = False  # for a home printer: copies apart, inside the printable area

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


def plan_nup(width: float, height: float, n: int, sheet: str = "A4", *, bleed: float = 0.0,
             unprintable_mm: float = 0.0, marks: bool = True) -> NupPlan:
    """Where ``n`` copies of a ``width`` × ``height`` pt page go on ``sheet``.

    Print shop (``unprintable_mm`` 0): at actual size, edge to edge, portrait sheet first, then
    the arrangement leaving the most room. Home printer: each copy keeps its ``bleed`` (pt) and
    its crop marks (``marks`` False: neither, the trim alone), with a gutter between copies, all
    inside the printable area; the copies are scaled down when they must be, and the
    arrangement is the one that scales them least."""
    if n not in (2, 4, 8):
        raise PancarteError(_("copies per sheet: 2, 4 or 8"))
    sw, sh = sheet_size(sheet)
    grids = [(c, n // c) for c in (1, 2, 4, 8) if n % c == 0]
    tol = 0.5 * MM  # "A6" is 105 × 148 mm, half an A4 lengthwise is 148.5
    if unprintable_mm > 0:
        # only the arrangements where the copies fit at actual size, edge to edge: what the
        # home printer's margins, the bleeds and the marks take is then a modest reduction
        fits = [(w, h, cols, rows) for w, h in ((sw, sh), (sh, sw)) for cols, rows in grids
                if cols * width <= w + tol and rows * height <= h + tol]
        if fits:
            return _plan_nup_home(width, height, fits, bleed if marks else 0.0,
                                  unprintable_mm * MM, marks)
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
                          n=n, w=fmt_mm(width), h=fmt_mm(height), sheet=sheet))


def _plan_nup_home(width: float, height: float, fits: list[tuple[float, float, int, int]],
                   bleed: float, edge: float, marks: bool) -> NupPlan:
    # around each copy's trim: its bleed (scaled with it), a gap, then its marks; a copy
    # therefore takes (w + 2·bleed)·s + 2·fixed along each side. Without marks, the same room
    # stays white: a gutter to cut in
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
                           gutter=gutter, scale=s, bleed=bleed * s, marks=marks, home=True))
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
                        unprintable_mm=options.unprintable, marks=options.marks)
    return plan_nup(page.width, page.height, n, sheet)


def _draw_nup_sheet(painter: PagePainter, page: PageLayout, plan: NupPlan, back: bool) -> None:
    canvas = painter.canvas
    sw, sh = plan.sheet_w, plan.sheet_h
    sheet_boxes(canvas, sw, sh)
    cells = plan.cells(back)
    if plan.home:  # each copy apart; with its bleed and its own crop marks when asked
        s = Sheet(painter)
        b = plan.bleed / plan.scale
        reach = plan.bleed + COPY_MARK_GAP
        for _r, _c, x, y in cells:
            canvas.saveState()
            canvas.translate(x, sh - y - plan.cell_h)
            canvas.scale(plan.scale, plan.scale)
            painter.draw(page, clip=(-b, -b, page.width + 2 * b, page.height + 2 * b))
            canvas.restoreState()
            if plan.marks:
                s.corner_marks(x, sh - y - plan.cell_h, x + plan.cell_w, sh - y, gap=reach,
                               length=HOME_MARK_LENGTH)
        return
    b = page.bleed if painter.options.bleed else 0.0
    x_min, x_max = min(c[2] for c in cells), max(c[2] for c in cells)
    y_min, y_max = min(c[3] for c in cells), max(c[3] for c in cells)
    for _r, _c, x, y in cells:
        # copies touch: each is clipped to its trim, except on the block's outer sides where
        # its bleed may run into the sheet's margin
        left = min(b, x) if x <= x_min + EPS else 0.0
        right = min(b, sw - x - plan.cell_w) if x >= x_max - EPS else 0.0
        top = min(b, y) if y <= y_min + EPS else 0.0
        bottom = min(b, sh - y - plan.cell_h) if y >= y_max - EPS else 0.0
        canvas.saveState()
        canvas.translate(x, sh - y - page.height)
        painter.draw(page, clip=(-left, -top, page.width + left + right,
                                 page.height + top + bottom))
        canvas.restoreState()
    # cut guides the full length of the sheet at every cut, so that each piece still shows
    # the next cut after the first one
    s = Sheet(painter)
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
    return ([x for x in xs if EPS < x < plan.sheet_w - EPS],
            [y for y in ys if EPS < y < plan.sheet_h - EPS])


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
    sh, sw = sheet_size(sheet)  # landscape: the long side across
    tol = 1 * MM
    if abs(width - sw / 2) > tol or abs(height - sh) > tol:
        half = {"A4": "A5", "A3": "A4"}[sheet]
        raise PancarteError(_("a booklet on {sheet} needs {half} pages ({w} × {h} mm); this "
                              "document's pages are {pw} × {ph} mm",
                              sheet=sheet, half=half, w=fmt_mm(sw / 2), h=fmt_mm(sh),
                              pw=fmt_mm(width), ph=fmt_mm(height)))
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
        if abs(page.width - first.width) > EPS or abs(page.height - first.height) > EPS:
            raise PancarteError(_("a booklet needs pages of one size"))
    plan = plan_booklet(first.width, first.height, len(layout.pages), sheet,
                        unprintable_mm=options.unprintable)
    canvas, buf, reg = new_canvas(layout, options, fonts, (plan.sheet_w, plan.sheet_h))
    painter = PagePainter(canvas, reg, options)
    spine = plan.sheet_w / 2
    y = (plan.sheet_h - plan.page_h) / 2
    for left, right in plan.sides:
        sheet_boxes(canvas, plan.sheet_w, plan.sheet_h)
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
