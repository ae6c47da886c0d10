"""The exact renderer keeps, for each glyph run it painted, its glyph images and their pixel
positions (render/qt.py ``_placed``), and reuses them for a run of the same glyphs pushed to
another baseline by an edit (``_shapes``): painting again — the same page, a page moved by a
fraction of a pixel, zoomed, or with runs changed and moved by an edit — gives the pixels a
fresh renderer gives."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from pancarte.layout.engine import LayoutEngine
from pancarte.model.document import Document, Page, Paragraph, ShapeFrame, TextFrame, TextStyle
from pancarte.render.qt import QtPainterRenderer, ensure_gui_app

BODY = (
    "Les parents d’élèves de l’école Jules-Ferry appellent à un rassemblement devant la "
    "mairie annexe, samedi 14 mars à 10 h 30 : trois classes fermeront à la rentrée si "
    "rien ne bouge, et la cantine refuse déjà des enfants faute de place. Nous voulons "
    "des effectifs à vingt-quatre élèves au plus, une cantine pour toutes et tous, un "
    "préau chauffé l’hiver. « On nous répond “budget”, nous répondons “avenir” ! » "
)


def _doc(body: str, title: str = "Pas une classe de moins !") -> Document:
    frames = (
        ShapeFrame(id="band", name="band", x=0, y=0, w=148, h=30, fill="#1d5e3a"),
        TextFrame(id="title", name="title", x=8, y=4, w=132, h=22, size=28,
                  style=TextStyle(family="Lato", bold=True, color="#ffffff"),
                  paragraphs=(Paragraph(title),)),
        TextFrame(id="body", name="body", x=8, y=36, w=132, h=160, size=10.5,
                  style=TextStyle(family="Vollkorn", align="justify", color="#7a1020"),
                  paragraphs=(Paragraph(body * 3), Paragraph(body[:180]))),
    )
    return Document(width=148, height=210, pages=(Page(frames=frames),))


def _paint(renderer: QtPainterRenderer, page, scale: float, dx: float, dy: float) -> QImage:
    image = QImage(round(page.width * scale) + 40, round(page.height * scale) + 40,
                   QImage.Format.Format_RGB32)
    image.fill(QColor(236, 236, 236))
    painter = QPainter(image)
    try:
        painter.translate(dx, dy)
        painter.scale(scale, scale)
        renderer.paint(painter, page)
    finally:
        painter.end()
    return image


@pytest.fixture(scope="module")
def engine():
    ensure_gui_app()
    return LayoutEngine()


def test_painting_again_is_painting_afresh(engine):
    doc = _doc(BODY)
    page = engine.layout(doc).pages[0]
    kept = QtPainterRenderer(engine.fonts, exact=True)
    views = [(1.0, 20.0, 20.0), (1.0, 20.0, 20.0), (1.0, 20.3, 20.6), (1.7, 20.3, 20.6),
             (0.6, 7.25, 3.5), (1.0, 20.0, 20.0)]
    for scale, dx, dy in views:
        again = _paint(kept, page, scale, dx, dy)
        fresh = _paint(QtPainterRenderer(engine.fonts, exact=True), page, scale, dx, dy)
        assert again == fresh, (scale, dx, dy)
    assert kept._placed  # the placements were kept (and used for the repeated views)
    # an edit: the runs it changed are placed anew, the others reused — same pixels
    edited = replace(doc, pages=(replace(doc.pages[0], frames=(
        *doc.pages[0].frames[:2],
        replace(doc.pages[0].frames[2], paragraphs=(Paragraph("Rappel : " + BODY * 3),
                                                    Paragraph(BODY[:180])))
    )),))
    page2 = engine.layout(edited).pages[0]
    shared = sum(1 for a in page2.items if any(a is b for b in page.items))
    assert shared > 0  # some runs are the very objects painted before
    again = _paint(kept, page2, 1.0, 20.0, 20.0)
    assert again == _paint(QtPainterRenderer(engine.fonts, exact=True), page2, 1.0, 20.0, 20.0)
    # and what was painted is text, in its colour, on the page
    red = sum(1 for y in range(0, again.height(), 3) for x in range(0, again.width(), 3)
              if QColor(again.pixel(x, y)).red() > 100 > QColor(again.pixel(x, y)).green())
    assert red > 200
