"""What every imposed sheet shares (tiles, N-up, booklet): the sheet sizes, the marks' and
labels' measures, and :class:`Sheet`, which draws marks and words on a sheet. See
:mod:`pancarte.render.imposition` for the whole."""

from __future__ import annotations

from reportlab.lib.colors import CMYKColor
from reportlab.lib.colors import Color as RLColor

from pancarte.errors import PancarteError
from pancarte.geometry import MM
from pancarte.i18n import _
from pancarte.render.pdf import PagePainter

SHEETS_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
TILE_MARGIN_MM = 5.0  # what home printers leave unprinted, and a bit more
HOME_MARK_LENGTH = 3 * MM  # tiles and copies for a home printer: marks that fit inside
HOME_CLEARANCE = 0.5 * MM  # between the unprintable band and the nearest ink
MARK_WIDTH = 0.25  # pt
MARK_LENGTH = 4 * MM
MARK_GAP = 0.5 * MM  # between the content's corner and its mark
LABEL_PT = 7.0
COPY_MARK_GAP = 0.5 * MM  # a copy's crop marks start this far beyond its bleed



EPS = 0.01  # pt


class Sheet:
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


def sheet_boxes(canvas, w: float, h: float) -> None:
    canvas.setPageSize((w, h))
    canvas.setTrimBox((0, 0, w, h))
    canvas.setBleedBox((0, 0, w, h))
    canvas.setCropBox((0, 0, w, h))


def fmt_mm(pt: float) -> str:
    return f"{pt / MM:.0f}"


def sheet_size(sheet: str) -> tuple[float, float]:
    if sheet not in SHEETS_MM:
        raise PancarteError(_("the sheet is A4 or A3"))
    sw, sh = SHEETS_MM[sheet]
    return sw * MM, sh * MM


