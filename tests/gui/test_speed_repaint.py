"""The canvas repaints only what changed, and says when the laid-out document is painted."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QEvent, QRectF

from pancarte.gui.canvas import changed_items
from pancarte.layout.engine import LayoutEngine
from pancarte.model.document import Document, Page, Paragraph, TextFrame, TextStyle

TEXT = ("Depuis deux ans, les locataires de la résidence des Peupliers voient leurs charges "
        "grimper sans explication ; l’ascenseur du bâtiment C est resté en panne sept "
        "semaines et les moisissures gagnent les salles de bains du rez-de-chaussée. ")


def _doc(first: str, second: str) -> Document:
    style = TextStyle(family="Vollkorn", align="justify")
    a = TextFrame(id="a", name="a", x=15, y=15, w=180, h=120, size=11, autofit=False,
                  style=style, paragraphs=(Paragraph(first), Paragraph(TEXT * 3)))
    b = TextFrame(id="b", name="b", x=15, y=15, w=180, h=260, size=11, autofit=False,
                  style=style, paragraphs=(Paragraph(second),))
    return Document(width=210, height=297, pages=(Page(frames=(a,)), Page(frames=(b,))),
                    colors={"text": "#1a1a1a"})


def test_changed_region_covers_the_changed_lines_only(qapp):
    from pancarte.render.qt import QtPainterRenderer

    engine = LayoutEngine()
    before = engine.layout(_doc(TEXT, TEXT))
    after = engine.layout(_doc(TEXT + "Venez !", TEXT))
    assert changed_items(before.pages[1], after.pages[1]) == []  # the other page
    items = changed_items(before.pages[0], after.pages[0])
    assert items
    renderer = QtPainterRenderer(engine.fonts)
    region = QRectF()
    for item in items:
        region |= renderer.item_bounds(item)
    assert region.width() > 0
    page_h = after.pages[0].height
    assert region.height() < page_h / 3  # the edited paragraph, not the page


def test_an_edit_on_another_page_repaints_nothing_here(make_window, qtbot):
    window = make_window(_doc(TEXT, TEXT), start=True)
    canvas = window.canvas
    clips: list = []
    paint = canvas.paint

    def recording(painter, clip):
        clips.append(clip)
        paint(painter, clip)

    canvas.paint = recording
    session = window.session
    # whatever the start asked for is painted, its deferred preflight included (on a busy
    # machine it could come after the edit below, and repaint the page for its markers)
    qtbot.waitUntil(lambda: not session.checks_pending, timeout=5000)
    canvas.viewport().repaint()
    qtbot.wait(100)
    clips.clear()
    doc = session.document
    b = doc.pages[1].frames[0]
    session.replace_frame(b, replace(b, paragraphs=(Paragraph(TEXT + "Samedi !"),)))
    # let Qt deliver any repaint it was asked for (none expected)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest)
    assert clips == []
    # an edit on the page shown: only a band of it is repainted
    a = session.document.pages[0].frames[0]
    with qtbot.waitSignal(canvas.painted, timeout=5000):
        session.replace_frame(a, replace(a, paragraphs=(Paragraph(TEXT + "Venez !"),
                                                        *a.paragraphs[1:])))
    assert clips
    full = canvas.viewport().rect()
    assert all(c.height() < full.height() for c in clips)
