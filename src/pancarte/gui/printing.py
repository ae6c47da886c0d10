"""Printing through Qt's print dialog, with the same renderer as the screen and PNG export
(exact mode: glyph outlines at their exact positions)."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from pancarte.layout.boxes import DocumentLayout
from pancarte.model.document import Document
from pancarte.render.qt import QtPainterRenderer


def make_printer(doc: Document) -> QPrinter:
    """A printer set to the document's trim size, without margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    size = QPageSize(QSizeF(doc.width, doc.height), QPageSize.Unit.Millimeter,
                     doc.title or "Pancarte", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (QPageLayout.Orientation.Landscape if doc.width > doc.height
                   else QPageLayout.Orientation.Portrait)
    printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0),
                                      QPageLayout.Unit.Millimeter))
    printer.setFullPage(True)
    printer.setDocName(doc.title or "Pancarte")
    return printer


def print_layout(printer: QPrinter, layout: DocumentLayout,
                 renderer: QtPainterRenderer | None = None) -> bool:
    """Paint every page (or the range chosen in the dialog) on ``printer``, each scaled to fit
    the paper and centred. False when the printer cannot be opened."""
    renderer = renderer or QtPainterRenderer(exact=True)
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        first, last = printer.fromPage(), printer.toPage()
        pages = range(len(layout.pages))
        if first > 0 and last >= first:
            pages = range(first - 1, min(last, len(layout.pages)))
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        for n, index in enumerate(pages):
            if n:
                printer.newPage()
            page = layout.pages[index]
            scale = min(paper.width() / page.width, paper.height() / page.height)
            painter.save()
            painter.translate((paper.width() - page.width * scale) / 2,
                              (paper.height() - page.height * scale) / 2)
            painter.scale(scale, scale)
            renderer.paint(painter, page, clip_to_trim=True)
            painter.restore()
    finally:
        painter.end()
    return True
