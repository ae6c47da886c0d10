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
that band at the sheet's edges: the tiles' marks and labels move inside, the N-up copies stand
apart with white gutters to cut in (with their bleed and their own crop marks when marks are
asked for: ``PdfOptions.marks``, ``--marks``), and copies or booklet pages are scaled down when
(and only as much as) they must be — the plans give the scale.

This module gathers the three (:mod:`~pancarte.render.imposition_tiles`,
:mod:`~pancarte.render.imposition_nup`, the shared :mod:`~pancarte.render.imposition_sheet`).
"""

from pancarte.render.imposition_nup import (
    BookletPlan,
    NupPlan,
    booklet_order,
    booklet_pdf,
    cut_positions,
    nup_pdf,
    nup_plan_for,
    plan_booklet,
    plan_nup,
)
from pancarte.render.imposition_sheet import SHEETS_MM, TILE_MARGIN_MM
from pancarte.render.imposition_tiles import (
    Tile,
    TilePlan,
    home_tile_margin,
    plan_tiles,
    row_letters,
    tile_label,
    tile_pdf,
    tiles_needed,
)

__all__ = [
    "SHEETS_MM", "TILE_MARGIN_MM", "BookletPlan", "NupPlan", "Tile", "TilePlan", "booklet_order",
    "booklet_pdf", "cut_positions", "home_tile_margin", "nup_pdf", "nup_plan_for",
    "plan_booklet", "plan_nup", "plan_tiles", "row_letters", "tile_label", "tile_pdf",
    "tiles_needed",
]
