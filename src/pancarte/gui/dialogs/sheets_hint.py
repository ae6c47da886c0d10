"""The export dialog's line under the sheet choice: what tiling, a booklet or several copies per
sheet give on this document (how many sheets, at what scale), worded for the user. Qt-free: the
dialog passes its current choices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pancarte.errors import PancarteError
from pancarte.i18n import _

if TYPE_CHECKING:  # ReportLab is imported only when a hint is worked out
    from pancarte.render.pdf import PdfOptions

PAGE, TILE, NUP, BOOKLET = "page", "tile", "nup", "booklet"  # how pages meet the sheets


def sheets_hint(pages: list, sheets: str, options: PdfOptions, *, tile_sheet: str,
                overlap: float, nup_count: int, nup_sheet: str) -> str:
    """The hint for laid-out ``pages`` printed as ``sheets`` with ``options`` ("" for the page
    itself); a problem (the copies do not fit…) as "⚠ " and its sentence."""
    if not pages or sheets == PAGE:
        return ""
    try:
        if sheets == TILE:
            return _tiles(pages, options, tile_sheet, overlap)
        if sheets == BOOKLET:
            return _booklet(pages, options)
        return _copies(pages, options, nup_count, nup_sheet)
    except PancarteError as exc:
        return "⚠ " + str(exc)


def _tiles(pages: list, options: PdfOptions, sheet: str, overlap: float) -> str:
    from pancarte.render.imposition import TILE_MARGIN_MM, home_tile_margin, plan_tiles

    margin = home_tile_margin(options.unprintable) if options.unprintable else TILE_MARGIN_MM
    count = sum(plan_tiles(p.width, p.height, sheet, overlap, margin).count + 1 for p in pages)
    return _("{count} {sheet} sheets to print, assembly map included", count=count, sheet=sheet)


def _booklet(pages: list, options: PdfOptions) -> str:
    from pancarte.export import percent
    from pancarte.render.imposition import plan_booklet

    plan = plan_booklet(pages[0].width, pages[0].height, len(pages), "A4",
                        unprintable_mm=options.unprintable)
    text = (_("{sheets} A4 sheets printed double-sided (flip on the short edge), "
              "pages at {pct} %", sheets=plan.sheets, pct=percent(plan.scale))
            if plan.sheets > 1 else
            _("1 A4 sheet printed double-sided (flip on the short edge), pages at "
              "{pct} %", pct=percent(plan.scale)))
    if plan.blanks:
        text += " · " + (_("{n} blank pages added", n=plan.blanks) if plan.blanks > 1
                         else _("1 blank page added"))
    return text


def _copies(pages: list, options: PdfOptions, n: int, sheet: str) -> str:
    from pancarte.export import percent
    from pancarte.render.imposition import nup_plan_for

    scale = min(nup_plan_for(p, n, sheet, options).scale for p in pages)
    if not options.unprintable:
        return _("{n} copies at actual size on each {sheet} sheet, with cut guides",
                 n=n, sheet=sheet)
    if scale < 1 and options.marks:
        return _("{n} copies on each {sheet} sheet with their bleed and crop marks, "
                 "scaled to {pct} % to stay clear of the edges a home printer cannot "
                 "print", n=n, sheet=sheet, pct=percent(scale))
    if scale < 1:
        return _("{n} copies on each {sheet} sheet with white gutters to cut in, scaled "
                 "to {pct} % to stay clear of the edges a home printer cannot print",
                 n=n, sheet=sheet, pct=percent(scale))
    if options.marks:
        return _("{n} copies at actual size on each {sheet} sheet, with their bleed and "
                 "crop marks, clear of the edges a home printer cannot print",
                 n=n, sheet=sheet)
    return _("{n} copies at actual size on each {sheet} sheet, with white gutters to cut "
             "in, clear of the edges a home printer cannot print", n=n, sheet=sheet)
