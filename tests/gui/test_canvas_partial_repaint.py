"""The canvas repaints only what an edit changed, and what it shows then is exactly what a
full repaint shows: after each edit of a series (typing, a word that reflows two linked
columns, colours, a band's fill, a deleted paragraph, an overflow, undo), the window's
backing store — what the screen shows, painted in parts — is compared pixel for pixel with
a full paint of the canvas, on a page with colours, an image and a QR code. Typing repaints
no field of the properties panel either."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint
from PySide6.QtGui import QImage, QRegion

from pancarte.model.commands import AddFrame
from pancarte.model.document import (
    Document,
    ImageFrame,
    Page,
    Paragraph,
    QRFrame,
    ShapeFrame,
    TextFrame,
    TextStyle,
)
from pancarte.model.edit import text_to_paragraphs

TRACT = Path(__file__).resolve().parents[1] / "files" / "tracts" / "canvas-charges-tilleuls.txt"


def _photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 120), (30, 90, 160))
    draw = ImageDraw.Draw(image)
    for i in range(0, 240, 8):
        draw.rectangle((i, 0, i + 3, 120), fill=(240 - i, 40 + i // 2, 90))
    draw.ellipse((150, 20, 210, 80), fill=(255, 205, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _document() -> Document:
    text = TRACT.read_text(encoding="utf-8")
    title, body = text.split("\n\n", 1)
    style = TextStyle(family="Vollkorn", align="justify", color="#1a3d6b")
    frames = (
        ShapeFrame(id="band", name="band", x=0, y=0, w=210, h=48, fill="#c0121f"),
        TextFrame(id="title", name="title", x=12, y=10, w=186, h=30, size=22, autofit=False,
                  style=TextStyle(family="Lato", color="#ffffff"),
                  paragraphs=(Paragraph(title),)),
        TextFrame(id="col-a", name="body", x=12, y=56, w=90, h=170, size=8.5, autofit=False,
                  style=style, next_frame="col-b", paragraphs=text_to_paragraphs(body)),
        TextFrame(id="col-b", name="", x=108, y=56, w=90, h=170, size=8.5, autofit=False,
                  style=style),
        TextFrame(id="note", name="footer", x=12, y=229, w=186, h=20, size=9, autofit=False,
                  style=style),  # empty: its name shows in it
        QRFrame(id="qr", name="qr", x=160, y=252, w=38, h=38,
                content="https://exemple.org/amicale-tilleuls"),
    )
    doc = Document(width=210, height=297, pages=(Page(frames=frames),),
                   colors={"text": "#1a1a1a"})
    name = "images/cour.png"
    photo = ImageFrame(id="photo", name="photo", x=12, y=252, w=140, h=38, image=name,
                       fit="fill")
    return AddFrame(0, photo, images={name: _photo()}).apply(doc)


def _flush() -> None:
    """What the event loop does next: paint what the widgets asked to repaint."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest)


def _on_screen(window, canvas) -> QImage:
    """The canvas's pixels as the window's backing store holds them (partial repaints
    included)."""
    vp = canvas.viewport()
    top_left = vp.mapTo(window, QPoint(0, 0))
    shot = window.screen().grabWindow(window.winId()).toImage()
    return shot.copy(top_left.x(), top_left.y(), vp.width(), vp.height()) \
        .convertToFormat(QImage.Format.Format_RGB32)


def _full_paint(canvas) -> QImage:
    return canvas.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _differing(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    return sum(1 for y in range(a.height()) for x in range(a.width())
               if a.pixel(x, y) != b.pixel(x, y))


def _frame(session, frame_id: str):
    return session.document.find_frame(frame_id)[1]


def _type(session, frame_id: str, paragraph: int, at: int, text: str) -> None:
    frame = _frame(session, frame_id)
    paras = list(frame.paragraphs)
    old = paras[paragraph].text
    paras[paragraph] = replace(paras[paragraph], text=old[:at] + text + old[at:])
    session.replace_frame(frame, replace(frame, paragraphs=tuple(paras)),
                          label="Type text", merge="typing")


@pytest.fixture
def shown(make_window, qtbot):
    window = make_window(_document(), start=True)
    window.resize(1366, 768)
    session = window.session
    canvas = window.canvas
    qtbot.waitUntil(lambda: session.layout_ready and not session.checks_pending, timeout=10000)
    canvas.zoom_to_fit()
    canvas.viewport().repaint()
    _flush()
    exposed: list[QRegion] = []
    paint = canvas.paint

    def recording(painter, clip):
        exposed.append(QRegion(canvas._exposed) if canvas._exposed is not None else QRegion())
        paint(painter, clip)

    canvas.paint = recording
    return window, session, canvas, exposed


def _check(window, canvas, exposed, tmp_path: Path, step: str) -> float:
    """Compare what the screen shows after the edit with a full paint; the share of the
    viewport the edit repainted."""
    exposed.clear()
    _flush()
    partial = _on_screen(window, canvas)
    vp = canvas.viewport().rect()
    share = sum(r.width() * r.height() for e in exposed for r in e) / (vp.width() * vp.height())
    full = _full_paint(canvas)
    if partial != full:
        partial.save(str(tmp_path / f"{step}-partial.png"))
        full.save(str(tmp_path / f"{step}-full.png"))
        pytest.fail(f"{step}: {_differing(partial, full)} pixels differ from a full repaint "
                    f"(images in {tmp_path})")
    return share


@pytest.mark.parametrize("zoom", [None, 1.0, 1.7], ids=["fit", "100%", "170%"])
def test_partial_repaints_are_pixel_identical_to_a_full_repaint(shown, tmp_path, zoom):
    window, session, canvas, exposed = shown
    if zoom is not None:  # other fractions of pixels; the top of the first column in view
        canvas.set_zoom(zoom)
        top = canvas.frame_rect(_frame(session, "col-a")).topLeft()
        canvas.horizontalScrollBar().setValue(canvas.horizontalScrollBar().value()
                                              + round(top.x()) - 30)
        canvas.verticalScrollBar().setValue(canvas.verticalScrollBar().value()
                                            + round(top.y()) - 30)
        _check(window, canvas, exposed, tmp_path, "zoomed")
    shares: dict[str, float] = {}

    for i, at in enumerate((40, 41, 42, 120, 121)):  # typing in the second paragraph
        _type(session, "col-a", 1, at, "e" if i % 3 else " ")
        shares[f"type-{i}"] = _check(window, canvas, exposed, tmp_path, f"type-{i}")
    # a word at the start: every line after it moves, into the second column too
    _type(session, "col-a", 0, 0, "Attention : ")
    shares["reflow"] = _check(window, canvas, exposed, tmp_path, "reflow")
    title = _frame(session, "title")
    session.replace_frame(title, replace(title, style=replace(title.style, color="#ffe14d")))
    shares["title-colour"] = _check(window, canvas, exposed, tmp_path, "title-colour")
    band = _frame(session, "band")
    session.replace_frame(band, replace(band, fill="#1f6b3a"))
    shares["band-fill"] = _check(window, canvas, exposed, tmp_path, "band-fill")
    body = _frame(session, "col-a")
    session.replace_frame(body, replace(body, paragraphs=body.paragraphs[:2]
                                        + body.paragraphs[3:]))
    shares["delete-paragraph"] = _check(window, canvas, exposed, tmp_path, "delete")
    body = _frame(session, "col-a")
    session.replace_frame(body, replace(body, paragraphs=body.paragraphs * 3))
    shares["overflow"] = _check(window, canvas, exposed, tmp_path, "overflow")
    for i in range(4):
        session.undo_stack.undo()
        shares[f"undo-{i}"] = _check(window, canvas, exposed, tmp_path, f"undo-{i}")
    # an empty frame's name goes when it gets a line, and comes back when it loses it
    note = _frame(session, "note")
    session.replace_frame(note, replace(note, paragraphs=(Paragraph("Samedi, 10 h"),)))
    shares["note-filled"] = _check(window, canvas, exposed, tmp_path, "note-filled")
    session.undo_stack.undo()
    shares["note-empty"] = _check(window, canvas, exposed, tmp_path, "note-empty")

    assert all(shares[f"type-{i}"] > 0 for i in range(5)), shares  # in view, repainted
    if zoom is not None:
        return
    # the keystrokes repainted a line or two, not the page
    assert all(0 < shares[f"type-{i}"] < 0.05 for i in range(5)), shares
    assert shares["title-colour"] < 0.25, shares  # the title, not the page
    assert shares["reflow"] > shares["type-0"]


def test_an_edit_that_paints_nothing_new_repaints_nothing(shown, tmp_path):
    window, session, canvas, exposed = shown
    photo = _frame(session, "photo")
    # a new name: a new frame object and a new layout, with the same items
    session.replace_frame(photo, replace(photo, name="cour"))
    assert _check(window, canvas, exposed, tmp_path, "same") == 0.0


def test_typing_repaints_no_field_of_the_properties_panel(shown, tmp_path):
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QAbstractSpinBox

    from pancarte.gui.widgets import ColorButton

    window, session, canvas, exposed = shown
    session.select("col-a")
    _flush()
    panel = window.properties
    fields = [w for w in panel.findChildren(QAbstractSpinBox) + panel.findChildren(ColorButton)
              if w.isVisible()]
    assert len(fields) >= 4  # the frame's place and size, its colours

    painted: list[str] = []

    class Watch(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(type(obj).__name__)
            return False

    watch = Watch()
    for w in fields:
        w.installEventFilter(watch)
    lines = session.layout.pages[0].frames["col-a"].lines
    for i, at in enumerate((40, 41, 42)):
        _type(session, "col-a", 1, at, "e" if i else " ")
        _check(window, canvas, exposed, tmp_path, f"type-{i}")
    assert session.layout.pages[0].frames["col-a"].lines == lines  # what the panel shows
    assert painted == []
    # a change the panel shows: its fields are set again
    frame = _frame(session, "col-a")
    session.replace_frame(frame, replace(frame, x=frame.x + 1))
    _flush()
    assert panel.geo["x"].value() == pytest.approx(frame.x + 1)
